import OrderFlowCore

/// Batches: the one-transaction commit (SQLiteLedger+Batches), and what is read back of them.
extension PostgresLedger {
    public func commitBatch(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        requests: (_ sink: (RawRequest) throws -> Void) throws -> Void
    ) throws -> BatchRecord {
        guard lease.reseller == batch.reseller else { throw LedgerError.leaseLost(reseller: batch.reseller) }
        guard let reseller = catalog.reseller(id: batch.reseller) else {
            throw BatchCommitError(.unknownReseller, reseller: batch.reseller, batchId: batch.batchId)
        }
        return try commitDrop(batch, kind: batch.trialsOnly ? .trials : .drop, claimId: claimId, under: lease) {
            store, key, recordedAt in
            var context = JudgeContext(catalog: catalog, reseller: reseller, asOf: batch.asOf, unresolvedReferences: .reject)
            context.trialsOnly = batch.trialsOnly
            try BatchCommit(store: store, batchKey: key, batch: batch, context: context, recordedAt: recordedAt)
                .run(requests: requests)
        }
    }

    /// The one transaction of every batch a job commits, as SQLiteLedger's `commitDrop`: the lease
    /// fence (its token, whose row stays locked to the end), the open claim (a drop's; work done by
    /// date has none), a file or batch id already committed refused, the batch inserted, `body`
    /// run with the store, the batch's key and commit time, the claim marked committed and the
    /// lease renewed. Whatever throws rolls it all back.
    func commitDrop(
        _ batch: NewBatch, kind: BatchKind, claimId: String?, under lease: ResellerLease,
        _ body: (PostgresBatchStore, _ key: Int64, _ recordedAt: Int64) throws -> Void
    ) throws -> BatchRecord {
        guard lease.reseller == batch.reseller else { throw LedgerError.leaseLost(reseller: batch.reseller) }
        let recordedAt = clock()
        return try transaction("committing batch \(batch.batchId) of \(batch.reseller)") { connection in
            try PostgresLeases(connection: connection).checkToken(of: lease)
            if let claimId { try Self.checkClaim(claimId, of: batch, connection) }
            if let existing = try Self.batch(reseller: batch.reseller, sha256: batch.sha256, connection) {
                throw BatchCommitError(.duplicateFile(existing: existing), reseller: batch.reseller, batchId: batch.batchId)
            }
            if let existing = try Self.batch(reseller: batch.reseller, batchId: batch.batchId, connection) {
                throw BatchCommitError(.batchIdReused(existing: existing), reseller: batch.reseller, batchId: batch.batchId)
            }
            let inserted = try connection.execute(
                prepared: "batch_insert",
                """
                INSERT INTO batches (reseller, batch_id, file_name, format, sha256, as_of, policy, header_source,
                    committed_at, kind)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING key
                """,
                [
                    .string(batch.reseller), .string(batch.batchId), .string(batch.fileName),
                    .string(batch.format.rawValue), .string(batch.sha256), .string(batch.asOf.description),
                    .string(batch.policy.rawValue), .string(batch.headerSource), .int(recordedAt),
                    .string(kind.rawValue),
                ])
            guard let key = try inserted.first?.requiredInt64("key") else {
                throw LedgerError.unusable("the batch row of \(batch.batchId) was not inserted")
            }
            try body(PostgresBatchStore(connection: connection), key, recordedAt)
            if let claimId {
                try connection.execute(
                    prepared: "claim_committed", "UPDATE file_claims SET batch_key = $1 WHERE claim_id = $2",
                    [.int(key), .string(claimId)])
            }
            // As SQLiteLedger's commit: a batch that took longer than the lease keeps it for a full
            // lease from now. The fence above already holds this row's lock, so nothing is upgraded.
            let now = clock()
            try connection.execute(
                prepared: "lease_commit_heartbeat",
                """
                UPDATE leases SET heartbeat_at = $1, expires_at = $1 + (expires_at - heartbeat_at)
                WHERE reseller = $2 AND token = $3
                """,
                [.int(now), .string(lease.reseller), .string(lease.token)])
            return BatchRecord(key: key, batch: batch)
        }
    }

    public func committedBatch(reseller: String, sha256: String) throws -> BatchRecord? {
        try withConnection("looking up a batch of \(reseller)") { connection in
            try Self.batch(reseller: reseller, sha256: sha256, connection)
        }
    }

    public func committedBatch(reseller: String, batchId: String) throws -> BatchRecord? {
        try withConnection("looking up batch \(batchId) of \(reseller)") { connection in
            try Self.batch(reseller: reseller, batchId: batchId, connection)
        }
    }

    public func committedBatch(key: Int64) throws -> BatchRecord? {
        try withConnection("reading batch \(key)") { connection in
            try Self.batch(named: "batch_by_key", where: "key = $1", [.int(key)], connection)
        }
    }

    public func streamOutputs(
        ofBatch key: Int64, result: (RequestResult, RejectedRequest?) throws -> Void,
        payment: (PaymentRow) throws -> Void
    ) throws {
        try read("reading the outputs of batch \(key)") { connection in
            // Through cursors: a batch of a hundred thousand requests is read a thousand rows at a time.
            try connection.stream(
                """
                SELECT \(RequestResult.storedColumns), diagnostics, source FROM results
                WHERE batch_key = $1 ORDER BY seq
                """,
                [.int(key)]
            ) { row in
                let stored = try RequestResult(postgres: row)
                var rejected: RejectedRequest?
                if stored.outcome == .rejected {
                    rejected = RejectedRequest(
                        line: stored.line, source: try row.string("source") ?? "",
                        diagnostics: try LedgerColumns.decode([Diagnostic].self, json: try row.requiredString("diagnostics")))
                }
                try result(stored, rejected)
            }
            try Self.streamBatchPayments(ofBatch: key, connection, payment)
        }
    }

    public func documentNumbers(ofBatch key: Int64) throws -> [String] {
        try withConnection("reading the documents of batch \(key)") { connection in
            try connection.execute(
                prepared: "document_numbers", "SELECT number FROM documents WHERE batch_key = $1 ORDER BY position",
                [.int(key)]
            ).map { try $0.requiredString("number") }
        }
    }

    public func readHistory<T>(_ body: (any OrderHistory) throws -> T) throws -> T {
        try read("reading the ledger") { connection in
            let history = PostgresHistory(connection)
            return try history.serving { try body(history) }
        }
    }

    // MARK: Inside a transaction

    private static let batchPaymentsQuery = PostgresSpelling.of(SQLiteLedger.batchPaymentsQuery)

    /// The payments a batch created or changed, as they stood after it (`payments.csv`), through a
    /// cursor.
    static func streamBatchPayments(
        ofBatch key: Int64, _ connection: PostgresConnection, _ payment: (PaymentRow) throws -> Void
    ) throws {
        try connection.stream(batchPaymentsQuery, [.int(key)]) { row in
            try payment(PaymentRow(
                paymentId: try row.requiredString("payment_id"), kind: try row.status("kind", "batch_payments.kind"),
                salesOrderId: try row.string("sales_order_id"), accountId: try row.string("account_id"),
                amount: try row.money("amount", currency: try row.requiredString("currency")),
                status: try row.status("status", "batch_payments.status"), dueDate: try row.date("due_date"),
                remittanceReference: try row.requiredString("remittance_ref")))
        }
    }

    static func batch(reseller: String, sha256: String, _ connection: PostgresConnection) throws -> BatchRecord? {
        try batch(named: "batch_by_sha", where: "reseller = $1 AND sha256 = $2", [.string(reseller), .string(sha256)], connection)
    }

    static func batch(reseller: String, batchId: String, _ connection: PostgresConnection) throws -> BatchRecord? {
        try batch(
            named: "batch_by_id", where: "reseller = $1 AND batch_id = $2", [.string(reseller), .string(batchId)],
            connection)
    }

    private static func batch(
        named name: String, where condition: String, _ parameters: [PostgresParameter], _ connection: PostgresConnection
    ) throws -> BatchRecord? {
        let rows = try connection.execute(
            prepared: name,
            """
            SELECT key, reseller, batch_id, file_name, format, sha256, as_of, policy, header_source FROM batches
            WHERE \(condition)
            """,
            parameters)
        return try rows.first.map { row in
            BatchRecord(
                key: try row.requiredInt64("key"),
                batch: NewBatch(
                    reseller: try row.requiredString("reseller"), batchId: try row.requiredString("batch_id"),
                    fileName: try row.requiredString("file_name"), format: try row.status("format", "batches.format"),
                    sha256: try row.requiredString("sha256"), asOf: try row.requiredDate("as_of"),
                    policy: try row.status("policy", "batches.policy"), headerSource: try row.string("header_source")))
        }
    }

    /// The batch's claim must be recorded, open and this reseller's.
    private static func checkClaim(_ claimId: String, of batch: NewBatch, _ connection: PostgresConnection) throws {
        let open = try connection.execute(
            prepared: "claim_open",
            "SELECT 1 FROM file_claims WHERE claim_id = $1 AND reseller = $2 AND NOT finished",
            [.string(claimId), .string(batch.reseller)])
        guard !open.isEmpty else {
            throw BatchCommitError(.claimMissing(claimId: claimId), reseller: batch.reseller, batchId: batch.batchId)
        }
    }
}
