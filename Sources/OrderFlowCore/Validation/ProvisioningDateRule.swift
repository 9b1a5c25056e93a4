/// The provisioning date lies from the run's date to 15 days later, both included (Rules.md).
public struct ProvisioningDateRule: OrderRule {
    public static let maxDelayDays = 15

    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        guard let date = facts.request.provisioningDate else { return }
        let latest = context.asOf.adding(days: ProvisioningDateRule.maxDelayDays)
        let field = RequestField.provisioningDate.name
        if date < context.asOf {
            findings.append(Diagnostic(
                .provisioningDatePast, field: field,
                "\(date) is before the run's date \(context.asOf): choose a date from \(context.asOf) to \(latest).",
                at: facts.location(.provisioningDate)))
        } else if date > latest {
            findings.append(Diagnostic(
                .provisioningDateTooLate, field: field,
                "\(date) is more than \(ProvisioningDateRule.maxDelayDays) days after the run's date: choose a date "
                    + "from \(context.asOf) to \(latest).", at: facts.location(.provisioningDate)))
        }
    }
}
