/// What reconciliation did with one statement line, or says about an open payment
/// (Reconciliation.md, outcomes).
public enum ReconcileOutcome: String, Sendable, Hashable, CaseIterable {
    /// The payment is now fully paid, with nothing left over.
    case matched
    /// Applied to the payment, which still has something due (`PartiallyPaid`).
    case partial
    /// The payment was completed (or was already paid or voided) and the rest went to the balance.
    case overpaid
    /// No valid creditor reference, or one naming no payment of this reseller.
    case unmatched
    /// The same bank line was reconciled before: nothing changes.
    case duplicate
    /// The line's currency is not the payment's: the whole amount went to the balance.
    case currencyMismatch = "currency_mismatch"
    /// A debit, a reversal or a line not booked: listed, never matched.
    case ignored
    /// Its amount, currency, booking date or identity cannot be read.
    case unreadable
    /// Not a line: a payment still open after the statement, due before the run date.
    case overdue

    /// Outcomes that make a run exit 65 (a person must look at the line).
    public var needsAttention: Bool {
        self == .unmatched || self == .unreadable || self == .currencyMismatch
    }
}
