/// Each resource's total amount lies in `[min, max]` (Rules.md); absent means its included amount.
/// A resource without `max` has no upper limit (CatalogFormat.md, Resource limits).
public struct ResourceAmountRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        guard let plan = facts.plan else { return }
        for resource in plan.resources {
            let given = facts.request.amount(of: resource.id)
            let amount = given == nil ? resource.included : given!.amount
            if let finding = Self.limitFinding(
                resource, amount: amount, field: RequestField.resourceColumnPrefix + resource.id,
                at: given?.location ?? facts.raw.location)
            {
                findings.append(finding)
            }
        }
    }

    /// `AMOUNT_BELOW_MIN` or `AMOUNT_ABOVE_MAX` for a total outside the resource's limits, or nil.
    /// A nil amount is a number of digits too large for any limit: `AMOUNT_ABOVE_MAX` even
    /// without `max` (DropFiles.md, value forms). Upgrades use it too (Rules.md).
    static func limitFinding(
        _ resource: Resource, amount: Int64?, field: String, at location: SourceLocation
    ) -> Diagnostic? {
        guard let amount else { return Diagnostic(.amountAboveMax, field: field, .tooLarge(resource), at: location) }
        if amount < resource.min {
            return Diagnostic(.amountBelowMin, field: field, .below(resource, amount), at: location)
        }
        if let max = resource.max, amount > max {
            return Diagnostic(.amountAboveMax, field: field, .above(resource, max), at: location)
        }
        return nil
    }
}

extension String {
    fileprivate static func below(_ resource: Resource, _ amount: Int64) -> String {
        "\(resource.name) must be at least \(resource.min) \(resource.unit) (\(amount) ordered, \(resource.included) "
            + "included): order the total amount, included units counted."
    }

    fileprivate static func above(_ resource: Resource, _ max: Int64) -> String {
        "\(resource.name) may be at most \(max) \(resource.unit): order less."
    }

    fileprivate static func tooLarge(_ resource: Resource) -> String {
        if let max = resource.max { return above(resource, max) }
        return "\(resource.name) has no upper limit, but this number is too large for any amount of "
            + "\(resource.unit): order less (at most \(Int64.max))."
    }
}
