/// When the reseller requires terms, every order accepts the current version (Rules.md).
public struct TermsRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        let reseller = context.reseller
        guard reseller.termsRequired else { return }
        let version = reseller.termsVersion ?? ""
        if facts.request.termsAccepted != true {
            findings.append(Diagnostic(
                .termsNotAccepted, field: RequestField.termsAccepted.name,
                "\(reseller.id) requires its terms and conditions: set terms_accepted to true with version \(version).",
                at: facts.location(.termsAccepted)))
        } else if facts.request.termsVersion != reseller.termsVersion {
            findings.append(Diagnostic(
                .termsNotAccepted, field: RequestField.termsVersion.name,
                "The terms accepted must be the current version \(version), not '\(facts.request.termsVersion ?? "")'.",
                at: facts.location(.termsVersion)))
        }
    }
}
