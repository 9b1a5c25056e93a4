import GRDB
import Testing

@testable import OrderFlowPipeline

/// Migration v3 rebuilds tables that already hold rows: every row, key and index must survive,
/// and the foreign keys between the rebuilt tables must still hold.
@Suite struct WithoutRowIDMigrationTests {
    @Test func aV2LedgerKeepsEveryRowAndIndex() throws {
        let queue = try DatabaseQueue()
        try LedgerSchema.migrator.migrate(queue, upTo: "v2 batches.kind (drops and subscription imports)")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO batches (reseller, batch_id, file_name, format, sha256, as_of, policy, committed_at)
                    VALUES ('R-ACME', 'B1', 'b1.xml', 'xml', 'abc', '2026-11-22', 'reject-order', 1);
                    INSERT INTO results (batch_key, seq, ref, line, action, outcome, diagnostics, content_digest)
                    VALUES (1, 1, 'O-1', 3, 'order', 'accepted', '[]', 'd1'), (1, 2, 'O-2', 9, 'order', 'accepted', '[]', 'd2');
                    INSERT INTO accepted_requests (reseller, ref, action, content_digest, batch_key, seq)
                    VALUES ('R-ACME', 'O-1', 'order', 'd1', 1, 1);
                    INSERT INTO subscriptions (id, reseller, account_id, product_id, plan_id, period_id, period_start,
                        period_end, currency, payment_model, status, domain, batch_key)
                    VALUES ('SUB-1', 'R-ACME', 'ACC-1', 'P', 'PL', 'M', '2026-11-22', '2026-12-21', 'EUR', 'prepaid',
                        'Active', 'a.example', 1);
                    INSERT INTO subscription_resources (subscription_id, position, resource_id, amount)
                    VALUES ('SUB-1', 0, 'users', 5), ('SUB-1', 1, 'disk', 10);
                    """)
        }
        try LedgerSchema.migrator.migrate(queue)
        try queue.read { db in
            for table in LedgerSchema.withoutRowIDTables {
                let sql = try #require(
                    try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [table]))
                #expect(sql.hasSuffix("WITHOUT ROWID"), "\(table) is still a rowid table")
            }
            #expect(
                try String.fetchAll(db, sql: "SELECT ref FROM results WHERE batch_key = 1 ORDER BY seq") == ["O-1", "O-2"])
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM accepted_requests") == 1)
            #expect(
                try Int.fetchAll(
                    db, sql: "SELECT amount FROM subscription_resources WHERE subscription_id = 'SUB-1' ORDER BY position")
                    == [5, 10])
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            #expect(Set(indexes).isSuperset(of: ["subscriptions_domain", "documents_batch"]))
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
        }
    }
}
