import GRDB
import OrderFlowCore

/// ``BillingStore``'s usage drops on SQLite, through cached statements (no SQL is compiled per
/// row). The query texts are PostgresBatchStore's too (PostgresSpelling).
extension SQLiteBatchStore {
    static let planOfSubscriptionSQL = "SELECT plan_id FROM subscriptions WHERE id = ? AND reseller = ?"

    func planOfSubscription(_ id: String, reseller: String) throws -> String? {
        try String.fetchOne(try db.cachedStatement(sql: Self.planOfSubscriptionSQL), arguments: [id, reseller])
    }

    static let billedMonthSQL = """
        SELECT billing_months.run_date, batches.batch_id FROM billing_months
        JOIN batches ON batches.key = billing_months.batch_key
        WHERE billing_months.reseller = ? AND billing_months.month = ?
        """

    func billedMonth(reseller: String, month: String) throws -> BilledMonth? {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: Self.billedMonthSQL), arguments: [reseller, month])
        else { return nil }
        return BilledMonth(runDate: row["run_date"], batchId: row["batch_id"])
    }

    static let usageRowSQL = """
        INSERT INTO usage_rows (reseller, subscription_id, date, resource_id, quantity, batch_key, seq)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """

    func storeUsage(_ usage: StoredUsage, reseller: String, batchKey: Int64, seq: Int64) throws {
        try db.cachedStatement(sql: Self.usageRowSQL).run(
            reseller, usage.subscriptionId, usage.date.description, usage.resourceId, usage.quantity, batchKey, seq)
    }

    static let usageResultSQL = """
        INSERT INTO usage_results (batch_key, seq, line, subscription_id, date, resource, quantity, outcome,
            error_code, error_field, error_message, source, diagnostics)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    func storeUsageResult(
        _ row: UsageRow, outcome: RequestOutcomeKind, error: Diagnostic?, diagnostics: String?, batchKey: Int64, seq: Int64
    ) throws {
        // A rejected row keeps the row as written, for `rejected.csv`.
        try db.cachedStatement(sql: Self.usageResultSQL).run(
            batchKey, seq, row.line, row.subscriptionId, row.dateText, row.resourceId, row.quantityText, outcome.rawValue,
            error?.code.rawValue, error?.field, error?.message, error == nil ? nil : row.source, diagnostics)
    }
}
