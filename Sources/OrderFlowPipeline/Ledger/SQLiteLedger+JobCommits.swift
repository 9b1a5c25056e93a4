import GRDB
import OrderFlowCore

/// The jobs' commits (JobCommits) on SQLite: `commitDrop` hands its `Database`, wrapped in the
/// store the stages speak to.
extension SQLiteLedger: JobCommits {
    func commitThroughStore(
        _ batch: NewBatch, kind: BatchKind, claimId: String?, under lease: ResellerLease,
        _ body: (SQLiteBatchStore, _ key: Int64, _ recordedAt: Int64) throws -> Void
    ) throws -> BatchRecord {
        try commitDrop(batch, kind: kind, claimId: claimId, under: lease) { db, key, recordedAt in
            try body(SQLiteBatchStore(db), key, recordedAt)
        }
    }
}
