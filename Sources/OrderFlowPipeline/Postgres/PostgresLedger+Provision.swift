import OrderFlowCore

/// The `provision` job (Provisioning.md) on PostgreSQL: the run for a date and approval drops, each
/// in the import's one transaction under the lease fence (`commitDrop`), through the same stages
/// as SQLite's (``ProvisionDay``, ``ApprovalCommit``), and the outputs they are rendered from,
/// through SQLiteLedger's queries (PostgresSpelling).
extension PostgresLedger {
    public func commitProvisionDay(
        reseller: String, day: CalendarDate, catalog: Catalog, unpaidCancelDays: Int, under lease: ResellerLease,
        afterStep: () -> Void
    ) throws -> BatchRecord {
        try commitDay(
            reseller: reseller, day: day, catalog: catalog, unpaidCancelDays: unpaidCancelDays, under: lease,
            afterStep: afterStep)
    }

    public func commitApprovals(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        rows: (_ sink: (ApprovalRequest) throws -> Void) throws -> Void
    ) throws -> BatchRecord {
        try commitApprovalRows(batch, catalog: catalog, claimId: claimId, under: lease, rows: rows)
    }

    private static let trialEndsQuery = PostgresSpelling.of(SQLiteLedger.trialEndsQuery)
    private static let approvalRowsQuery = PostgresSpelling.of(SQLiteLedger.approvalRowsQuery)

    public func streamTrialEnds(ofBatch key: Int64, _ body: (TrialEndRow) throws -> Void) throws {
        try read("reading the trials ended by batch \(key)") { connection in
            try connection.stream(Self.trialEndsQuery, [.int(key)]) { row in
                try body(TrialEndRow(
                    subscriptionId: try row.requiredString("subscription_id"), accountId: try row.string("account_id"),
                    plan: try row.requiredString("plan"), trialStart: try row.requiredDate("trial_start"),
                    trialEnd: try row.requiredDate("trial_end"), convertedTo: try row.string("converted_to")))
            }
        }
    }

    public func streamApprovalResults(ofBatch key: Int64, _ body: (ApprovalResult) throws -> Void) throws {
        try read("reading the results of approvals \(key)") { connection in
            try connection.stream(Self.approvalRowsQuery, [.int(key)]) { row in
                try body(try ApprovalResult.stored(
                    salesOrderId: try row.requiredString("sales_order_id"), line: try row.int("line"),
                    decision: try row.requiredString("decision"), outcome: try row.requiredString("outcome"),
                    errorCode: try row.string("error_code"), errorField: try row.string("error_field"),
                    errorMessage: try row.string("error_message")))
            }
        }
    }
}
