import GRDB
import OrderFlowCore

/// The `provision` job's work for one reseller and run date D (Provisioning.md), inside the one
/// transaction of its `provision-<D>` batch, in this order: due delayed orders start, unpaid
/// postponed payments cancel their subscriptions, orders left unpaid `unpaidCancelDays` after
/// their due date are canceled, prepaid periods that ended expire.
struct ProvisionDay {
    let commit: SQLiteBatchCommit
    let unpaidCancelDays: Int
    let writer: SQLiteMovedOnWriter

    init(commit: SQLiteBatchCommit, unpaidCancelDays: Int) {
        self.commit = commit
        self.unpaidCancelDays = unpaidCancelDays
        self.writer = MovedOnWriter(
            db: commit.db, batchKey: commit.batchKey, asOf: commit.batch.asOf, recordedAt: commit.recordedAt)
    }

    private var db: Database { commit.db }
    private var day: CalendarDate { commit.batch.asOf }
    private var reseller: String { commit.batch.reseller }
    private var catalog: Catalog { commit.context.catalog }

    func run() throws {
        let history = LedgerHistory(db)
        defer { history.close() }
        var ids = try LedgerIdentifiers(db, reportingTo: history)
        var effects = try EffectsWriter(commit: commit)
        try startDueOrders()
        try cancelUnpaidPostponed(history: history, ids: &ids, effects: &effects)
        try cancelUnpaidOrders(history: history, ids: &ids, effects: &effects)
        try TrialEnds(day: self, history: history).run(ids: &ids, effects: &effects)
        try expireEndedPeriods()
        try history.check()
        try ids.save()
    }

    // MARK: Step 2: delayed orders whose provisioning date has come

    private func startDueOrders() throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT so.id, so.ref FROM sales_orders so
                WHERE so.reseller = ? AND so.status = 'WaitingForProvisioning' AND so.provisioning_date <= ?
                ORDER BY CAST(substr(so.id, 4) AS INTEGER)
                """,
            arguments: [reseller, day.description])
        for row in rows {
            let id: String = row["id"]
            guard let order = try StoredSalesOrder.find(id, db) else { continue }
            try writer.setStatus(ofSalesOrder: id, from: .waitingForProvisioning, to: .provisioning, activatedOn: nil)
            let manual = catalog.product(id: order.productId)?.manualApproval ?? false
            if manual {
                try writer.setStatus(ofSalesOrder: id, from: .provisioning, to: .installing, activatedOn: nil)
                try writer.start(order, salesOrderId: id, status: .installing, serviceStart: nil, salesOrderStatus: .installing, catalog: catalog)
            } else {
                let paidOn = try String.fetchOne(
                    db, sql: "SELECT paid_on FROM payments WHERE id = (SELECT payment_id FROM sales_orders WHERE id = ?)",
                    arguments: [id]).flatMap { CalendarDate(iso: $0) }
                let serviceStart = max(order.provisioningDate, paidOn ?? order.provisioningDate)
                try writer.setStatus(ofSalesOrder: id, from: .provisioning, to: .completed, activatedOn: serviceStart)
                try writer.start(order, salesOrderId: id, status: .active, serviceStart: serviceStart, salesOrderStatus: .completed, catalog: catalog)
            }
        }
    }

    // MARK: Steps 3 and 4: what was not paid in time

    /// Postponed payments (Pricing.md, step 7) not paid by their due date: the subscription ends.
    private func cancelUnpaidPostponed(
        history: LedgerHistory, ids: inout LedgerIdentifiers, effects: inout SQLiteEffectsWriter
    ) throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT so.ref FROM payments p JOIN sales_orders so ON so.id = p.sales_order_id
                WHERE p.reseller = ? AND p.postponed = 1 AND p.status IN ('WaitingForPayment', 'PartiallyPaid')
                    AND p.due_date < ? AND so.status <> 'Canceled' AND so.action = 'order'
                ORDER BY CAST(substr(p.id, 5) AS INTEGER)
                """,
            arguments: [reseller, day.description])
        for row in rows {
            try cancelWhole(ref: row["ref"], history: history, ids: &ids, effects: &effects)
        }
    }

    /// A new order's own payment still open `unpaidCancelDays` after its due date: the order is
    /// canceled; an unpaid renewal or upgrade cancels only its own sales order.
    private func cancelUnpaidOrders(
        history: LedgerHistory, ids: inout LedgerIdentifiers, effects: inout SQLiteEffectsWriter
    ) throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT so.ref, so.id, so.action, so.subscription_id FROM payments p
                JOIN sales_orders so ON so.id = p.sales_order_id
                WHERE p.reseller = ? AND p.postponed = 0 AND p.kind IN ('order', 'topup')
                    AND p.status IN ('WaitingForPayment', 'PartiallyPaid') AND so.status <> 'Canceled'
                    AND p.due_date < ?
                ORDER BY CAST(substr(p.id, 5) AS INTEGER)
                """,
            arguments: [reseller, day.adding(days: -unpaidCancelDays).description])
        for row in rows {
            let action: String = row["action"]
            if action == RequestAction.order.rawValue {
                try cancelWhole(ref: row["ref"], history: history, ids: &ids, effects: &effects)
                continue
            }
            guard let subscription = row["subscription_id"] as String?,
                let charge = history.renewalsAndUpgrades(subscription: subscription, reseller: reseller)
                    .first(where: { $0.salesOrderId == row["id"] as String })
            else { continue }
            try history.check()
            try effects.cancelAlone(CancelPlan.charge(charge, context: commit.context, ids: &ids))
            try shortenSpan(salesOrderId: row["id"], subscriptionId: subscription)
        }
    }

    private func cancelWhole(
        ref: String, history: LedgerHistory, ids: inout LedgerIdentifiers, effects: inout SQLiteEffectsWriter
    ) throws {
        guard let order = history.order(ref: ref, reseller: reseller), order.status != .canceled else {
            try history.check()
            return
        }
        let cancel = CancelPlan.wholeOrder(order, history: history, context: commit.context, ids: &ids)
        try history.check()
        try effects.storeCancel(cancel)
        if let subscriptionId = order.subscriptionId, let salesOrderId = order.salesOrderId,
            let stored = try StoredSalesOrder.find(salesOrderId, db)
        {
            try writer.addEvent(ProvisioningRow(
                event: .cancel, salesOrderId: salesOrderId, subscriptionId: subscriptionId, accountId: order.accountId,
                product: stored.productId, plan: stored.planId, domain: stored.domain))
        }
    }

    /// An unpaid renewal no longer extends the paid span: the subscription's period ends where the
    /// renewal's began, when the renewal was the last extension.
    private func shortenSpan(salesOrderId: String, subscriptionId: String) throws {
        guard let order = try StoredSalesOrder.find(salesOrderId, db), order.action == .renewal,
            let period = order.servicePeriod
        else { return }
        try db.execute(
            sql: "UPDATE subscriptions SET period_end = ? WHERE id = ? AND period_end = ?",
            arguments: [period.start.description, subscriptionId, period.end.description])
    }

    // MARK: Step 6: prepaid periods that ended

    /// An `Active` prepaid subscription whose paid span ended before D, not renewed, ends
    /// (`expire`). Trials and pay-as-you-go plans are not paid by the period.
    private func expireEndedPeriods() throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, account_id, product_id, plan_id, period_id, domain FROM subscriptions
                WHERE reseller = ? AND status = 'Active' AND payment_model = 'prepay' AND period_end <= ?
                ORDER BY CAST(substr(id, 5) AS INTEGER)
                """,
            arguments: [reseller, day.description])
        for row in rows {
            guard let (_, plan) = catalog.plan(id: row["plan_id"]), plan.billing != .payg,
                let period = plan.period(id: row["period_id"]), !period.trial
            else { continue }
            let id: String = row["id"]
            try writer.setStatus(ofSubscription: id, to: .canceled, period: nil)
            try writer.addEvent(ProvisioningRow(
                event: .expire, salesOrderId: nil, subscriptionId: id, accountId: row["account_id"],
                product: row["product_id"], plan: row["plan_id"], domain: row["domain"]))
        }
    }
}
