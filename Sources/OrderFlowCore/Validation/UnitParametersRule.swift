/// Manual-approval products (Rules.md): one `<unitParameters>` per ordered unit of each resource
/// that declares parameters (included units counted), each with every declared parameter filled in.
public struct UnitParametersRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        guard let product = facts.product, product.manualApproval, let plan = facts.plan,
            let amounts = facts.amounts
        else { return }
        let sets = facts.request.unitParameters
        for resource in plan.resources where !resource.parameters.isEmpty {
            let field = "unitParameters:\(resource.id)"
            let ordered = amounts.first { $0.id == resource.id }?.amount ?? resource.included
            let given = sets.filter { $0.resource == resource.id }
            if Int64(given.count) != ordered {
                findings.append(Diagnostic(
                    .unitParametersRequired, field: field,
                    "\(ordered) \(resource.unit) of \(resource.name) are ordered, so give \(ordered) "
                        + "<unitParameters resource=\"\(resource.id)\"> (\(given.count) given), each with "
                        + resource.parameters.joined(separator: ", ") + ". They cannot be written in CSV: use XML.",
                    at: given.first?.location ?? facts.raw.location))
            }
            for set in given {
                let missing = resource.parameters.filter { name in
                    !set.values.contains { $0.name == name && !$0.value.isEmpty }
                }
                if !missing.isEmpty {
                    findings.append(Diagnostic(
                        .unitParametersRequired, field: field,
                        "Each unit of \(resource.name) needs a value for " + missing.joined(separator: ", ") + ".",
                        at: set.location))
                }
            }
        }
        for set in sets where plan.resource(id: set.resource).map({ $0.parameters.isEmpty }) ?? true {
            findings.append(Diagnostic(
                .unitParametersRequired, field: "unitParameters:\(set.resource)",
                "Resource '\(set.resource)' takes no unit parameters in plan \(plan.id): remove them.",
                at: set.location))
        }
    }
}
