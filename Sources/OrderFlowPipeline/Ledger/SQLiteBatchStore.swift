import GRDB
import OrderFlowCore

/// ``BatchStore`` on the SQLite ledger: the batch's write transaction, through cached statements
/// (no SQL is compiled per request). Split by concern: `+Orders` (results, accounts, subscriptions,
/// sales orders), `+Payments` (payments, balances, documents, state changes).
struct SQLiteBatchStore: BatchStore {
    let db: Database

    init(_ db: Database) {
        self.db = db
    }

    func history(excludingBatch batchKey: Int64) -> LedgerHistory {
        LedgerHistory(db, excludingBatch: batchKey)
    }

    func savepoint(_ body: () throws -> Bool) throws {
        try db.inSavepoint { try body() ? .commit : .rollback }
    }

    // MARK: Sequences

    func lastIds() throws -> [IdKind: Int64] {
        var last: [IdKind: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT kind, last_value FROM id_sequences") {
            if let kind = IdKind(rawValue: row["kind"]) { last[kind] = row["last_value"] }
        }
        return last
    }

    func lastNumber(of series: DocumentNumber.Series) throws -> Int64 {
        try Int64.fetchOne(
            db, sql: "SELECT last_number FROM document_series WHERE prefix = ? AND year = ?",
            arguments: [series.prefix, series.year]) ?? 0
    }

    func saveCounters(lastIds: [IdKind: Int64], series: [DocumentNumber.Series: Int64]) throws {
        for (kind, value) in lastIds {
            try db.execute(
                sql: """
                    INSERT INTO id_sequences (kind, last_value) VALUES (?, ?)
                    ON CONFLICT (kind) DO UPDATE SET last_value = excluded.last_value
                    """,
                arguments: [kind.rawValue, value])
        }
        for (key, value) in series {
            try db.execute(
                sql: """
                    INSERT INTO document_series (prefix, year, last_number) VALUES (?, ?, ?)
                    ON CONFLICT (prefix, year) DO UPDATE SET last_number = excluded.last_number
                    """,
                arguments: [key.prefix, key.year, value])
        }
    }
}

extension LedgerHistory: CommitHistory {}

/// The commit stages on SQLite, as the jobs after the import (billing, provisioning, approvals)
/// hold them.
typealias SQLiteBatchCommit = BatchCommit<SQLiteBatchStore>
typealias SQLiteEffectsWriter = EffectsWriter<SQLiteBatchStore>

/// The jobs after the import still hand their `Database` to the commit stages; these build the
/// SQLite store from it.
extension BatchCommit where Store == SQLiteBatchStore {
    init(db: Database, batchKey: Int64, batch: NewBatch, context: JudgeContext, recordedAt: Int64) {
        self.init(store: SQLiteBatchStore(db), batchKey: batchKey, batch: batch, context: context, recordedAt: recordedAt)
    }

    var db: Database { store.db }
}

extension LedgerRows where Store == SQLiteBatchStore {
    init(db: Database, batchKey: Int64, asOf: CalendarDate, recordedAt: Int64) {
        self.init(store: SQLiteBatchStore(db), batchKey: batchKey, asOf: asOf, recordedAt: recordedAt)
    }
}

extension LedgerIdentifiers {
    init(_ db: Database, reportingTo history: LedgerHistory) throws {
        try self.init(SQLiteBatchStore(db), reportingTo: history)
    }
}

extension SQLiteBatchStore {
    func insertSubscriptionImportBatch(
        reseller: String, file: SubscriptionImportFile, asOf: CalendarDate, recordedAt: Int64
    ) throws -> Int64 {
        let earlier = try Int64.fetchOne(
            db, sql: SubscriptionImportBatch.countSQL, arguments: [reseller, BatchKind.subscriptionImport.rawValue]) ?? 0
        let row = SubscriptionImportBatch.values(
            reseller: reseller, number: earlier + 1, file: file, asOf: asOf, recordedAt: recordedAt)
        try db.execute(
            sql: SubscriptionImportBatch.insertSQL,
            arguments: [row.reseller, row.batchId, row.fileName, row.sha256, row.asOf, row.policy, row.committedAt, row.kind])
        return db.lastInsertedRowID
    }
}
