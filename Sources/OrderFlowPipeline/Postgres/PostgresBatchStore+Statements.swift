import OrderFlowCore

/// ``MovedOnStore``'s statement rows and lookups, and the debts a statement may clear, on
/// PostgreSQL (SQLiteBatchStore+Statements).
extension PostgresBatchStore {
    private static let reconciliationSQL = PostgresSpelling.of(SQLiteBatchStore.reconciliationSQL)
    private static let statementLineSQL = PostgresSpelling.of(SQLiteBatchStore.statementLineSQL)
    private static let reconciledLineSQL = PostgresSpelling.of(SQLiteBatchStore.reconciledLineSQL)
    private static let openPaymentSQL = PostgresSpelling.of(SQLiteBatchStore.openPaymentSQL)
    private static let overdueSQL = PostgresSpelling.of(SQLiteBatchStore.overdueSQL)

    func storeReconciliation(_ row: ReconciliationRow, batchKey: Int64, seq: Int64) throws {
        try connection.send(
            prepared: "reconciliation_row", Self.reconciliationSQL,
            [
                .int(batchKey), .int(seq), .int(row.line.map(Int64.init)), .string(row.bookingDate?.description),
                .int(row.amount), .string(row.currency), .int(row.minorUnits.map(Int64.init)), .string(row.reference),
                .string(row.payer), .string(row.bankReference), .string(row.outcome.rawValue), .string(row.paymentId),
                .string(row.salesOrderId), .string(row.accountId), .int(row.amountApplied), .int(row.balanceCredited),
                .string(row.paymentStatus?.rawValue), .string(row.dueDate?.description), .string(row.message),
            ])
    }

    func recordStatementLine(_ identity: String, reseller: String, batchKey: Int64, seq: Int64) throws -> Bool {
        try connection.execute(
            prepared: "statement_line", Self.statementLineSQL,
            [.string(reseller), .string(identity), .int(batchKey), .int(seq)]
        ).rowsAffected > 0
    }

    func reconciledLine(_ identity: String, reseller: String) throws -> ReconciledLine? {
        let rows = try connection.execute(
            prepared: "reconciled_line", Self.reconciledLineSQL, [.string(reseller), .string(identity)])
        return try rows.first.map { row in
            ReconciledLine(batchId: try row.requiredString("batch_id"), line: try row.int64("line").map(Int.init) ?? 0)
        }
    }

    func openPayment(remittanceReference: String, reseller: String) throws -> OpenPayment? {
        let rows = try connection.execute(
            prepared: "open_payment", Self.openPaymentSQL, [.string(remittanceReference), .string(reseller)])
        guard let row = rows.first else { return nil }
        return OpenPayment(
            id: try row.requiredString("id"), kind: try row.status("kind", "payments.kind"),
            postponed: try row.requiredBool("postponed"), salesOrderId: try row.string("sales_order_id"),
            accountId: try row.string("account_id"), dueDate: try row.requiredDate("due_date"),
            state: CreditApplication.PaymentState(
                amount: try row.money("amount", currency: try row.requiredString("currency")),
                paid: try row.requiredInt64("paid"), status: try row.status("status", "payments.status")))
    }

    func overduePayments(reseller: String, dueBefore: CalendarDate, _ body: (OverduePayment) throws -> Void) throws {
        // A cursor in the batch's transaction, read while `body` writes other rows.
        try connection.stream(Self.overdueSQL, [.string(reseller), .string(dueBefore.description)]) { row in
            try body(OverduePayment(
                id: try row.requiredString("id"), salesOrderId: try row.string("sales_order_id"),
                accountId: try row.string("account_id"), amount: try row.requiredInt64("amount"),
                paid: try row.requiredInt64("paid"),
                currency: try LedgerColumns.currency(try row.requiredString("currency")),
                status: try row.status("status", "payments.status"), dueDate: try row.requiredDate("due_date")))
        }
    }

    /// Unlike SQLite's two sorted cursors walked side by side (SortedDues, which relies on byte
    /// order, not a server's collation), the server joins the dues to the subscriptions itself; a
    /// cursor holds a thousand rows at a time.
    func debtStandings(
        reseller: String, statuses: [SubscriptionStatus], dueBefore: CalendarDate,
        _ body: (DebtStanding) throws -> Void
    ) throws {
        let statusList = "{" + statuses.map(\.rawValue).joined(separator: ",") + "}"
        try connection.stream(
            """
            SELECT s.id, s.account_id, s.product_id, s.plan_id, s.domain, s.status, s.currency, s.blocking_threshold,
                COALESCE(b.amount, 0) AS balance, COALESCE(d.due, 0) AS due
            FROM subscriptions s
            LEFT JOIN account_balances b ON b.account_id = s.account_id AND b.currency = s.currency
            LEFT JOIN (
                SELECT so.subscription_id, CAST(SUM(p.amount - p.paid) AS bigint) AS due FROM payments p
                JOIN sales_orders so ON so.id = p.sales_order_id
                WHERE p.reseller = $1 AND p.kind = 'postpaid' AND p.status IN ('WaitingForPayment', 'PartiallyPaid')
                    AND p.due_date < $2 AND so.subscription_id IS NOT NULL
                GROUP BY so.subscription_id
            ) d ON d.subscription_id = s.id
            WHERE s.reseller = $1 AND s.blocking_threshold IS NOT NULL AND s.status = ANY ($3::text[])
            """,
            [.string(reseller), .string(dueBefore.description), .string(statusList)]
        ) { row in
            try body(DebtStanding(
                subscriptionId: try row.requiredString("id"), accountId: try row.requiredString("account_id"),
                productId: try row.requiredString("product_id"), planId: try row.requiredString("plan_id"),
                domain: try row.string("domain"), status: try row.status("status", "subscriptions.status"),
                currency: try row.requiredString("currency"), threshold: try row.requiredInt64("blocking_threshold"),
                balance: try row.requiredInt64("balance"), due: try row.requiredInt64("due")))
        }
    }
}
