import Testing
@testable import OrderFlowCore

/// Pricing.md, step 8: a cancel ends the subscription with every charge on it — the order's and
/// those of its renewals and upgrades: each open payment voided, what was paid refunded, each
/// invoiced sales order credited.
///
/// The subscription (SpecCatalog, run's date 2026-11-22, USD → EUR at 0.9215, DE VAT 19 %):
///
/// | request | sales order | lines (USD → EUR, rounded each) | net | VAT | total | payment | invoice |
/// |---|---|---|---|---|---|---|---|
/// | A-1001 order, 1Y, postponed billing | SO-1 | (the example order) | 453.56 | 86.18 | 539.74 | PAY-1, due 2026-12-22 | ACME-2026-000001 |
/// | R-1 renewal, 1Y | SO-2 | fee 100.00 → 92.15; 15 mailboxes × 2.00 × 12 = 360.00 → 331.74; 40 GB × 0.10 × 12 = 48.00 → 44.23 | 468.12 | 88.94 | 557.06 | PAY-2, due 2026-12-06 | ACME-2026-000002 |
/// | U-1 upgrade, mailboxes 20 → 22 | SO-3 | setup 2 × 1.00 = 2.00 → 1.84; 2 × 2.00 × 24 months × 731/731 days = 96.00 → 88.46 | 90.30 | 17.16 | 107.46 | PAY-3, due 2026-12-06 | ACME-2026-000003 |
///
/// The upgrade charges over the whole paid span after the renewal: 2026-11-22 to 2028-11-22, 24
/// months, 731 days, all of them left on the run's date.
@Suite struct BatchJudgeCancelTests {
    static let context = OutcomeAndCancelTests.context("2026-11-22")
    static let eur = SpecCatalog.eur

    static func renewal(_ ref: String, subscription: String) -> RawRequest {
        var raw = RawRequest(action: .renewal, location: SourceLocation(line: 3, column: 3))
        raw.set(.reseller, "R-ACME", at: raw.location)
        raw.set(.ref, ref, at: raw.location)
        raw.set(.subscription, subscription, at: raw.location)
        raw.set(.period, "1Y", at: raw.location)
        return raw
    }

    static func upgrade(_ ref: String, subscription: String, mailboxes: String) -> RawRequest {
        var raw = RawRequest(action: .upgrade, location: SourceLocation(line: 4, column: 3))
        raw.set(.reseller, "R-ACME", at: raw.location)
        raw.set(.ref, ref, at: raw.location)
        raw.set(.subscription, subscription, at: raw.location)
        raw.resources = [ResourceAmount(id: "MAILBOX", amount: mailboxes, location: raw.location)]
        return raw
    }

    /// Order, renewal and upgrade judged in one batch; the judge, to judge a cancel with.
    static func orderRenewedAndUpgraded(
        _ order: RawRequest = OutcomeAndCancelTests.order([(.postponedBilling, "true")]), ids: inout SequentialIdentifiers
    ) -> (BatchJudge, [JudgedRequest]) {
        var judge = BatchJudge(context: context, history: EmptyHistory())
        let judged = [
            judge.judge(order, ids: &ids), judge.judge(renewal("R-1", subscription: "SUB-1"), ids: &ids),
            judge.judge(upgrade("U-1", subscription: "SUB-1", mailboxes: "22"), ids: &ids),
        ]
        return (judge, judged)
    }

    static func money(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: eur) }

    @Test func theSubscriptionIsPricedAsTheTableSays() {
        var ids = SequentialIdentifiers()
        let (_, judged) = Self.orderRenewedAndUpgraded(ids: &ids)
        #expect(judged.flatMap(\.errors).isEmpty, "\(judged.flatMap(\.errors))")
        #expect(judged.map(\.result.salesOrderId) == ["SO-1", "SO-2", "SO-3"])
        #expect(judged.map { [$0.result.net, $0.result.tax, $0.result.total] } == [
            ["453.56", "86.18", "539.74"], ["468.12", "88.94", "557.06"], ["90.30", "17.16", "107.46"],
        ])
        #expect(judged.map(\.result.paymentId) == ["PAY-1", "PAY-2", "PAY-3"])
        #expect(judged.map(\.result.invoiceNumber) == ["ACME-2026-000001", "ACME-2026-000002", "ACME-2026-000003"])
        #expect(judged.map(\.result.salesOrderStatus) == [.completed, .waitingForPayment, .waitingForPayment])
    }

    /// Nothing paid yet: the three open payments are voided, the three invoices credited; the row is
    /// the order's.
    @Test func everyOpenChargeIsVoidedAndEveryInvoiceCredited() throws {
        var ids = SequentialIdentifiers()
        var (judge, _) = Self.orderRenewedAndUpgraded(ids: &ids)
        let canceled = judge.judge(OutcomeAndCancelTests.cancel("A-1001"), ids: &ids)
        #expect(canceled.outcome == .accepted, "\(canceled.errors)")
        let cancel = try #require(canceled.effects?.cancel)
        #expect(cancel.charges.map(\.salesOrder.salesOrderId) == ["SO-1", "SO-2", "SO-3"])
        #expect(cancel.charges.map(\.voidedPaymentId) == ["PAY-1", "PAY-2", "PAY-3"])
        #expect(cancel.charges.map(\.refund) == [nil, nil, nil])
        #expect(cancel.charges.map(\.creditNoteNumber) == ["ACME-2026-000004", "ACME-2026-000005", "ACME-2026-000006"])
        #expect(canceled.result.salesOrderId == "SO-1" && canceled.result.total == "539.74")
        #expect(canceled.result.paymentId == "PAY-1" && canceled.result.invoiceNumber == "ACME-2026-000004")

        // Requests after it see every charge canceled and voided.
        let after = judge.history.renewalsAndUpgrades(subscription: "SUB-1", reseller: "R-ACME")
        #expect(after.map(\.status) == [.canceled, .canceled])
        #expect(after.map { $0.payment?.status } == [.voided, .voided])
        #expect(judge.history.order(ref: "A-1001", reseller: "R-ACME")?.payment?.status == .voided)
        #expect(judge.history.subscription(id: "SUB-1", reseller: "R-ACME")?.status == .canceled)
    }

    /// Earlier batches, with the order paid, the renewal paid and 50.00 received on the upgrade:
    /// each payment refunded as it was paid, the upgrade's rest voided.
    @Test func whatWasPaidIsRefundedChargeByCharge() throws {
        var ids = SequentialIdentifiers()
        let (earlier, _) = Self.orderRenewedAndUpgraded(ids: &ids)
        let paid = PaidHistory(base: earlier.history, paid: ["PAY-1": nil, "PAY-2": nil, "PAY-3": 5000])
        var judge = BatchJudge(context: Self.context, history: paid)
        let canceled = judge.judge(OutcomeAndCancelTests.cancel("A-1001"), ids: &ids)
        #expect(canceled.outcome == .accepted, "\(canceled.errors)")
        let cancel = try #require(canceled.effects?.cancel)
        #expect(cancel.charges.map(\.voidedPaymentId) == [nil, nil, "PAY-3"])
        #expect(cancel.charges.map { $0.refund?.id } == ["PAY-4", "PAY-5", "PAY-6"])
        #expect(cancel.charges.map { $0.refund?.amount } == [Self.money(53974), Self.money(55706), Self.money(5000)])
        #expect(cancel.charges.allSatisfy { $0.refund?.kind == .refund && $0.refund?.status == .paid })
        #expect(cancel.charges.map(\.creditNoteNumber) == ["ACME-2026-000004", "ACME-2026-000005", "ACME-2026-000006"])
        #expect(canceled.result.paymentId == "PAY-4")
    }

    /// Postpaid: nothing to void, refund or credit (the billing run invoices); every sales order ends.
    @Test func aPostpaidSubscriptionEndsWithoutPaymentsOrCreditNotes() throws {
        var ids = SequentialIdentifiers()
        let postpaid = OutcomeAndCancelTests.order([(.channel, "manager"), (.paymentModel, "postpay")])
        var (judge, judged) = Self.orderRenewedAndUpgraded(postpaid, ids: &ids)
        #expect(judged.map(\.result.paymentId) == [nil, nil, nil])
        let canceled = judge.judge(OutcomeAndCancelTests.cancel("A-1001"), ids: &ids)
        let cancel = try #require(canceled.effects?.cancel)
        #expect(cancel.charges.map(\.salesOrder.salesOrderId) == ["SO-1", "SO-2", "SO-3"])
        #expect(cancel.charges.allSatisfy { $0.voidedPaymentId == nil && $0.refund == nil && $0.creditNoteNumber == nil })
        #expect(judge.history.renewalsAndUpgrades(subscription: "SUB-1", reseller: "R-ACME").map(\.status) == [
            .canceled, .canceled,
        ])
    }
}

/// Earlier batches in which some payments were received (reconciliation, Pricing.md step 8): the
/// given payments `Paid` (nil) or `PartiallyPaid` with that much received, in minor units.
struct PaidHistory: OrderHistory {
    var base: any OrderHistory
    var paid: [String: Int64?]

    var hasLedger: Bool { true }
    func account(id: String, reseller: String) -> AccountRecord? { base.account(id: id, reseller: reseller) }
    func acceptedRequest(ref: String, reseller: String) -> StoredRequest? {
        base.acceptedRequest(ref: ref, reseller: reseller)
    }
    func order(ref: String, reseller: String) -> OrderRecord? { base.order(ref: ref, reseller: reseller).map(receive) }
    func renewalsAndUpgrades(subscription: String, reseller: String) -> [OrderRecord] {
        base.renewalsAndUpgrades(subscription: subscription, reseller: reseller).map(receive)
    }
    func subscription(id: String, reseller: String) -> SubscriptionRecord? { base.subscription(id: id, reseller: reseller) }
    func isDomainHeld(_ domain: String, productId: String) -> Bool { base.isDomainHeld(domain, productId: productId) }
    func domainHolders(_ domain: String, productId: String) -> [DomainHolder] { base.domainHolders(domain, productId: productId) }
    func trialUsed(_ use: TrialUse) -> Bool { base.trialUsed(use) }
    func promoUses(code: String) -> Int { base.promoUses(code: code) }

    private func receive(_ order: OrderRecord) -> OrderRecord {
        guard var payment = order.payment, let id = payment.id, let received = paid[id] else { return order }
        payment.status = received == nil ? .paid : .partiallyPaid
        payment.paid = received ?? payment.amount.minorUnits
        var order = order
        order.payment = payment
        return order
    }
}
