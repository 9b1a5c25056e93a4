import Testing
@testable import OrderFlowCore

/// Trials.md: a trial drop orders trial periods only, one trial per contact e-mail and plan.
@Suite struct TrialDropRuleTests {
    static var context: JudgeContext {
        var context = JudgeContext(catalog: SpecCatalog.catalog, reseller: SpecCatalog.acme, asOf: CalendarDate(iso: "2026-11-22")!)
        context.trialsOnly = true
        return context
    }

    /// A new company's trial of PLN-MAIL-STD (TRIAL30, short registration) with `email`.
    static func trial(ref: String, email: String, period: String = "TRIAL30", line: Int = 2) -> RawRequest {
        var raw = RawRequest(action: .order, location: SourceLocation(line: line, column: 1))
        let values: [(RequestField, String)] = [
            (.reseller, "R-ACME"), (.ref, ref), (.channel, "customer"), (.registration, "short"),
            (.accountType, "individual"), (.contactName, "Ann Trial"), (.contactEmail, email), (.country, "DE"),
            (.product, "PRD-MAIL"), (.plan, "PLN-MAIL-STD"), (.period, period), (.provisioningDate, "2026-11-22"),
            (.dataLocation, "eu-central"), (.domain, "\(ref.lowercased()).example"), (.termsAccepted, "true"),
            (.termsVersion, "2026-01"),
        ]
        for (field, value) in values { raw.set(field, value, at: raw.location) }
        return raw
    }

    /// The ledger already holds `used`.
    struct UsedTrials: OrderHistory {
        var used: Set<TrialUse>
        var hasLedger: Bool { true }
        func account(id: String, reseller: String) -> AccountRecord? { nil }
        func acceptedRequest(ref: String, reseller: String) -> StoredRequest? { nil }
        func order(ref: String, reseller: String) -> OrderRecord? { nil }
        func renewalsAndUpgrades(subscription: String, reseller: String) -> [OrderRecord] { [] }
        func subscription(id: String, reseller: String) -> SubscriptionRecord? { nil }
        func isDomainHeld(_ domain: String, productId: String) -> Bool { false }
        func domainHolders(_ domain: String, productId: String) -> [DomainHolder] { [] }
        func trialUsed(_ use: TrialUse) -> Bool { used.contains(use) }
        func promoUses(code: String) -> Int { 0 }
    }

    @Test func aTrialIsAcceptedAndRecordsItsUse() {
        var judge = BatchJudge(context: Self.context, history: EmptyHistory())
        var ids = SequentialIdentifiers()
        let judged = judge.judge(Self.trial(ref: "T-1", email: "Ann@Trial.example"), ids: &ids)
        #expect(judged.errors.isEmpty)
        #expect(judged.result.subscriptionStatus == .active && judged.result.paymentId == nil)
        #expect(judged.effects?.trialUse == TrialUse(reseller: "R-ACME", email: "ann@trial.example", planId: "PLN-MAIL-STD"))
    }

    @Test func theSameEmailAndPlanLaterInTheFileIsAlreadyUsedWhateverItsCase() {
        var judge = BatchJudge(context: Self.context, history: EmptyHistory())
        var ids = SequentialIdentifiers()
        _ = judge.judge(Self.trial(ref: "T-1", email: "ann@trial.example"), ids: &ids)
        let second = judge.judge(Self.trial(ref: "T-2", email: "ANN@TRIAL.EXAMPLE", line: 3), ids: &ids)
        #expect(second.errors.map(\.code) == [.trialAlreadyUsed])
        #expect(second.result.errorField == "contact_email")
    }

    @Test func aTrialInTheLedgerCountsWhateverBecameOfIt() {
        let used = TrialUse(reseller: "R-ACME", email: "ann@trial.example", planId: "PLN-MAIL-STD")
        var judge = BatchJudge(context: Self.context, history: UsedTrials(used: [used]))
        var ids = SequentialIdentifiers()
        #expect(judge.judge(Self.trial(ref: "T-1", email: "Ann@trial.example"), ids: &ids).errors.map(\.code) == [.trialAlreadyUsed])
        // Another reseller's trial of the same e-mail does not count.
        let elsewhere = TrialUse(reseller: "R-MAPLE", email: "ann@trial.example", planId: "PLN-MAIL-STD")
        var other = BatchJudge(context: Self.context, history: UsedTrials(used: [elsewhere]))
        #expect(other.judge(Self.trial(ref: "T-1", email: "ann@trial.example"), ids: &ids).errors.isEmpty)
    }

    @Test func aPaidPeriodIsNotATrial() {
        var judge = BatchJudge(context: Self.context, history: EmptyHistory())
        var ids = SequentialIdentifiers()
        var raw = Self.trial(ref: "T-1", email: "ann@trial.example", period: "1M")
        raw.set(.registration, "full", at: raw.location)
        let judged = judge.judge(raw, ids: &ids)
        // A full registration also needs the company's details (MISSING_FIELD, ranked first).
        #expect(judged.errors.map(\.code).contains(.periodNotTrial))
        #expect(judged.errors.first { $0.code == .periodNotTrial }?.field == "period")
    }

    @Test func onlyOrdersBelongInATrialDrop() {
        var judge = BatchJudge(context: Self.context, history: EmptyHistory())
        var ids = SequentialIdentifiers()
        var cancel = RawRequest(action: .cancel, location: SourceLocation(line: 2, column: 1))
        cancel.set(.reseller, "R-ACME", at: cancel.location)
        cancel.set(.ref, "T-1", at: cancel.location)
        #expect(judge.judge(cancel, ids: &ids).errors.map(\.code) == [.invalidValue])
    }

    @Test func theImportRecordsTrialsButDoesNotLimitThem() {
        let used = TrialUse(reseller: "R-ACME", email: "ann@trial.example", planId: "PLN-MAIL-STD")
        var judge = BatchJudge(
            context: JudgeContext(catalog: SpecCatalog.catalog, reseller: SpecCatalog.acme, asOf: CalendarDate(iso: "2026-11-22")!),
            history: UsedTrials(used: [used]))
        var ids = SequentialIdentifiers()
        let judged = judge.judge(Self.trial(ref: "T-1", email: "ann@trial.example"), ids: &ids)
        #expect(judged.errors.isEmpty)
        #expect(judged.effects?.trialUse == used)
    }
}
