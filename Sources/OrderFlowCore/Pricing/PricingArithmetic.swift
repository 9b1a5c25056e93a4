/// The exact arithmetic under Pricing.md: products of catalog decimals in `Int128`, one division
/// rounded once with ``ExactDivision``.
///
/// Overflow is checked, never wrapped: a product beyond `Int128`, or a rounded amount beyond
/// `Int64` minor units (more than 92 thousand trillion units of a 2-decimal currency), can only
/// come from a catalog whose fees or resource maxima no real order reaches, and stops with a
/// message naming the operation instead of producing a wrong amount.
public enum PricingArithmetic {
    /// The product of `factors`, checked.
    public static func product(_ factors: Int128...) -> Int128 {
        var result: Int128 = 1
        for factor in factors {
            let (value, overflow) = result.multipliedReportingOverflow(by: factor)
            precondition(
                !overflow,
                "pricing: an intermediate product exceeds Int128; the catalog's fees or maxima are out of range")
            result = value
        }
        return result
    }

    /// `numerator / denominator` rounded once with `mode`, as minor units.
    public static func rounded(_ numerator: Int128, _ denominator: Int128, _ mode: RoundingMode) -> Int64 {
        let value = ExactDivision.rounded(numerator, denominator, mode)
        precondition(
            value >= Int128(Int64.min) && value <= Int128(Int64.max),
            "pricing: an amount exceeds Int64 minor units; the catalog's fees or maxima are out of range")
        return Int64(value)
    }

    /// `a + b`, checked.
    public static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        precondition(!overflow, "pricing: a sum exceeds Int64 minor units")
        return sum
    }

    /// Scales a numerator and a denominator so that `numerator / denominator` is in units of
    /// `10^-targetScale` when the numerator is in units of `10^-sourceScale`.
    static func rescale(
        numerator: Int128, denominator: Int128, sourceScale: Int, targetScale: Int
    ) -> (numerator: Int128, denominator: Int128) {
        let shift = sourceScale - targetScale
        if shift >= 0 { return (numerator, product(denominator, ExactDivision.pow10(shift))) }
        return (product(numerator, ExactDivision.pow10(-shift)), denominator)
    }

    /// Pricing.md, step 2 for one line: `units × fee × months × rate × fraction`, in the currency's
    /// minor units, rounded once.
    ///
    /// `fee` is in the plan currency (fee scale), `rate` converts plan → billing currency (rate scale);
    /// `fraction` is the upgrade proration (days left / days in the period), 1/1 otherwise. With fee
    /// scale 4 and rate scale 6 this is `round(units × fee × months × rate × n / (10^(10 − minorUnits) × d))`.
    public static func convertLine(
        units: Int64, fee: ScaledDecimal, months: Int64, rate: ScaledDecimal,
        fraction: (numerator: Int64, denominator: Int64) = (1, 1), currency: Currency, mode: RoundingMode
    ) -> Int64 {
        precondition(fraction.denominator > 0, "pricing: a proration over a period of no days")
        let numerator = product(
            Int128(units), Int128(fee.units), Int128(months), Int128(rate.units), Int128(fraction.numerator))
        let scaled = rescale(
            numerator: numerator, denominator: Int128(fraction.denominator),
            sourceScale: fee.scale + rate.scale, targetScale: currency.minorUnits)
        return rounded(scaled.numerator, scaled.denominator, mode)
    }

    /// An amount in another currency (fee scale) converted at `rate` and rounded once (a fixed promo,
    /// a fixed top-up, a plan's blocking threshold).
    public static func convert(
        _ amount: ScaledDecimal, rate: ScaledDecimal, to currency: Currency, mode: RoundingMode
    ) -> Int64 {
        convertLine(units: 1, fee: amount, months: 1, rate: rate, currency: currency, mode: mode)
    }

    /// `round(amount × percent / 100)`, the percent in percent scale.
    public static func percentOf(_ amount: Int64, percent: ScaledDecimal, mode: RoundingMode) -> Int64 {
        rounded(product(Int128(amount), Int128(percent.units)), product(100, ExactDivision.pow10(percent.scale)), mode)
    }
}
