/// Promo codes (Rules.md): known, valid on the order date, for this plan, and not used up.
public struct PromoRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        guard let code = facts.request.promoCode else { return }
        let field = RequestField.promoCode.name
        let location = facts.location(.promoCode)
        guard let promo = context.catalog.promo(code: code) else {
            findings.append(Diagnostic(
                .promoUnknown, field: field, "There is no promo code '\(code)': check its spelling or remove it.",
                at: location))
            return
        }
        let date = context.asOf
        if let from = promo.validFrom, date < from {
            findings.append(Diagnostic(
                .promoExpired, field: field, "Promo \(code) is valid from \(from) only: remove it or order later.",
                at: location))
        } else if let to = promo.validTo, date > to {
            findings.append(Diagnostic(
                .promoExpired, field: field, "Promo \(code) expired on \(to): remove it.", at: location))
        }
        if let plans = promo.plans, let plan = facts.plan, !plans.contains(plan.id) {
            findings.append(Diagnostic(
                .promoNotApplicable, field: field,
                "Promo \(code) is not for plan \(plan.id): it applies to \(plans.joined(separator: ", ")).",
                at: location))
        }
        if let maxUses = promo.maxUses, history.promoUses(code: code) >= maxUses {
            findings.append(Diagnostic(
                .promoExhausted, field: field, "Promo \(code) has been used its \(maxUses) times: remove it.",
                at: location))
        }
    }
}
