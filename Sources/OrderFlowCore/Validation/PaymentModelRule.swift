/// The payment model (Rules.md): customers get the reseller's default; managers another only
/// when the reseller allows it; either way the plan must offer it. Postponed billing is prepay only.
public struct PaymentModelRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        let reseller = context.reseller
        let model = facts.paymentModel
        let location = facts.location(.paymentModel)
        let field = RequestField.paymentModel.name
        if model != reseller.defaultPaymentModel {
            if facts.channel == .customer {
                findings.append(Diagnostic(
                    .paymentModelNotAllowed, field: field,
                    "Orders through the customer channel use \(reseller.id)'s payment model "
                        + "\(reseller.defaultPaymentModel.rawValue): leave payment_model empty.", at: location))
            } else if !reseller.managerMayOverridePaymentModel {
                findings.append(Diagnostic(
                    .paymentModelNotAllowed, field: field,
                    "\(reseller.id) does not let managers change the payment model: use "
                        + "\(reseller.defaultPaymentModel.rawValue).", at: location))
            }
        }
        if let plan = facts.plan, let allowed = plan.paymentModels, !allowed.contains(model) {
            let offered = allowed.map(\.rawValue).joined(separator: " or ")
            findings.append(Diagnostic(
                .paymentModelNotAllowed, field: field,
                "Plan \(plan.id) is sold \(offered) only, not \(model.rawValue).", at: location))
        }
        if facts.request.postponedBilling == true && model == .postpay {
            findings.append(Diagnostic(
                .paymentModelNotAllowed, field: RequestField.postponedBilling.name,
                "Postponed billing is for prepaid orders: a postpaid order is billed monthly anyway. "
                    + "Remove postponed_billing.", at: facts.location(.postponedBilling)))
        }
    }
}
