internal import CLibXML2
import OrderFlowCore

/// One pass of ``XMLRequestReader`` over a document: the `xmlTextReader` loop and its state.
///
/// Schema problems arrive through the thread's structured error handler while libxml2 parses,
/// which runs ahead of the node the reader stands on (it parses in chunks). Each problem carries
/// the line where libxml2 saw it, so a request is held, once closed, until the reader reaches the
/// next request's start tag (or the end of `orderBatch`): the problems on lines before that start
/// tag are its own, including those libxml2 reports at its end tag. A problem on the very line of
/// the next start tag goes to that next request.
///
/// `xmlTextReaderSetStructuredErrorHandler` is deliberately not used: with a schema set, libxml2
/// 2.9.14 crashes in it on the first well-formedness error. The per-thread handler gets everything.
struct XMLRequestStream {
    enum Source {
        case memory(UnsafeBufferPointer<UInt8>)
        case descriptor(Int32)
    }

    /// ``OrdersSchema``, compiled once per process.
    static let compiledSchema: Result<CompiledSchema, any Error> = Result {
        try CompiledSchema(xsd: OrdersSchema.xsd, name: OrdersSchema.fileName)
    }

    let expectedReseller: String?

    /// Schema problems not yet given to a request (in document order); `queueHead` is the first.
    private var queue: [XMLIssue] = []
    private var queueHead = 0
    private var headerDelivered = false
    private var reseller: String?
    private var rootLocation = SourceLocation(line: 1)
    /// The request whose end tag is not yet read.
    private var current: RawRequest?
    /// A closed request waiting for the problems up to the next request.
    private var pending: RawRequest?
    /// The open elements of the current request, the request element first.
    private var stack: [XMLRequestElement] = []
    private var writer = XMLSourceWriter()
    /// Text of the open `<promoCode>` or `<value>`, and where that element starts.
    private var text: [UInt8] = []
    private var textLocation = SourceLocation.unknown
    private var unitSet: UnitParameterSet?
    private var valueName = ""
    /// Foreign namespace prefixes already declared on the element being written.
    private var declared: [UnsafePointer<xmlChar>?] = []

    init(expectedReseller: String?) {
        self.expectedReseller = expectedReseller
    }

    mutating func run(
        source: Source, name: String, header: (BatchHeader) throws -> Void, request: (RawRequest) throws -> Void
    ) throws {
        LibXML2.ensureInitialized()
        let schema: CompiledSchema
        switch Self.compiledSchema {
        case .success(let compiled): schema = compiled
        case .failure(let error):
            throw FileError(.schemaInvalid, "the built-in orders schema does not compile: \(error)")
        }
        try XMLIssueCollector.collecting { collector in
            let created: xmlTextReaderPtr?
            switch source {
            case .memory(let buffer):
                created = buffer.withMemoryRebound(to: CChar.self) { chars in
                    chars.baseAddress.flatMap {
                        xmlReaderForMemory($0, Int32(chars.count), name, nil, LibXML2.safeParseOptions)
                    }
                }
            case .descriptor(let descriptor):
                created = xmlReaderForFd(descriptor, name, nil, LibXML2.safeParseOptions)
            }
            guard let reader = created else {
                throw FileError(
                    .xmlMalformed, "the file is empty: an XML drop needs an <orderBatch> element",
                    at: SourceLocation(line: 1, column: 1))
            }
            defer { xmlFreeTextReader(reader) }
            guard xmlTextReaderSetSchema(reader, schema.schema) == 0 else {
                throw FileError(.schemaInvalid, "libxml2 could not start validating against orders.xsd")
            }
            let names = XMLNameTable(reader: reader)
            while true {
                let status = xmlTextReaderRead(reader)
                try drain(collector)
                if status == 0 { break }
                if status < 0 {
                    throw FileError(
                        .xmlMalformed, "the file is not well-formed XML: libxml2 stopped reading it here",
                        at: SourceLocation(
                            line: Int(xmlTextReaderGetParserLineNumber(reader)),
                            column: Int(xmlTextReaderGetParserColumnNumber(reader))))
                }
                try step(reader, names: names, header: header, request: request)
            }
            try finish(request: request)
        }
    }

    // MARK: - Problems

    /// Takes what libxml2 reported: a well-formedness or encoding error fails the file at once;
    /// schema errors wait in the queue for the request they belong to. Warnings are dropped.
    private mutating func drain(_ collector: XMLIssueCollector) throws {
        guard !collector.issues.isEmpty else { return }
        for issue in collector.issues where issue.isError {
            if issue.isParserIssue { throw LibXML2.malformedError(issue) }
            queue.append(issue)
        }
        collector.issues.removeAll(keepingCapacity: true)
    }

    /// Removes and returns the queued problems on lines before `line` (all of them for nil).
    private mutating func takeIssues(before line: Int?) -> ArraySlice<XMLIssue> {
        var end = queueHead
        while end < queue.count, line.map({ queue[end].line < $0 }) ?? true { end += 1 }
        let taken = queue[queueHead..<end]
        queueHead = end
        if queueHead == queue.count {
            defer { queue.removeAll(keepingCapacity: true) }
            queueHead = 0
            return ArraySlice(Array(taken))
        }
        return taken
    }

    /// Delivers the closed request with the problems on lines before `line` (nil: all that are left).
    private mutating func flushPending(before line: Int?, request: (RawRequest) throws -> Void) throws {
        let issues = takeIssues(before: line)
        guard var closed = pending else {
            if !issues.isEmpty { throw FileError(issues.map { XMLSchemaIssues.diagnostic(for: $0) }) }
            return
        }
        pending = nil
        closed.readerErrors.append(contentsOf: issues.map { XMLSchemaIssues.diagnostic(for: $0) })
        try request(closed)
    }

    // MARK: - Nodes

    private mutating func step(
        _ reader: xmlTextReaderPtr, names: XMLNameTable, header: (BatchHeader) throws -> Void,
        request: (RawRequest) throws -> Void
    ) throws {
        let type = xmlTextReaderNodeType(reader)
        let depth = Int(xmlTextReaderDepth(reader))
        switch type {
        case Int32(XML_READER_TYPE_ELEMENT.rawValue):
            let location = SourceLocation(line: LibXML2.line(of: xmlTextReaderCurrentNode(reader)))
            let empty = xmlTextReaderIsEmptyElement(reader) == 1
            if depth == 0 {
                try startBatch(reader, names: names, at: location, header: header)
            } else if depth == 1 {
                try flushPending(before: location.line, request: request)
                try startRequest(reader, names: names, at: location, empty: empty)
            } else if current != nil {
                startElement(reader, names: names, at: location, empty: empty)
            }
        case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
            if depth == 1 {
                closeRequest(endTag: xmlTextReaderConstName(reader))
            } else if depth > 1 && current != nil {
                endElement(reader)
            }
        case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
            Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue), Int32(XML_READER_TYPE_WHITESPACE.rawValue):
            guard let value = xmlTextReaderConstValue(reader) else { return }
            if depth == 1 {
                if !Self.isBlank(value) {
                    throw FileError(
                        .schemaInvalid, "<orderBatch> holds text outside any request: remove it",
                        at: SourceLocation(line: LibXML2.line(of: xmlTextReaderCurrentNode(reader))))
                }
            } else if depth > 1 && current != nil {
                writer.text(value)
                if stack.last == .promoCode || stack.last == .value {
                    var index = 0
                    while value[index] != 0 {
                        text.append(value[index])
                        index += 1
                    }
                }
            }
        case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
            throw LibXML2.doctypeError(
                at: SourceLocation(
                    line: Int(xmlTextReaderGetParserLineNumber(reader)),
                    column: Int(xmlTextReaderGetParserColumnNumber(reader))))
        default:
            // Comments and processing instructions carry nothing and are not part of a request's source.
            break
        }
    }

    private mutating func startBatch(
        _ reader: xmlTextReaderPtr, names: XMLNameTable, at location: SourceLocation,
        header: (BatchHeader) throws -> Void
    ) throws {
        rootLocation = location
        let localName = xmlTextReaderConstLocalName(reader)
        let uri = xmlTextReaderConstNamespaceUri(reader)
        guard names.isName(localName, names.orderBatch), names.isOrdersNamespace(uri) else {
            let found = LibXML2.string(xmlTextReaderConstName(reader)) ?? "?"
            let namespace = LibXML2.string(uri).map { "namespace \($0)" } ?? "no namespace"
            throw FileError(
                .schemaInvalid, field: found,
                "the root element is <\(found)> in \(namespace): an XML drop is <orderBatch xmlns=\"\(OrdersSchema.namespace)\" reseller=\"…\" batchId=\"…\">",
                at: location)
        }
        var batchId: String?
        if xmlTextReaderMoveToFirstAttribute(reader) == 1 {
            repeat {
                guard xmlTextReaderConstNamespaceUri(reader) == nil else { continue }
                let attribute = xmlTextReaderConstLocalName(reader)
                if names.isName(attribute, names.reseller) {
                    reseller = LibXML2.string(xmlTextReaderConstValue(reader))
                } else if names.isName(attribute, names.batchId) {
                    batchId = LibXML2.string(xmlTextReaderConstValue(reader))
                }
            } while xmlTextReaderMoveToNextAttribute(reader) == 1
            xmlTextReaderMoveToElement(reader)
        }
        if reseller?.isEmpty == true { reseller = nil }
        if batchId?.isEmpty == true { batchId = nil }
        // orderBatch's own problems are reported on its start tag's line: they fail the file.
        let own = takeIssues(before: location.line + 1)
        if !own.isEmpty { throw FileError(own.map { XMLSchemaIssues.diagnostic(for: $0) }) }
        if let expectedReseller, let reseller, reseller != expectedReseller {
            throw FileError(
                .resellerMismatch, field: RequestField.reseller.name,
                "The file names reseller \"\(reseller)\", but it was dropped in the folder of reseller \"\(expectedReseller)\": a file may only hold that reseller's requests.",
                at: location)
        }
        headerDelivered = true
        try header(BatchHeader(format: .xml, reseller: reseller, batchId: batchId, location: location))
    }

    private mutating func startRequest(
        _ reader: xmlTextReaderPtr, names: XMLNameTable, at location: SourceLocation, empty: Bool
    ) throws {
        let localName = xmlTextReaderConstLocalName(reader)!
        guard names.isOrdersNamespace(xmlTextReaderConstNamespaceUri(reader)),
            let element = names.element(localName), let action = element.action
        else {
            let found = LibXML2.string(xmlTextReaderConstName(reader)) ?? "?"
            throw FileError(
                .schemaInvalid, field: found,
                "<\(found)> is not a request: <orderBatch> holds only <order>, <cancel>, <renewal> and <upgrade> elements; remove it or check its name",
                at: location)
        }
        var raw = RawRequest(action: action, location: location)
        raw.set(.action, action.rawValue, at: location)
        raw.set(.reseller, reseller, at: rootLocation)
        current = raw
        writer.reset()
        stack.removeAll(keepingCapacity: true)
        stack.append(element)
        writeStart(reader, names: names, element: element, at: location)
        writer.closeStart(empty: empty)
        if empty { closeRequest(endTag: nil) }
    }

    /// Ends the current request; `endTag` is its name for a written end tag (nil for an empty element).
    private mutating func closeRequest(endTag: UnsafePointer<xmlChar>?) {
        guard var closed = current else { return }
        if let endTag { writer.end(endTag) }
        closed.source = writer.text
        writer.reset()
        stack.removeAll(keepingCapacity: true)
        current = nil
        pending = closed
    }

    private mutating func startElement(
        _ reader: xmlTextReaderPtr, names: XMLNameTable, at location: SourceLocation, empty: Bool
    ) {
        let parent = stack.last ?? .other
        var element = XMLRequestElement.other
        if parent != .other, names.isOrdersNamespace(xmlTextReaderConstNamespaceUri(reader)),
            let named = names.element(xmlTextReaderConstLocalName(reader)!), parent.children.contains(named)
        {
            element = named
        }
        switch element {
        case .promoCode, .value:
            text.removeAll(keepingCapacity: true)
            textLocation = location
            if element == .value { valueName = "" }
        case .unitParameters:
            unitSet = UnitParameterSet(resource: "", values: [], location: location)
        default: break
        }
        writeStart(reader, names: names, element: element, at: location)
        writer.closeStart(empty: empty)
        if empty {
            finishElement(element)
        } else {
            stack.append(element)
        }
    }

    private mutating func endElement(_ reader: xmlTextReaderPtr) {
        guard let element = stack.popLast() else { return }
        if let name = xmlTextReaderConstName(reader) { writer.end(name) }
        finishElement(element)
    }

    /// What an element gives once its content is read.
    private mutating func finishElement(_ element: XMLRequestElement) {
        switch element {
        case .promoCode:
            let value = String(decoding: text, as: UTF8.self).trimmingXMLSpace()
            current?.set(.promoCode, value, at: textLocation)
        case .value:
            unitSet?.values.append((name: valueName, value: String(decoding: text, as: UTF8.self)))
        case .unitParameters:
            if let unitSet { current?.unitParameters.append(unitSet) }
            unitSet = nil
        default: break
        }
    }

    /// Writes the start tag (without its closing `>`) and takes the values of the attributes.
    private mutating func writeStart(
        _ reader: xmlTextReaderPtr, names: XMLNameTable, element: XMLRequestElement, at location: SourceLocation
    ) {
        declared.removeAll(keepingCapacity: true)
        let uri = xmlTextReaderConstNamespaceUri(reader)
        let inOrders = names.isOrdersNamespace(uri)
        writer.openStart(inOrders ? xmlTextReaderConstLocalName(reader)! : xmlTextReaderConstName(reader)!)
        if !inOrders {
            let prefix = xmlTextReaderConstPrefix(reader)
            writer.declaration(prefix: prefix, uri: uri)
            declared.append(prefix)
        }
        var resourceId: String?
        var resourceAmount: String?
        if xmlTextReaderMoveToFirstAttribute(reader) == 1 {
            repeat {
                if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
                let value = xmlTextReaderConstValue(reader)
                if let attributeURI = xmlTextReaderConstNamespaceUri(reader) {
                    let prefix = xmlTextReaderConstPrefix(reader)
                    if let prefix, !declared.contains(where: { $0.map { xmlStrEqual($0, prefix) != 0 } ?? false }),
                        xmlStrEqual(prefix, Self.xmlPrefix) == 0
                    {
                        writer.declaration(prefix: prefix, uri: attributeURI)
                        declared.append(prefix)
                    }
                    writer.attribute(xmlTextReaderConstName(reader)!, value)
                    continue
                }
                let attribute = xmlTextReaderConstLocalName(reader)!
                writer.attribute(attribute, value)
                guard element != .other, let target = names.attribute(attribute, of: element) else { continue }
                let text = LibXML2.string(value) ?? ""
                switch target {
                case .field(let field): current?.set(field, text, at: location)
                case .resourceId: resourceId = text
                case .resourceAmount: resourceAmount = text
                case .unitResource: unitSet?.resource = text
                case .valueName: valueName = text
                }
            } while xmlTextReaderMoveToNextAttribute(reader) == 1
            xmlTextReaderMoveToElement(reader)
        }
        // As in CSV, a resource without an amount is absent.
        if element == .resource, let resourceAmount, !resourceAmount.isEmpty {
            current?.resources.append(ResourceAmount(id: resourceId ?? "", amount: resourceAmount, location: location))
        }
    }

    private mutating func finish(request: (RawRequest) throws -> Void) throws {
        guard headerDelivered else {
            throw FileError(
                .xmlMalformed, "the file has no <orderBatch> element", at: SourceLocation(line: 1, column: 1))
        }
        try flushPending(before: nil, request: request)
    }

    private static let xmlPrefix: [xmlChar] = Array("xml".utf8) + [0]

    private static func isBlank(_ value: UnsafePointer<xmlChar>) -> Bool {
        var index = 0
        while true {
            switch value[index] {
            case 0: return true
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return false
            }
        }
    }
}
