import GRDB
import OrderFlowCore

/// Billing.md, debt: a subscription's debt is what is still due on its `postpaid` payments whose
/// due date is before the run date, less its account's balance in that currency. Above the
/// subscription's blocking threshold it is `Stopped` (the billing run); no longer above it, a
/// `Stopped` subscription is `Active` again (the billing run and every reconciled statement).
struct DebtCheck {
    let db: Database
    let reseller: String
    let runDate: CalendarDate
    let writer: MovedOnWriter

    /// One subscription with a threshold, and its debt now.
    struct Standing {
        var subscriptionId: String
        var accountId: String
        var productId: String
        var planId: String
        var domain: String?
        var status: SubscriptionStatus
        var currency: String
        var threshold: Int64
        var debt: Int64
    }

    /// The billing run: stops those above their threshold (listed in `suspensions.csv`) and
    /// resumes those no longer above it.
    func suspendAndResume() throws {
        var position: Int64 = 0
        let changes = try standings(statuses: ["Active", "Stopped"]) { standing in
            standing.status == .active ? standing.debt > standing.threshold : standing.debt <= standing.threshold
        }
        for standing in changes {
            if standing.status == .active {
                position += 1
                try suspend(standing, position: position)
            } else {
                try resume(standing)
            }
        }
    }

    /// A statement: every `Stopped` subscription whose debt it brought back to its threshold.
    func resumeCleared() throws {
        for standing in try standings(statuses: ["Stopped"], where: { $0.debt <= $0.threshold }) {
            try resume(standing)
        }
    }

    private func suspend(_ standing: Standing, position: Int64) throws {
        try writer.setStatus(ofSubscription: standing.subscriptionId, to: .stopped, period: nil)
        try writer.addEvent(ProvisioningRow(
            event: .suspend, salesOrderId: nil, subscriptionId: standing.subscriptionId, accountId: standing.accountId,
            product: standing.productId, plan: standing.planId, domain: standing.domain))
        try db.execute(
            sql: """
                INSERT INTO batch_suspensions (batch_key, position, subscription_id, account_id, debt, currency, threshold)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                writer.batchKey, position, standing.subscriptionId, standing.accountId, standing.debt, standing.currency,
                standing.threshold,
            ])
    }

    private func resume(_ standing: Standing) throws {
        try writer.setStatus(ofSubscription: standing.subscriptionId, to: .active, period: nil)
        try writer.addActivation(ActivationRow(
            salesOrderId: "", subscriptionId: standing.subscriptionId, salesOrderStatus: .completed,
            subscriptionStatus: .active, serviceStart: nil, serviceEnd: nil))
        try writer.addEvent(ProvisioningRow(
            event: .resume, salesOrderId: nil, subscriptionId: standing.subscriptionId, accountId: standing.accountId,
            product: standing.productId, plan: standing.planId, domain: standing.domain))
    }

    /// The reseller's subscriptions with a threshold in `statuses` that `change` picks, in id
    /// order, with their debt. The open postpaid payments summed by subscription and the
    /// subscriptions are both read in the order of the subscription's id as stored and walked
    /// side by side, so memory holds the subscriptions to change, not one entry per debtor or
    /// per subscription (BENCHMARKS.md, the billing job's memory).
    private func standings(statuses: [String], where change: (Standing) -> Bool) throws -> [Standing] {
        let open = try Row.fetchCursor(
            db,
            sql: """
                SELECT so.subscription_id, SUM(p.amount - p.paid) AS due FROM payments p
                JOIN sales_orders so ON so.id = p.sales_order_id
                WHERE p.reseller = ? AND p.kind = 'postpaid' AND p.status IN ('WaitingForPayment', 'PartiallyPaid')
                    AND p.due_date < ? AND so.subscription_id IS NOT NULL
                GROUP BY so.subscription_id ORDER BY so.subscription_id
                """,
            arguments: [reseller, runDate.description])
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
            arguments: StatementArguments([reseller] + statuses))
        var picked: [Standing] = []
        while let row = try rows.next() {
            let id: String = row["id"]
            let balance: Int64 = row["balance"]
            let standing = Standing(
                subscriptionId: id, accountId: row["account_id"], productId: row["product_id"], planId: row["plan_id"],
                domain: row["domain"], status: try LedgerColumns.status(row["status"], "subscriptions.status"),
                currency: row["currency"], threshold: row["blocking_threshold"],
                debt: try dues.due(of: id) - max(balance, 0))
            if change(standing) { picked.append(standing) }
        }
        // Stored order is text order (SUB-10 before SUB-9); suspensions.csv lists by number.
        return picked.sorted { SortedDues.numberOrder($0.subscriptionId, $1.subscriptionId) }
    }
}
