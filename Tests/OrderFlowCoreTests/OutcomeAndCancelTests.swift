import Testing
@testable import OrderFlowCore

/// Pricing.md, steps 5, 7, 8 and StatesAndIds.md as the judge applies them: postponed billing, the postpaid
/// default threshold, and the cancellation window's last day.
@Suite struct OutcomeAndCancelTests {
    static let orderDate = CalendarDate(iso: "2026-11-22")!

    static func context(_ asOf: String) -> JudgeContext {
        JudgeContext(catalog: SpecCatalog.catalog, reseller: SpecCatalog.acme, asOf: CalendarDate(iso: asOf)!)
    }

    /// The example batch's first order (A-1001), provisioned on the run's date, with `changes` applied.
    static func order(_ changes: [(RequestField, String)]) -> RawRequest {
        var raw = SpecCatalog.globexOrder()
        raw.set(.provisioningDate, "2026-11-22", at: raw.location)
        for (field, value) in changes { raw.set(field, value, at: raw.location) }
        return raw
    }

    static func cancel(_ ref: String) -> RawRequest {
        var raw = RawRequest(action: .cancel, location: SourceLocation(line: 9, column: 3))
        raw.set(.reseller, "R-ACME", at: raw.location)
        raw.set(.ref, ref, at: raw.location)
        return raw
    }

    @Test func postponedBillingRunsAtOnceAndIsDueAMonthAfterProvisioning() {
        var judge = BatchJudge(context: Self.context("2026-11-22"), history: EmptyHistory())
        var ids = SequentialIdentifiers()
        let judged = judge.judge(Self.order([(.postponedBilling, "true")]), ids: &ids)
        #expect(judged.errors.isEmpty, "\(judged.errors)")
        // Same amounts as without postponement (steps 1–4), but Completed/Active and invoiced.
        #expect(judged.result.total == "539.74")
        #expect(judged.result.salesOrderStatus == .completed)
        #expect(judged.result.subscriptionStatus == .active)
        #expect(judged.result.invoiceNumber != nil)
        let payment = judged.effects?.salesOrder?.payment
        #expect(payment?.postponed == true)
        #expect(payment?.status == .waitingForPayment)
        #expect(payment?.dueDate == CalendarDate(iso: "2026-12-22"))
    }

    @Test func postponedBillingWithPostpayIsNotAllowed() {
        var judge = BatchJudge(context: Self.context("2026-11-22"), history: EmptyHistory())
        var ids = NoIdentifiers()
        let judged = judge.judge(
            Self.order([(.postponedBilling, "true"), (.channel, "manager"), (.paymentModel, "postpay")]), ids: &ids)
        #expect(judged.result.errorCode == .paymentModelNotAllowed)
        #expect(judged.result.errorField == "postponed_billing")
    }

    @Test func postpaidDefaultThresholdIsThePlansConvertedAndRounded() {
        var judge = BatchJudge(context: Self.context("2026-11-22"), history: EmptyHistory())
        var ids = SequentialIdentifiers()
        let judged = judge.judge(Self.order([(.channel, "manager"), (.paymentModel, "postpay")]), ids: &ids)
        #expect(judged.errors.isEmpty, "\(judged.errors)")
        #expect(judged.result.salesOrderStatus == .completed)
        #expect(judged.result.paymentId == nil)
        // 500.00 USD × 0.9215 = 460.75 EUR.
        #expect(judged.effects?.newSubscription?.blockingThreshold == Money(minorUnits: 46075, currency: SpecCatalog.eur))
    }

    /// Activated 2026-11-22 with a window of 14 days: cancellable up to 2026-12-06, not after.
    @Test func activeSubscriptionCancelsUpToTheWindowsLastDayIncluded() {
        var first = BatchJudge(context: Self.context("2026-11-22"), history: EmptyHistory())
        var ids = SequentialIdentifiers()
        let accepted = first.judge(Self.order([(.channel, "manager"), (.paymentModel, "postpay")]), ids: &ids)
        #expect(accepted.result.subscriptionStatus == .active)

        var lastDay = BatchJudge(context: Self.context("2026-12-06"), history: first.history)
        #expect(lastDay.judge(Self.cancel("A-1001"), ids: &ids).outcome == .accepted)

        var dayAfter = BatchJudge(context: Self.context("2026-12-07"), history: first.history)
        let refused = dayAfter.judge(Self.cancel("A-1001"), ids: &ids)
        #expect(refused.result.errorCode == .cancelNotAllowed)
        #expect(refused.result.errorField == "ref")
    }

    /// An open postponed payment may be canceled (voided) even after the window.
    @Test func openPostponedPaymentCancelsAfterTheWindow() {
        var first = BatchJudge(context: Self.context("2026-11-22"), history: EmptyHistory())
        var ids = SequentialIdentifiers()
        let accepted = first.judge(Self.order([(.postponedBilling, "true")]), ids: &ids)
        var later = BatchJudge(context: Self.context("2026-12-20"), history: first.history)
        let canceled = later.judge(Self.cancel("A-1001"), ids: &ids)
        #expect(canceled.outcome == .accepted)
        #expect(canceled.effects?.cancel?.order.voidedPaymentId == accepted.result.paymentId)
        #expect(canceled.effects?.cancel?.order.refund == nil)
    }

    /// A cancel takes no resource amounts: every one given is named, so one resubmission fixes all.
    @Test func everyResourceOnACancelIsReported() {
        var raw = Self.cancel("A-1001")
        raw.resources = [
            ResourceAmount(id: "MAILBOX", amount: "20", location: raw.location),
            ResourceAmount(id: "STORAGE", amount: "50", location: raw.location),
        ]
        var judge = BatchJudge(context: Self.context("2026-11-22"), history: EmptyHistory())
        var ids = NoIdentifiers()
        let judged = judge.judge(raw, ids: &ids)
        #expect(judged.errors.map(\.field) == ["resource:MAILBOX", "resource:STORAGE", "ref"])
        #expect(judged.result.errorCode == .invalidValue)
    }
}
