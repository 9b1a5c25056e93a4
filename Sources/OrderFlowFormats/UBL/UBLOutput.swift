import OrderFlowCore

/// The byte-level half of ``UBLWriter``: elements, escaped text and exact decimal numbers,
/// appended to one reused buffer.
///
/// Nothing here allocates per element: names are `StaticString`s, text is copied byte by byte from
/// the string's own UTF-8 storage, and numbers are written digit by digit from integers (never
/// through `String(_:)`, `Double` or `Decimal`), so a batch of 100,000 documents costs only the
/// buffer's growth.
struct UBLOutput {
    var bytes: [UInt8]
    private var depth = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: Elements

    /// A start tag on its own line, one level deeper than its parent.
    mutating func open(_ name: StaticString) {
        newline()
        bytes.append(UInt8(ascii: "<"))
        raw(name)
        bytes.append(UInt8(ascii: ">"))
        depth += 1
    }

    mutating func close(_ name: StaticString) {
        depth -= 1
        newline()
        endTag(name)
    }

    /// `<name>text</name>`, the text escaped.
    mutating func leaf(_ name: StaticString, _ text: String) {
        startLeaf(name)
        escaped(text)
        endTag(name)
    }

    /// `<name>2026-11-01</name>`.
    mutating func leaf(_ name: StaticString, _ date: CalendarDate) {
        startLeaf(name)
        padded(UInt64(date.year), width: 4)
        bytes.append(UInt8(ascii: "-"))
        padded(UInt64(date.month), width: 2)
        bytes.append(UInt8(ascii: "-"))
        padded(UInt64(date.day), width: 2)
        endTag(name)
    }

    /// `<name>42</name>`.
    mutating func leaf(_ name: StaticString, integer: Int64) {
        startLeaf(name)
        signed(Int128(integer), fractionDigits: 0)
        endTag(name)
    }

    /// `<name currencyID="EUR">12.30</name>` (``amount(_:digits:)``).
    mutating func amount(_ name: StaticString, _ minorUnits: Int64, _ currency: Currency) {
        newline()
        bytes.append(UInt8(ascii: "<"))
        raw(name)
        attribute(" currencyID=\"", currency.code)
        bytes.append(UInt8(ascii: ">"))
        amount(minorUnits, digits: currency.minorUnits)
        endTag(name)
    }

    /// `<name unitCode="C62">3</name>`.
    mutating func quantity(_ name: StaticString, _ quantity: Int64, unitCode: String) {
        newline()
        bytes.append(UInt8(ascii: "<"))
        raw(name)
        attribute(" unitCode=\"", unitCode)
        bytes.append(UInt8(ascii: ">"))
        signed(Int128(quantity), fractionDigits: 0)
        endTag(name)
    }

    /// `<name>19</name>` for a rate of `0.19`: the rate as a percentage, trailing zeros dropped.
    mutating func percent(_ name: StaticString, rate: ScaledDecimal) {
        startLeaf(name)
        percentText(rate: rate)
        endTag(name)
    }

    /// `<name>10</name>` for a ``ScaledDecimal`` already in percent, trailing zeros dropped.
    mutating func decimal(_ name: StaticString, _ value: ScaledDecimal) {
        startLeaf(name)
        trimmed(Int128(value.units), scale: value.scale)
        endTag(name)
    }

    mutating func xmlDeclaration() {
        raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
    }

    /// The root start tag with the document namespace as default and the `cac` and `cbc` prefixes.
    mutating func openRoot(_ name: StaticString, namespace: StaticString) {
        newline()
        bytes.append(UInt8(ascii: "<"))
        raw(name)
        raw(" xmlns=\"")
        raw(namespace)
        raw("\" xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\"")
        raw(" xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">")
        depth += 1
    }

    /// Ends the document with the root's end tag and a final line feed.
    mutating func closeRoot(_ name: StaticString) {
        close(name)
        bytes.append(0x0A)
    }

    // MARK: Text pieces, for notes built from several values

    mutating func startLeaf(_ name: StaticString) {
        newline()
        bytes.append(UInt8(ascii: "<"))
        raw(name)
        bytes.append(UInt8(ascii: ">"))
    }

    mutating func endTag(_ name: StaticString) {
        bytes.append(UInt8(ascii: "<"))
        bytes.append(UInt8(ascii: "/"))
        raw(name)
        bytes.append(UInt8(ascii: ">"))
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Character data, escaped for element content and attribute values alike.
    ///
    /// `&`, `<`, `>` and `"` become entities; CR becomes `&#13;` (a parser would turn a raw CR into
    /// LF); characters XML 1.0 cannot carry at all (C0 controls other than tab, LF and CR, and
    /// U+FFFE/U+FFFF) become U+FFFD, so that no input can make the document ill-formed.
    mutating func escaped(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "&"): raw("&amp;")
                case UInt8(ascii: "<"): raw("&lt;")
                case UInt8(ascii: ">"): raw("&gt;")
                case UInt8(ascii: "\""): raw("&quot;")
                case 0x0D: raw("&#13;")
                case 0x09, 0x0A: bytes.append(byte)
                case 0x00..<0x20: raw("\u{FFFD}")
                case 0xEF where index + 2 < utf8.count && utf8[index + 1] == 0xBF && utf8[index + 2] >= 0xBE:
                    raw("\u{FFFD}")
                    index += 2
                default: bytes.append(byte)
                }
                index += 1
            }
        }
    }

    /// An amount from minor units: `1230` → `12.30` (EUR), `1234` (JPY), `1.250` (BHD).
    ///
    /// EN 16931 allows at most two decimals in an amount (BR-DEC-*), and counts them in the text, so
    /// a three-decimal currency's amount whose last digit is 0 is written with two (`1.250` BHD as
    /// `1.25`, the same number). One whose last digit is not 0 keeps its three decimals: rounding
    /// money is pricing's decision, not the writer's, and ``EInvoiceCheck`` reports it as BR-DEC.
    mutating func amount(_ minorUnits: Int64, digits: Int) {
        let value = Int128(minorUnits)
        if digits > 2 {
            let drop = ExactDivision.pow10(digits - 2)
            if value % drop == 0 {
                signed(value / drop, fractionDigits: 2)
                return
            }
        }
        signed(value, fractionDigits: digits)
    }

    /// A rate fraction as a percentage: `0.19` → `19`, `0.09975` → `9.975`, `0` → `0`.
    mutating func percentText(rate: ScaledDecimal) {
        if rate.scale >= 2 {
            trimmed(Int128(rate.units), scale: rate.scale - 2)
        } else {
            trimmed(Int128(rate.units) * ExactDivision.pow10(2 - rate.scale), scale: 0)
        }
    }

    /// `units × 10^-scale` without trailing fractional zeros: `(921500, 6)` → `0.9215`.
    mutating func trimmed(_ units: Int128, scale: Int) { DecimalBytes.trimmed(units, scale: scale, into: &bytes) }

    /// `value × 10^-fractionDigits` with exactly `fractionDigits` decimals.
    mutating func signed(_ value: Int128, fractionDigits: Int) {
        DecimalBytes.signed(value, fractionDigits: fractionDigits, into: &bytes)
    }

    // MARK: Private

    private mutating func attribute(_ prefix: StaticString, _ value: String) {
        raw(prefix)
        escaped(value)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Line breaks only around the root element: a batch writes one document per invoice, often
    /// 100,000, and indentation made a typical one a fifth larger and two disk blocks instead of
    /// one (BENCHMARKS.md). `xmllint --format` shows a document indented.
    private mutating func newline() {
        if depth == 0 { bytes.append(0x0A) }
    }

    private mutating func padded<Value: UnsignedInteger>(_ value: Value, width: Int) {
        DecimalBytes.padded(value, width: width, into: &bytes)
    }
}
