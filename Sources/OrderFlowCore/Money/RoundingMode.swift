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
    /// `numerator / denominator`, rounded to an integer with `mode`. `denominator` must be > 0.
    @inlinable
    public static func rounded(_ numerator: Int128, _ denominator: Int128, _ mode: RoundingMode) -> Int128 {
        precondition(denominator > 0, "division by a non-positive denominator")
        let negative = numerator < 0
        let magnitude = negative ? -numerator : numerator
        var quotient = magnitude / denominator
        let remainder = magnitude % denominator
        let twice = remainder * 2
        if twice > denominator {
            quotient += 1
        } else if twice == denominator {
            switch mode {
            case .halfUp: quotient += 1
            case .halfEven: if quotient % 2 == 1 { quotient += 1 }
            }
        }
        return negative ? -quotient : quotient
    }

    /// 10 to the power `exponent` (0...30).
    @inlinable
    public static func pow10(_ exponent: Int) -> Int128 {
        var value: Int128 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
