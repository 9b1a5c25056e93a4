import GRDB
import OrderFlowCore

/// ``MovedOnStore``'s statement rows and lookups, and the debts a statement may clear, on SQLite.
/// The query texts are PostgresBatchStore's too (PostgresSpelling), but for the debts'.
extension SQLiteBatchStore {
    static let reconciliationSQL = """
        INSERT INTO reconciliation_rows (batch_key, seq, line, booking_date, amount, currency, minor_units,
            reference, payer, bank_reference, outcome, payment_id, sales_order_id, account_id, amount_applied,
            balance_credited, payment_status, due_date, message)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    func storeReconciliation(_ row: ReconciliationRow, batchKey: Int64, seq: Int64) throws {
        try db.cachedStatement(sql: Self.reconciliationSQL).run(
            batchKey, seq, row.line, row.bookingDate?.description, row.amount, row.currency, row.minorUnits, row.reference,
            row.payer, row.bankReference, row.outcome.rawValue, row.paymentId, row.salesOrderId, row.accountId,
            row.amountApplied, row.balanceCredited, row.paymentStatus?.rawValue, row.dueDate?.description, row.message)
    }

    static let statementLineSQL =
        "INSERT INTO statement_lines (reseller, identity, batch_key, seq) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"

    func recordStatementLine(_ identity: String, reseller: String, batchKey: Int64, seq: Int64) throws -> Bool {
        try db.cachedStatement(sql: Self.statementLineSQL).run(reseller, identity, batchKey, seq)
        return db.changesCount > 0
    }

    static let reconciledLineSQL = """
        SELECT b.batch_id, r.line FROM statement_lines s JOIN batches b ON b.key = s.batch_key
        LEFT JOIN reconciliation_rows r ON r.batch_key = s.batch_key AND r.seq = s.seq
        WHERE s.reseller = ? AND s.identity = ?
        """

    func reconciledLine(_ identity: String, reseller: String) throws -> ReconciledLine? {
        let row = try Row.fetchOne(try db.cachedStatement(sql: Self.reconciledLineSQL), arguments: [reseller, identity])
        return row.map { ReconciledLine(batchId: $0["batch_id"], line: $0["line"] ?? 0) }
    }

    static let openPaymentSQL = """
        SELECT id, kind, postponed, sales_order_id, account_id, due_date, amount, currency, paid, status
        FROM payments WHERE remittance_ref = ? AND reseller = ?
        """

    func openPayment(remittanceReference: String, reseller: String) throws -> OpenPayment? {
        let statement = try db.cachedStatement(sql: Self.openPaymentSQL)
        guard let row = try Row.fetchOne(statement, arguments: [remittanceReference, reseller]) else { return nil }
        return OpenPayment(
            id: row["id"], kind: try LedgerColumns.status(row["kind"], "payments.kind"), postponed: row["postponed"],
            salesOrderId: row["sales_order_id"], accountId: row["account_id"],
            dueDate: try LedgerColumns.date(row["due_date"] as String),
            state: CreditApplication.PaymentState(
                amount: try LedgerColumns.money(row["amount"], row["currency"]), paid: row["paid"],
                status: try LedgerColumns.status(row["status"], "payments.status")))
    }

    static let overdueSQL = """
        SELECT id, sales_order_id, account_id, amount, paid, currency, status, due_date FROM payments
        WHERE reseller = ? AND status IN ('WaitingForPayment', 'PartiallyPaid') AND due_date < ?
        ORDER BY CAST(substr(id, 5) AS INTEGER)
        """

    func overduePayments(reseller: String, dueBefore: CalendarDate, _ body: (OverduePayment) throws -> Void) throws {
        // A cursor: memory must not grow with the open payments.
        let rows = try Row.fetchCursor(db, sql: Self.overdueSQL, arguments: [reseller, dueBefore.description])
        while let row = try rows.next() {
            try body(OverduePayment(
                id: row["id"], salesOrderId: row["sales_order_id"], accountId: row["account_id"], amount: row["amount"],
                paid: row["paid"], currency: try LedgerColumns.currency(row["currency"]),
                status: try LedgerColumns.status(row["status"], "payments.status"),
                dueDate: try LedgerColumns.date(row["due_date"] as String)))
        }
    }

    /// The open postpaid payments summed by subscription and the subscriptions are both read in the
    /// order of the subscription's id as stored and walked side by side (``SortedDues``), so memory
    /// holds one entry, not one per debtor or per subscription (BENCHMARKS.md, the billing job's
    /// memory).
    func debtStandings(
        reseller: String, statuses: [SubscriptionStatus], dueBefore: CalendarDate,
        _ body: (DebtStanding) throws -> Void
    ) throws {
        let open = try Row.fetchCursor(
            db,
            sql: """
                SELECT so.subscription_id, SUM(p.amount - p.paid) AS due FROM payments p
                JOIN sales_orders so ON so.id = p.sales_order_id
                WHERE p.reseller = ? AND p.kind = 'postpaid' AND p.status IN ('WaitingForPayment', 'PartiallyPaid')
                    AND p.due_date < ? AND so.subscription_id IS NOT NULL
                GROUP BY so.subscription_id ORDER BY so.subscription_id
                """,
            arguments: [reseller, dueBefore.description])
        var dues = SortedDues { try open.next().map { ($0["subscription_id"], $0["due"]) } }
        let placeholders = statuses.map { _ in "?" }.joined(separator: ", ")
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT s.id, s.account_id, s.product_id, s.plan_id, s.domain, s.status, s.currency, s.blocking_threshold,
                    COALESCE(b.amount, 0) AS balance
                FROM subscriptions s
                LEFT JOIN account_balances b ON b.account_id = s.account_id AND b.currency = s.currency
                WHERE s.reseller = ? AND s.blocking_threshold IS NOT NULL AND s.status IN (\(placeholders))
                ORDER BY s.id
                """,
            arguments: StatementArguments([reseller] + statuses.map(\.rawValue)))
        while let row = try rows.next() {
            let id: String = row["id"]
            try body(DebtStanding(
                subscriptionId: id, accountId: row["account_id"], productId: row["product_id"], planId: row["plan_id"],
                domain: row["domain"], status: try LedgerColumns.status(row["status"], "subscriptions.status"),
                currency: row["currency"], threshold: row["blocking_threshold"], balance: row["balance"],
                due: try dues.due(of: id)))
        }
    }
}
