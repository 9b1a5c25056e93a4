internal import CLibXML2
import Foundation
import OrderFlowCore

/// Reads a catalog (CatalogFormat.md) into the core's ``Catalog``, or fails with every problem at
/// once.
///
/// A catalog is small, so it is parsed as a tree, in three stages; each stage reports all of its
/// problems, and a stage runs only when the one before found none (so one mistake is never
/// reported twice, once by the schema and once by the mapping):
///
/// 1. Well-formedness (`XML_MALFORMED`). Any DOCTYPE is rejected before libxml2 parses anything
///    (Operations.md, hostile input); parsing uses ``LibXML2/safeParseOptions`` (no entity
///    substitution, no network).
/// 2. ``CatalogSchema`` (`CATALOG_INVALID`): every schema error, with its line, field (the
///    attribute, or else the element) and a hint of the expected form.
/// 3. Mapping into the model with each element's line, then `CatalogCheck` (`CATALOG_INVALID`):
///    values the schema cannot judge (an amount too large to hold, an unknown time zone, a promo
///    with both or neither `percent` and `amount`) and everything `CatalogCheck.problems(in:)`
///    reports (unknown codes, duplicate ids, fees on trials, missing exchange rates, …).
///
/// A catalog that loads is therefore one in which `orderflow catalog check` finds no error
/// (it may show notes: see `CatalogCheck`).
///
/// Defaults for absent attributes (CatalogFormat.md, and where it is silent, what a reseller would
/// expect):
/// - reseller: `timeZone` UTC (a run's date is then today in UTC; set the zone to get local days),
///   `defaultPaymentModel` prepay, `managerMayOverridePaymentModel`, `countryLocked` and
///   `termsRequired` false, `rounding` half-up, `taxMode` exclusive, `paymentDueDays` 14.
///   `invoicePrefix` has no default: the schema requires it (invoice numbers are legal documents).
/// - tax: `category` S, `resellers` absent = charged by every reseller.
/// - promo: `appliesTo` all; no `validFrom`/`validTo`/`plans`/`maxUses` = no such limit.
/// - product: `requiresDomain` and `manualApproval` false, no `cancellationWindowDays` = never
///   cancelable once active, no `dataLocations` = none accepted.
/// - plan: `billing` standard, `accountTypes`/`paymentModels` absent = any / both.
/// - period: `trial` false, `registration` full, no fees.
/// - resource: `unit` item, `included` 0, `min` 0, no `max` = no upper limit.
public enum CatalogReader {
    /// Loads the catalog file at `path`.
    public static func load(path: String) throws(FileError) -> Catalog {
        try load(bytes: try readFile(path), name: path)
    }

    /// Loads a catalog from its bytes; `name` is the file name libxml2 knows it by.
    ///
    /// Throws when any problem is an error; the thrown ``FileError`` then lists every problem
    /// (notes too). Notes alone (see `CatalogCheck`) do not stop a catalog from loading.
    public static func load(bytes: [UInt8], name: String) throws(FileError) -> Catalog {
        let (catalog, problems) = try read(bytes: bytes, name: name)
        guard !problems.contains(where: { $0.severity == .error }) else { throw FileError(problems) }
        return catalog
    }

    /// Every problem of the catalog file at `path`, errors and notes, by line (empty when there is
    /// none): what `orderflow catalog check` prints. The catalog loads when none is an error.
    public static func check(path: String) -> [Diagnostic] {
        do {
            return check(bytes: try readFile(path), name: path)
        } catch {
            return error.diagnostics
        }
    }

    /// Every problem of a catalog given as bytes, errors and notes, by line.
    public static func check(bytes: [UInt8], name: String) -> [Diagnostic] {
        do {
            return try read(bytes: bytes, name: name).1
        } catch {
            return error.diagnostics
        }
    }

    // MARK: - Stages

    /// The catalog and the problems stage 3 found; throws for stages 1 and 2.
    static func read(bytes: [UInt8], name: String) throws(FileError) -> (Catalog, [Diagnostic]) {
        if let location = doctypeLocation(in: bytes) {
            throw LibXML2.doctypeError(at: location)
        }
        let schema: CompiledSchema
        switch compiledSchema {
        case .success(let compiled): schema = compiled
        case .failure(let error):
            throw FileError(.catalogInvalid, "the built-in catalog schema does not compile: \(error)")
        }
        guard bytes.count < Int(Int32.max) else {
            throw FileError(.catalogInvalid, "the catalog '\(name)' is too large to be a catalog (\(bytes.count) bytes)")
        }
        let outcome: Result<(Catalog, [Diagnostic]), FileError> = XMLIssueCollector.collecting { collector in
            let document = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    xmlReadMemory(chars.baseAddress, Int32(chars.count), name, nil, LibXML2.safeParseOptions)
                }
            }
            guard let document else {
                let issue =
                    collector.firstMalformation ?? collector.issues.first
                    ?? XMLIssue(domain: 1, code: 4, level: XMLIssue.fatal, message: "Document is empty", line: 1, column: 1)
                return .failure(LibXML2.malformedError(issue))
            }
            defer { xmlFreeDoc(document) }
            if let fatal = collector.firstMalformation { return .failure(LibXML2.malformedError(fatal)) }
            if LibXML2.hasDocumentType(document) { return .failure(LibXML2.doctypeError(at: SourceLocation(line: 1))) }

            guard let root = xmlDocGetRootElement(document) else {
                return .failure(FileError(.xmlMalformed, "the catalog has no root element", at: SourceLocation(line: 1)))
            }
            let lines = CatalogElementLines(root: root, bytes: bytes)

            guard let context = xmlSchemaNewValidCtxt(schema.schema) else {
                return .failure(FileError(.catalogInvalid, "libxml2 could not create a schema validation context"))
            }
            defer { xmlSchemaFreeValidCtxt(context) }
            let sink = CatalogSchemaIssueSink()
            let result = withExtendedLifetime(sink) {
                xmlSchemaSetValidStructuredErrors(
                    context, CatalogSchemaIssueSink.handler, Unmanaged.passUnretained(sink).toOpaque())
                return xmlSchemaValidateDoc(context, document)
            }
            let schemaProblems = schemaDiagnostics(sink.entries, lines: lines)
            if !schemaProblems.isEmpty { return .failure(FileError(schemaProblems)) }
            if result != 0 {
                return .failure(
                    FileError(.catalogInvalid, "the catalog is not valid against catalog.xsd (libxml2 code \(result))"))
            }
            var mapper = CatalogMapper(lines: lines)
            let catalog = mapper.catalog(from: root)
            let problems = byLine(mapper.problems + CatalogCheck.problems(in: catalog))
            return .success((catalog, problems))
        }
        return try outcome.get()
    }

    /// By line; problems on one line keep their order (the mapping's before `CatalogCheck`'s).
    static func byLine(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            lhs.element.location.line != rhs.element.location.line
                ? lhs.element.location.line < rhs.element.location.line : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// The catalog schema, compiled once per process.
    static let compiledSchema: Result<CompiledSchema, any Error> = Result {
        try CompiledSchema(xsd: CatalogSchema.xsd, name: "catalog.xsd")
    }

    static func readFile(_ path: String) throws(FileError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileError(.catalogInvalid, "the catalog file '\(path)' does not exist: check the path")
        }
        if isDirectory.boolValue {
            throw FileError(.catalogInvalid, "'\(path)' is a folder, not a catalog file: name the catalog XML file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(.catalogInvalid, "the catalog file '\(path)' cannot be read: check its permissions")
        }
        return [UInt8](data)
    }

    /// The line and column (1-based, in bytes) of a `<!DOCTYPE` in the prolog (before the root element), or nil.
    ///
    /// Looked for before libxml2 parses anything, so a document with a DTD is never expanded.
    /// (A document in an encoding this scan cannot see through is still caught after parsing.)
    static func doctypeLocation(in bytes: [UInt8]) -> SourceLocation? {
        var index = 0
        var line = 1
        var lineStart = 0
        func starts(_ text: String, at position: Int) -> Bool {
            let pattern = Array(text.utf8)
            guard position + pattern.count <= bytes.count else { return false }
            return Array(bytes[position..<position + pattern.count]) == pattern
        }
        func skip(until terminator: String) {
            while index < bytes.count && !starts(terminator, at: index) {
                if bytes[index] == UInt8(ascii: "\n") {
                    line += 1
                    lineStart = index + 1
                }
                index += 1
            }
            index += terminator.utf8.count
        }
        if starts("\u{FEFF}", at: 0) { index = 3 }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                index += 1
                lineStart = index
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                index += 1
            } else if starts("<?", at: index) {
                skip(until: "?>")
            } else if starts("<!--", at: index) {
                skip(until: "-->")
            } else if starts("<!DOCTYPE", at: index) || starts("<!doctype", at: index) {
                return SourceLocation(line: line, column: index - lineStart + 1)
            } else {
                return nil
            }
        }
        return nil
    }

    // MARK: - Schema errors

    /// One `CATALOG_INVALID` per schema problem, in document order, at the line of the start tag
    /// of the element it is about; libxml2's follow-up ("… is not a valid value of the atomic
    /// type …") for a value already reported is dropped.
    static func schemaDiagnostics(_ entries: [CatalogSchemaIssueSink.Entry], lines: CatalogElementLines) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var reportedValues = Set<String>()
        for entry in entries where entry.issue.isError {
            let issue = entry.issue
            let line = entry.node.flatMap { lines.line(ofNode: $0) } ?? issue.line
            let (element, attribute) = names(in: issue.message)
            var field = attribute ?? element ?? ""
            var message = cleaned(issue.message)
            if let element {
                if issue.message.contains("This element is not expected") {
                    let expected = issue.message.range(of: "Expected is").map { cleaned(String(issue.message[$0.lowerBound...])) }
                    message = "<\(element)> is not expected here: remove it, or check its name and its place"
                        + (expected.map { " (\($0))" } ?? "")
                    field = element
                } else if let attribute, issue.message.contains("is required but missing") {
                    message = "<\(element)> needs the attribute \(attribute): add \(attribute)=\"…\""
                } else if let attribute, issue.message.contains("is not allowed") {
                    message = "<\(element)> has no attribute \(attribute): remove it, or check its spelling"
                }
            }
            let isValueProblem = issue.message.contains("value") && !issue.message.contains("required but missing")
            if isValueProblem, let attribute {
                let key = "\(line):\(entry.node.map { "\($0)" } ?? ""):\(element ?? ""):\(attribute)"
                guard reportedValues.insert(key).inserted else { continue }
                if let hint = formHint(attribute: attribute, element: element) {
                    let value = offendingValue(in: issue.message).map { " '\($0)'" } ?? ""
                    message = "\(attribute)\(value) on <\(element ?? "?")> is not valid: write \(hint)"
                }
            }
            diagnostics.append(Diagnostic(.catalogInvalid, field: field, message, at: SourceLocation(line: line)))
        }
        return diagnostics
    }

    /// libxml2's message without the catalog and XSD namespaces (`{urn:orderflow:catalog:1}tax` →
    /// `tax`), on one line, without its final full stop, starting in lower case.
    static func cleaned(_ message: String) -> String {
        var text = message
        for namespace in ["{\(CatalogSchema.namespace)}", "{http://www.w3.org/2001/XMLSchema}"] {
            text = text.replacingOccurrences(of: namespace, with: "")
        }
        text = text.replacingOccurrences(of: "\n", with: " ").trimmingXMLSpace()
        if text.hasSuffix(".") { text.removeLast() }
        if let first = text.first, first.isUppercase, text.dropFirst().first?.isLowercase ?? false {
            text = first.lowercased() + text.dropFirst()
        }
        return text.isEmpty ? "the catalog does not match catalog.xsd" : text
    }

    /// The value a libxml2 facet or type message quotes (`The value 'eur' is …`, `'x' is not a valid value …`).
    static func offendingValue(in message: String) -> String? {
        let text = message.replacingOccurrences(of: "\n", with: " ")
        for marker in ["The value '", ": '"] {
            guard let start = text.range(of: marker)?.upperBound,
                let end = text[start...].range(of: "' is not")?.lowerBound
            else { continue }
            return String(text[start..<end])
        }
        return nil
    }

    /// The element (`Element '…'`) and attribute (`attribute '…'`) a libxml2 schema message names,
    /// without their namespace.
    static func names(in message: String) -> (element: String?, attribute: String?) {
        func quoted(after marker: String) -> String? {
            guard let start = message.range(of: marker)?.upperBound,
                let end = message[start...].firstIndex(of: "'")
            else { return nil }
            var name = String(message[start..<end])
            if let close = name.lastIndex(of: "}") { name = String(name[name.index(after: close)...]) }
            return name.isEmpty ? nil : name
        }
        return (quoted(after: "Element '"), quoted(after: "attribute '"))
    }

    /// The form an attribute's value must have, for a schema message.
    static func formHint(attribute: String, element: String?) -> String? {
        switch attribute {
        case "fee", "setupFee", "recurringFee", "blockingThreshold", "amount":
            return "an amount with at most 4 decimals, digits only (10.00)"
        case "percent": return "a percentage with at most 4 decimals, digits only (10 or 12.5)"
        case "rate": return "a decimal with at most 6 decimals, digits only (0.921500, 0.19)"
        case "currency", "from", "to": return "an ISO 4217 currency code in capitals (EUR)"
        case "country": return "an ISO 3166-1 alpha-2 country code in capitals (DE)"
        case "region": return "an ISO 3166-2 subdivision code without the country prefix (QC, BE, 43)"
        case "effective", "validFrom", "validTo": return "a date as YYYY-MM-DD that exists (2026-11-01)"
        case "duration": return "an ISO 8601 duration of years, months, weeks or days (P1M, P1Y6M, P30D)"
        case "managerMayOverridePaymentModel", "countryLocked", "termsRequired", "requiresDomain", "manualApproval",
            "trial":
            return "true or false"
        case "paymentDueDays", "cancellationWindowDays", "included", "min", "max", "maxUses":
            return "a whole number of 0 or more, digits only"
        case "rounding": return "half-up or half-even"
        case "taxMode": return "exclusive or inclusive"
        case "defaultPaymentModel": return "prepay or postpay"
        case "paymentModels": return "prepay, postpay or both, separated by a space"
        case "service": return "cloud, saas or on-premise"
        case "billing": return "standard or payg"
        case "topUp": return "fixed:AMOUNT (fixed:50.00) or resources"
        case "registration": return "full or short"
        case "appliesTo": return "all, recurring or setup"
        case "category": return "an EN 16931 VAT category code (S, Z, E, AE, K, G, O, L or M)"
        case "invoicePrefix": return "1–30 letters, digits, '_' or '-', starting with a letter or digit (ACME)"
        case "id" where element == "reseller":
            return "1–100 letters, digits, '.', '_' or '-', not starting with '.' (it names the reseller's folders)"
        case "id", "code", "vatId", "timeZone": return "a value without spaces"
        case "name" where element == "parameter": return "a value without spaces"
        case "plans", "resellers", "accountTypes", "dataLocations": return "values separated by spaces"
        case "name", "termsVersion", "unit": return "a value that is not empty"
        default: return nil
        }
    }
}

/// Collects schema validation errors with the node each is about (the shared collector keeps
/// only libxml2's line, which for a start tag written over several lines is its last line).
final class CatalogSchemaIssueSink {
    struct Entry {
        var issue: XMLIssue
        /// The element or attribute node the error is about, when libxml2 said.
        var node: UnsafeMutableRawPointer?
    }

    var entries: [Entry] = []

    static let handler: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        let sink = Unmanaged<CatalogSchemaIssueSink>.fromOpaque(context).takeUnretainedValue()
        sink.entries.append(Entry(issue: XMLIssue(error), node: error.pointee.node))
    }
}

/// The line of each element's start tag (its `<`), as a person reading the file sees it.
///
/// libxml2 records the line where a start tag *ends*, which for the catalog's usual multi-line
/// start tags is the wrong line to point at. The start tags are found by a scan of the bytes
/// (every `<` outside comments, CDATA sections and processing instructions that is not an end
/// tag starts an element: in well-formed XML no other `<` exists, and a catalog has no DOCTYPE,
/// so no entity adds elements) and matched to the tree's elements in document order. If the
/// two counts differ (an encoding the byte scan cannot read), libxml2's lines are used.
struct CatalogElementLines {
    private var lines: [UnsafeMutableRawPointer: Int] = [:]

    init(root: xmlNodePtr, bytes: [UInt8]) {
        var nodes: [xmlNodePtr] = []
        func walk(_ node: xmlNodePtr) {
            nodes.append(node)
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { walk(current) }
                child = current.pointee.next
            }
        }
        walk(root)
        let starts = CatalogElementLines.startTagLines(in: bytes)
        guard starts.count == nodes.count else { return }
        for (node, line) in zip(nodes, starts) { lines[UnsafeMutableRawPointer(node)] = line }
    }

    /// The start-tag line of an element, or of the element that holds an attribute node.
    func line(ofNode pointer: UnsafeMutableRawPointer) -> Int? {
        var node = pointer.assumingMemoryBound(to: xmlNode.self)
        if node.pointee.type == XML_ATTRIBUTE_NODE, let parent = node.pointee.parent { node = parent }
        guard node.pointee.type == XML_ELEMENT_NODE else { return nil }
        return line(of: node)
    }

    func line(of node: xmlNodePtr) -> Int {
        lines[UnsafeMutableRawPointer(node)] ?? Int(xmlGetLineNo(node))
    }

    static func startTagLines(in bytes: [UInt8]) -> [Int] {
        var result: [Int] = []
        var index = 0
        var line = 1
        func starts(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let pattern = UnsafeBufferPointer(start: text.utf8Start, count: count)
            for offset in 0..<count where bytes[index + offset] != pattern[offset] { return false }
            return true
        }
        func skip(past terminator: StaticString) {
            while index < bytes.count && !starts(terminator) {
                if bytes[index] == UInt8(ascii: "\n") { line += 1 }
                index += 1
            }
            index += terminator.utf8CodeUnitCount
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                index += 1
            } else if byte != UInt8(ascii: "<") {
                index += 1
            } else if starts("<!--") {
                skip(past: "-->")
            } else if starts("<![CDATA[") {
                skip(past: "]]>")
            } else if starts("<?") {
                skip(past: "?>")
            } else if starts("<!") {
                skip(past: ">")
            } else if starts("</") {
                index += 2
            } else {
                result.append(line)
                index += 1
            }
        }
        return result
    }
}
