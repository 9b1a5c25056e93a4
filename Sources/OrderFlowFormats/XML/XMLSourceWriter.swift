/// Re-serializes one request element while it streams past, into a reused byte buffer.
///
/// Canonical form, so that the text can be put back under a new
/// `<orderBatch xmlns="urn:orderflow:orders:1" …>` (`rejected.xml`) and parse to the same values:
/// start tags with their attributes in document order, `&amp; &lt; &gt; &quot;` escaped (and tab,
/// line feed and carriage return in attribute values as character references, which attribute
/// normalization would otherwise turn into spaces), text as it was, end tags, empty elements as
/// `<x .../>`, no comments or processing instructions. The orders namespace is inherited from the
/// new root, so it is never declared; an element or attribute of another namespace keeps its
/// prefix and gets its declaration, so the text stays well-formed.
struct XMLSourceWriter {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(4096)
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func openStart(_ name: UnsafePointer<UInt8>) {
        bytes.append(UInt8(ascii: "<"))
        appendRaw(name)
    }

    /// `name="value"`, the value escaped.
    mutating func attribute(_ name: UnsafePointer<UInt8>, _ value: UnsafePointer<UInt8>?) {
        bytes.append(UInt8(ascii: " "))
        appendRaw(name)
        bytes.append(UInt8(ascii: "="))
        bytes.append(UInt8(ascii: "\""))
        if let value { appendEscaped(value, inAttribute: true) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A namespace declaration for a foreign prefix (`xmlns:p="uri"`), or `xmlns=""` for no namespace.
    mutating func declaration(prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?) {
        bytes.append(contentsOf: [UInt8](" xmlns".utf8))
        if let prefix {
            bytes.append(UInt8(ascii: ":"))
            appendRaw(prefix)
        }
        bytes.append(UInt8(ascii: "="))
        bytes.append(UInt8(ascii: "\""))
        if let uri { appendEscaped(uri, inAttribute: true) }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func closeStart(empty: Bool) {
        if empty { bytes.append(UInt8(ascii: "/")) }
        bytes.append(UInt8(ascii: ">"))
    }

    mutating func end(_ name: UnsafePointer<UInt8>) {
        bytes.append(UInt8(ascii: "<"))
        bytes.append(UInt8(ascii: "/"))
        appendRaw(name)
        bytes.append(UInt8(ascii: ">"))
    }

    mutating func text(_ value: UnsafePointer<UInt8>) {
        appendEscaped(value, inAttribute: false)
    }

    private mutating func appendRaw(_ pointer: UnsafePointer<UInt8>) {
        var index = 0
        while pointer[index] != 0 {
            bytes.append(pointer[index])
            index += 1
        }
    }

    private mutating func appendEscaped(_ pointer: UnsafePointer<UInt8>, inAttribute: Bool) {
        var index = 0
        while true {
            let byte = pointer[index]
            switch byte {
            case 0: return
            case UInt8(ascii: "&"): bytes.append(contentsOf: Self.amp)
            case UInt8(ascii: "<"): bytes.append(contentsOf: Self.lt)
            case UInt8(ascii: ">"): bytes.append(contentsOf: Self.gt)
            case UInt8(ascii: "\"") where inAttribute: bytes.append(contentsOf: Self.quot)
            case 0x09 where inAttribute: bytes.append(contentsOf: Self.tab)
            case 0x0A where inAttribute: bytes.append(contentsOf: Self.lineFeed)
            // A carriage return would be read back as a line feed, in text as in attributes.
            case 0x0D: bytes.append(contentsOf: Self.carriageReturn)
            default: bytes.append(byte)
            }
            index += 1
        }
    }

    private static let amp = Array("&amp;".utf8)
    private static let lt = Array("&lt;".utf8)
    private static let gt = Array("&gt;".utf8)
    private static let quot = Array("&quot;".utf8)
    private static let tab = Array("&#9;".utf8)
    private static let lineFeed = Array("&#10;".utf8)
    private static let carriageReturn = Array("&#13;".utf8)
}
