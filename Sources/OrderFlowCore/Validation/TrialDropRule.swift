/// The `trials` job's own rules (Trials.md): a trial drop orders trial periods only, and a contact
/// e-mail gets one trial of a plan per reseller, in the ledger or earlier in the file, whatever
/// became of it.
public struct TrialDropRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        guard context.trialsOnly, let plan = facts.plan, let period = facts.period else { return }
        guard period.trial else {
            let trials = plan.periods.filter(\.trial).map(\.id)
            findings.append(Diagnostic(
                .periodNotTrial, field: RequestField.period.name,
                trials.isEmpty
                    ? "Period \(period.id) is not a trial, and plan \(plan.id) has no trial period: order it through the import instead."
                    : "Period \(period.id) is not a trial: a trial drop orders trial periods only (\(trials.joined(separator: ", "))).",
                at: facts.location(.period)))
            return
        }
        guard let use = Self.use(facts, context) else { return }
        if history.trialUsed(use) {
            findings.append(Diagnostic(
                .trialAlreadyUsed, field: RequestField.contactEmail.name,
                "\(use.email) already had a trial of plan \(plan.id) at \(context.reseller.id): one trial per contact e-mail and plan; order a paid period instead.",
                at: facts.request.account == nil ? facts.location(.contactEmail) : facts.location(.account)))
        }
    }

    /// The trial an accepted trial order uses: its contact e-mail (an `account` row: the
    /// account's) and plan; nil without an e-mail.
    public static func use(_ facts: OrderFacts, _ context: JudgeContext) -> TrialUse? {
        guard facts.isTrial, let plan = facts.plan,
            let email = facts.account?.contactEmail ?? facts.request.company?.contactEmail, !email.isEmpty
        else { return nil }
        return TrialUse(reseller: context.reseller.id, email: email, planId: plan.id)
    }
}
