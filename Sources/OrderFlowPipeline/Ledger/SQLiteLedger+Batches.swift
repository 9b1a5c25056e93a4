import GRDB
import OrderFlowCore

/// Batches: the one-transaction commit, and everything read back from committed ones.
extension SQLiteLedger {
    public func commitBatch(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        requests: (_ sink: (RawRequest) throws -> Void) throws -> Void
    ) throws -> BatchRecord {
        guard lease.reseller == batch.reseller else { throw LedgerError.leaseLost(reseller: batch.reseller) }
        guard let reseller = catalog.reseller(id: batch.reseller) else {
            throw BatchCommitError(.unknownReseller, reseller: batch.reseller, batchId: batch.batchId)
        }
        return try commitDrop(batch, kind: batch.trialsOnly ? .trials : .drop, claimId: claimId, under: lease) { db, key, recordedAt in
            var context = JudgeContext(catalog: catalog, reseller: reseller, asOf: batch.asOf, unresolvedReferences: .reject)
            context.trialsOnly = batch.trialsOnly
            try BatchCommit(db: db, batchKey: key, batch: batch, context: context, recordedAt: recordedAt)
                .run(requests: requests)
        }
    }

    /// The one transaction of every batch a job commits (Operations.md, crash safety): checks the
    /// lease token and the open claim (a drop's; work done by date has none), refuses a file or
    /// batch id already committed, inserts the batch, runs `body` with the batch's key and commit
    /// time, marks the claim committed and renews the lease. Whatever throws rolls it all back.
    func commitDrop(
        _ batch: NewBatch, kind: BatchKind, claimId: String?, under lease: ResellerLease,
        _ body: (Database, _ key: Int64, _ recordedAt: Int64) throws -> Void
    ) throws -> BatchRecord {
        guard lease.reseller == batch.reseller else { throw LedgerError.leaseLost(reseller: batch.reseller) }
        let recordedAt = clock()
        return try write("committing batch \(batch.batchId) of \(batch.reseller)") { db in
            try Self.checkToken(of: lease, db)
            if let claimId { try Self.checkClaim(claimId, of: batch, db) }
            if let existing = try Self.batch(reseller: batch.reseller, sha256: batch.sha256, db) {
                throw BatchCommitError(.duplicateFile(existing: existing), reseller: batch.reseller, batchId: batch.batchId)
            }
            if let existing = try Self.batch(reseller: batch.reseller, batchId: batch.batchId, db) {
                throw BatchCommitError(.batchIdReused(existing: existing), reseller: batch.reseller, batchId: batch.batchId)
            }
            try db.execute(
                sql: """
                    INSERT INTO batches (reseller, batch_id, file_name, format, sha256, as_of, policy, header_source,
                        committed_at, kind)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    batch.reseller, batch.batchId, batch.fileName, batch.format.rawValue, batch.sha256,
                    batch.asOf.description, batch.policy.rawValue, batch.headerSource, recordedAt, kind.rawValue,
                ])
            let key = db.lastInsertedRowID
            try body(db, key, recordedAt)
            if let claimId {
                try db.execute(sql: "UPDATE file_claims SET batch_key = ? WHERE claim_id = ?", arguments: [key, claimId])
            }
            // The heartbeat no other connection could write while this transaction held the lock:
            // a batch that took longer than the lease keeps it for a full lease from now, so a
            // worker that waited on the lock does not take over the moment the commit ends.
            let now = clock()
            try db.execute(
                sql: """
                    UPDATE leases SET heartbeat_at = ?, expires_at = ? + (expires_at - heartbeat_at)
                    WHERE reseller = ? AND token = ?
                    """,
                arguments: [now, now, lease.reseller, lease.token])
            return BatchRecord(key: key, batch: batch)
        }
    }

    public func committedBatch(reseller: String, sha256: String) throws -> BatchRecord? {
        try read("looking up a batch of \(reseller)") { db in try Self.batch(reseller: reseller, sha256: sha256, db) }
    }

    public func committedBatch(reseller: String, batchId: String) throws -> BatchRecord? {
        try read("looking up batch \(batchId) of \(reseller)") { db in
            try Self.batch(reseller: reseller, batchId: batchId, db)
        }
    }

    public func streamOutputs(
        ofBatch key: Int64, result: (RequestResult, RejectedRequest?) throws -> Void,
        payment: (PaymentRow) throws -> Void
    ) throws {
        try read("reading the outputs of batch \(key)") { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(RequestResult.storedColumns), diagnostics, source FROM results
                    WHERE batch_key = ? ORDER BY seq
                    """,
                arguments: [key])
            while let row = try rows.next() {
                let stored = try RequestResult(stored: row)
                var rejected: RejectedRequest?
                if stored.outcome == .rejected {
                    rejected = RejectedRequest(
                        line: stored.line, source: row["source"] ?? "",
                        diagnostics: try LedgerColumns.decode([Diagnostic].self, json: row["diagnostics"]))
                }
                try result(stored, rejected)
            }
            try Self.streamBatchPayments(ofBatch: key, db, payment)
        }
    }

    /// The payments a batch created or changed, as they stood after it (`payments.csv`); PostgresLedger's too.
    static let batchPaymentsQuery = """
        SELECT payment_id, kind, sales_order_id, account_id, amount, currency, status, due_date,
            remittance_ref
        FROM batch_payments WHERE batch_key = ? ORDER BY position
        """

    /// The payments a batch created or changed, as they stood after it (`payments.csv`).
    static func streamBatchPayments(ofBatch key: Int64, _ db: Database, _ payment: (PaymentRow) throws -> Void) throws {
        // By position, the payment id's number (LedgerRows.listInBatch): the primary key's order,
        // so no sort over a batch's payments.
        let payments = try Row.fetchCursor(db, sql: batchPaymentsQuery, arguments: [key])
        while let row = try payments.next() {
            try payment(PaymentRow(
                paymentId: row["payment_id"], kind: try LedgerColumns.status(row["kind"], "batch_payments.kind"),
                salesOrderId: row["sales_order_id"], accountId: row["account_id"],
                amount: try LedgerColumns.money(row["amount"], row["currency"]),
                status: try LedgerColumns.status(row["status"], "batch_payments.status"),
                dueDate: try LedgerColumns.date(row["due_date"] as String?),
                remittanceReference: row["remittance_ref"]))
        }
    }

    public func committedBatch(key: Int64) throws -> BatchRecord? {
        try read("reading batch \(key)") { db in try Self.batch(where: "key = ?", [key], db) }
    }

    public func documentNumbers(ofBatch key: Int64) throws -> [String] {
        try read("reading the documents of batch \(key)") { db in
            try String.fetchAll(
                db, sql: "SELECT number FROM documents WHERE batch_key = ? ORDER BY position", arguments: [key])
        }
    }

    public func readHistory<T>(_ body: (any OrderHistory) throws -> T) throws -> T {
        try read("reading the ledger") { db in
            let history = LedgerHistory(db)
            return try history.serving { try body(history) }
        }
    }

    // MARK: Inside a transaction

    static func batch(reseller: String, sha256: String, _ db: Database) throws -> BatchRecord? {
        try batch(where: "reseller = ? AND sha256 = ?", [reseller, sha256], db)
    }

    static func batch(reseller: String, batchId: String, _ db: Database) throws -> BatchRecord? {
        try batch(where: "reseller = ? AND batch_id = ?", [reseller, batchId], db)
    }

    private static func batch(where condition: String, _ arguments: StatementArguments, _ db: Database) throws
        -> BatchRecord?
    {
        let statement = try db.cachedStatement(
            sql: """
                SELECT key, reseller, batch_id, file_name, format, sha256, as_of, policy, header_source FROM batches
                WHERE \(condition)
                """)
        return try Row.fetchOne(statement, arguments: arguments).map { row in
            BatchRecord(
                key: row["key"],
                batch: NewBatch(
                    reseller: row["reseller"], batchId: row["batch_id"], fileName: row["file_name"],
                    format: try LedgerColumns.status(row["format"], "batches.format"), sha256: row["sha256"],
                    asOf: try LedgerColumns.date(row["as_of"] as String),
                    policy: try LedgerColumns.status(row["policy"], "batches.policy"),
                    headerSource: row["header_source"]))
        }
    }

    /// The batch's claim must be recorded, open and this reseller's.
    private static func checkClaim(_ claimId: String, of batch: NewBatch, _ db: Database) throws {
        let open = try Bool.fetchOne(
            db,
            sql: "SELECT EXISTS (SELECT 1 FROM file_claims WHERE claim_id = ? AND reseller = ? AND finished = 0)",
            arguments: [claimId, batch.reseller]) ?? false
        guard open else {
            throw BatchCommitError(.claimMissing(claimId: claimId), reseller: batch.reseller, batchId: batch.batchId)
        }
    }
}
