import Foundation
import OrderFlowCore

/// The shared ledger: one PostgreSQL database for workers on several hosts (Operations.md,
/// PostgreSQL ledger). It serves every job and `orderflow ledger show`. Split by concern like
/// SQLiteLedger: `+Leases`, `+Batches`, `+Statements`, `+Provision`, `+Billing`, `+Usage`,
/// `+Documents`, `+Show`.
///
/// One session, used by one call at a time (libpq's connections are not thread-safe). A session
/// the server dropped is opened again at the next call; every connection is tried a few times
/// with backoff (``retryDelays``) before the call fails with ``LedgerError/busy(_:)`` (exit 75). A
/// session lost inside a batch's transaction took the transaction with it: nothing of the batch
/// is in the ledger, its claim stays open, and the next run does it again.
public final class PostgresLedger: Ledger, @unchecked Sendable {
    // @unchecked: every use of `current` is under `lock`.
    private let lock = NSRecursiveLock()
    private var current: PostgresConnection?
    let url: String
    /// One session: a publish would only wait for the next commit's transaction.
    public var readsBesideCommits: Bool { false }

    /// Wall clock for `committed_at` and state-change times (milliseconds since the epoch).
    let clock: @Sendable () -> Int64
    /// Waits between connection attempts: about 30 s in all before a run gives up with 75.
    let retryDelays: [TimeInterval]

    public static let defaultRetryDelays: [TimeInterval] = [0.5, 1, 2, 4, 8, 14]

    /// Connects with `url` as libpq reads it (the password from PGPASSWORD or ~/.pgpass, never
    /// the URL: PostgresURL) and brings the schema up to date (PostgresSchema). `readOnly` only
    /// checks that the schema is current, as SQLite's read-only ledger does.
    public init(
        url: String, readOnly: Bool = false, retryDelays: [TimeInterval] = PostgresLedger.defaultRetryDelays,
        clock: @escaping @Sendable () -> Int64 = SQLiteLedger.systemClock
    ) throws {
        self.url = url
        self.clock = clock
        self.retryDelays = retryDelays
        try withConnection("opening the ledger") { connection in
            if readOnly {
                try PostgresSchema.requireCurrent(connection)
            } else {
                try PostgresSchema.migrate(connection)
            }
        }
    }

    /// Runs `body` on the session, opening one when there is none (or the last one was lost).
    /// A lost or unreachable server becomes ``LedgerError/busy(_:)``; a refusal to connect that
    /// retrying cannot mend (a password asked for, a URL libpq cannot read) ``LedgerError/unusable(_:)``.
    func withConnection<T>(_ operation: String, _ body: (PostgresConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            let connection = try open()
            return try body(connection)
        } catch let error as PostgresError where error.connectionGone {
            current = nil
            throw LedgerError.busy(
                "\(operation): \(error); check that the PostgreSQL server is running and reachable at the ledger URL")
        } catch let error as PostgresError where error.kind == .refused && error.operation == "connect" {
            throw LedgerError.unusable(error.description)
        }
    }

    private func open() throws(PostgresError) -> PostgresConnection {
        if let current, current.isConnected { return current }
        current = nil
        var attempt = 0
        while true {
            do {
                let connection = try PostgresConnection(url: url)
                current = connection
                return connection
            } catch let error where error.kind == .cannotConnect && attempt < retryDelays.count {
                Thread.sleep(forTimeInterval: retryDelays[attempt])
                attempt += 1
            }
        }
    }

    /// Runs `body` in one transaction on the session (``withConnection(_:_:)``).
    func transaction<T>(_ operation: String, _ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection(operation) { connection in try connection.transaction { try body(connection) } }
    }

    /// A read of several statements that must see one state: a REPEATABLE READ, READ ONLY
    /// snapshot, which never blocks a running import.
    func read<T>(_ operation: String, _ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection(operation) { connection in
            try connection.transaction {
                try connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                return try body(connection)
            }
        }
    }
}
