/// Each resource's total amount lies in `[min, max]` (Rules.md); absent means its included amount.
public struct ResourceAmountRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        guard let plan = facts.plan else { return }
        for resource in plan.resources {
            let given = facts.request.amount(of: resource.id)
            let field = RequestField.resourceColumnPrefix + resource.id
            let location = given?.location ?? facts.raw.location
            guard let amount = given == nil ? resource.included : given!.amount else {
                if given != nil {
                    findings.append(Diagnostic(.amountAboveMax, field: field, .above(resource), at: location))
                }
                continue
            }
            if amount < resource.min {
                findings.append(Diagnostic(.amountBelowMin, field: field, .below(resource, amount), at: location))
            } else if amount > resource.max {
                findings.append(Diagnostic(.amountAboveMax, field: field, .above(resource), at: location))
            }
        }
    }
}

extension String {
    fileprivate static func below(_ resource: Resource, _ amount: Int64) -> String {
        "\(resource.name) must be at least \(resource.min) \(resource.unit) (\(amount) ordered, \(resource.included) "
            + "included): order the total amount, included units counted."
    }

    fileprivate static func above(_ resource: Resource) -> String {
        "\(resource.name) may be at most \(resource.max) \(resource.unit): order less."
    }
}
