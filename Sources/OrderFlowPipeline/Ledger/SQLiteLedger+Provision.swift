import GRDB
import OrderFlowCore

/// The `provision` job (Provisioning.md): the run for a date and approval drops, each in its one
/// transaction (`commitDrop`), and the outputs they are rendered from.
extension SQLiteLedger {
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

    // The outputs' queries, PostgresLedger's too (PostgresSpelling).
    static let trialEndsQuery = """
        SELECT subscription_id, account_id, plan, trial_start, trial_end, converted_to FROM trial_ends
        WHERE batch_key = ? ORDER BY position
        """

    static let approvalRowsQuery = """
        SELECT sales_order_id, line, decision, outcome, error_code, error_field, error_message
        FROM approval_rows WHERE batch_key = ? ORDER BY seq
        """

    public func streamTrialEnds(ofBatch key: Int64, _ body: (TrialEndRow) throws -> Void) throws {
        try read("reading the trials ended by batch \(key)") { db in
            let rows = try Row.fetchCursor(db, sql: Self.trialEndsQuery, arguments: [key])
            while let row = try rows.next() {
                try body(TrialEndRow(
                    subscriptionId: row["subscription_id"], accountId: row["account_id"], plan: row["plan"],
                    trialStart: try LedgerColumns.date(row["trial_start"] as String),
                    trialEnd: try LedgerColumns.date(row["trial_end"] as String), convertedTo: row["converted_to"]))
            }
        }
    }

    public func streamApprovalResults(ofBatch key: Int64, _ body: (ApprovalResult) throws -> Void) throws {
        try read("reading the results of approvals \(key)") { db in
            let rows = try Row.fetchCursor(db, sql: Self.approvalRowsQuery, arguments: [key])
            while let row = try rows.next() {
                let line: Int = row["line"]
                try body(try ApprovalResult.stored(
                    salesOrderId: row["sales_order_id"], line: line, decision: row["decision"], outcome: row["outcome"],
                    errorCode: row["error_code"], errorField: row["error_field"], errorMessage: row["error_message"]))
            }
        }
    }
}
