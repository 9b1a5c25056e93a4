import OrderFlowCore

/// Rows every job's commit writes the same way: state changes, and the payments a batch lists in
/// its `payments.csv`.
struct LedgerRows<Store: BatchStore> {
    let store: Store
    let batchKey: Int64
    let asOf: CalendarDate
    let recordedAt: Int64

    typealias EntityKind = StateChangeKind

    /// One state change, at the batch's commit time and run date.
    func recordChange(_ kind: EntityKind, _ id: String, from: String?, to: String) throws {
        try store.recordChange(
            StateChange(kind: kind, id: id, from: from, to: to), batchKey: batchKey, asOf: asOf, recordedAt: recordedAt)
    }

    /// Adds to what the account holds with the platform in `currency` (overpayments, top-ups, refunds).
    func creditBalance(account: String, currency: String, amount: Int64) throws {
        try store.creditBalance(account: account, currency: currency, amount: amount)
    }

    /// The payment as it stands after this batch, for `payments.csv`; a payment the batch changes
    /// again replaces its row (a payment appears once per batch).
    func listInBatch(
        _ payment: PaymentRecord, id: String, salesOrderId: String?, accountId: String?,
        remittanceReference: String? = nil
    ) throws {
        // The position is the payment id's number, so the primary key lists a batch's payments by
        // id (Outputs.md, payments.csv) without a sort, also when a later batch relists a payment
        // of an earlier one. Ledgers written before numbered them in creation order, and their
        // batches re-render as they were published.
        guard let position = IdKind.payment.number(of: id) else { throw LedgerIdError(id: id) }
        let listed = StoredPayment(
            record: payment, id: id, salesOrderId: salesOrderId, accountId: accountId,
            remittanceReference: remittanceReference ?? CreditorReference.make(paymentId: id))
        try store.listInBatch(listed, position: position, batchKey: batchKey)
    }
}

/// A payment id the ledger did not allocate (`PAY-<n>`): never written, the batch rolls back.
struct LedgerIdError: Error, CustomStringConvertible {
    var id: String
    var description: String { "the ledger cannot list payment \(id): its ids are PAY-<number>" }
}
