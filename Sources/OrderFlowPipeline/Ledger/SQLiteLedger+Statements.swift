import GRDB
import OrderFlowCore

/// Statements: the `reconcile` job's one-transaction commit (its outputs read back: `+JobOutputs`).
extension SQLiteLedger {
    public func commitStatement(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        entries: (_ sink: (StatementEntry) throws -> Void) throws -> Void
    ) throws -> BatchRecord {
        try commitDrop(batch, kind: .statement, claimId: claimId, under: lease) { db, key, recordedAt in
            var commit = StatementCommit(
                store: SQLiteBatchStore(db), batchKey: key, batch: batch, catalog: catalog, recordedAt: recordedAt)
            try commit.run(entries: entries)
        }
    }

    public func streamImportEvents(ofBatch key: Int64, _ body: (ProvisioningRow) throws -> Void) throws {
        try read("reading the provisioning events of batch \(key)") { db in
            // From the result rows as committed (statuses at the commit) and what never changes on
            // a subscription (product, plan, domain, setup): a re-render gives the same bytes.
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT r.action, r.subscription_status, r.sales_order_id, r.subscription_id, r.account_id,
                        s.product_id, s.plan_id, s.domain, s.setup
                    FROM results r JOIN subscriptions s ON s.id = r.subscription_id
                    WHERE r.batch_key = ? AND r.outcome = 'accepted'
                        AND ((r.action = 'order' AND r.subscription_status IN ('Active', 'Installing'))
                            OR r.action = 'cancel')
                    ORDER BY r.seq
                    """,
                arguments: [key])
            while let row = try rows.next() {
                let action: String = row["action"]
                let event: ProvisioningRow.Event = action == "cancel"
                    ? .cancel : (row["subscription_status"] as String) == "Installing" ? .install : .activate
                try body(ProvisioningRow(
                    event: event, salesOrderId: row["sales_order_id"], subscriptionId: row["subscription_id"],
                    accountId: row["account_id"], product: row["product_id"], plan: row["plan_id"], domain: row["domain"],
                    setup: row["setup"]))
            }
        }
    }
}

/// The `provision` job's run for a date (Provisioning.md).
extension SQLiteLedger {
    public func commitProvisionDay(
        reseller: String, day: CalendarDate, catalog: Catalog, unpaidCancelDays: Int, under lease: ResellerLease
    ) throws -> BatchRecord {
        guard let known = catalog.reseller(id: reseller) else {
            throw BatchCommitError(.unknownReseller, reseller: reseller, batchId: ProvisionDayBatch.batchId(day))
        }
        let batch = ProvisionDayBatch.batch(reseller: reseller, day: day)
        if let existing = try committedBatch(reseller: reseller, batchId: batch.batchId) { return existing }
        return try commitDrop(batch, kind: .provisionDay, claimId: nil, under: lease) { db, key, recordedAt in
            let context = JudgeContext(catalog: catalog, reseller: known, asOf: day)
            let commit = BatchCommit(db: db, batchKey: key, batch: batch, context: context, recordedAt: recordedAt)
            try ProvisionDay(commit: commit, unpaidCancelDays: unpaidCancelDays).run()
        }
    }
}

/// What a `provision-<D>` batch is in the `batches` table: no file, so its file name is empty and
/// its "SHA-256" its batch id, which no file's digest can be.
public enum ProvisionDayBatch {
    public static func batchId(_ day: CalendarDate) -> String { "provision-" + day.description }

    static func batch(reseller: String, day: CalendarDate) -> NewBatch {
        NewBatch(
            reseller: reseller, batchId: batchId(day), fileName: "", format: .csv, sha256: batchId(day), asOf: day,
            policy: .rejectOrder)
    }
}

/// The `provision` job's approval drops (Provisioning.md).
extension SQLiteLedger {
    public func commitApprovals(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        rows: (_ sink: (ApprovalRequest) throws -> Void) throws -> Void
    ) throws -> BatchRecord {
        guard let reseller = catalog.reseller(id: batch.reseller) else {
            throw BatchCommitError(.unknownReseller, reseller: batch.reseller, batchId: batch.batchId)
        }
        return try commitDrop(batch, kind: .approvals, claimId: claimId, under: lease) { db, key, recordedAt in
            let context = JudgeContext(catalog: catalog, reseller: reseller, asOf: batch.asOf)
            let commit = BatchCommit(db: db, batchKey: key, batch: batch, context: context, recordedAt: recordedAt)
            try ApprovalCommit(commit: commit).run(rows: rows)
        }
    }

    public func streamTrialEnds(ofBatch key: Int64, _ body: (TrialEndRow) throws -> Void) throws {
        try read("reading the trials ended by batch \(key)") { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT subscription_id, account_id, plan, trial_start, trial_end, converted_to FROM trial_ends
                    WHERE batch_key = ? ORDER BY position
                    """,
                arguments: [key])
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
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT sales_order_id, line, decision, outcome, error_code, error_field, error_message
                    FROM approval_rows WHERE batch_key = ? ORDER BY seq
                    """,
                arguments: [key])
            while let row = try rows.next() {
                let line: Int = row["line"]
                let error = try (row["error_code"] as String?).map { code in
                    Diagnostic(
                        try LedgerColumns.status(code, "approval_rows.error_code"), field: row["error_field"] ?? "",
                        row["error_message"] ?? "", at: SourceLocation(line: line))
                }
                try body(ApprovalResult(
                    salesOrderId: row["sales_order_id"], line: line, decision: row["decision"],
                    outcome: try LedgerColumns.status(row["outcome"], "approval_rows.outcome"), error: error))
            }
        }
    }
}
