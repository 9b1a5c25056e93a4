import OrderFlowCore

/// A byte-level pass over a camt.053 document before libxml2 parses it: refuses a DOCTYPE, a
/// document that is not UTF-8, and the markup whose cost in libxml2 grows faster than its size
/// (an element's attributes are compared with each other), by ``StatementLimits``.
///
/// The idea is ``XMLLimitScan``'s, with the bounds of a statement instead of an order drop: an
/// order drop bounds each request (depth 2) and its text, a statement only what costs more than
/// linear time, since its entries batch thousands of transactions and banks add content of
/// their own. It reads markup the way XML writes it (tags, quoted attribute values, comments,
/// processing instructions, CDATA) and proves nothing about well-formedness: libxml2 judges that.
struct StatementMarkupScan {
    private enum State {
        case text, open, startTag, value, endTag, bang, comment, cdata, instruction
    }

    private var state = State.text
    /// Absolute offset of the next byte given to ``scan(_:)``.
    private(set) var offset = 0
    private var depth = 0
    private var attributes = 0
    /// Length of the current name token.
    private var run = 0
    private var quote: UInt8 = 0
    /// The last byte of a tag that was not white space (a `/` before `>` closes an empty element).
    private var lastSignificant: UInt8 = 0
    /// Recent bytes, for the terminators `-->`, `]]>` and `?>`, and `<!` followed by `--` or `[`.
    private var recent: (UInt8, UInt8) = (0, 0)
    /// Where the current tag starts.
    private var markStart = SourceLocation(line: 1, column: 1)
    /// The current line (1-based) and the offset of its first byte, so a violation says where it is.
    private var line = 1
    private var lineStart = 0
    private var sawContent = false
    private var tagName: [UInt8] = []

    /// What went wrong, and where (line, and column in bytes).
    struct Violation: Error {
        var code: ErrorCode
        var field: String
        var message: String
        var location: SourceLocation
        /// A DOCTYPE: reported with ``LibXML2/doctypeError(at:)``.
        var isDoctype = false
    }

    init() {}

    /// True when the document held nothing but white space (or nothing at all).
    var isEmpty: Bool { !sawContent }

    /// Scans the next bytes of the document.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) throws(Violation) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var index = 0
        defer { offset += count }
        if offset == 0, count > 0 { try Self.checkEncoding(bytes) }
        while index < count {
            let byte = base[index]
            switch state {
            case .text:
                var end = index
                while end < count, base[end] != 0x3C {
                    if base[end] == 0x0A { newLine(at: end) }
                    end += 1
                }
                if !sawContent {
                    for position in index..<end where !Self.isSpace(base[position]) {
                        // A UTF-8 byte order mark is not content.
                        if offset + position < 3 && [0xEF, 0xBB, 0xBF][offset + position] == base[position] { continue }
                        sawContent = true
                    }
                }
                index = end
                if end < count {
                    sawContent = true
                    state = .open
                    markStart = location(of: end)
                    index += 1
                }
                continue
            case .open:
                switch byte {
                case 0x2F: state = .endTag
                case 0x21: state = .bang; recent = (0, 0)
                case 0x3F: state = .instruction; recent = (0, 0)
                default:
                    depth += 1
                    attributes = 0
                    state = .startTag
                    tagName.removeAll(keepingCapacity: true)
                    tagName.append(byte)
                    run = 1
                    lastSignificant = byte
                    if depth > StatementLimits.maxDepth {
                        throw Violation(
                            code: .limitExceeded, field: "",
                            message: "elements are nested more than \(StatementLimits.maxDepth) deep (a camt.053 statement nests at most 15): remove the extra nesting",
                            location: markStart)
                    }
                }
            case .startTag:
                switch byte {
                case 0x22, 0x27:
                    quote = byte
                    state = .value
                case 0x3D:
                    attributes += 1
                    run = 0
                    lastSignificant = byte
                    if attributes > StatementLimits.maxAttributes {
                        throw Violation(
                            code: .limitExceeded, field: name,
                            message: "<\(name)> has more than \(StatementLimits.maxAttributes) attributes; OrderFlow reads at most \(StatementLimits.maxAttributes) on one element (a camt.053 element has a few): remove the extra attributes",
                            location: location(of: index))
                    }
                case 0x3E:
                    state = .text
                    if lastSignificant == 0x2F { depth -= 1 }
                case 0x20, 0x09, 0x0A, 0x0D:
                    run = 0
                    if tagName.last != 0 { tagName.append(0) }  // the name is complete
                default:
                    run += 1
                    if byte == 0x2F, tagName.last != 0 { tagName.append(0) }
                    if tagName.last != 0, tagName.count < 64 { tagName.append(byte) }
                    if run > StatementLimits.maxNameBytes {
                        throw Violation(
                            code: .valueTooLong, field: name,
                            message: "a name in the start tag of <\(name)> is longer than \(StatementLimits.maxNameBytes) bytes: shorten it, or check that the tag is closed",
                            location: location(of: index))
                    }
                    lastSignificant = byte
                }
            case .value:
                var end = index
                let quote = self.quote
                while end < count, base[end] != quote {
                    if base[end] == 0x0A { newLine(at: end) }
                    end += 1
                }
                index = end
                if end < count {
                    state = .startTag
                    lastSignificant = quote
                    index += 1
                }
                continue
            case .endTag:
                if byte == 0x3E {
                    depth -= 1
                    state = .text
                }
            case .bang:
                // `<!--` a comment, `<![CDATA[` a section; anything else is a declaration, and
                // outside a DOCTYPE there is none: a DOCTYPE (or a stray declaration) is refused.
                if byte == 0x2D && recent.1 == 0x2D {
                    state = .comment
                    recent = (0, 0)
                } else if byte == 0x2D && recent.1 == 0 {
                    recent = (0, byte)
                } else if byte == 0x5B && recent.1 == 0 {
                    state = .cdata
                    recent = (0, 0)
                } else {
                    throw Violation(
                        code: .xmlMalformed, field: "", message: "", location: markStart, isDoctype: true)
                }
            case .comment:
                if byte == 0x3E && recent == (0x2D, 0x2D) { state = .text }
                recent = (recent.1, byte)
            case .instruction:
                if byte == 0x3E && recent.1 == 0x3F { state = .text }
                recent = (recent.1, byte)
            case .cdata:
                if byte == 0x3E && recent == (0x5D, 0x5D) { state = .text }
                recent = (recent.1, byte)
            }
            if byte == 0x0A { newLine(at: index) }
            index += 1
        }
    }

    /// A line feed at `index` of the current chunk.
    private mutating func newLine(at index: Int) {
        line += 1
        lineStart = offset + index + 1
    }

    /// The line and column of byte `index` of the current chunk.
    private func location(of index: Int) -> SourceLocation {
        SourceLocation(line: line, column: offset + index - lineStart + 1)
    }

    /// The current tag's name (its first 64 bytes).
    private var name: String {
        String(decoding: tagName.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// A document in UTF-16 or UTF-32 (or EBCDIC) would hide its markup from this scan, and ISO
    /// 20022 messages are UTF-8: anything else is refused (``XMLLimitScan/declaredEncoding(_:)``
    /// reads the declaration).
    private static func checkEncoding(_ bytes: UnsafeBufferPointer<UInt8>) throws(Violation) {
        let first = Array(bytes.prefix(4))
        let refused =
            first.starts(with: [0xFE, 0xFF]) || first.starts(with: [0xFF, 0xFE]) || first.first == 0
            || first.starts(with: [0x3C, 0x00]) || first.starts(with: [0x4C, 0x6F, 0xA7, 0x94])
        if refused {
            throw Violation(
                code: .xmlMalformed, field: "",
                message: "the file is not UTF-8 text (it looks like UTF-16, UTF-32 or EBCDIC): ISO 20022 statements are UTF-8; ask the bank for the UTF-8 file",
                location: SourceLocation(line: 1, column: 1))
        }
        if let declared = XMLLimitScan.declaredEncoding(bytes),
            !["utf-8", "utf8", "us-ascii", "ascii"].contains(declared.lowercased())
        {
            throw Violation(
                code: .xmlMalformed, field: "",
                message: "the XML declaration says encoding=\"\(declared)\"; ISO 20022 statements are UTF-8 and OrderFlow reads UTF-8 only: ask the bank for the UTF-8 file",
                location: SourceLocation(line: 1, column: 1))
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
