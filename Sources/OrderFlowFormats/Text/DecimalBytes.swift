import OrderFlowCore

/// Exact decimal numbers written straight into a byte buffer, for the documents a batch writes
/// by the hundred thousand (the e-invoices, their pages): integers and scaled values only, never
/// floating point, and no `String` in between.
enum DecimalBytes {
    /// `value × 10^-fractionDigits` with exactly `fractionDigits` decimals; a minus sign below 0.
    static func signed(_ value: Int128, fractionDigits: Int, into bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        let divisor = UInt128(ExactDivision.pow10(fractionDigits))
        padded(magnitude / divisor, width: 1, into: &bytes)
        if fractionDigits > 0 {
            bytes.append(UInt8(ascii: "."))
            padded(magnitude % divisor, width: fractionDigits, into: &bytes)
        }
    }

    /// `units × 10^-scale` without trailing fractional zeros: `(921500, 6)` → `0.9215`.
    static func trimmed(_ units: Int128, scale: Int, into bytes: inout [UInt8]) {
        var units = units
        var scale = scale
        while scale > 0 && units % 10 == 0 {
            units /= 10
            scale -= 1
        }
        signed(units, fractionDigits: scale, into: &bytes)
    }

    /// At least `width` digits, zeros in front; written backwards, then turned around in place.
    static func padded<Value: UnsignedInteger>(_ value: Value, width: Int, into bytes: inout [UInt8]) {
        let start = bytes.count
        var rest = value
        var count = 0
        while rest > 0 || count < width {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
            count += 1
        }
        bytes[start...].reverse()
    }
}
