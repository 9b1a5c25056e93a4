/// Short registration only on trials that allow it; an account registered short may order only
/// such trials until it is registered in full (Rules.md).
public struct RegistrationRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        guard let period = facts.period else { return }
        let allowsShort = period.trial && period.registration == .short
        if facts.request.company != nil && facts.registration == .short && !allowsShort {
            findings.append(Diagnostic(
                .fullRegistrationRequired, field: RequestField.registration.name,
                "Period \(period.id) needs full registration: give the company's full details with registration full.",
                at: facts.location(.registration)))
        }
        if let account = facts.account, account.registration == .short, !allowsShort {
            findings.append(Diagnostic(
                .fullRegistrationRequired, field: RequestField.account.name,
                "Account \(account.id) was registered short and may order only trials that allow it until it is "
                    + "registered in full.", at: facts.location(.account)))
        }
    }
}
