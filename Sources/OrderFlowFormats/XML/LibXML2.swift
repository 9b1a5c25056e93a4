/// Shared libxml2 plumbing for the XML readers of this module (orders drops, catalog).
///
/// Use it like this (everything is module-internal; libxml2 types never leave OrderFlowFormats):
///
/// ```swift
/// LibXML2.ensureInitialized()                    // once per process, cheap afterwards; call before any parse
/// let schema = try CompiledSchema(xsd: CatalogSchema.xsd, name: "catalog.xsd")   // keep it in a `static let`
/// try XMLIssueCollector.collecting { collector in  // per-thread structured error handler for the closure
///     let reader = xmlReaderForFile(path, nil, LibXML2.safeParseOptions)       // or xmlReaderForMemory
///     defer { xmlFreeTextReader(reader) }
///     xmlTextReaderSetSchema(reader, schema.schema)  // streaming XSD validation; errors reach the collector
///     while xmlTextReaderRead(reader) == 1 {
///         if LibXML2.isDocumentType(reader) { throw LibXML2.doctypeError(at: ...) }   // refused before any value is read
///         ...
///     }
///     if let fatal = collector.firstMalformation { throw LibXML2.malformedError(fatal) }
/// }
/// ```
///
/// - ``LibXML2/ensureInitialized()``: `xmlInitParser()` once, and the printf-style generic error
///   handler silenced (for this thread and threads created later); report through ``XMLIssueCollector``.
/// - ``LibXML2/safeParseOptions``: `XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA |
///   XML_PARSE_NOXINCDNODE`; never `NOENT`, `DTDLOAD`, `DTDATTR`, `DTDVALID` or `XINCLUDE`, so no entity
///   is substituted and no external DTD, entity or network resource is ever loaded.
/// - ``XMLIssue``: one libxml2 error as a Swift value (domain, code, level 1/2/3, trimmed message,
///   line, column); ``XMLIssue/readableMessage`` rewrites libxml2's wording for a reseller.
/// - ``XMLIssueCollector``: `collecting { collector in … }` installs a per-thread structured error
///   handler (libxml2 keeps it per thread) for the closure's duration and restores the previous one;
///   `collector.issues` lists what was reported. Pass `XMLIssueCollector.handler` with
///   `collector.context` to `xmlSchemaSetValidStructuredErrors` or `xmlSchemaSetParserStructuredErrors`
///   to collect from those too. Never use `xmlTextReaderSetStructuredErrorHandler`: with a schema set
///   on the reader, libxml2 2.9.14 segfaults in it on the first well-formedness error. The per-thread
///   handler that `collecting` installs already receives the reader's parser and schema errors.
/// - ``CompiledSchema``: an XSD compiled once from a string; immutable, shareable across threads.
/// - DOCTYPE (Operations.md, hostile input: any DOCTYPE is `XML_MALFORMED`):
///   ``LibXML2/isDocumentType(_:)`` for a text reader node, ``LibXML2/hasDocumentType(_:)`` for a
///   parsed tree, ``LibXML2/doctypeError(at:)`` for the error itself. A DOCTYPE always precedes the root element, so rejecting it as soon as it
///   shows up means no value of such a document is ever read.
internal import CLibXML2
import OrderFlowCore

enum LibXML2 {
    private static let initialization: Void = {
        xmlInitParser()
        orderflow_silenceGenericErrorsEverywhere()
    }()

    /// Initializes libxml2 once per process (thread-safe) and silences its generic error output.
    static func ensureInitialized() {
        _ = initialization
    }

    /// Options for every parse of an untrusted document (all drops, and the catalog).
    static let safeParseOptions: Int32 = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue
            | XML_PARSE_NOXINCNODE.rawValue)

    /// True when the reader stands on a `<!DOCTYPE …>` node.
    static func isDocumentType(_ reader: xmlTextReaderPtr) -> Bool {
        xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue)
    }

    /// True when a parsed document has an internal or external DTD subset.
    static func hasDocumentType(_ document: xmlDocPtr) -> Bool {
        document.pointee.intSubset != nil || document.pointee.extSubset != nil
    }

    /// The `XML_MALFORMED` file error for a document that has a DOCTYPE.
    static func doctypeError(at location: SourceLocation) -> FileError {
        FileError(
            .xmlMalformed,
            "the document has a DOCTYPE declaration, which is not accepted: remove the <!DOCTYPE …> line and any entity it declares",
            at: location)
    }

    /// The `XML_MALFORMED` file error for a well-formedness (or encoding) issue.
    static func malformedError(_ issue: XMLIssue) -> FileError {
        FileError(
            .xmlMalformed, "the file is not well-formed XML: \(issue.readableMessage)",
            at: SourceLocation(line: issue.line, column: issue.column))
    }

    /// The line of an element's start tag (where it ends), also past line 65535.
    ///
    /// libxml2 keeps a 16-bit line on a node; with `XML_PARSE_BIG_LINES`, `xmlGetLineNo` takes a
    /// clamped element's line from the node after its start tag (its first child, else its next
    /// sibling). A text node records the line on which it *ends*, one line late for the usual
    /// line break after a start tag: the line breaks the text holds are taken back off.
    static func line(of node: xmlNodePtr) -> Int {
        let line = Int(xmlGetLineNo(node))
        guard node.pointee.line == UInt16.max, let after = node.pointee.children ?? node.pointee.next,
            after.pointee.type == XML_TEXT_NODE, let content = after.pointee.content
        else { return line }
        var breaks = 0
        var index = 0
        while content[index] != 0 {
            if content[index] == 0x0A { breaks += 1 }
            index += 1
        }
        return Swift.max(line - breaks, 1)
    }

    /// A libxml2 string (`const xmlChar *`) as a Swift string; nil for a null pointer.
    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// A libxml2 string that the caller owns, converted and freed.
    static func consumeString(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        defer { orderflow_xmlFree(pointer) }
        return String(cString: pointer)
    }
}

/// One error or warning that libxml2 reported.
struct XMLIssue: Sendable, Hashable {
    /// `xmlErrorDomain`: 1 parser, 17 schemas parser, 18 schemas validity, …
    var domain: Int32
    /// `xmlParserErrors` code, e.g. 76 tag mismatch, 89 entity loop, 1845 element not declared.
    var code: Int32
    /// 1 warning, 2 error, 3 fatal.
    var level: Int32
    /// libxml2's message, trimmed of surrounding white space.
    var message: String
    /// 1-based; 0 when libxml2 did not know.
    var line: Int
    /// 1-based; 0 when libxml2 did not know.
    var column: Int
    /// libxml2's extra strings (`str1`, `str2`, `str3`), e.g. an element or attribute name.
    var details: [String?] = []

    static let warning: Int32 = 1
    static let error: Int32 = 2
    static let fatal: Int32 = 3

    init(domain: Int32, code: Int32, level: Int32, message: String, line: Int, column: Int, details: [String?] = []) {
        self.domain = domain
        self.code = code
        self.level = level
        self.message = message
        self.line = line
        self.column = column
        self.details = details
    }

    init(_ error: UnsafePointer<xmlError>) {
        let value = error.pointee
        domain = value.domain
        code = value.code
        level = Int32(value.level.rawValue)
        message = (value.message.map { String(cString: $0) } ?? "").trimmingXMLSpace()
        line = Int(value.line)
        column = Int(value.int2)
        details = [value.str1, value.str2, value.str3].map { $0.map { String(cString: $0) } }
    }

    /// True for parser (well-formedness, encoding, namespace) problems, as opposed to schema ones.
    var isParserIssue: Bool {
        domain == Int32(XML_FROM_PARSER.rawValue) || domain == Int32(XML_FROM_NAMESPACE.rawValue)
            || domain == Int32(XML_FROM_IO.rawValue) || domain == Int32(XML_FROM_I18N.rawValue)
            || domain == Int32(XML_FROM_MEMORY.rawValue)
    }

    /// True for a problem that makes the document unusable (not a warning).
    var isError: Bool { level >= XMLIssue.error }

    /// libxml2's message with the `{namespace}` prefixes and C-isms removed, first letter lower-case.
    var readableMessage: String {
        var text = message
        // "Element '{urn:orderflow:orders:1}order'" → "Element 'order'". Only a namespace URI (it has
        // a ':' and no ',') is dropped: a regex quantifier such as "{1,3}" in a pattern stays.
        var stripped = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let inside = rest[rest.index(after: open)..<close]
            stripped += rest[..<open]
            if !(inside.contains(":") && !inside.contains(",")) { stripped += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        text = stripped + rest
        text = String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
        if text.hasSuffix(".") { text.removeLast() }
        if let first = text.first, first.isUppercase, text.dropFirst().first?.isLowercase ?? false {
            text = first.lowercased() + text.dropFirst()
        }
        return text.isEmpty ? "unknown XML error (code \(code))" : text
    }
}

extension String {
    func trimmingXMLSpace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}

/// Collects libxml2's structured errors while a closure runs.
///
/// libxml2 keeps its global structured handler per thread; ``collecting(_:)`` installs this
/// collector as the calling thread's handler for the closure's duration and puts the previous
/// handler back afterwards (nesting works). The closure is synchronous, so it stays on one thread.
final class XMLIssueCollector {
    /// Everything reported so far, in order.
    var issues: [XMLIssue] = []
    /// Called for each issue as it arrives (before it is appended), on the parsing thread.
    var onIssue: ((XMLIssue) -> Void)?

    init() {}

    /// Runs `body` with a fresh collector installed as this thread's structured error handler.
    static func collecting<T>(_ body: (XMLIssueCollector) throws -> T) rethrows -> T {
        LibXML2.ensureInitialized()
        let collector = XMLIssueCollector()
        let previousHandler = orderflow_currentStructuredErrorFunc()
        let previousContext = orderflow_currentStructuredErrorContext()
        orderflow_silenceGenericErrors()
        xmlSetStructuredErrorFunc(collector.context, XMLIssueCollector.handler)
        defer { xmlSetStructuredErrorFunc(previousContext, previousHandler) }
        return try withExtendedLifetime(collector) { try body(collector) }
    }

    /// The context pointer to pass with ``handler`` (valid while the collector is alive).
    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// A C structured error handler that appends to the collector given as its context.
    static let handler: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        let collector = Unmanaged<XMLIssueCollector>.fromOpaque(context).takeUnretainedValue()
        collector.record(XMLIssue(error))
    }

    func record(_ issue: XMLIssue) {
        onIssue?(issue)
        issues.append(issue)
    }

    /// The first parser-level error (not well-formed, bad encoding), if any.
    var firstMalformation: XMLIssue? { issues.first { $0.isParserIssue && $0.isError } }
}

/// An XSD compiled once from an in-memory string; immutable afterwards, so it may be shared by
/// validations running on several threads at once (each with its own validation context).
final class CompiledSchema: @unchecked Sendable {
    let schema: xmlSchemaPtr
    let name: String

    struct CompileError: Error, Sendable, CustomStringConvertible {
        var name: String
        var issues: [XMLIssue]
        var description: String {
            "schema \(name) does not compile: "
                + (issues.isEmpty ? "unknown error" : issues.map { "\($0.line): \($0.message)" }.joined(separator: "; "))
        }
    }

    init(xsd: String, name: String) throws {
        LibXML2.ensureInitialized()
        self.name = name
        let (compiled, issues) = XMLIssueCollector.collecting { collector -> (xmlSchemaPtr?, [XMLIssue]) in
            var bytes = Array(xsd.utf8)
            bytes.append(0)
            let schema = bytes.withUnsafeBufferPointer { buffer -> xmlSchemaPtr? in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    guard let parser = xmlSchemaNewMemParserCtxt(chars, Int32(buffer.count - 1)) else { return nil }
                    defer { xmlSchemaFreeParserCtxt(parser) }
                    xmlSchemaSetParserStructuredErrors(parser, XMLIssueCollector.handler, collector.context)
                    return xmlSchemaParse(parser)
                }
            }
            if let schema, collector.issues.contains(where: \.isError) {
                xmlSchemaFree(schema)
                return (nil, collector.issues)
            }
            return (schema, collector.issues)
        }
        guard let compiled else {
            throw CompileError(name: name, issues: issues)
        }
        schema = compiled
    }

    deinit {
        xmlSchemaFree(schema)
    }
}
