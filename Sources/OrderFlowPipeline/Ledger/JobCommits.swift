import OrderFlowCore

/// The commits of the jobs after the import, written once for both engines: each ledger runs the
/// body in its one transaction per batch under the lease fence (``commitThroughStore``), handing
/// it the engine's store, and these build the job's stage on that store. SQLiteLedger's and
/// PostgresLedger's public `Ledger` methods are these, by name.
protocol JobCommits {
    associatedtype Store: ProvisionStore & BillingStore

    /// The ledger's `commitDrop`, with the engine's store.
    func commitThroughStore(
        _ batch: NewBatch, kind: BatchKind, claimId: String?, under lease: ResellerLease,
        _ body: (Store, _ key: Int64, _ recordedAt: Int64) throws -> Void
    ) throws -> BatchRecord

    func committedBatch(reseller: String, batchId: String) throws -> BatchRecord?
}

extension JobCommits {
    /// A provisioning run for a date (Provisioning.md), committed once per reseller and date.
    func commitDay(
        reseller: String, day: CalendarDate, catalog: Catalog, unpaidCancelDays: Int, under lease: ResellerLease,
        afterStep: () -> Void
    ) throws -> BatchRecord {
        let batch = ProvisionDayBatch.batch(reseller: reseller, day: day)
        let context = try batch.provisionContext(catalog: catalog)
        if let existing = try committedBatch(reseller: reseller, batchId: batch.batchId) { return existing }
        return try commitThroughStore(batch, kind: .provisionDay, claimId: nil, under: lease) { store, key, recordedAt in
            let commit = BatchCommit(store: store, batchKey: key, batch: batch, context: context, recordedAt: recordedAt)
            try ProvisionDay(commit: commit, unpaidCancelDays: unpaidCancelDays).run(afterStep: afterStep)
        }
    }

    /// An approval drop (Provisioning.md, approvals).
    func commitApprovalRows(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        rows: (_ sink: (ApprovalRequest) throws -> Void) throws -> Void
    ) throws -> BatchRecord {
        let context = try batch.provisionContext(catalog: catalog)
        return try commitThroughStore(batch, kind: .approvals, claimId: claimId, under: lease) { store, key, recordedAt in
            let commit = BatchCommit(store: store, batchKey: key, batch: batch, context: context, recordedAt: recordedAt)
            try ApprovalCommit(commit: commit).run(rows: rows)
        }
    }

    /// A usage drop (Billing.md, usage drops).
    func commitUsageRows(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        rows: (_ sink: (UsageRow) throws -> Void) throws -> Void
    ) throws -> BatchRecord {
        guard catalog.reseller(id: batch.reseller) != nil else {
            throw BatchCommitError(.unknownReseller, reseller: batch.reseller, batchId: batch.batchId)
        }
        return try commitThroughStore(batch, kind: .usage, claimId: claimId, under: lease) { store, key, _ in
            try UsageCommit(store: store, batchKey: key, reseller: batch.reseller, catalog: catalog).run(rows: rows)
        }
    }

    /// A billed month (Billing.md), committed once per reseller and month.
    func commitMonth(
        reseller: String, month: BillingMonth, runDate: CalendarDate, catalog: Catalog, under lease: ResellerLease
    ) throws -> BatchRecord {
        let (batch, context) = try BillingMonthBatch.batch(reseller: reseller, month: month, catalog: catalog)
        if let existing = try committedBatch(reseller: reseller, batchId: batch.batchId) { return existing }
        return try commitThroughStore(batch, kind: .billingMonth, claimId: nil, under: lease) { store, key, recordedAt in
            let commit = BatchCommit(store: store, batchKey: key, batch: batch, context: context, recordedAt: recordedAt)
            try BillingRun(commit: commit, month: month, runDate: runDate).run()
        }
    }
}
