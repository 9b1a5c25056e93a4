import OrderFlowCore

/// The jobs' commits (JobCommits) on PostgreSQL: `commitDrop` already hands them the store.
extension PostgresLedger: JobCommits {
    func commitThroughStore(
        _ batch: NewBatch, kind: BatchKind, claimId: String?, under lease: ResellerLease,
        _ body: (PostgresBatchStore, _ key: Int64, _ recordedAt: Int64) throws -> Void
    ) throws -> BatchRecord {
        try commitDrop(batch, kind: kind, claimId: claimId, under: lease, body)
    }
}
