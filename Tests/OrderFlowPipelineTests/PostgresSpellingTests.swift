import OrderFlowCore
import Testing

@testable import OrderFlowPipeline

/// The queries both engines run are written once, in SQLite's spelling; PostgreSQL's is derived.
struct PostgresSpellingTests {
    @Test func numbersPlaceholdersAndSpellsIsNotBetweenValuesAsIsDistinctFrom() {
        #expect(
            PostgresSpelling.of("WHERE a = ? AND b IS NOT c AND d IS NOT NULL AND e IS  NOT\n null OR f IN (?, ?)")
                == "WHERE a = $1 AND b IS DISTINCT FROM c AND d IS NOT NULL AND e IS  NOT\n null OR f IN ($2, $3)")
        #expect(PostgresSpelling.of("SELECT 1") == "SELECT 1")
    }

    @Test func theSalesOrderQueriesAreSQLitesWithPostgreSQLsSpelling() {
        #expect(OrderRecord.postgresQuery.hasSuffix("WHERE o.reseller = $1 AND o.ref = $2 AND o.action = 'order'"))
        #expect(OrderRecord.postgresChangesQuery.contains("WHERE o.subscription_id = $1 AND o.reseller = $2"))
        for query in [OrderRecord.postgresQuery, OrderRecord.postgresChangesQuery] {
            #expect(query.contains("bp.id IS DISTINCT FROM o.payment_id"))
            #expect(!query.contains("?"))
        }
    }
}
