/// How one credit is applied to the payment its reference names (Reconciliation.md, applying a
/// credit): exact minor units, never guessed; what the payment cannot take goes to the account's
/// balance in the credit's currency.
public struct CreditApplication: Sendable, Hashable {
    /// The payment as it stood before the credit.
    public struct PaymentState: Sendable, Hashable {
        public var amount: Money
        /// Paid so far, in the payment's currency.
        public var paid: Int64
        public var status: PaymentStatus

        public init(amount: Money, paid: Int64, status: PaymentStatus) {
            self.amount = amount
            self.paid = paid
            self.status = status
        }

        public var stillDue: Int64 { max(amount.minorUnits - paid, 0) }
    }

    public var outcome: ReconcileOutcome
    /// Minor units applied to the payment (its currency).
    public var applied: Int64
    /// Minor units credited to the account's balance (the credit's currency).
    public var credited: Int64
    /// The payment's paid amount and status afterwards.
    public var paidAfter: Int64
    public var statusAfter: PaymentStatus

    public init(outcome: ReconcileOutcome, applied: Int64, credited: Int64, paidAfter: Int64, statusAfter: PaymentStatus) {
        self.outcome = outcome
        self.applied = applied
        self.credited = credited
        self.paidAfter = paidAfter
        self.statusAfter = statusAfter
    }

    /// True when this credit completed the payment: it became `Paid` now.
    public var completesPayment: Bool { statusAfter == .paid && applied > 0 }

    /// Applies `credit` (positive) to `payment`.
    public static func apply(_ credit: Money, to payment: PaymentState) -> CreditApplication {
        if credit.currency.code != payment.amount.currency.code {
            return CreditApplication(
                outcome: .currencyMismatch, applied: 0, credited: credit.minorUnits, paidAfter: payment.paid,
                statusAfter: payment.status)
        }
        if payment.status == .voided || payment.status == .paid {
            return CreditApplication(
                outcome: .overpaid, applied: 0, credited: credit.minorUnits, paidAfter: payment.paid,
                statusAfter: payment.status)
        }
        let due = payment.stillDue
        let applied = min(credit.minorUnits, due)
        let credited = credit.minorUnits - applied
        let paidAfter = payment.paid + applied
        let complete = applied == due
        let outcome: ReconcileOutcome = !complete ? .partial : credited > 0 ? .overpaid : .matched
        return CreditApplication(
            outcome: outcome, applied: applied, credited: credited, paidAfter: paidAfter,
            statusAfter: complete ? .paid : .partiallyPaid)
    }
}
