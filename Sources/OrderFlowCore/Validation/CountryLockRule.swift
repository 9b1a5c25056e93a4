/// With `countryLocked`, a new company's country must be the reseller's (Rules.md).
public struct CountryLockRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        let reseller = context.reseller
        guard reseller.countryLocked, facts.request.company != nil, let country = facts.country,
            country != reseller.country
        else { return }
        findings.append(Diagnostic(
            .countryLocked, field: RequestField.country.name,
            "\(reseller.id) registers companies in \(reseller.country) only, not \(country).",
            at: facts.location(.country)))
    }
}
