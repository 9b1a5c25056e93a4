import CLibPQ
import Glibc

/// One session with a PostgreSQL server, through libpq, in the pipeline's terms: statements with
/// text parameters, rows read by column, transactions, prepared statements and COPY.
///
/// Synchronous, and for one thread at a time (libpq's connections are not thread-safe): each worker
/// opens its own. The session closes when the object goes away. Errors are ``PostgresError``s whose
/// ``PostgresError/connectionGone`` tells a lost server from a refused statement.
///
///     let ledger = try PostgresConnection(url: "postgres://orderflow@db.internal:5432/orderflow")
///     try ledger.transaction {
///         try ledger.execute("INSERT INTO batches (id, reseller) VALUES ($1, $2)", ["B-1", "R-ACME"])
///     }
final class PostgresConnection {
    let handle: OpaquePointer
    /// The statements ``execute(prepared:_:_:)`` prepared on this session, by name, with their SQL.
    /// A prepared statement lives as long as the session, whatever happens to transactions.
    var prepared: [String: String] = [:]
    /// How many cursors ``stream(_:_:fetching:_:)`` has declared, so that each has a name of its own.
    var cursorsDeclared = 0
    /// The writes ``send(prepared:_:_:)`` queued whose answers are not read yet, by name.
    var pending: [String] = []

    /// Connects with a `postgres://user@host:port/db` URL (or any URL or connection string libpq
    /// takes), so that `sslmode`, `connect_timeout`, `PGPASSWORD`, `~/.pgpass`, `PGSERVICE` and the
    /// other libpq parameters and variables apply as they do for psql. A URL with a password is
    /// refused (``PostgresURL/refusePassword(_:)``).
    init(url: String) throws(PostgresError) {
        try PostgresURL.refusePassword(url)
        // Later keywords win over what the URL says (expand_dbname = 1): the client encoding must be
        // UTF-8, since every text read back is decoded as UTF-8; the application name only fills in
        // for one the URL lacks, so `pg_stat_activity` shows which sessions are OrderFlow's.
        let keywords = ["fallback_application_name", "dbname", "client_encoding"]
        let values = ["orderflow", url, "UTF8"]
        let connection = Self.withCStrings(keywords + [nil]) { keywords in
            Self.withCStrings(values + [nil]) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let connection else {
            throw PostgresError(.cannotConnect, operation: "connect", message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.oneLine(String(cString: PQerrorMessage(connection)))
            let needsPassword = PQconnectionNeedsPassword(connection) == 1
            PQfinish(connection)
            if needsPassword {
                // Retrying cannot help: the operator has to give the password its place.
                throw PostgresError(
                    .refused, operation: "connect",
                    message: "\(reason): the server asks for a password; set PGPASSWORD or add it to ~/.pgpass")
            }
            throw PostgresError(.cannotConnect, operation: "connect", message: reason)
        }
        orderflow_silenceNotices(connection)
        handle = connection
    }

    deinit { PQfinish(handle) }

    /// False once the server has gone (restarted, terminated the session, network lost).
    var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Runs one statement with `$1`, `$2`, … bound to `parameters` (text format, converted by the
    /// server to the columns' types: PQexecParams). One statement only, so a value can never
    /// become SQL.
    @discardableResult
    func execute(_ sql: String, _ parameters: [PostgresParameter] = []) throws(PostgresError) -> PostgresRows {
        try sync()
        let operation = Self.operation(sql)
        let texts = try Self.texts(sql, parameters, operation)
        let result = Self.withCStrings(texts) { values in
            PQexecParams(handle, sql, Int32(values.count), nil, values, nil, nil, 0)
        }
        return try rows(result, operation)
    }

    /// Runs several statements separated by semicolons, without parameters (PQexec): a migration's
    /// script. Without a BEGIN of its own, the whole script is one transaction.
    func executeScript(_ sql: String) throws(PostgresError) {
        try sync()
        let operation = Self.operation(sql)
        _ = try Self.texts(sql, [], operation)
        _ = try rows(PQexec(handle, sql), operation)
    }

    /// The result of a statement as rows, or the error it carries.
    func rows(_ result: OpaquePointer?, _ operation: String) throws(PostgresError) -> PostgresRows {
        guard let result else { throw failure(nil, operation) }
        let status = PQresultStatus(result)
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK {
            return PostgresRows(taking: result, operation: operation)
        }
        defer { PQclear(result) }
        if status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH {
            // A COPY given to execute: end it so the session stays usable, and point to copy(into:).
            abandonCopy(status)
            throw PostgresError(.refused, operation: operation, message: "COPY runs through copy(into:columns:rows:)")
        }
        throw failure(result, operation)
    }

    /// The error a failed call left, from its result when there is one, else from the connection.
    func failure(_ result: OpaquePointer?, _ operation: String) -> PostgresError {
        func field(_ code: Int32) -> String? {
            guard let result, let value = PQresultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        let sqlState = field(orderflow_PG_DIAG_SQLSTATE)
        let message = field(orderflow_PG_DIAG_MESSAGE_PRIMARY) ?? Self.oneLine(String(cString: PQerrorMessage(handle)))
        let gone = PQstatus(handle) == CONNECTION_BAD || sqlState.map(PostgresError.endsSession) == true
        return PostgresError(
            gone ? .connectionLost : .statementFailed, operation: operation, message: message, sqlState: sqlState,
            detail: field(orderflow_PG_DIAG_MESSAGE_DETAIL), constraint: field(orderflow_PG_DIAG_CONSTRAINT_NAME))
    }

    /// The parameters' texts, after refusing a NUL in them or in the SQL.
    static func texts(
        _ sql: String, _ parameters: [PostgresParameter], _ operation: String
    ) throws(PostgresError) -> [String?] {
        guard !sql.utf8.contains(0) else {
            throw PostgresError(.refused, operation: operation, message: "the SQL contains a NUL character")
        }
        var texts: [String?] = []
        texts.reserveCapacity(parameters.count)
        for parameter in parameters { texts.append(try parameter.checked(operation)) }
        return texts
    }

    /// A short name for a statement in errors: its first words, on one line.
    static func operation(_ sql: String) -> String {
        let line = oneLine(sql)
        return line.count <= 60 ? line : String(line.prefix(57)) + "..."
    }

    /// libpq's and the SQL's several lines and tabs as one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// C strings for libpq's arrays (NULL for nil), valid while `body` runs.
    static func withCStrings<Result>(
        _ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> Result
    ) -> Result {
        let copies = strings.map { $0.flatMap { strdup($0) } }
        defer { for copy in copies { free(copy) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}
