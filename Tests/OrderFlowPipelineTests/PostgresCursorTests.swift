import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

/// ``PostgresConnection/stream(_:_:fetching:_:)`` against a real server: every row once, in order,
/// a few at a time.
@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresCursorTests {
    struct Marker: Error {}

    @Test func streamsAHundredThousandRowsInOrder() throws {
        let connection = try PostgresConnection(url: TestPostgres.database())
        var count = 0
        var last: Int64 = 0
        var ordered = true
        try connection.transaction {
            try connection.stream(
                "SELECT n, 'row ' || n AS label FROM generate_series(1, $1::bigint) AS n ORDER BY n", [100_000]
            ) { row in
                let n = try row.int64("n") ?? -1
                let label = try row.string("label")
                if n != last + 1 || label != "row \(n)" { ordered = false }
                last = n
                count += 1
            }
        }
        #expect(count == 100_000)
        #expect(last == 100_000)
        #expect(ordered)
    }

    @Test func aResultOfExactlyOneFetchAndAnEmptyOneEnd() throws {
        let connection = try PostgresConnection(url: TestPostgres.database())
        for total in [0, 1, 3, 4, 7] {
            var seen: [Int64] = []
            try connection.transaction {
                try connection.stream(
                    "SELECT n FROM generate_series(1, $1::bigint) AS n ORDER BY n", [.int(Int64(total))], fetching: 4
                ) { seen.append(try $0.int64("n") ?? -1) }
            }
            #expect(seen == (0..<Int64(total)).map { $0 + 1 })
        }
    }

    @Test func twoStreamsInOneTransactionAndAStreamAbandonedByItsReader() throws {
        let connection = try PostgresConnection(url: TestPostgres.database())
        var sums: [Int64] = []
        try connection.transaction {
            for _ in 0..<2 {
                var sum: Int64 = 0
                try connection.stream("SELECT n FROM generate_series(1, 10) AS n", fetching: 3) { sum += try $0.int64("n") ?? 0 }
                sums.append(sum)
            }
        }
        #expect(sums == [55, 55])
        // A reader that stops with an error rolls the transaction back, and the session goes on.
        #expect(throws: Marker.self) {
            try connection.transaction {
                try connection.stream("SELECT n FROM generate_series(1, 10) AS n", fetching: 3) { _ in throw Marker() }
            }
        }
        #expect(try connection.execute("SELECT 1 AS one")[0].int64("one") == 1)
    }

    @Test func outsideATransactionIsRefused() throws {
        let connection = try PostgresConnection(url: TestPostgres.database())
        let error = try #require(throws: PostgresError.self) {
            try connection.stream("SELECT 1 AS one") { _ in }
        }
        #expect(error.kind == .refused)
        #expect(error.description.contains("open transaction"))
    }
}
