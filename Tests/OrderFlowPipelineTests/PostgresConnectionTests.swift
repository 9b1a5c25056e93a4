import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

/// The libpq wrapper against a real PostgreSQL server (``TestPostgres``): each test has a database
/// of its own on the process's shared server; the restart test has a server of its own.
@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresConnectionTests {
    struct Marker: Error {}

    @Test func connectsAsTheURLsUserToItsDatabase() throws {
        let url = try TestPostgres.database()
        let connection = try PostgresConnection(url: url)
        let row = try #require(try connection.execute("SELECT current_user AS who, current_database() AS db").first)
        #expect(try row.string("who") == "orderflow")
        let database = try #require(try row.string("db"))
        #expect(url.hasSuffix("/" + database))
        #expect(connection.isConnected)
        // libpq's own parameters pass through the URL.
        let named = try PostgresConnection(url: url + "?application_name=orderflow-test&sslmode=disable")
        let application = try named.execute("SELECT current_setting('application_name') AS name")
        #expect(try application[0].string("name") == "orderflow-test")
        let unnamed = try connection.execute("SELECT current_setting('application_name') AS name")
        #expect(try unnamed[0].string("name") == "orderflow")
    }

    @Test func aURLThatCarriesAPasswordIsRefusedWithoutRepeatingIt() throws {
        let server = try TestPostgres.shared()
        for url in [
            "postgres://orderflow:s3cret@127.0.0.1:\(server.port)/postgres",
            "postgresql://orderflow:s3cret@127.0.0.1:\(server.port)/postgres",
            "postgres://orderflow@127.0.0.1:\(server.port)/postgres?password=s3cret",
        ] {
            let error = try #require(throws: PostgresError.self) { try PostgresConnection(url: url) }
            #expect(error.kind == .refused && !error.connectionGone)
            #expect(error.description.contains("carries a password"))
            #expect(error.description.contains("PGPASSWORD or ~/.pgpass"))
            #expect(!error.description.contains("s3cret"))
        }
    }

    @Test func parametersAndNullsRoundTrip() throws {
        let connection = try PostgresConnection(url: TestPostgres.database())
        try connection.execute("CREATE TABLE notes (id bigint PRIMARY KEY, body text, extra text, flag boolean)")
        let awkward = "Zürich \"quoted\" 'single' back\\slash\ttab\nnewline ; DROP TABLE notes; -- 東京"
        let inserted = try connection.execute(
            "INSERT INTO notes (id, body, extra, flag) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)",
            [1, .string(awkward), nil, true, .int(2), "", .null, .bool(nil)])
        #expect(inserted.rowsAffected == 2)

        let rows = try connection.execute("SELECT id, body, extra, flag FROM notes ORDER BY id")
        #expect(rows.columns == ["id", "body", "extra", "flag"])
        #expect(rows.count == 2)
        #expect(try rows[0].int64("id") == 1)
        #expect(try rows[0].string("body") == awkward)
        #expect(try rows[0].string("extra") == nil)
        #expect(try rows[0].string("flag") == "t")
        #expect(try rows[1].string("body") == "")  // empty text is not NULL
        #expect(try rows[1].string("flag") == nil)

        // A parameter is a value, never SQL: the table is still there.
        #expect(try connection.execute("SELECT count(*) AS n FROM notes")[0].int64("n") == 2)
        // Text PostgreSQL cannot hold, a column that is not there, a value of another type: refused.
        let nul = try #require(throws: PostgresError.self) {
            try connection.execute("SELECT $1::text", [.string("a\u{0}b")])
        }
        #expect(nul.kind == .refused && nul.message.contains("NUL"))
        #expect(throws: PostgresError.self) { try rows[0].string("missing") }
        let notNumber = try #require(throws: PostgresError.self) { try rows[0].int64("body") }
        #expect(notNumber.kind == .refused && notNumber.message.contains("not a whole number"))
    }

    @Test func int64ExtremesRoundTripExactly() throws {
        let connection = try PostgresConnection(url: TestPostgres.database())
        try connection.execute("CREATE TABLE amounts (id integer PRIMARY KEY, minor bigint NOT NULL)")
        let values: [Int64] = [.min, .min + 1, -1, 0, 1, 9_007_199_254_740_993, .max - 1, .max]
        for (index, value) in values.enumerated() {
            try connection.execute("INSERT INTO amounts (id, minor) VALUES ($1, $2)", [.int(index), .int(value)])
        }
        let rows = try connection.execute("SELECT minor FROM amounts ORDER BY id")
        #expect(try rows.map { try $0.int64("minor") } == values)
        let echoed = try connection.execute("SELECT $1::bigint AS low, $2::bigint AS high", [.int(.min), .int(.max)])
        #expect(try echoed[0].int64("low") == .min && echoed[0].int64("high") == .max)
        // Past the range the server refuses, rather than anything wrapping.
        let overflow = try #require(throws: PostgresError.self) {
            try connection.execute("SELECT $1::bigint + 1 AS n", [.int(.max)])
        }
        #expect(overflow.sqlState == "22003" && !overflow.connectionGone)
    }

    @Test func aTransactionIsRolledBackWhenItsBodyThrows() throws {
        let connection = try PostgresConnection(url: TestPostgres.database())
        try connection.execute("CREATE TABLE batches (id text PRIMARY KEY)")
        #expect(throws: Marker.self) {
            try connection.transaction {
                try connection.execute("INSERT INTO batches (id) VALUES ($1)", ["B-1"])
                try connection.copy(into: "batches", columns: ["id"], rows: [["B-2"], ["B-3"]])
                throw Marker()
            }
        }
        #expect(try connection.execute("SELECT count(*) AS n FROM batches")[0].int64("n") == 0)

        // A failed statement whose error the body swallowed still dooms the transaction: it throws.
        let doomed = try #require(throws: PostgresError.self) {
            try connection.transaction {
                try connection.execute("INSERT INTO batches (id) VALUES ($1)", ["B-1"])
                _ = try? connection.execute("INSERT INTO batches (id) VALUES ($1)", ["B-1"])
            }
        }
        #expect(doomed.operation == "COMMIT" && doomed.kind == .statementFailed)
        #expect(try connection.execute("SELECT count(*) AS n FROM batches")[0].int64("n") == 0)

        // And one that returns commits.
        let committed = try connection.transaction {
            try connection.execute("INSERT INTO batches (id) VALUES ($1), ($2)", ["B-1", "B-2"]).rowsAffected
        }
        #expect(committed == 2)
        #expect(try connection.execute("SELECT count(*) AS n FROM batches")[0].int64("n") == 2)
    }

    @Test func aUniqueViolationCarries23505AndTheConnectionStaysUsable() throws {
        let connection = try PostgresConnection(url: TestPostgres.database())
        try connection.execute(
            "CREATE TABLE requests (reseller text, ref text, CONSTRAINT requests_key UNIQUE (reseller, ref))")
        try connection.execute("INSERT INTO requests VALUES ($1, $2)", ["R-ACME", "PO-1"])
        let error = try #require(throws: PostgresError.self) {
            try connection.execute("INSERT INTO requests VALUES ($1, $2)", ["R-ACME", "PO-1"])
        }
        #expect(error.sqlState == "23505" && error.isUniqueViolation)
        #expect(error.kind == .statementFailed && !error.connectionGone)
        #expect(error.constraint == "requests_key")
        #expect(error.detail?.contains("(R-ACME, PO-1)") == true)
        #expect(error.description.contains("[SQLSTATE 23505]"))

        #expect(connection.isConnected)
        try connection.execute("INSERT INTO requests VALUES ($1, $2)", ["R-ACME", "PO-2"])
        #expect(try connection.execute("SELECT count(*) AS n FROM requests")[0].int64("n") == 2)
    }

    @Test func copyWritesTenThousandRowsInOneGo() throws {
        let connection = try PostgresConnection(url: TestPostgres.database())
        try connection.execute("CREATE TABLE sales_orders (id bigint PRIMARY KEY, ref text, minor bigint, note text)")
        let rows = (1...10_000).lazy.map { (id: Int) -> [PostgresParameter] in
            let note: PostgresParameter = id % 10 == 0 ? nil : "tab\there\\ \"n\"\nline\r\\N"
            return [.int(id), .string("PO-\(id)"), .int(Int64(id) * 1_999), note]
        }
        let copied = try connection.copy(into: "sales_orders", columns: ["id", "ref", "minor", "note"], rows: rows)
        #expect(copied == 10_000)

        let totals = try connection.execute(
            "SELECT count(*) AS n, sum(minor) AS total, count(note) AS notes FROM sales_orders")
        #expect(try totals[0].int64("n") == 10_000)
        #expect(try totals[0].int64("total") == 1_999 * 10_000 * 10_001 / 2)
        #expect(try totals[0].int64("notes") == 9_000)
        let sample = try connection.execute("SELECT ref, note FROM sales_orders WHERE id = $1", [7])
        #expect(try sample[0].string("ref") == "PO-7")
        #expect(try sample[0].string("note") == "tab\there\\ \"n\"\nline\r\\N")

        // A row of the wrong shape aborts the whole COPY: nothing of it stays, the session goes on.
        let refused = try #require(throws: PostgresError.self) {
            try connection.copy(
                into: "sales_orders", columns: ["id", "ref", "minor", "note"],
                rows: [[.int(20_001), "PO-20001", 1, nil], [.int(20_002), "PO-20002"]])
        }
        #expect(refused.kind == .refused && refused.message.contains("row 2 has 2 fields for 4 columns"))
        // A key the server refuses fails it the same way, with the server's SQLSTATE.
        let duplicate = try #require(throws: PostgresError.self) {
            try connection.copy(into: "sales_orders", columns: ["id", "ref"], rows: [[.int(30_001), "x"], [1, "y"]])
        }
        #expect(duplicate.isUniqueViolation)
        #expect(try connection.execute("SELECT count(*) AS n FROM sales_orders")[0].int64("n") == 10_000)
    }

    @Test func aPreparedStatementIsPreparedOnceAndReused() throws {
        let connection = try PostgresConnection(url: TestPostgres.database())
        try connection.execute("CREATE TABLE lines (id bigint PRIMARY KEY, minor bigint)")
        let insert = "INSERT INTO lines (id, minor) VALUES ($1, $2)"
        try connection.transaction {
            for id in 1...500 { try connection.execute(prepared: "insert_line", insert, [.int(id), .int(id * 10)]) }
        }
        let prepared = try connection.execute("SELECT name, statement FROM pg_prepared_statements")
        #expect(prepared.count == 1)
        #expect(try prepared[0].string("name") == "insert_line")
        #expect(try prepared[0].string("statement") == insert)
        let total = try connection.execute(
            prepared: "sum_lines", "SELECT sum(minor) AS total FROM lines WHERE id <= $1", [100])
        #expect(try total[0].int64("total") == 10 * 100 * 101 / 2)

        // One name, one statement.
        let other = try #require(throws: PostgresError.self) {
            try connection.execute(prepared: "insert_line", "DELETE FROM lines", [])
        }
        #expect(other.kind == .refused)
        // A prepared statement survives a rolled-back transaction (it belongs to the session).
        #expect(throws: Marker.self) {
            try connection.transaction {
                try connection.execute(prepared: "count_lines", "SELECT count(*) AS n FROM lines")
                throw Marker()
            }
        }
        #expect(try connection.execute(prepared: "count_lines", "SELECT count(*) AS n FROM lines")[0].int64("n") == 500)
    }

    @Test func aTerminatedBackendIsReportedAsConnectionGone() throws {
        let url = try TestPostgres.database()
        let worker = try PostgresConnection(url: url)
        let admin = try PostgresConnection(url: url)
        try worker.execute("CREATE TABLE batches (id text PRIMARY KEY)")
        let pid = try #require(try worker.execute("SELECT pg_backend_pid() AS pid")[0].int64("pid"))
        let terminated = try admin.execute("SELECT pg_terminate_backend($1::integer) AS done", [.int(pid)])
        #expect(try terminated[0].string("done") == "t")

        let error = try #require(throws: PostgresError.self) {
            try worker.transaction { try worker.execute("INSERT INTO batches (id) VALUES ($1)", ["B-1"]) }
        }
        #expect(error.kind == .connectionLost && error.connectionGone)
        #expect(!error.isUniqueViolation)
        #expect(!worker.isConnected)
        // The other session, and a new one, go on; nothing was written.
        #expect(try PostgresConnection(url: url).execute("SELECT count(*) AS n FROM batches")[0].int64("n") == 0)
    }

    @Test func aRestartedServerIsReportedAsConnectionGoneAndAStoppedOneAsUnreachable() throws {
        let server = try TestPostgres.start()
        defer { server.shutDown() }
        try server.adminCommand("CREATE DATABASE ledger")
        let url = server.url(database: "ledger")
        let connection = try PostgresConnection(url: url)
        try connection.execute("CREATE TABLE batches (id text PRIMARY KEY)")

        try server.restart()
        let lost = try #require(throws: PostgresError.self) {
            try connection.execute(prepared: "insert_batch", "INSERT INTO batches (id) VALUES ($1)", ["B-1"])
        }
        #expect(lost.kind == .connectionLost && lost.connectionGone)

        let again = try PostgresConnection(url: url)
        try again.execute(prepared: "insert_batch", "INSERT INTO batches (id) VALUES ($1)", ["B-1"])

        server.stop()
        let unreachable = try #require(throws: PostgresError.self) { try PostgresConnection(url: url) }
        #expect(unreachable.kind == .cannotConnect && unreachable.connectionGone)
        let gone = try #require(throws: PostgresError.self) { try again.execute("SELECT 1") }
        #expect(gone.connectionGone && !again.isConnected)
    }
}
