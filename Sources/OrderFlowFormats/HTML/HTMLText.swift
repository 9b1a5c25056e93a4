import OrderFlowCore

/// Escaping for the HTML pages (``InvoicePage``, ``BatchReportPage``).
///
/// Every value on those pages came from a drop file or the catalog and is treated as hostile: a
/// company named `<script>alert(1)</script>`, a ref with quotes, a message with control characters
/// or a right-to-left override that would reorder an amount on screen. The pages write no value
/// unescaped, in element content, attribute values and link targets alike:
///
/// - `&`, `<` and `>` become entities everywhere; in attribute values `"`, `'` and `` ` `` too.
/// - Characters a page must not carry become U+FFFD (the replacement character, so the reader sees
///   that something was there): C0 controls other than tab and line feed (NUL and CR included),
///   DEL, the C1 controls U+0080…U+009F, the noncharacters U+FFFE and U+FFFF, and the bidirectional
///   embeddings, overrides and isolates U+202A…U+202E and U+2066…U+2069, with which a value could
///   make the text after it (an amount, a number) read backwards.
/// - A link's file name is percent-encoded (``pathSegment(_:)``): only `A–Z a–z 0–9 - . _ ~` stay,
///   so no value can leave its folder, start a scheme or end the attribute.
public enum HTMLText {
    /// `text` escaped for element content (also safe inside `<title>` and SVG `<text>`).
    public static func escaped(_ text: String) -> String {
        var output = HTMLOutput()
        output.text(text)
        return String(decoding: output.bytes, as: UTF8.self)
    }

    /// `text` escaped for a double- or single-quoted attribute value.
    public static func escapedAttribute(_ text: String) -> String {
        var output = HTMLOutput()
        output.attribute(text)
        return String(decoding: output.bytes, as: UTF8.self)
    }

    /// `text` as one percent-encoded path segment of a relative link (`ACME 1/2` → `ACME%201%2F2`).
    public static func pathSegment(_ text: String) -> String {
        var output = HTMLOutput()
        output.pathSegment(text)
        return String(decoding: output.bytes, as: UTF8.self)
    }
}

/// The byte-level writer behind the pages: markup from `StaticString`s, values escaped byte by byte
/// from their UTF-8 storage, numbers written digit by digit from integers (never `Double`), into one
/// buffer a batch can reuse.
struct HTMLOutput {
    var bytes: [UInt8]

    init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    // MARK: Markup and values

    mutating func raw(_ markup: StaticString) {
        markup.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Element content: `&`, `<`, `>` as entities, the characters of ``HTMLText`` replaced.
    mutating func text(_ value: String) { escape(value, attribute: false) }

    /// An attribute value (the caller writes the quotes): as ``text(_:)`` and `"`, `'`, `` ` ``.
    mutating func attribute(_ value: String) { escape(value, attribute: true) }

    /// At most `limit` characters of `value`, escaped, with `…` when some were left out.
    mutating func text(_ value: String, limit: Int) {
        // Fewer bytes than `limit` means fewer characters too: no need to count them.
        if value.utf8.count > limit,
            let end = value.index(value.startIndex, offsetBy: limit, limitedBy: value.endIndex),
            end < value.endIndex
        {
            text(String(value[..<end]))
            raw("…")
        } else {
            text(value)
        }
    }

    /// A value expected to be short (a code, an id, a unit) where it must not widen a column of
    /// numbers past the page: written as it is up to ``shortLimit`` bytes; a longer one goes into a
    /// `<span class="t">`, which may break anywhere, while the digits beside it never break.
    mutating func shortText(_ value: String) {
        if value.utf8.count <= Self.shortLimit { return text(value) }
        raw("<span class=\"t\">")
        text(value)
        raw("</span>")
    }

    static let shortLimit = 16

    /// `value`, or an em dash when it is nil or empty.
    mutating func textOrDash(_ value: String?) {
        if let value, !value.isEmpty { text(value) } else { raw("—") }
    }

    /// One percent-encoded path segment; every byte outside `A–Z a–z 0–9 - . _ ~` as `%XX`.
    mutating func pathSegment(_ value: String) {
        let hex: StaticString = "0123456789ABCDEF"
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes.append(UInt8(ascii: "%"))
                hex.withUTF8Buffer { digits in
                    bytes.append(digits[Int(byte >> 4)])
                    bytes.append(digits[Int(byte & 0x0F)])
                }
            }
        }
    }

    /// `<a href="invoices/<number>.html">number</a>`.
    mutating func invoiceLink(_ number: String, folder: Bool = true) {
        raw("<a href=\"")
        if folder { raw("invoices/") }
        pathSegment(number)
        raw(".html\">")
        text(number)
        raw("</a>")
    }

    // MARK: Numbers

    /// An amount from minor units with exactly the currency's `digits` decimals: `1230` → `12.30`
    /// (EUR), `1234` (JPY), `1250` → `1.250` (BHD); the same text as `Money.format`.
    mutating func amount(_ minorUnits: Int64, digits: Int) { signed(Int128(minorUnits), fractionDigits: digits) }

    /// A sum over many amounts, which may exceed `Int64`.
    mutating func amount(_ minorUnits: Int128, digits: Int) { signed(minorUnits, fractionDigits: digits) }

    mutating func integer(_ value: Int) { signed(Int128(value), fractionDigits: 0) }

    mutating func integer(_ value: Int64) { signed(Int128(value), fractionDigits: 0) }

    /// `2026-11-22`.
    mutating func date(_ date: CalendarDate) {
        padded(UInt64(max(date.year, 0)), width: 4)
        bytes.append(UInt8(ascii: "-"))
        padded(UInt64(date.month), width: 2)
        bytes.append(UInt8(ascii: "-"))
        padded(UInt64(date.day), width: 2)
    }

    /// A rate fraction as a percentage without trailing zeros: `0.19` → `19`, `0.09975` → `9.975`.
    mutating func percent(rate: ScaledDecimal) {
        if rate.scale >= 2 {
            trimmed(Int128(rate.units), scale: rate.scale - 2)
        } else {
            trimmed(Int128(rate.units) * ExactDivision.pow10(2 - rate.scale), scale: 0)
        }
    }

    /// A decimal without trailing fractional zeros: `(921500, 6)` → `0.9215`.
    mutating func decimal(_ value: ScaledDecimal) { trimmed(Int128(value.units), scale: value.scale) }

    mutating func trimmed(_ units: Int128, scale: Int) { DecimalBytes.trimmed(units, scale: scale, into: &bytes) }

    /// `value × 10^-fractionDigits` with exactly `fractionDigits` decimals; a minus sign when below 0.
    mutating func signed(_ value: Int128, fractionDigits: Int) {
        DecimalBytes.signed(value, fractionDigits: fractionDigits, into: &bytes)
    }

    private mutating func padded<Value: UnsignedInteger>(_ value: Value, width: Int) {
        DecimalBytes.padded(value, width: width, into: &bytes)
    }

    // MARK: Escaping

    private mutating func escape(_ value: String, attribute: Bool) {
        var value = value
        value.withUTF8 { utf8 in
            let count = utf8.count
            var index = 0
            while index < count {
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "&"): raw("&amp;")
                case UInt8(ascii: "<"): raw("&lt;")
                case UInt8(ascii: ">"): raw("&gt;")
                case UInt8(ascii: "\"") where attribute: raw("&quot;")
                case UInt8(ascii: "'") where attribute: raw("&#39;")
                case UInt8(ascii: "`") where attribute: raw("&#96;")
                case 0x09, 0x0A: bytes.append(byte)
                case 0x00..<0x20, 0x7F: raw("\u{FFFD}")
                case 0xC2 where index + 1 < count && (0x80...0x9F).contains(utf8[index + 1]):
                    // U+0080…U+009F, the C1 controls.
                    raw("\u{FFFD}")
                    index += 1
                case 0xE2 where index + 2 < count && Self.isBidiControl(utf8[index + 1], utf8[index + 2]):
                    raw("\u{FFFD}")
                    index += 2
                case 0xEF where index + 2 < count && utf8[index + 1] == 0xBF && utf8[index + 2] >= 0xBE:
                    // U+FFFE, U+FFFF.
                    raw("\u{FFFD}")
                    index += 2
                default: bytes.append(byte)
                }
                index += 1
            }
        }
    }

    /// U+202A…U+202E (E2 80 AA…AE) and U+2066…U+2069 (E2 81 A6…A9).
    private static func isBidiControl(_ second: UInt8, _ third: UInt8) -> Bool {
        (second == 0x80 && (0xAA...0xAE).contains(third)) || (second == 0x81 && (0xA6...0xA9).contains(third))
    }
}
