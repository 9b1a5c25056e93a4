import GRDB
import OrderFlowCore

/// The `billing` job's usage drops (Billing.md, usage drops).
extension SQLiteLedger {
    public func commitUsage(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        rows: (_ sink: (UsageRow) throws -> Void) throws -> Void
    ) throws -> BatchRecord {
        try commitUsageRows(batch, catalog: catalog, claimId: claimId, under: lease, rows: rows)
    }

    static let usageResultsQuery = """
        SELECT line, subscription_id, date, resource, quantity, outcome, error_code, error_field,
            error_message, source, diagnostics
        FROM usage_results WHERE batch_key = ? ORDER BY seq
        """

    public func streamUsageResults(ofBatch key: Int64, _ body: (UsageResult, RejectedRequest?) throws -> Void) throws {
        try read("reading the results of usage drop \(key)") { db in
            let rows = try Row.fetchCursor(db, sql: Self.usageResultsQuery, arguments: [key])
            while let row = try rows.next() {
                let line: Int = row["line"]
                let error = try (row["error_code"] as String?).map { code in
                    Diagnostic(
                        try LedgerColumns.status(code, "usage_results.error_code"), field: row["error_field"] ?? "",
                        row["error_message"] ?? "", at: SourceLocation(line: line))
                }
                let result = UsageResult(
                    line: line, subscriptionId: row["subscription_id"] ?? "", date: row["date"] ?? "",
                    resource: row["resource"] ?? "", quantity: row["quantity"] ?? "",
                    outcome: try LedgerColumns.status(row["outcome"], "usage_results.outcome"), error: error)
                var rejected: RejectedRequest?
                if result.outcome == .rejected, let error {
                    let every = try (row["diagnostics"] as String?).map { try LedgerColumns.decode([Diagnostic].self, json: $0) }
                    rejected = RejectedRequest(line: line, source: row["source"] ?? "", diagnostics: every ?? [error])
                }
                try body(result, rejected)
            }
        }
    }
}
