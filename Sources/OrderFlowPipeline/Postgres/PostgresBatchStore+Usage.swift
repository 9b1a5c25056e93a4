import OrderFlowCore

/// ``BillingStore``'s usage drops on PostgreSQL: SQLiteBatchStore's query texts in PostgreSQL's
/// spelling (PostgresSpelling), the rows pipelined, the two lookups per row prepared.
extension PostgresBatchStore {
    private static let planOfSubscriptionSQL = PostgresSpelling.of(SQLiteBatchStore.planOfSubscriptionSQL)
    private static let billedMonthSQL = PostgresSpelling.of(SQLiteBatchStore.billedMonthSQL)
    private static let usageRowSQL = PostgresSpelling.of(SQLiteBatchStore.usageRowSQL)
    private static let usageResultSQL = PostgresSpelling.of(SQLiteBatchStore.usageResultSQL)

    func planOfSubscription(_ id: String, reseller: String) throws -> String? {
        try connection.execute(
            prepared: "usage_plan_of_subscription", Self.planOfSubscriptionSQL, [.string(id), .string(reseller)]
        ).first?.requiredString("plan_id")
    }

    func billedMonth(reseller: String, month: String) throws -> BilledMonth? {
        guard
            let row = try connection.execute(
                prepared: "usage_billed_month", Self.billedMonthSQL, [.string(reseller), .string(month)]
            ).first
        else { return nil }
        return BilledMonth(runDate: try row.requiredString("run_date"), batchId: try row.requiredString("batch_id"))
    }

    func storeUsage(_ usage: StoredUsage, reseller: String, batchKey: Int64, seq: Int64) throws {
        try connection.send(
            prepared: "usage_row", Self.usageRowSQL,
            [
                .string(reseller), .string(usage.subscriptionId), .string(usage.date.description),
                .string(usage.resourceId), .int(usage.quantity), .int(batchKey), .int(seq),
            ])
    }

    func storeUsageResult(
        _ row: UsageRow, outcome: RequestOutcomeKind, error: Diagnostic?, diagnostics: String?, batchKey: Int64, seq: Int64
    ) throws {
        try connection.send(
            prepared: "usage_result", Self.usageResultSQL,
            [
                .int(batchKey), .int(seq), .int(Int64(row.line)), .string(row.subscriptionId), .string(row.dateText),
                .string(row.resourceId), .string(row.quantityText), .string(outcome.rawValue),
                .string(error?.code.rawValue), .string(error?.field), .string(error?.message),
                .string(error == nil ? nil : row.source), .string(diagnostics),
            ])
    }
}
