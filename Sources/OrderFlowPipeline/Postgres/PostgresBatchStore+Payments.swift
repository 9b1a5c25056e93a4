import OrderFlowCore

/// Payments, the batch's payments list, balances, documents and state changes
/// (SQLiteBatchStore+Payments).
extension PostgresBatchStore {
    func insertPayment(_ payment: StoredPayment, reseller: String, batchKey: Int64) throws {
        let record = payment.record
        try connection.send(
            prepared: "store_payment",
            """
            INSERT INTO payments (id, reseller, kind, sales_order_id, account_id, amount, currency, status, due_date,
                remittance_ref, postponed, paid, batch_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            """,
            [
                .string(payment.id), .string(reseller), .string(record.kind.rawValue), .string(payment.salesOrderId),
                .string(payment.accountId), .int(record.amount.minorUnits), .string(record.amount.currency.code),
                .string(record.status.rawValue), .string(record.dueDate.description),
                .string(payment.remittanceReference), .bool(record.postponed), .int(payment.paid), .int(batchKey),
            ])
    }

    func voidPayment(_ id: String) throws {
        try connection.send(
            prepared: "void_payment", "UPDATE payments SET status = 'Voided' WHERE id = $1", [.string(id)])
    }

    func voidListedPayment(_ id: String, batchKey: Int64) throws -> Bool {
        try connection.execute(
            prepared: "void_listed_payment",
            "UPDATE batch_payments SET status = 'Voided' WHERE batch_key = $1 AND payment_id = $2",
            [.int(batchKey), .string(id)]
        ).rowsAffected > 0
    }

    func listInBatch(_ payment: StoredPayment, position: Int64, batchKey: Int64) throws {
        let record = payment.record
        try connection.send(
            prepared: "list_in_batch",
            """
            INSERT INTO batch_payments (batch_key, position, payment_id, kind, sales_order_id, account_id, amount,
                currency, status, due_date, remittance_ref)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (batch_key, position) DO UPDATE SET status = excluded.status
            """,
            [
                .int(batchKey), .int(position), .string(payment.id), .string(record.kind.rawValue),
                .string(payment.salesOrderId), .string(payment.accountId), .int(record.amount.minorUnits),
                .string(record.amount.currency.code), .string(record.status.rawValue),
                .string(record.dueDate.description), .string(payment.remittanceReference),
            ])
    }

    func creditBalance(account: String, currency: String, amount: Int64) throws {
        try connection.send(
            prepared: "credit_balance",
            """
            INSERT INTO account_balances AS b (account_id, currency, amount) VALUES ($1, $2, $3)
            ON CONFLICT (account_id, currency) DO UPDATE SET amount = b.amount + excluded.amount
            """,
            [.string(account), .string(currency), .int(amount)])
    }

    func insertDocument(_ document: DocumentRow, batchKey: Int64) throws {
        try connection.send(
            prepared: "store_document",
            """
            INSERT INTO documents (number, reseller, year, kind, sales_order_id, batch_key, position)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            [
                .string(document.number), .string(document.reseller), .int(document.year), .string(document.kind),
                .string(document.salesOrderId), .int(batchKey), .int(document.position),
            ])
    }

    func recordChange(_ change: StateChange, batchKey: Int64, asOf: CalendarDate, recordedAt: Int64) throws {
        try connection.send(
            prepared: "store_state_change",
            """
            INSERT INTO state_changes (entity_kind, entity_id, from_status, to_status, batch_key, as_of, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            [
                .string(change.kind.rawValue), .string(change.id), .string(change.from), .string(change.to),
                .int(batchKey), .string(asOf.description), .int(recordedAt),
            ])
    }
}
