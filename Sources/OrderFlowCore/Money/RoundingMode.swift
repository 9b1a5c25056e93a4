/// How an exact amount is rounded to a currency's minor units (Pricing.md, step 2).
public enum RoundingMode: String, Sendable, Codable, CaseIterable {
    /// Halves away from zero: 0.125 → 0.13, −0.125 → −0.13.
    case halfUp = "half-up"
    /// Halves to the even digit: 0.125 → 0.12, 0.135 → 0.14.
    case halfEven = "half-even"
}

/// Exact division of integers, rounded once.
///
/// Every amount that divides (conversion, percent discounts, taxes, tax-inclusive
/// extraction, upgrade proration) is computed as one numerator over one denominator and
/// rounded here, so no intermediate rounding can drift a cent.
public enum ExactDivision {
    /// `numerator / denominator`, rounded to an integer with `mode`; nil when `denominator` is not
    /// above 0 (a proration over no days), so that no input can stop the process.
    ///
    /// Works on magnitudes (`UInt128`), so neither `Int128.min` nor a remainder near the top of the
    /// range can overflow.
    @inlinable
    public static func rounded(_ numerator: Int128, _ denominator: Int128, _ mode: RoundingMode) -> Int128? {
        guard denominator > 0 else { return nil }
        let divisor = UInt128(denominator)
        let magnitude = numerator.magnitude
        var quotient = magnitude / divisor
        let remainder = magnitude % divisor
        let rest = divisor - remainder  // remainder × 2 compared without doubling it
        if remainder > rest {
            quotient += 1
        } else if remainder == rest {
            switch mode {
            case .halfUp: quotient += 1
            case .halfEven: if quotient % 2 == 1 { quotient += 1 }
            }
        }
        // quotient ≤ |numerator| ≤ 2^127, and 2^127 only for Int128.min / 1: both signs fit.
        return numerator < 0 ? Int128(truncatingIfNeeded: 0 &- quotient) : Int128(quotient)
    }

    /// 10 to the power `exponent` (0...30).
    @inlinable
    public static func pow10(_ exponent: Int) -> Int128 {
        var value: Int128 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
