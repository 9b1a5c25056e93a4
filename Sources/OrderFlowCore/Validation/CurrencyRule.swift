/// The billing currency (Rules.md): only SaaS orders may choose one; it must be an ISO 4217
/// code with a plan → billing rate on the order date (trials too); a fixed promo needs a rate
/// from its currency to the billing currency.
public struct CurrencyRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        let reseller = context.reseller
        let field = RequestField.currency.name
        let location = facts.location(.currency)
        if let given = facts.request.currency {
            if let product = facts.product, product.service != .saas, given != reseller.currency.code {
                findings.append(Diagnostic(
                    .currencyNotAvailable, field: field,
                    "Only SaaS orders may choose their currency: \(product.name) is billed in "
                        + "\(reseller.currency.code). Remove currency.", at: location))
                return
            }
            if facts.billingCurrency == nil {
                findings.append(Diagnostic(
                    .currencyNotAvailable, field: field,
                    "'\(given)' is not an ISO 4217 currency code (for example EUR).", at: location))
                return
            }
        }
        guard let billing = facts.billingCurrency else { return }
        if let plan = facts.plan,
            context.catalog.exchangeRate(from: plan.currency.code, to: billing.code, on: context.asOf) == nil
        {
            findings.append(Diagnostic(
                .currencyNotAvailable, field: field,
                "There is no exchange rate from \(plan.currency.code) to \(billing.code) on \(context.asOf): "
                    + "choose another currency or ask for the rate.", at: location))
        }
        if let code = facts.request.promoCode, let promo = context.catalog.promo(code: code),
            case .amount(_, let currency?) = promo.discount,
            context.catalog.exchangeRate(from: currency, to: billing.code, on: context.asOf) == nil
        {
            findings.append(Diagnostic(
                .currencyNotAvailable, field: RequestField.promoCode.name,
                "Promo \(code) is an amount in \(currency), and there is no rate from \(currency) to "
                    + "\(billing.code) on \(context.asOf).", at: facts.location(.promoCode)))
        }
    }
}
