/// The company's account type, given or stored, must be one the plan allows (Rules.md).
public struct AccountTypeRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        guard let plan = facts.plan, let allowed = plan.accountTypes, let type = facts.accountType,
            !allowed.contains(type)
        else { return }
        let field = facts.account != nil ? RequestField.account.name : RequestField.accountType.name
        findings.append(Diagnostic(
            .accountTypeNotAllowed, field: field,
            "Plan \(plan.id) is for \(allowed.joined(separator: " or ")) accounts, not \(type).",
            at: facts.location(facts.account != nil ? .account : .accountType)))
    }
}
