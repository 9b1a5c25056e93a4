/// A PostgreSQL call that failed: what OrderFlow was doing, the server's SQLSTATE and message, and
/// whether the connection is gone.
///
/// A caller tells the cases apart by ``connectionGone``: a server that cannot be reached, was
/// restarted or ended the session means "retry with a new connection, or exit 75" (as a busy
/// SQLite ledger does: `ExitStatus.forRunFailure` in Sources/orderflow/PipelineSetup.swift), while a
/// statement the server refused (a unique key, a lock timeout) leaves the connection usable and
/// means "this batch failed".
struct PostgresError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed, closed: each case decides what a caller may do next.
    enum Kind: String, Sendable, Hashable {
        /// No session was opened: the server is down, unreachable or not accepting connections yet.
        case cannotConnect
        /// The session ended under a statement: the server was restarted, or the backend terminated.
        case connectionLost
        /// The server refused a statement; the connection is still usable.
        case statementFailed
        /// OrderFlow refused the call before it reached the server: a URL with a password, text
        /// PostgreSQL cannot hold, a column that is not there, a value of another type.
        case refused
    }

    var kind: Kind
    /// The five-character SQLSTATE (`23505` for a unique violation), when the server sent one.
    var sqlState: String?
    /// The server's primary message, or libpq's or OrderFlow's.
    var message: String
    /// The server's DETAIL line (which key collided, for a unique violation).
    var detail: String?
    /// The constraint the statement broke, when it broke one.
    var constraint: String?
    /// What was being done: `connect`, `BEGIN`, a prepared statement's name, the start of the SQL.
    var operation: String

    init(
        _ kind: Kind, operation: String, message: String, sqlState: String? = nil, detail: String? = nil,
        constraint: String? = nil
    ) {
        self.kind = kind
        self.operation = operation
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.constraint = constraint
    }

    /// True when the session is over (or never began) and only a new connection can go on: the
    /// batch in hand was rolled back by the server, so retrying it whole is safe.
    var connectionGone: Bool { kind == .cannotConnect || kind == .connectionLost }

    /// True for a unique or primary-key violation (SQLSTATE 23505): an idempotency key already taken.
    var isUniqueViolation: Bool { sqlState == "23505" }

    /// True when the server gave up the transaction to let another go on (a serialization failure,
    /// 40001, or a deadlock, 40P01): running the whole transaction again may succeed.
    var mayRetryTransaction: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// SQLSTATEs the server sends as it ends a session: an administrator's command or
    /// pg_terminate_backend (57P01), a crash of another backend (57P02), a server still starting or
    /// stopping (57P03), and the whole connection-exception class (08…). PostgreSQL's appendix A.
    static func endsSession(_ sqlState: String) -> Bool {
        sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }

    var description: String {
        var text = "PostgreSQL: \(operation): \(message)"
        if let detail, !detail.isEmpty { text += " (\(detail))" }
        if let sqlState { text += " [SQLSTATE \(sqlState)]" }
        if connectionGone { text += "; the connection is gone" }
        return text
    }
}
