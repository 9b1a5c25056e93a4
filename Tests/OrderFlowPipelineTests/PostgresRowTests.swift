import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresRowTests {
    @Test func aRequiredValueThatIsNullIsRefused() throws {
        let connection = try PostgresConnection(url: TestPostgres.database())
        let row = try #require(try connection.execute("SELECT 'a' AS name, 7::bigint AS n, NULL AS gap").first)
        #expect(try row.requiredString("name") == "a")
        #expect(try row.requiredInt64("n") == 7)
        let reads: [(PostgresRow) throws -> Void] = [
            { _ = try $0.requiredString("gap") }, { _ = try $0.requiredInt64("gap") },
        ]
        for read in reads {
            let refused = try #require(throws: PostgresError.self) { try read(row) }
            #expect(refused.kind == .refused && refused.message == "column 'gap' is NULL, where a value must be")
        }
    }
}
