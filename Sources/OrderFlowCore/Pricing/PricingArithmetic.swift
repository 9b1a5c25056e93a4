/// The exact arithmetic under Pricing.md: products of catalog decimals in `Int128`, one division
/// rounded once with ``ExactDivision``.
///
/// Overflow is checked, never wrapped and never a trap: a product beyond `Int128`, or a rounded
/// amount beyond `Int64` minor units (more than 92 thousand trillion units of a 2-decimal
/// currency), throws ``AmountOutOfRange``. `catalog check` refuses a catalog whose fees, limits and
/// rates can reach that (CatalogFormat.md); a request that still does, through a resource without
/// `max`, is `AMOUNT_TOO_LARGE` (ErrorCodes.md).
public enum PricingArithmetic {
    /// An amount OrderFlow cannot hold exactly (beyond `Int64` minor units), or a division by no days.
    public struct AmountOutOfRange: Error, Sendable, Hashable {
        public init() {}
    }

    /// The product of `factors`, checked.
    public static func product(_ factors: Int128...) throws(AmountOutOfRange) -> Int128 {
        var result: Int128 = 1
        for factor in factors {
            let (value, overflow) = result.multipliedReportingOverflow(by: factor)
            if overflow { throw AmountOutOfRange() }
            result = value
        }
        return result
    }

    /// `numerator / denominator` rounded once with `mode`, as minor units.
    public static func rounded(_ numerator: Int128, _ denominator: Int128, _ mode: RoundingMode) throws(AmountOutOfRange)
        -> Int64
    {
        guard let value = ExactDivision.rounded(numerator, denominator, mode), let result = Int64(exactly: value) else {
            throw AmountOutOfRange()
        }
        return result
    }

    /// `a + b`, checked.
    public static func add(_ a: Int64, _ b: Int64) throws(AmountOutOfRange) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { throw AmountOutOfRange() }
        return sum
    }

    /// Scales a numerator and a denominator so that `numerator / denominator` is in units of
    /// `10^-targetScale` when the numerator is in units of `10^-sourceScale`.
    static func rescale(
        numerator: Int128, denominator: Int128, sourceScale: Int, targetScale: Int
    ) throws(AmountOutOfRange) -> (numerator: Int128, denominator: Int128) {
        let shift = sourceScale - targetScale
        if shift >= 0 { return (numerator, try product(denominator, ExactDivision.pow10(shift))) }
        return (try product(numerator, ExactDivision.pow10(-shift)), denominator)
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
    ) throws(AmountOutOfRange) -> Int64 {
        let numerator = try product(
            Int128(units), Int128(fee.units), Int128(months), Int128(rate.units), Int128(fraction.numerator))
        let scaled = try rescale(
            numerator: numerator, denominator: Int128(fraction.denominator),
            sourceScale: fee.scale + rate.scale, targetScale: currency.minorUnits)
        return try rounded(scaled.numerator, scaled.denominator, mode)
    }

    /// An amount in another currency (fee scale) converted at `rate` and rounded once (a fixed promo,
    /// a fixed top-up, a plan's blocking threshold).
    public static func convert(
        _ amount: ScaledDecimal, rate: ScaledDecimal, to currency: Currency, mode: RoundingMode
    ) throws(AmountOutOfRange) -> Int64 {
        try convertLine(units: 1, fee: amount, months: 1, rate: rate, currency: currency, mode: mode)
    }

    /// `round(amount × percent / 100)`, the percent in percent scale.
    public static func percentOf(_ amount: Int64, percent: ScaledDecimal, mode: RoundingMode) throws(AmountOutOfRange)
        -> Int64
    {
        try rounded(
            try product(Int128(amount), Int128(percent.units)), try product(100, ExactDivision.pow10(percent.scale)),
            mode)
    }

    /// Σ `values`, checked.
    public static func sum(_ values: some Sequence<Int64>) throws(AmountOutOfRange) -> Int64 {
        var total: Int64 = 0
        for value in values { total = try add(total, value) }
        return total
    }
}
