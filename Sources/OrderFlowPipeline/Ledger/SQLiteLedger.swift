import Foundation
import GRDB
import OrderFlowCore

/// The embedded ledger: one SQLite file in WAL mode, for one host (Operations.md: SQLite only
/// on a local disk).
///
/// Every write runs in an IMMEDIATE transaction, so two processes never deadlock upgrading a
/// read lock; a lock held longer than the busy timeout surfaces as ``LedgerError/busy(_:)``.
/// Readers (``readHistory(_:)``, `validate --pipeline`) read a WAL snapshot and never block a writer.
public final class SQLiteLedger: Ledger {
    let pool: DatabasePool
    /// Wall clock for `committed_at` and state-change times (milliseconds since the epoch).
    let clock: @Sendable () -> Int64

    /// Opens or creates the ledger at `path` and brings its schema up to date.
    public init(
        path: String, busyTimeout: TimeInterval = 10, clock: @escaping @Sendable () -> Int64 = SQLiteLedger.systemClock
    ) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // A batch of 100,000 orders touches far more pages than SQLite's default 2 MB cache
            // holds; 64 MB (allocated only as used) keeps its indexes in memory while it is
            // judged and stored. Readers stream what they read once (the outputs, the invoices):
            // 2 MB each, so that publishing, beside the next commit and with a connection per
            // reading thread, adds little to the import's peak (BENCHMARKS.md, memory; step 5).
            try db.execute(sql: db.configuration.readonly ? "PRAGMA cache_size = -2048" : "PRAGMA cache_size = -65536")
        }
        do {
            pool = try MigrationLock.withLock(beside: path) { () throws -> DatabasePool in
                try Self.createPrivately(path)
                let pool = try DatabasePool(path: path, configuration: configuration)
                // GRDB opens WAL with `synchronous = NORMAL`: never corrupt, nothing lost when the
                // process crashes, but after a power loss or OS crash the last commits before the
                // next checkpoint may be gone. A batch's outputs are published (fdatasync) and its
                // input moved right after its commit, so a commit that vanished would leave outputs
                // the ledger does not know and ids it hands out again. FULL syncs the WAL at each
                // commit: one fsync per batch, of pages the checkpoint would sync anyway (never OFF).
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
                try LedgerSchema.migrator.migrate(pool)
                return pool
            }
        } catch let error as DatabaseError where error.isBusy {
            throw LedgerError.busy("\(path): \(error.message ?? error.description)")
        } catch {
            throw LedgerError.unusable("\(path): \(error)")
        }
        self.clock = clock
    }

    /// Opens an existing ledger read-only (`validate`/`quote --pipeline`): no migration, no write
    /// lock ever taken, so a running import is never held up.
    public init(readOnlyPath path: String, busyTimeout: TimeInterval = 10) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        do {
            guard FileManager.default.fileExists(atPath: path) else {
                throw LedgerError.unusable("\(path): no ledger file there (run an import first)")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.read { db in
                let migrator = LedgerSchema.migrator
                guard try migrator.hasCompletedMigrations(db), try !migrator.hasBeenSuperseded(db) else {
                    throw LedgerError.unusable("\(path): its schema is not the one this version of orderflow reads")
                }
            }
        } catch let error as LedgerError {
            throw error
        } catch let error as DatabaseError where error.isBusy {
            throw LedgerError.busy("\(path): \(error.message ?? error.description)")
        } catch {
            throw LedgerError.unusable("\(path): \(error)")
        }
        self.clock = { 0 }
    }

    /// Publishing reads through the pool's reader connections (WAL snapshots).
    public var readsBesideCommits: Bool { true }

    public static let systemClock: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// A write transaction (IMMEDIATE), with SQLite's busy and locked errors made ``LedgerError/busy(_:)``.
    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        try mappingBusy(operation) {
            try pool.writeWithoutTransaction { db in
                var value: T?
                try db.inTransaction(.immediate) {
                    value = try body(db)
                    return .commit
                }
                return value!
            }
        }
    }

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        try mappingBusy(operation) { try pool.read(body) }
    }

    private func mappingBusy<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.isBusy {
            throw LedgerError.busy("\(operation): \(error.message ?? error.description)")
        }
    }

    /// A new ledger file is created 0600 whatever the umask (it holds every customer's address),
    /// before SQLite opens it: SQLite gives its `-wal` and `-shm` files the database file's mode.
    /// An existing ledger keeps the mode its operator gave it (Operations.md, permissions).
    static func createPrivately(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return }
            throw LedgerError.unusable("\(path): cannot create the ledger file (errno \(errno))")
        }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else { throw LedgerError.unusable("\(path): cannot make the ledger private") }
    }
}

extension DatabaseError {
    /// SQLITE_BUSY or SQLITE_LOCKED: another connection held the lock past the busy timeout.
    var isBusy: Bool { resultCode == .SQLITE_BUSY || resultCode == .SQLITE_LOCKED }

}
