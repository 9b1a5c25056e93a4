import GRDB
import OrderFlowCore

/// Rows every job's commit writes the same way: state changes, and the payments a batch lists in
/// its `payments.csv`.
struct LedgerRows {
    let db: Database
    let batchKey: Int64
    let asOf: CalendarDate
    let recordedAt: Int64

    enum EntityKind: String {
        case salesOrder = "sales_order"
        case subscription
        case payment
    }

    /// One state change, at the batch's commit time and run date.
    func recordChange(_ kind: EntityKind, _ id: String, from: String?, to: String) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO state_changes (entity_kind, entity_id, from_status, to_status, batch_key, as_of, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(kind.rawValue, id, from, to, batchKey, asOf.description, recordedAt)
    }

    /// Adds to what the account holds with the platform in `currency` (overpayments, top-ups, refunds).
    func creditBalance(account: String, currency: String, amount: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO account_balances (account_id, currency, amount) VALUES (?, ?, ?)
                ON CONFLICT (account_id, currency) DO UPDATE SET amount = amount + excluded.amount
                """)
        try statement.run(account, currency, amount)
    }

    /// The payment as it stands after this batch, for `payments.csv`; a payment the batch changes
    /// again replaces its row (a payment appears once per batch).
    func listInBatch(
        _ payment: PaymentRecord, id: String, salesOrderId: String?, accountId: String?, remittanceReference: String? = nil
    ) throws {
        // The position is the payment id's number, so the primary key lists a batch's payments by
        // id (Outputs.md, payments.csv) without a sort, also when a later batch relists a payment
        // of an earlier one. Ledgers written before numbered them in creation order, and their
        // batches re-render as they were published.
        guard let position = IdKind.payment.number(of: id) else { throw LedgerIdError(id: id) }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO batch_payments (batch_key, position, payment_id, kind, sales_order_id, account_id, amount,
                    currency, status, due_date, remittance_ref)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (batch_key, position) DO UPDATE SET status = excluded.status
                """)
        try statement.run(
            batchKey, position, id, payment.kind.rawValue, salesOrderId, accountId, payment.amount.minorUnits,
            payment.amount.currency.code, payment.status.rawValue, payment.dueDate.description,
            remittanceReference ?? CreditorReference.make(paymentId: id))
    }
}

/// A payment id the ledger did not allocate (`PAY-<n>`): never written, the batch rolls back.
struct LedgerIdError: Error, CustomStringConvertible {
    var id: String
    var description: String { "the ledger cannot list payment \(id): its ids are PAY-<number>" }
}
