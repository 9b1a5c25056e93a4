import GRDB
import OrderFlowCore

/// Step 5 of a provisioning run (Provisioning.md, trials): each `Active` trial whose last day is
/// before the run date is converted or ends, once (`trial_ends` remembers it).
struct TrialEnds {
    let day: ProvisionDay
    let history: LedgerHistory

    private var db: Database { day.commit.db }
    private var reseller: String { day.commit.batch.reseller }
    private var catalog: Catalog { day.commit.context.catalog }
    private var runDate: CalendarDate { day.commit.batch.asOf }

    func run(ids: inout LedgerIdentifiers, effects: inout SQLiteEffectsWriter) throws {
        // The trial period is the one its order was made for: a renewal changes the subscription's.
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT s.id, s.account_id, s.product_id, s.plan_id, s.period_start, s.domain, so.period_id AS trial_period
                FROM subscriptions s JOIN sales_orders so ON so.subscription_id = s.id AND so.action = 'order'
                WHERE s.reseller = ? AND s.status = 'Active'
                    AND NOT EXISTS (SELECT 1 FROM trial_ends t WHERE t.subscription_id = s.id)
                ORDER BY CAST(substr(s.id, 5) AS INTEGER)
                """,
            arguments: [reseller])
        var position: Int64 = 0
        for row in rows {
            guard let period = catalog.plan(id: row["plan_id"])?.plan.period(id: row["trial_period"]), period.trial,
                let start = CalendarDate(iso: row["period_start"] as String)
            else { continue }
            let lastDay = period.duration.end(from: start).adding(days: -1)
            guard lastDay < runDate else { continue }
            let trial = Trial(
                id: row["id"], accountId: row["account_id"], productId: row["product_id"], planId: row["plan_id"],
                domain: row["domain"], start: start, lastDay: lastDay)
            let convertedTo = try end(trial, ids: &ids, effects: &effects)
            position += 1
            try db.execute(
                sql: """
                    INSERT INTO trial_ends (subscription_id, batch_key, position, account_id, plan, trial_start, trial_end,
                        converted_to)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    trial.id, day.commit.batchKey, position, trial.accountId, trial.planId, start.description,
                    lastDay.description, convertedTo,
                ])
        }
    }

    struct Trial {
        var id: String
        var accountId: String?
        var productId: String
        var planId: String
        var domain: String?
        var start: CalendarDate
        var lastDay: CalendarDate
    }

    /// Converts or ends the trial; the subscription it converted to, or nil when it just ended.
    private func end(_ trial: Trial, ids: inout LedgerIdentifiers, effects: inout SQLiteEffectsWriter) throws -> String? {
        let renewals = history.renewalsAndUpgrades(subscription: trial.id, reseller: reseller)
            .filter { $0.status != .canceled }
        try history.check()
        // A renewal to a paid period, paid or with nothing to pay: the subscription goes on.
        if renewals.contains(where: { $0.payment == nil || $0.payment?.status == .paid }) {
            try event(.convert, trial)
            return trial.id
        }
        for renewal in renewals {
            try effects.cancelAlone(CancelPlan.charge(renewal, context: day.commit.context, ids: &ids))
        }
        try day.writer.setStatus(ofSubscription: trial.id, to: .canceled, period: nil)
        try event(.expire, trial)
        return try paidOrderDuringTrial(trial)
    }

    /// An accepted order of the same plan by the same account, made during the trial: the trial
    /// is listed as converted to its subscription.
    private func paidOrderDuringTrial(_ trial: Trial) throws -> String? {
        guard let account = trial.accountId else { return nil }
        return try String.fetchOne(
            db,
            sql: """
                SELECT so.subscription_id FROM sales_orders so JOIN batches b ON b.key = so.batch_key
                WHERE so.account_id = ? AND so.plan_id = ? AND so.action = 'order' AND so.status <> 'Canceled'
                    AND so.subscription_id <> ? AND b.as_of BETWEEN ? AND ?
                ORDER BY CAST(substr(so.id, 4) AS INTEGER) LIMIT 1
                """,
            arguments: [account, trial.planId, trial.id, trial.start.description, trial.lastDay.description])
    }

    private func event(_ event: ProvisioningRow.Event, _ trial: Trial) throws {
        try day.writer.addEvent(ProvisioningRow(
            event: event, salesOrderId: nil, subscriptionId: trial.id, accountId: trial.accountId,
            product: trial.productId, plan: trial.planId, domain: trial.domain))
    }
}
