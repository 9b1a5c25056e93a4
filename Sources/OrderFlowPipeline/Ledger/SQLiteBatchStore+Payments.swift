import GRDB
import OrderFlowCore

/// Payments, the batch's payments list, balances, documents and state changes.
extension SQLiteBatchStore {
    func insertPayment(_ payment: StoredPayment, reseller: String, batchKey: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO payments (id, reseller, kind, sales_order_id, account_id, amount, currency, status, due_date,
                    remittance_ref, postponed, paid, batch_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let record = payment.record
        try statement.run(
            payment.id, reseller, record.kind.rawValue, payment.salesOrderId, payment.accountId,
            record.amount.minorUnits, record.amount.currency.code, record.status.rawValue, record.dueDate.description,
            payment.remittanceReference, record.postponed, payment.paid, batchKey)
    }

    func voidPayment(_ id: String) throws {
        let update = try db.cachedStatement(sql: "UPDATE payments SET status = 'Voided' WHERE id = ?")
        try update.run(id)
    }

    func voidListedPayment(_ id: String, batchKey: Int64) throws -> Bool {
        let relist = try db.cachedStatement(
            sql: "UPDATE batch_payments SET status = 'Voided' WHERE batch_key = ? AND payment_id = ?")
        try relist.run(batchKey, id)
        return db.changesCount > 0
    }

    func listInBatch(_ payment: StoredPayment, position: Int64, batchKey: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO batch_payments (batch_key, position, payment_id, kind, sales_order_id, account_id, amount,
                    currency, status, due_date, remittance_ref)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (batch_key, position) DO UPDATE SET status = excluded.status
                """)
        let record = payment.record
        try statement.run(
            batchKey, position, payment.id, record.kind.rawValue, payment.salesOrderId, payment.accountId,
            record.amount.minorUnits, record.amount.currency.code, record.status.rawValue, record.dueDate.description,
            payment.remittanceReference)
    }

    func creditBalance(account: String, currency: String, amount: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO account_balances (account_id, currency, amount) VALUES (?, ?, ?)
                ON CONFLICT (account_id, currency) DO UPDATE SET amount = amount + excluded.amount
                """)
        try statement.run(account, currency, amount)
    }

    func insertDocument(_ document: DocumentRow, batchKey: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO documents (number, reseller, year, kind, sales_order_id, batch_key, position)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(
            document.number, document.reseller, document.year, document.kind, document.salesOrderId, batchKey,
            document.position)
    }

    func recordChange(_ change: StateChange, batchKey: Int64, asOf: CalendarDate, recordedAt: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO state_changes (entity_kind, entity_id, from_status, to_status, batch_key, as_of, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(change.kind.rawValue, change.id, change.from, change.to, batchKey, asOf.description, recordedAt)
    }
}
