import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

/// Writes sent without waiting (``PostgresConnection/send(prepared:_:_:)``) against a real server:
/// a lookup sees every write queued before it, a queued write's failure comes out at the next
/// statement and dooms the transaction, and a session lost with writes queued is reported as gone.
@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresPipelineTests {
    static let insert = "INSERT INTO lines (id, body) VALUES ($1, $2)"
    static let count = "SELECT count(*) AS n, coalesce(max(id), 0) AS last FROM lines"

    static func connection() throws -> PostgresConnection {
        let connection = try PostgresConnection(url: TestPostgres.database())
        try connection.execute("CREATE TABLE lines (id bigint PRIMARY KEY, body text NOT NULL)")
        return connection
    }

    @Test func aLookupSeesEveryWriteQueuedBeforeItAndCommitWaitsForTheRest() throws {
        let connection = try Self.connection()
        let total = PostgresConnection.pipelineDepth * 2 + 7  // past the depth: answers are read on the way
        try connection.transaction {
            for id in 1...total {
                try connection.send(prepared: "insert_line", Self.insert, [.int(Int64(id)), .string("line \(id)")])
                if id == 500 {
                    #expect(connection.pending == ["PREPARE insert_line"] + Array(repeating: "insert_line", count: 500))
                    let seen = try connection.execute(prepared: "count_lines", Self.count)
                    #expect(try seen[0].int64("n") == 500 && seen[0].int64("last") == 500)
                    #expect(connection.pending.isEmpty)
                }
            }
            #expect(connection.pending.count <= PostgresConnection.pipelineDepth)
        }
        #expect(connection.pending.isEmpty)
        let stored = try connection.execute(prepared: "count_lines", Self.count)
        #expect(try stored[0].int64("n") == Int64(total) && stored[0].int64("last") == Int64(total))
    }

    @Test func aQueuedWriteThatFailsIsThrownByTheNextStatementAndNothingIsKept() throws {
        let connection = try Self.connection()
        let error = try #require(throws: PostgresError.self) {
            try connection.transaction {
                try connection.send(prepared: "insert_line", Self.insert, [1, "first"])
                try connection.send(prepared: "insert_line", Self.insert, [1, "the same key"])
                try connection.send(prepared: "insert_line", Self.insert, [2, "after the failure"])
                _ = try connection.execute(prepared: "count_lines", Self.count)
                Issue.record("the lookup after a failed write returned")
            }
        }
        #expect(error.isUniqueViolation && error.constraint == "lines_pkey" && !error.connectionGone)
        #expect(error.description.contains("insert_line"))
        // count_lines was prepared in the pipeline the failure aborted: it is prepared again below.
        // Nothing of the transaction stayed, and the session goes on, also with a new pipeline.
        #expect(try connection.execute(prepared: "count_lines", Self.count)[0].int64("n") == 0)
        try connection.transaction {
            try connection.send(prepared: "insert_line", Self.insert, [3, "later"])
        }
        #expect(try connection.execute(prepared: "count_lines", Self.count)[0].int64("n") == 1)
    }

    @Test func aFailureAmongTheLastQueuedWritesIsThrownByCommit() throws {
        let connection = try Self.connection()
        #expect(throws: PostgresError.self) {
            try connection.transaction {
                try connection.send(prepared: "insert_line", Self.insert, [1, "first"])
                try connection.send(prepared: "insert_null", "INSERT INTO lines (id, body) VALUES ($1, NULL)", [2])
            }
        }
        #expect(try connection.execute(prepared: "count_lines", Self.count)[0].int64("n") == 0)
    }

    @Test func aSessionLostWithWritesQueuedIsGone() throws {
        let connection = try Self.connection()
        let url = try TestPostgres.shared().url(database: "postgres")
        let pid = try #require(try connection.execute("SELECT pg_backend_pid() AS pid")[0].int64("pid"))
        let error = try #require(throws: PostgresError.self) {
            try connection.transaction {
                try connection.send(prepared: "insert_line", Self.insert, [1, "first"])
                _ = try PostgresConnection(url: url).execute("SELECT pg_terminate_backend($1::integer)", [.int(pid)])
                try connection.send(prepared: "insert_line", Self.insert, [2, "second"])
                _ = try connection.execute(prepared: "count_lines", Self.count)
            }
        }
        #expect(error.connectionGone, "\(error)")
        #expect(!connection.isConnected)
    }
}
