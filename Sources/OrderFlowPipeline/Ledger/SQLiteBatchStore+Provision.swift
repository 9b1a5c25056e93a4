import GRDB
import OrderFlowCore

/// ``ProvisionStore`` on SQLite. The query texts are PostgresBatchStore's too (PostgresSpelling):
/// a boolean column is compared with `TRUE`/`FALSE`, which SQLite reads as 1 and 0.
extension SQLiteBatchStore: ProvisionStore {
    static let dueDelayedOrdersSQL = """
        SELECT so.id FROM sales_orders so
        WHERE so.reseller = ? AND so.status = 'WaitingForProvisioning' AND so.provisioning_date <= ?
        ORDER BY CAST(substr(so.id, 4) AS INTEGER)
        """

    func dueDelayedOrders(reseller: String, onOrBefore day: CalendarDate) throws -> [String] {
        try String.fetchAll(db, sql: Self.dueDelayedOrdersSQL, arguments: [reseller, day.description])
    }

    static let unpaidPostponedSQL = """
        SELECT so.ref FROM payments p JOIN sales_orders so ON so.id = p.sales_order_id
        WHERE p.reseller = ? AND p.postponed = TRUE AND p.status IN ('WaitingForPayment', 'PartiallyPaid')
            AND p.due_date < ? AND so.status <> 'Canceled' AND so.action = 'order'
        ORDER BY CAST(substr(p.id, 5) AS INTEGER)
        """

    func unpaidPostponedOrders(reseller: String, dueBefore day: CalendarDate) throws -> [String] {
        try String.fetchAll(db, sql: Self.unpaidPostponedSQL, arguments: [reseller, day.description])
    }

    static let unpaidOrdersSQL = """
        SELECT so.ref, so.id, so.action, so.subscription_id FROM payments p
        JOIN sales_orders so ON so.id = p.sales_order_id
        WHERE p.reseller = ? AND p.postponed = FALSE AND p.kind IN ('order', 'topup')
            AND p.status IN ('WaitingForPayment', 'PartiallyPaid') AND so.status <> 'Canceled'
            AND p.due_date < ?
        ORDER BY CAST(substr(p.id, 5) AS INTEGER)
        """

    func unpaidOrders(reseller: String, dueBefore day: CalendarDate) throws -> [UnpaidOrder] {
        try Row.fetchAll(db, sql: Self.unpaidOrdersSQL, arguments: [reseller, day.description]).map { row in
            UnpaidOrder(ref: row["ref"], salesOrderId: row["id"], action: row["action"], subscriptionId: row["subscription_id"])
        }
    }

    static let activeTrialsSQL = """
        SELECT s.id, s.account_id, s.product_id, s.plan_id, s.period_start, s.domain, so.period_id AS trial_period
        FROM subscriptions s JOIN sales_orders so ON so.subscription_id = s.id AND so.action = 'order'
        WHERE s.reseller = ? AND s.status = 'Active'
            AND NOT EXISTS (SELECT 1 FROM trial_ends t WHERE t.subscription_id = s.id)
        ORDER BY CAST(substr(s.id, 5) AS INTEGER)
        """

    func activeTrials(reseller: String) throws -> [ActiveTrial] {
        try Row.fetchAll(db, sql: Self.activeTrialsSQL, arguments: [reseller]).map { row in
            ActiveTrial(
                id: row["id"], accountId: row["account_id"], productId: row["product_id"], planId: row["plan_id"],
                periodStart: (row["period_start"] as String?).flatMap(CalendarDate.init(iso:)), domain: row["domain"],
                trialPeriod: row["trial_period"])
        }
    }

    static let paidOrderSQL = """
        SELECT so.subscription_id FROM sales_orders so JOIN batches b ON b.key = so.batch_key
        WHERE so.account_id = ? AND so.plan_id = ? AND so.action = 'order' AND so.status <> 'Canceled'
            AND so.subscription_id <> ? AND b.as_of BETWEEN ? AND ?
        ORDER BY CAST(substr(so.id, 4) AS INTEGER) LIMIT 1
        """

    func paidOrder(
        account: String, plan: String, excluding subscriptionId: String, from: CalendarDate, through: CalendarDate
    ) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: Self.paidOrderSQL),
            arguments: [account, plan, subscriptionId, from.description, through.description])
    }

    static let endedPrepaidSQL = """
        SELECT id, account_id, product_id, plan_id, period_id, domain FROM subscriptions
        WHERE reseller = ? AND status = 'Active' AND payment_model = 'prepay' AND period_end <= ?
        ORDER BY CAST(substr(id, 5) AS INTEGER)
        """

    func endedPrepaidPeriods(reseller: String, onOrBefore day: CalendarDate) throws -> [EndedPeriod] {
        try Row.fetchAll(db, sql: Self.endedPrepaidSQL, arguments: [reseller, day.description]).map { row in
            EndedPeriod(
                id: row["id"], accountId: row["account_id"], productId: row["product_id"], planId: row["plan_id"],
                periodId: row["period_id"], domain: row["domain"])
        }
    }

    static let paidOnSQL = "SELECT paid_on FROM payments WHERE id = (SELECT payment_id FROM sales_orders WHERE id = ?)"

    func paidOn(salesOrder id: String) throws -> CalendarDate? {
        try String.fetchOne(db.cachedStatement(sql: Self.paidOnSQL), arguments: [id]).flatMap(CalendarDate.init(iso:))
    }

    static let shortenPeriodSQL = "UPDATE subscriptions SET period_end = ? WHERE id = ? AND period_end = ?"

    func shortenPeriod(ofSubscription id: String, from: CalendarDate, to: CalendarDate) throws {
        try db.cachedStatement(sql: Self.shortenPeriodSQL).execute(arguments: [to.description, id, from.description])
    }

    static let trialEndSQL = """
        INSERT INTO trial_ends (subscription_id, batch_key, position, account_id, plan, trial_start, trial_end,
            converted_to)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    func insertTrialEnd(_ row: TrialEndRow, position: Int64, batchKey: Int64) throws {
        try db.cachedStatement(sql: Self.trialEndSQL).execute(arguments: [
            row.subscriptionId, batchKey, position, row.accountId, row.plan, row.trialStart.description,
            row.trialEnd.description, row.convertedTo,
        ])
    }

    static let salesOrderRefSQL = "SELECT ref FROM sales_orders WHERE id = ? AND reseller = ?"

    func salesOrderRef(_ id: String, reseller: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: Self.salesOrderRefSQL), arguments: [id, reseller])
    }

    static let approvalRowSQL = """
        INSERT INTO approval_rows (batch_key, seq, sales_order_id, line, decision, outcome, error_code,
            error_field, error_message)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    func insertApprovalRow(_ result: ApprovalResult, batchKey: Int64, seq: Int64) throws {
        try db.cachedStatement(sql: Self.approvalRowSQL).execute(arguments: [
            batchKey, seq, result.salesOrderId, result.line, result.decision, result.outcome.rawValue,
            result.error?.code.rawValue, result.error?.field, result.error?.message,
        ])
    }
}
