/// A non-negative or signed decimal held exactly as an integer count of `10^-scale` units.
///
/// Catalog fees have at most 4 decimals (``Scale/fee``), exchange and tax rates at most 6
/// (``Scale/rate``). Parsing rejects more decimals than the scale allows instead of rounding,
/// so a catalog can never carry a value OrderFlow does not hold exactly.
public struct ScaledDecimal: Sendable, Hashable, Codable {
    /// The value times `10^scale`.
    public var units: Int64
    public var scale: Int

    public init(units: Int64, scale: Int) {
        self.units = units
        self.scale = scale
    }

    public enum Scale {
        public static let fee = 4
        public static let rate = 6
        public static let percent = 4
    }

    public static func zero(scale: Int) -> ScaledDecimal { ScaledDecimal(units: 0, scale: scale) }

    public var isZero: Bool { units == 0 }

    /// Parses `digits[.digits]` (no sign, exponent, spaces or thousands separators) with at most
    /// `scale` decimals. Returns nil for anything else, including values too large for `Int64`.
    public static func parse(_ text: some StringProtocol, scale: Int, allowSign: Bool = false) -> ScaledDecimal? {
        var units: Int64 = 0
        var decimals = 0
        var seenPoint = false
        var seenDigit = false
        var negative = false
        var index = 0
        for byte in text.utf8 {
            defer { index += 1 }
            if byte == UInt8(ascii: "-") && allowSign && index == 0 {
                negative = true
                continue
            }
            if byte == UInt8(ascii: ".") {
                if seenPoint || !seenDigit { return nil }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            seenDigit = true
            if seenPoint {
                decimals += 1
                if decimals > scale { return nil }
            }
            let (times10, o1) = units.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            units = sum
        }
        if !seenDigit { return nil }
        if seenPoint && decimals == 0 { return nil }  // "5." is not a number a reseller means
        for _ in decimals..<scale {
            let (times10, overflow) = units.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            units = times10
        }
        return ScaledDecimal(units: negative ? -units : units, scale: scale)
    }

    /// The plain decimal text, with exactly `scale` decimals trimmed of trailing zeros
    /// (`0.921500` → `0.9215`, `10.0000` → `10`).
    public var text: String {
        let negative = units < 0
        let magnitude = units.magnitude
        let divisor = UInt64(ExactDivision.pow10(scale))
        let whole = magnitude / divisor
        var fraction = String(magnitude % divisor)
        fraction = String(repeating: "0", count: scale - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (negative ? "-" : "") + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }
}
