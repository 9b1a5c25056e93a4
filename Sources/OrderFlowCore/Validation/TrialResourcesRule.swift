/// A trial's resources are fixed: an amount must be absent or equal to `included` (Rules.md).
public struct TrialResourcesRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        guard facts.isTrial, let plan = facts.plan else { return }
        for given in facts.request.resources {
            guard let resource = plan.resource(id: given.id), given.amount != resource.included else { continue }
            findings.append(Diagnostic(
                .trialResourcesFixed, field: given.field,
                "A trial comes with \(resource.included) \(resource.unit) of \(resource.name): leave the amount "
                    + "empty or write \(resource.included).",
                at: given.location))
        }
    }
}
