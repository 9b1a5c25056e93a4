import OrderFlowCore

/// A byte-level pass over an XML drop that enforces ``DropLimits`` before libxml2 sees the
/// document (DropFiles.md, "Limits"). libxml2's cost grows with the square of an element's
/// attributes (each is compared with those before it), so bounding them after parsing is too late;
/// this scan is linear and holds no more than a few counters whatever the file holds.
///
/// It reads markup the way XML writes it (tags, quoted attribute values, comments, processing
/// instructions, CDATA), but proves nothing about well-formedness: libxml2 still judges that. A
/// document libxml2 would refuse may be refused here with a limit code instead.
struct XMLLimitScan {
    private enum State {
        case text, open, startTag, value, endTag, bang, comment, cdata, declaration, instruction
    }

    private var state = State.text
    /// Absolute offset of the next byte given to ``scan(_:)``.
    private(set) var offset = 0
    /// Bytes examined so far (the work done, which tests bound).
    var examined: Int { offset }
    private var depth = 0
    private var requests = 0
    private var elementsInRequest = 0
    private var attributes = 0
    /// Length of the current run: attribute value, name token, comment.
    private var run = 0
    /// Bytes of text and CDATA in the current element since its last tag: comments, processing
    /// instructions and CDATA ends do not restart it, so splitting a value with `<!---->` or a
    /// chain of CDATA sections cannot carry more than the bound (the reader joins those pieces).
    private var textRun = 0
    private var quote: UInt8 = 0
    /// The last byte of a tag that was not white space (a `/` before `>` closes an empty element).
    private var lastSignificant: UInt8 = 0
    /// Recent bytes, for the terminators `-->`, `]]>` and `?>`.
    private var recent: (UInt8, UInt8) = (0, 0)
    /// Where the current tag, value or comment starts.
    private var markStart = 0
    private var sawContent = false
    private var tagName: [UInt8] = []

    /// What went wrong, with the offset it is reported at (turned into a line and column by the caller).
    struct Violation: Error {
        var code: ErrorCode
        var field: String
        var message: String
        var offset: Int
    }

    init() {}

    /// Scans the next bytes of the document.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) throws(Violation) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var index = 0
        defer { offset += count }
        if offset == 0, count > 0 { try checkEncoding(bytes) }
        while index < count {
            let byte = base[index]
            switch state {
            case .text:
                // Most bytes are text: run to the next '<' without a decision per state.
                var end = index
                while end < count, base[end] != 0x3C { end += 1 }
                let length = end - index
                if !sawContent {
                    for position in index..<end where !Self.isSpace(base[position]) {
                        // A UTF-8 byte order mark is not content.
                        if offset + position < 3 && [0xEF, 0xBB, 0xBF][offset + position] == base[position] { continue }
                        sawContent = true
                    }
                }
                textRun += length
                // Inside a request (depth 2 and more) text is kept in the request's source; between
                // requests the reader skips white space and fails the file on anything else.
                if textRun > DropLimits.maxValueBytes, depth > 1 {
                    throw Violation(
                        code: .valueTooLong, field: "",
                        message: "an element holds more than \(DropLimits.maxValueBytes) bytes of text; OrderFlow reads at most \(DropLimits.maxValueBytes) bytes of text in one element: shorten it (values are written in attributes)",
                        offset: offset + index)
                }
                index = end
                if end < count {
                    sawContent = true
                    state = .open
                    markStart = offset + end
                    index += 1
                }
                continue
            case .open:
                switch byte {
                case 0x2F: state = .endTag; run = 0; textRun = 0
                case 0x21: state = .bang; run = 0
                case 0x3F: state = .instruction; run = 0; recent = (0, 0)
                default:
                    try openElement()
                    textRun = 0
                    state = .startTag
                    tagName.removeAll(keepingCapacity: true)
                    tagName.append(byte)
                    run = 1
                    lastSignificant = byte
                }
            case .startTag:
                switch byte {
                case 0x22, 0x27:
                    quote = byte
                    state = .value
                    run = 0
                    markStart = offset + index
                case 0x3D:
                    attributes += 1
                    run = 0
                    if attributes > DropLimits.maxAttributes {
                        throw Violation(
                            code: .limitExceeded, field: name,
                            message: "<\(name)> has more than \(DropLimits.maxAttributes) attributes; OrderFlow reads at most \(DropLimits.maxAttributes) on one element (a request needs fewer than 20): remove the extra attributes",
                            offset: offset + index)
                    }
                    lastSignificant = byte
                case 0x3E:
                    state = .text
                    run = 0
                    if lastSignificant == 0x2F { depth -= 1 }
                case 0x20, 0x09, 0x0A, 0x0D:
                    run = 0
                    if tagName.last != 0 { tagName.append(0) }  // the name is complete
                default:
                    run += 1
                    if byte == 0x2F, tagName.last != 0 { tagName.append(0) }
                    if tagName.last != 0, tagName.count < 64 { tagName.append(byte) }
                    if run > DropLimits.maxNameBytes {
                        throw Violation(
                            code: .valueTooLong, field: name,
                            message: "a name in the start tag of <\(name)> is longer than \(DropLimits.maxNameBytes) bytes: shorten it, or check that the tag is closed",
                            offset: offset + index)
                    }
                    lastSignificant = byte
                }
            case .value:
                var end = index
                let quote = self.quote
                while end < count, base[end] != quote { end += 1 }
                run += end - index
                if run > DropLimits.maxValueBytes {
                    throw Violation(
                        code: .valueTooLong, field: name,
                        message: "an attribute value of <\(name)> is longer than \(DropLimits.maxValueBytes) bytes, the most OrderFlow reads: shorten it, or check that its quote is closed",
                        offset: markStart)
                }
                index = end
                if end < count {
                    state = .startTag
                    run = 0
                    lastSignificant = quote
                    index += 1
                }
                continue
            case .endTag:
                if byte == 0x3E {
                    depth -= 1
                    state = .text
                    run = 0
                } else {
                    run += 1
                    if run > DropLimits.maxNameBytes {
                        throw Violation(
                            code: .valueTooLong, field: "",
                            message: "an end tag is longer than \(DropLimits.maxNameBytes) bytes: check that it is closed with '>'",
                            offset: markStart)
                    }
                }
            case .bang:
                // `<!--` comment, `<![CDATA[` section, else a declaration (a DOCTYPE is refused later).
                run += 1
                if byte == 0x2D {
                    state = .comment
                    run = 0
                    recent = (0, 0)
                } else if byte == 0x5B {
                    state = .cdata
                    recent = (0, 0)
                } else {
                    state = .declaration
                }
            case .comment, .instruction, .declaration:
                run += 1
                let closes: Bool
                switch state {
                case .comment: closes = byte == 0x3E && recent == (0x2D, 0x2D)
                case .instruction: closes = byte == 0x3E && recent.1 == 0x3F
                default: closes = byte == 0x3E
                }
                if closes {
                    state = .text
                    run = 0
                } else if run > DropLimits.maxCommentBytes {
                    throw Violation(
                        code: .valueTooLong, field: "",
                        message: "a comment, processing instruction or declaration is longer than \(DropLimits.maxCommentBytes) bytes, the most OrderFlow reads: shorten it, or check that it is closed",
                        offset: markStart)
                }
                recent = (recent.1, byte)
            case .cdata:
                textRun += 1
                if byte == 0x3E && recent == (0x5D, 0x5D) {
                    state = .text
                } else if textRun > DropLimits.maxValueBytes {
                    throw Violation(
                        code: .valueTooLong, field: "",
                        message: "the text and CDATA sections of one element are longer than \(DropLimits.maxValueBytes) bytes, the most OrderFlow reads in one element: shorten them",
                        offset: markStart)
                }
                recent = (recent.1, byte)
            }
            index += 1
        }
    }

    /// True when the document held nothing but white space (or nothing at all).
    var isEmpty: Bool { !sawContent }

    /// The current tag's name (its first 64 bytes).
    private var name: String {
        String(decoding: tagName.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// A start tag begins: counts it against depth, requests and elements per request.
    private mutating func openElement() throws(Violation) {
        depth += 1
        attributes = 0
        if depth > DropLimits.maxDepth {
            throw Violation(
                code: .limitExceeded, field: "",
                message: "elements are nested more than \(DropLimits.maxDepth) deep; a request is nested at most 4 deep (<orderBatch>, request, <unitParameters>, <value>): remove the extra nesting",
                offset: markStart)
        }
        if depth == 2 {
            requests += 1
            elementsInRequest = 1
            if requests > DropLimits.maxRequests {
                throw Violation(
                    code: .limitExceeded, field: "",
                    message: "the file holds more than \(DropLimits.maxRequests) requests, the most OrderFlow reads from one file: split it into several files (each its own batchId)",
                    offset: markStart)
            }
        } else if depth > 2 {
            elementsInRequest += 1
            if elementsInRequest > DropLimits.maxElementsPerRequest {
                throw Violation(
                    code: .limitExceeded, field: "",
                    message: "a request holds more than \(DropLimits.maxElementsPerRequest) elements, the most OrderFlow reads in one request: split it, or remove the extra elements",
                    offset: markStart)
            }
        }
    }

    /// A document in UTF-16 or UTF-32 (or EBCDIC) would hide its markup from this scan: refused.
    private func checkEncoding(_ bytes: UnsafeBufferPointer<UInt8>) throws(Violation) {
        let first = Array(bytes.prefix(4))
        let refused =
            first.starts(with: [0xFE, 0xFF]) || first.starts(with: [0xFF, 0xFE]) || first.first == 0
            || first.starts(with: [0x3C, 0x00]) || first.starts(with: [0x4C, 0x6F, 0xA7, 0x94])
        if refused {
            throw Violation(
                code: .xmlMalformed, field: "",
                message: "the file is not UTF-8 text (it looks like UTF-16, UTF-32 or EBCDIC): save it as UTF-8",
                offset: 0)
        }
        // libxml2 would convert a declared ISO-8859-1 or windows-1252 document, but every bound
        // here counts UTF-8 bytes and DropFiles.md promises UTF-8: another declaration is refused.
        if let declared = Self.declaredEncoding(bytes), !["utf-8", "utf8", "us-ascii", "ascii"].contains(declared.lowercased()) {
            throw Violation(
                code: .xmlMalformed, field: "",
                message: "the XML declaration says encoding=\"\(declared)\"; OrderFlow reads UTF-8 only: save the file as UTF-8 and declare encoding=\"UTF-8\" (or nothing)",
                offset: 0)
        }
    }

    /// The `encoding` of an XML declaration at the start (after a UTF-8 byte order mark), if any.
    static func declaredEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        let head = Array(bytes[start..<min(bytes.count, start + 256)])
        guard head.starts(with: Array("<?xml".utf8)), let end = head.firstRange(of: Array("?>".utf8))?.lowerBound,
              let key = head[..<end].firstRange(of: Array("encoding".utf8))?.upperBound else { return nil }
        var index = key
        while index < end, isSpace(head[index]) || head[index] == UInt8(ascii: "=") { index += 1 }
        guard index < end, head[index] == UInt8(ascii: "\"") || head[index] == UInt8(ascii: "'") else { return nil }
        let quote = head[index]
        guard let close = head[(index + 1)..<end].firstIndex(of: quote) else { return nil }
        // An encoding name is letters, digits, '.', '_' and '-' (XML 1.0 EncName); anything else is shown as '?'.
        let name = head[(index + 1)..<close].prefix(40).map { byte -> Character in
            let c = Character(Unicode.Scalar(byte))
            return c.isASCII && (c.isLetter || c.isNumber || "._-".contains(c)) ? c : "?"
        }
        return String(name)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
