import Dispatch
import OrderFlowTestSupport
import Synchronization
import Testing

@testable import OrderFlowPipeline

/// The PostgreSQL ledger's migrations against a real server (``TestPostgres``), each test on a
/// database of its own.
@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresSchemaTests {
    /// Every table, column, type, NOT NULL, default, key and index of a new SQLite ledger is the
    /// PostgreSQL ledger's: a SQLite migration without its PostgreSQL twin fails here.
    @Test func theSchemaIsTheSQLiteLedgersTableByTable() throws {
        let sqlite = try LedgerHarness().ledger.pool.read { db in try SchemaShape.sqlite(db) }
        let connection = try PostgresConnection(url: TestPostgres.database())
        try PostgresSchema.migrate(connection)
        let postgres = try SchemaShape.postgres(connection)

        #expect(sqlite.count >= 31, "the SQLite ledger's tables were read")
        #expect(postgres.keys.sorted() == sqlite.keys.sorted())
        for table in sqlite.keys.sorted() {
            #expect(postgres[table] == sqlite[table], "table \(table)")
        }
    }

    @Test func migratingAgainChangesNothing() throws {
        let connection = try PostgresConnection(url: TestPostgres.database())
        try PostgresSchema.migrate(connection)
        let applied = "SELECT name, applied_at::text AS at FROM schema_migrations ORDER BY name"
        let first = try connection.execute(applied).map { try [$0.string("name"), $0.string("at")] }
        try connection.execute("INSERT INTO id_sequences (kind, last_value) VALUES ('SO', 41)")

        try PostgresSchema.migrate(connection)
        #expect(try connection.execute(applied).map { try [$0.string("name"), $0.string("at")] } == first)
        #expect(first.map { $0[0] } == PostgresSchema.migrations.map(\.name).sorted())
        #expect(try connection.execute("SELECT last_value FROM id_sequences")[0].int64("last_value") == 41)
        try PostgresSchema.requireCurrent(connection)
    }

    /// Four workers starting at once on a new database: the advisory lock lets one migrate, and
    /// the others find the schema in place.
    @Test func workersMigratingAtOnceMigrateExactlyOnce() throws {
        let url = try TestPostgres.database()
        let connections = try (0..<4).map { _ in try PostgresConnection(url: url) }
        let failures = Mutex<[String]>([])
        nonisolated(unsafe) let shared = connections  // each thread uses only its own connection
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            do {
                try PostgresSchema.migrate(shared[index])
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let check = try PostgresConnection(url: url)
        let recorded = try check.execute("SELECT count(*) AS n FROM schema_migrations")[0].int64("n")
        #expect(recorded == Int64(PostgresSchema.migrations.count))
        let tables = try check.execute(
            "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()")
        #expect(try tables[0].int64("n") == Int64(try SchemaShape.postgres(check).count + 1))
    }

    @Test func aDatabaseANewerVersionMigratedIsRefused() throws {
        let connection = try PostgresConnection(url: TestPostgres.database())
        let empty = try #require(throws: LedgerError.self) { try PostgresSchema.requireCurrent(connection) }
        #expect(empty.description.contains("lacks v1"))

        try PostgresSchema.migrate(connection)
        try connection.execute("INSERT INTO schema_migrations (name) VALUES ('v9 from a newer orderflow')")
        for attempt: () throws -> Void in [
            { try PostgresSchema.migrate(connection) }, { try PostgresSchema.requireCurrent(connection) },
        ] {
            let refused = try #require(throws: LedgerError.self) { try attempt() }
            #expect(refused.description.contains("schema is not the one this version of orderflow reads"))
            #expect(refused.description.contains("v9 from a newer orderflow"))
        }
        // The refusal touched nothing, and the session goes on.
        #expect(
            try connection.execute("SELECT count(*) AS n FROM schema_migrations")[0].int64("n")
                == Int64(PostgresSchema.migrations.count + 1))
    }

    /// A migration is one transaction with its record: one that fails leaves no table behind.
    @Test func aFailedMigrationLeavesNothing() throws {
        let connection = try PostgresConnection(url: TestPostgres.database())
        try connection.execute("CREATE TABLE documents (number text PRIMARY KEY)")  // in the way of v1
        let failed = try #require(throws: PostgresError.self) { try PostgresSchema.migrate(connection) }
        #expect(failed.sqlState == "42P07")
        let tables = try connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
        #expect(try tables.map { try $0.string("table_name") } == ["documents"])
    }
}
