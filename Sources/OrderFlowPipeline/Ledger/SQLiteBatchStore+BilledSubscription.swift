import GRDB
import OrderFlowCore

/// ``BillingStore``'s reads of one subscription as it is billed, on SQLite, through cached
/// statements. The query texts are PostgresBatchStore's too (PostgresSpelling).
extension SQLiteBatchStore {
    static let billedSubscriptionSQL = """
        SELECT s.account_id, s.product_id, s.plan_id, s.period_id, s.currency, s.payment_model, s.status,
            s.domain, s.activation_date, b.kind AS batch_kind, b.as_of AS batch_as_of,
            a.account_type, a.vat_id, a.country, a.region
        FROM subscriptions s JOIN batches b ON b.key = s.batch_key
            JOIN accounts a ON a.id = s.account_id
        WHERE s.id = ?
        """

    func billedSubscription(_ id: String) throws -> StoredBilledSubscription? {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: Self.billedSubscriptionSQL), arguments: [id]) else {
            return nil
        }
        return StoredBilledSubscription(
            accountId: row["account_id"], productId: row["product_id"], planId: row["plan_id"], periodId: row["period_id"],
            currency: try LedgerColumns.currency(row["currency"]),
            paymentModel: try LedgerColumns.status(row["payment_model"], "subscriptions.payment_model"),
            status: try LedgerColumns.status(row["status"], "subscriptions.status"), domain: row["domain"],
            activationDate: try LedgerColumns.date(row["activation_date"] as String?), batchKind: row["batch_kind"],
            batchAsOf: try LedgerColumns.date(row["batch_as_of"] as String),
            customer: TaxCustomer(
                country: row["country"], region: row["region"],
                isCompanyWithVatId: (row["account_type"] as String) == "company" && (row["vat_id"] as String?) != nil))
    }

    static let canceledOnSQL = """
        SELECT as_of FROM state_changes WHERE entity_kind = 'subscription' AND entity_id = ?
            AND to_status = 'Canceled'
        ORDER BY id DESC LIMIT 1
        """

    func canceledOn(_ subscriptionId: String) throws -> CalendarDate? {
        try LedgerColumns.date(String.fetchOne(try db.cachedStatement(sql: Self.canceledOnSQL), arguments: [subscriptionId]))
    }

    func resources(of subscriptionId: String) throws -> [ResourceQuantity] {
        try SubscriptionRecord.resources(of: subscriptionId, db)
    }

    static let subscriptionHistorySQL = """
        SELECT until, cause, period_id, amounts FROM subscription_history WHERE subscription_id = ?
        ORDER BY until, batch_key, seq
        """

    func subscriptionHistory(of subscriptionId: String) throws -> [BillingTimeline.Change] {
        try Row.fetchAll(try db.cachedStatement(sql: Self.subscriptionHistorySQL), arguments: [subscriptionId]).map { row in
            BillingTimeline.Change(
                until: try LedgerColumns.date(row["until"] as String),
                cause: try LedgerColumns.status(row["cause"], "subscription_history.cause"),
                state: BillingTimeline.State(
                    periodId: row["period_id"], amounts: try SubscriptionAmounts.decode(row["amounts"])))
        }
    }

    static let usageMaxSQL = """
        SELECT resource_id, MAX(quantity) AS q FROM usage_rows
        WHERE subscription_id = ? AND date >= ? AND date <= ? GROUP BY resource_id
        """

    func usageMax(of subscriptionId: String, within days: ClosedRange<CalendarDate>) throws -> [String: Int64] {
        var found: [String: Int64] = [:]
        let statement = try db.cachedStatement(sql: Self.usageMaxSQL)
        for row in try Row.fetchAll(
            statement, arguments: [subscriptionId, days.lowerBound.description, days.upperBound.description])
        {
            found[row["resource_id"]] = row["q"]
        }
        return found
    }

    /// A boolean on PostgreSQL, an integer on SQLite: read as a row found or not.
    static let wasBilledSQL = "SELECT 1 FROM subscription_bills WHERE subscription_id = ? AND outcome <> 'rejected' LIMIT 1"

    func wasBilled(_ subscriptionId: String) throws -> Bool {
        try Row.fetchOne(try db.cachedStatement(sql: Self.wasBilledSQL), arguments: [subscriptionId]) != nil
    }
}
