/// New on-premise licences are not sold: only renewals and upgrades (Rules.md).
public struct OnPremiseRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        guard let product = facts.product, product.service == .onPremise else { return }
        findings.append(Diagnostic(
            .onPremiseNewNotSold, field: RequestField.product.name,
            "New \(product.name) licences are not sold: an existing licence can only be renewed or upgraded.",
            at: facts.location(.product)))
    }
}
