import Dispatch
import OrderFlowCore
import OrderFlowTestSupport
import Synchronization
import Testing

@testable import OrderFlowPipeline

/// Ids and document numbers on a real PostgreSQL server, allocated by concurrent workers.
@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresSequencesTests {
    struct RolledBack: Error {}

    static let acme2026 = DocumentNumber.Series(prefix: "ACME", year: 2026)

    static func migrated() throws -> (url: String, connection: PostgresConnection) {
        let url = try TestPostgres.database()
        let connection = try PostgresConnection(url: url)
        try PostgresSchema.migrate(connection)
        return (url, connection)
    }

    /// 8 workers × 50 batches, every third rolled back: the committed invoice numbers and ids are
    /// exactly 1…N, with no gap and no number twice.
    @Test func numbersAllocatedByConcurrentTransactionsAreGaplessAndUnique() throws {
        let (url, setup) = try Self.migrated()
        try setup.execute("CREATE TABLE issued (number bigint PRIMARY KEY, sales_order bigint NOT NULL UNIQUE)")
        let connections = try (0..<8).map { _ in try PostgresConnection(url: url) }
        nonisolated(unsafe) let shared = connections  // each thread uses only its own connection
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            let connection = shared[worker]
            let sequences = PostgresSequences(connection: connection)
            for batch in 0..<50 {
                do {
                    try connection.transaction {
                        let number = try sequences.nextDocumentNumbers(Self.acme2026)
                        let order = try sequences.nextIds(.salesOrder)
                        try connection.execute(
                            "INSERT INTO issued (number, sales_order) VALUES ($1, $2)",
                            [.int(number.lowerBound), .int(order.lowerBound)])
                        if batch % 3 == 0 { throw RolledBack() }
                    }
                } catch is RolledBack {
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let committed = Int64(8 * (50 - 17))
        let numbers = try setup.execute("SELECT number, sales_order FROM issued ORDER BY number")
        #expect(try numbers.map { try $0.int64("number") } == Array(1...committed))
        #expect(try numbers.map { try $0.requiredInt64("sales_order") }.sorted() == Array(1...committed))
        let series = try setup.execute("SELECT last_number FROM document_series")
        #expect(try series.map { try $0.int64("last_number") } == [committed])
    }

    @Test func aBlockComesFromItsOwnSeriesAndCountsOnFromTheLast() throws {
        let (_, connection) = try Self.migrated()
        let sequences = PostgresSequences(connection: connection)
        #expect(try sequences.nextDocumentNumbers(Self.acme2026, count: 3) == 1...3)
        #expect(try sequences.nextDocumentNumbers(Self.acme2026) == 4...4)
        #expect(try sequences.nextDocumentNumbers(DocumentNumber.Series(prefix: "ACME", year: 2027)) == 1...1)
        #expect(try sequences.nextDocumentNumbers(DocumentNumber.Series(prefix: "MAPLE", year: 2026)) == 1...1)
        #expect(try sequences.nextIds(.payment, count: 2) == 1...2)
        #expect(try sequences.nextIds(.account) == 1...1)
        #expect(try sequences.nextIds(.payment) == 3...3)

        let none = try #require(throws: PostgresError.self) { try sequences.nextIds(.payment, count: 0) }
        #expect(none.kind == .refused)
    }

    /// A counter at the top of `bigint`: the server refuses the next number; nothing wraps or traps.
    @Test func aCounterThatWouldOverflowIsRefused() throws {
        let (_, connection) = try Self.migrated()
        try connection.execute(
            "INSERT INTO id_sequences (kind, last_value) VALUES ('SO', $1)", [.int(Int64.max - 1)])
        let sequences = PostgresSequences(connection: connection)
        #expect(try sequences.nextIds(.salesOrder) == Int64.max...Int64.max)
        let overflow = try #require(throws: PostgresError.self) { try sequences.nextIds(.salesOrder) }
        #expect(overflow.sqlState == "22003" && !overflow.connectionGone)
        try connection.execute("UPDATE id_sequences SET last_value = -5")
        #expect(throws: PostgresError.self) { try sequences.nextIds(.salesOrder, count: Int64.max) }
    }
}
