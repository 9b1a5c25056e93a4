import GRDB
import OrderFlowCore

/// ``BillingStore``'s month run on SQLite, through cached statements (no SQL is compiled per
/// subscription). The query texts are PostgresBatchStore's too (PostgresSpelling).
extension SQLiteBatchStore: BillingStore {
    static let billedMonthInsertSQL = "INSERT INTO billing_months (reseller, month, batch_key, run_date) VALUES (?, ?, ?, ?)"

    func recordBilledMonth(reseller: String, month: BillingMonth, runDate: CalendarDate, batchKey: Int64) throws {
        try db.execute(
            sql: Self.billedMonthInsertSQL, arguments: [reseller, month.description, batchKey, runDate.description])
    }

    /// GROUP BY, not DISTINCT: PostgreSQL orders a DISTINCT only by what it selects.
    static let retriesSQL = """
        SELECT r.subscription_id, r.month FROM subscription_bills r
        JOIN batches b ON b.key = r.batch_key
        WHERE b.reseller = ? AND r.outcome = 'rejected' AND r.month < ? AND NOT EXISTS (
            SELECT 1 FROM subscription_bills d
            WHERE d.subscription_id = r.subscription_id AND d.month = r.month AND d.outcome <> 'rejected')
        GROUP BY r.subscription_id, r.month
        ORDER BY r.month, CAST(substr(r.subscription_id, 5) AS INTEGER)
        """

    func billingRetries(reseller: String, before month: BillingMonth) throws -> [(String, BillingMonth)] {
        try Row.fetchAll(db, sql: Self.retriesSQL, arguments: [reseller, month.description]).compactMap { row in
            BillingMonth(row["month"] as String).map { (row["subscription_id"], $0) }
        }
    }

    /// Started by the month's last day and not canceled before its first (a subscription canceled
    /// long ago is not read again every month). In stored (text) order, which needs no sort in
    /// SQLite. `paygPlans` placeholders follow the three of the month.
    static func candidatesSQL(paygPlans: Int) -> String {
        let payg = paygPlans == 0 ? "" : " OR plan_id IN (" + Array(repeating: "?", count: paygPlans).joined(separator: ", ") + ")"
        return """
            SELECT id FROM subscriptions
            WHERE reseller = ? AND activation_date IS NOT NULL AND activation_date <= ?
                AND (status IN ('Active', 'Stopped') OR (status = 'Canceled' AND EXISTS (
                    SELECT 1 FROM state_changes c WHERE c.entity_kind = 'subscription' AND c.entity_id = subscriptions.id
                        AND c.to_status = 'Canceled' AND c.as_of > ?)))
                AND (payment_model = 'postpay'\(payg))
            ORDER BY id
            """
    }

    func billingCandidates(
        reseller: String, month: BillingMonth, paygPlans: [String], _ body: (String) throws -> Void
    ) throws {
        let ids = try String.fetchCursor(
            db, sql: Self.candidatesSQL(paygPlans: paygPlans.count),
            arguments: StatementArguments([reseller, month.lastDay.description, month.firstDay.description] + paygPlans))
        while let id = try ids.next() { try body(id) }
    }

    static let promoCodesSQL = """
        SELECT so.subscription_id, p.code FROM promo_uses p JOIN sales_orders so ON so.id = p.sales_order_id
        WHERE p.reseller = ? AND so.action = 'order' AND so.subscription_id IS NOT NULL
        """

    func promoCodes(reseller: String, _ body: (String, String) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: Self.promoCodesSQL, arguments: [reseller])
        while let row = try rows.next() { try body(row["subscription_id"], row["code"]) }
    }

    // MARK: Its bill

    static let balanceSQL = "SELECT amount FROM account_balances WHERE account_id = ? AND currency = ?"

    func balance(account: String, currency: String) throws -> Int64 {
        try Int64.fetchOne(try db.cachedStatement(sql: Self.balanceSQL), arguments: [account, currency]) ?? 0
    }

    static let salesOrderPaymentSQL = "UPDATE sales_orders SET payment_id = ? WHERE id = ?"

    func setPayment(ofSalesOrder id: String, to paymentId: String) throws {
        try db.cachedStatement(sql: Self.salesOrderPaymentSQL).run(paymentId, id)
    }

    static let billSQL = """
        INSERT INTO subscription_bills (batch_key, position, subscription_id, account_id, month, outcome,
            sales_order_id, currency, net, tax, total, payment_id, invoice_number, error_code, error_message)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    func storeBill(_ row: BillRow, batchKey: Int64, position: Int64) throws {
        try db.cachedStatement(sql: Self.billSQL).run(
            batchKey, position, row.subscriptionId, row.accountId, row.month.description, row.outcome, row.salesOrderId,
            row.currency, row.net, row.tax, row.total, row.paymentId, row.invoiceNumber, row.errorCode,
            row.errorMessage)
    }
}
