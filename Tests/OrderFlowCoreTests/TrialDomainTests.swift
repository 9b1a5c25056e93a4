import Testing
@testable import OrderFlowCore

/// Provisioning.md, trials: a domain held by the account's own trial is not taken for its paid
/// order of the same product; held by anything else, it is (`DOMAIN_TAKEN`).
@Suite struct TrialDomainTests {
    let context = JudgeContext(catalog: SpecCatalog.catalog, reseller: SpecCatalog.acme, asOf: CalendarDate(iso: "2026-11-22")!)

    /// An earlier ledger in which ACC-7 exists and `globex.example` is held by `holders`.
    struct HeldDomain: OrderHistory {
        var holders: [DomainHolder]
        var hasLedger: Bool { true }
        func account(id: String, reseller: String) -> AccountRecord? {
            id == "ACC-7"
                ? AccountRecord(id: id, reseller: reseller, accountType: "company", registration: .full, companyName: "Globex GmbH", country: "DE")
                : nil
        }
        func acceptedRequest(ref: String, reseller: String) -> StoredRequest? { nil }
        func order(ref: String, reseller: String) -> OrderRecord? { nil }
        func renewalsAndUpgrades(subscription: String, reseller: String) -> [OrderRecord] { [] }
        func subscription(id: String, reseller: String) -> SubscriptionRecord? { nil }
        func isDomainHeld(_ domain: String, productId: String) -> Bool { domain == "globex.example" && !holders.isEmpty }
        func domainHolders(_ domain: String, productId: String) -> [DomainHolder] { holders }
        func trialUsed(_ use: TrialUse) -> Bool { false }
        func promoUses(code: String) -> Int { 0 }
    }

    /// ACC-7's paid order (1Y) of PRD-MAIL for globex.example.
    static func paidOrder() -> RawRequest {
        var raw = RawRequest(action: .order, location: SourceLocation(line: 2, column: 3))
        let values: [(RequestField, String)] = [
            (.reseller, "R-ACME"), (.ref, "A-7001"), (.channel, "customer"), (.account, "ACC-7"),
            (.product, "PRD-MAIL"), (.plan, "PLN-MAIL-STD"), (.period, "1Y"), (.provisioningDate, "2026-11-25"),
            (.dataLocation, "eu-central"), (.domain, "GLOBEX.example"), (.termsAccepted, "true"), (.termsVersion, "2026-01"),
        ]
        for (field, value) in values { raw.set(field, value, at: raw.location) }
        return raw
    }

    func codes(holders: [DomainHolder]) -> [ErrorCode] {
        var judge = BatchJudge(context: context, history: HeldDomain(holders: holders))
        var ids = SequentialIdentifiers()
        return judge.judge(Self.paidOrder(), ids: &ids).errors.map(\.code)
    }

    @Test func theAccountsOwnTrialLetsItsPaidOrderTakeTheDomain() {
        #expect(codes(holders: [DomainHolder(accountId: "ACC-7", planId: "PLN-MAIL-STD", periodId: "TRIAL30")]) == [])
    }

    @Test func anotherAccountsTrialOrAPaidSubscriptionHoldsIt() {
        #expect(codes(holders: [DomainHolder(accountId: "ACC-8", planId: "PLN-MAIL-STD", periodId: "TRIAL30")]) == [.domainTaken])
        #expect(codes(holders: [DomainHolder(accountId: "ACC-7", planId: "PLN-MAIL-STD", periodId: "1M")]) == [.domainTaken])
        #expect(codes(holders: [
            DomainHolder(accountId: "ACC-7", planId: "PLN-MAIL-STD", periodId: "TRIAL30"),
            DomainHolder(accountId: nil, planId: "", periodId: ""),
        ]) == [.domainTaken])
    }
}
