/// `blockingThreshold` only for postpaid orders, with no more decimals than the billing currency has.
public struct BlockingThresholdRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        guard let threshold = facts.request.blockingThreshold else { return }
        let location = facts.location(.blockingThreshold)
        let field = RequestField.blockingThreshold.name
        if facts.paymentModel != .postpay {
            findings.append(Diagnostic(
                .thresholdNotPostpaid, field: field,
                "A blocking threshold applies to postpaid subscriptions only: remove it or order postpay.",
                at: location))
        }
        if let currency = facts.billingCurrency, !BlockingThresholdRule.fits(threshold, currency) {
            findings.append(Diagnostic(
                .invalidValue, field: field,
                "\(currency.code) has \(currency.minorUnits) decimals: write the threshold with at most that many.",
                at: location))
        }
    }

    /// True when the value has no more decimals than the currency's minor units.
    static func fits(_ value: ScaledDecimal, _ currency: Currency) -> Bool {
        let drop = value.scale - currency.minorUnits
        return drop <= 0 || Int128(value.units) % ExactDivision.pow10(drop) == 0
    }
}
