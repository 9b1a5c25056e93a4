import GRDB
import OrderFlowCore

/// What the billing run reads of one subscription (Billing.md): its row, its account's tax
/// address, the day it ended and what it was before its renewals and upgrades.
struct BilledSubscription {
    var id: String
    var accountId: String
    var productId: String
    var planId: String
    var periodId: String
    var currency: Currency
    var paymentModel: PaymentModel
    var status: SubscriptionStatus
    var domain: String?
    /// Brought in by `ledger import-subscriptions`: billed from its import date, never with setup lines.
    var imported: Bool
    var timeline: BillingTimeline
    var customer: TaxCustomer

    static func load(_ id: String, catalog: Catalog, _ db: Database) throws -> BilledSubscription? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT s.account_id, s.product_id, s.plan_id, s.period_id, s.currency, s.payment_model, s.status,
                    s.domain, s.activation_date, b.kind AS batch_kind, b.as_of AS batch_as_of,
                    a.account_type, a.vat_id, a.country, a.region
                FROM subscriptions s JOIN batches b ON b.key = s.batch_key
                    JOIN accounts a ON a.id = s.account_id
                WHERE s.id = ?
                """)
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        let imported = (row["batch_kind"] as String) == BatchKind.subscriptionImport.rawValue
        var start = try LedgerColumns.date(row["activation_date"] as String?)
        if imported, let begun = start {
            start = max(begun, try LedgerColumns.date(row["batch_as_of"] as String))
        }
        let status: SubscriptionStatus = try LedgerColumns.status(row["status"], "subscriptions.status")
        var ended: CalendarDate?
        if status == .canceled {
            let change = try db.cachedStatement(
                sql: """
                    SELECT as_of FROM state_changes WHERE entity_kind = 'subscription' AND entity_id = ?
                        AND to_status = 'Canceled'
                    ORDER BY id DESC LIMIT 1
                    """)
            ended = try LedgerColumns.date(String.fetchOne(change, arguments: [id]))
        }
        // A cancel is allowed on an active subscription only within its window (Pricing.md,
        // step 8): one that ended by then never had a day to bill.
        var inWindow = false
        if let start, let ended, let window = catalog.product(id: row["product_id"])?.cancellationWindowDays {
            inWindow = ended <= start.adding(days: window)
        }
        let current = BillingTimeline.State(
            periodId: row["period_id"], amounts: try SubscriptionRecord.resources(of: id, db))
        let timeline = BillingTimeline(
            serviceStart: start, ended: ended, canceledInWindow: inWindow, current: current, before: try history(of: id, db))
        return BilledSubscription(
            id: id, accountId: row["account_id"], productId: row["product_id"], planId: row["plan_id"],
            periodId: row["period_id"], currency: try LedgerColumns.currency(row["currency"]),
            paymentModel: try LedgerColumns.status(row["payment_model"], "subscriptions.payment_model"), status: status,
            domain: row["domain"], imported: imported, timeline: timeline,
            customer: TaxCustomer(
                country: row["country"], region: row["region"],
                isCompanyWithVatId: (row["account_type"] as String) == "company" && (row["vat_id"] as String?) != nil))
    }

    private static func history(of id: String, _ db: Database) throws -> [BillingTimeline.Change] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT until, cause, period_id, amounts FROM subscription_history WHERE subscription_id = ?
                ORDER BY until, batch_key, seq
                """)
        return try Row.fetchAll(statement, arguments: [id]).map { row in
            BillingTimeline.Change(
                until: try LedgerColumns.date(row["until"] as String),
                cause: try LedgerColumns.status(row["cause"], "subscription_history.cause"),
                state: BillingTimeline.State(
                    periodId: row["period_id"], amounts: try SubscriptionAmounts.decode(row["amounts"])))
        }
    }

    /// The largest quantity per resource in its usage rows dated within `days`.
    func usageMax(_ days: ClosedRange<CalendarDate>, _ db: Database) throws -> [String: Int64] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT resource_id, MAX(quantity) AS q FROM usage_rows
                WHERE subscription_id = ? AND date >= ? AND date <= ? GROUP BY resource_id
                """)
        var found: [String: Int64] = [:]
        for row in try Row.fetchAll(statement, arguments: [id, days.lowerBound.description, days.upperBound.description]) {
            found[row["resource_id"]] = row["q"]
        }
        return found
    }

    /// True when a month of it was billed before (a bill made, or nothing to bill).
    func wasBilled(_ db: Database) throws -> Bool {
        let statement = try db.cachedStatement(
            sql: "SELECT EXISTS (SELECT 1 FROM subscription_bills WHERE subscription_id = ? AND outcome <> 'rejected')")
        return try Bool.fetchOne(statement, arguments: [id]) ?? false
    }
}
