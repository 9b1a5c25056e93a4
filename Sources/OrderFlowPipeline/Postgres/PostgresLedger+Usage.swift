import OrderFlowCore

/// The `billing` job's usage drops (Billing.md, usage drops): the commit under the lease fence
/// (`commitDrop`), and the results a published drop is rendered from, through SQLiteLedger's
/// query (PostgresSpelling).
extension PostgresLedger {
    public func commitUsage(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        rows: (_ sink: (UsageRow) throws -> Void) throws -> Void
    ) throws -> BatchRecord {
        try commitUsageRows(batch, catalog: catalog, claimId: claimId, under: lease, rows: rows)
    }

    private static let usageResultsQuery = PostgresSpelling.of(SQLiteLedger.usageResultsQuery)

    public func streamUsageResults(ofBatch key: Int64, _ body: (UsageResult, RejectedRequest?) throws -> Void) throws {
        try read("reading the results of usage drop \(key)") { connection in
            try connection.stream(Self.usageResultsQuery, [.int(key)]) { row in
                let line = try row.int("line")
                let error = try row.string("error_code").map { code in
                    Diagnostic(
                        try LedgerColumns.status(code, "usage_results.error_code"), field: try row.string("error_field") ?? "",
                        try row.string("error_message") ?? "", at: SourceLocation(line: line))
                }
                let result = UsageResult(
                    line: line, subscriptionId: try row.string("subscription_id") ?? "", date: try row.string("date") ?? "",
                    resource: try row.string("resource") ?? "", quantity: try row.string("quantity") ?? "",
                    outcome: try row.status("outcome", "usage_results.outcome"), error: error)
                var rejected: RejectedRequest?
                if result.outcome == .rejected, let error {
                    let every = try row.string("diagnostics").map { try LedgerColumns.decode([Diagnostic].self, json: $0) }
                    rejected = RejectedRequest(line: line, source: try row.string("source") ?? "", diagnostics: every ?? [error])
                }
                try body(result, rejected)
            }
        }
    }
}
