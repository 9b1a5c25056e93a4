import OrderFlowCore
import Testing

/// Reconciliation.md, applying a credit and what a paid payment moves on: one test per rule, with
/// amounts worked out by hand.
@Suite struct ReconciliationRuleTests {
    static let eur = Currency(code: "EUR")!
    static func payment(_ amount: Int64, paid: Int64 = 0, _ status: PaymentStatus = .waitingForPayment)
        -> CreditApplication.PaymentState
    {
        CreditApplication.PaymentState(amount: Money(minorUnits: amount, currency: eur), paid: paid, status: status)
    }
    static func euros(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: eur) }

    @Test func exactAmountIsMatchedAndPaid() {
        let applied = CreditApplication.apply(Self.euros(53974), to: Self.payment(53974))
        #expect(applied == CreditApplication(outcome: .matched, applied: 53974, credited: 0, paidAfter: 53974, statusAfter: .paid))
        #expect(applied.completesPayment)
    }

    /// 46.08 due, 20.00 then 30.00: 26.08 still due after the first; the second pays 26.08 and
    /// credits 3.92.
    @Test func partialPaymentsAccumulateAndTheRestGoesToTheBalance() {
        let first = CreditApplication.apply(Self.euros(2000), to: Self.payment(4608))
        #expect(first == CreditApplication(outcome: .partial, applied: 2000, credited: 0, paidAfter: 2000, statusAfter: .partiallyPaid))
        #expect(!first.completesPayment)
        let second = CreditApplication.apply(Self.euros(3000), to: Self.payment(4608, paid: 2000, .partiallyPaid))
        #expect(second == CreditApplication(outcome: .overpaid, applied: 2608, credited: 392, paidAfter: 4608, statusAfter: .paid))
        #expect(second.completesPayment)
    }

    @Test func theLastCentCompletesAPartlyPaidPayment() {
        let applied = CreditApplication.apply(Self.euros(1), to: Self.payment(1000, paid: 999, .partiallyPaid))
        #expect(applied.outcome == .matched)
        #expect(applied.statusAfter == .paid)
    }

    @Test(arguments: [PaymentStatus.paid, .voided])
    func aPaidOrVoidedPaymentTakesNothing(status: PaymentStatus) {
        let applied = CreditApplication.apply(Self.euros(1097), to: Self.payment(1097, paid: status == .paid ? 1097 : 0, status))
        #expect(applied == CreditApplication(outcome: .overpaid, applied: 0, credited: 1097, paidAfter: status == .paid ? 1097 : 0, statusAfter: status))
        #expect(!applied.completesPayment)
    }

    /// Checked before the status: a USD credit never touches a EUR payment, paid or not.
    @Test func anotherCurrencyIsCreditedWhole() {
        let usd = Money(minorUnits: 502, currency: Currency(code: "USD")!)
        let applied = CreditApplication.apply(usd, to: Self.payment(502))
        #expect(applied == CreditApplication(outcome: .currencyMismatch, applied: 0, credited: 502, paidAfter: 0, statusAfter: .waitingForPayment))
    }

    @Test func outcomesThatNeedAPerson() {
        #expect(ReconcileOutcome.allCases.filter(\.needsAttention) == [.unmatched, .currencyMismatch, .unreadable])
    }

    static let day = CalendarDate(iso: "2026-12-01")!

    @Test func aPaidOrderStartsOnTheLaterOfItsProvisioningDateAndThePayment() {
        let earlier = PaidOrderProgress.after(
            paymentPostponed: false, action: .order, salesOrderStatus: .waitingForPayment,
            provisioningDate: CalendarDate(iso: "2026-11-22")!, bookedOn: Self.day, manualApproval: false)
        #expect(earlier == PaidOrderProgress(salesOrderStatus: .completed, subscriptionStatus: .active, serviceStart: Self.day))
        let same = PaidOrderProgress.after(
            paymentPostponed: false, action: .order, salesOrderStatus: .waitingForPayment, provisioningDate: Self.day,
            bookedOn: Self.day, manualApproval: false)
        #expect(same?.serviceStart == Self.day)
    }

    @Test func aLaterProvisioningDateWaitsForIt() {
        let step = PaidOrderProgress.after(
            paymentPostponed: false, action: .order, salesOrderStatus: .waitingForPayment,
            provisioningDate: Self.day.adding(days: 1), bookedOn: Self.day, manualApproval: true)
        #expect(step == PaidOrderProgress(salesOrderStatus: .waitingForProvisioning, subscriptionStatus: .waitingForProvisioning, serviceStart: nil))
    }

    @Test func aManualApprovalProductWaitsForItsManager() {
        let step = PaidOrderProgress.after(
            paymentPostponed: false, action: .order, salesOrderStatus: .waitingForPayment, provisioningDate: Self.day,
            bookedOn: Self.day, manualApproval: true)
        #expect(step == PaidOrderProgress(salesOrderStatus: .installing, subscriptionStatus: .installing, serviceStart: nil))
    }

    @Test(arguments: [RequestAction.renewal, .upgrade])
    func aRenewalOrUpgradeCompletesOnlyItsOwnOrder(action: RequestAction) {
        let step = PaidOrderProgress.after(
            paymentPostponed: false, action: action, salesOrderStatus: .waitingForPayment, provisioningDate: Self.day,
            bookedOn: Self.day, manualApproval: false)
        #expect(step == PaidOrderProgress(salesOrderStatus: .completed, subscriptionStatus: nil, serviceStart: nil))
    }

    @Test func aPostponedPaymentOrAnOrderNoLongerWaitingMovesNothing() {
        #expect(PaidOrderProgress.after(
            paymentPostponed: true, action: .order, salesOrderStatus: .completed, provisioningDate: Self.day,
            bookedOn: Self.day, manualApproval: false) == nil)
        #expect(PaidOrderProgress.after(
            paymentPostponed: false, action: .order, salesOrderStatus: .canceled, provisioningDate: Self.day,
            bookedOn: Self.day, manualApproval: false) == nil)
    }
}
