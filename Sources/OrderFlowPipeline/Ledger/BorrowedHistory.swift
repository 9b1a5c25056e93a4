/// What both engines' histories (LedgerHistory, PostgresHistory) do around their lookups: hold a
/// borrowed connection, keep the first error for ``check()`` (``OrderHistory`` cannot throw), and
/// refuse any use after ``close()`` instead of touching a connection whose transaction has ended.
class BorrowedHistory<Connection>: @unchecked Sendable {
    // @unchecked: a connection is for one thread; the history only lives inside one transaction on
    // that thread and forgets the connection at its end.
    private var connection: Connection?
    private var failure: (any Error)?
    /// Promo uses of this batch are counted by the judge's own overlay; the ledger leaves them out.
    let excludedBatch: Int64

    init(_ connection: Connection, excludingBatch batchKey: Int64 = -1) {
        self.connection = connection
        self.excludedBatch = batchKey
    }

    /// Ends the loan: any later lookup is reported as an error.
    final func close() { connection = nil }

    /// Keeps the first error met while serving the judge (ids included).
    final func fail(_ error: any Error) {
        if failure == nil { failure = error }
    }

    /// Rethrows the first error a lookup met.
    final func check() throws {
        if let failure { throw failure }
    }

    final var hasLedger: Bool { true }

    /// Runs `body` (a read that consults this history), then ends the loan and reports the first
    /// error a lookup met.
    final func serving<T>(_ body: () throws -> T) throws -> T {
        defer { close() }
        let value = try body()
        try check()
        return value
    }

    /// One lookup: nil once an error is kept, the error kept when `body` throws.
    final func lookup<T>(_ body: (Connection) throws -> T?) -> T? {
        guard failure == nil else { return nil }
        guard let connection else {
            failure = LedgerColumns.CorruptValue(column: "history", value: "used after its transaction ended")
            return nil
        }
        do {
            return try body(connection)
        } catch {
            failure = error
            return nil
        }
    }
}
