import Foundation
import OrderFlowTestSupport
import Testing

/// `orderflow run` of an import pipeline on a PostgreSQL ledger against the same run on SQLite:
/// every file of every batch folder byte for byte, a file dropped again, and the refusals.
@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresImportTests {
    /// Two sandboxes with the same catalog, one per engine: PostgreSQL at `url`, or in a new
    /// database of the shared server.
    static func pair(url: String? = nil) throws -> (sqlite: PipelineSandbox, postgres: PipelineSandbox) {
        let url = try url ?? TestPostgres.database()
        let sqlite = try PipelineSandbox("orderflow-pg-parity-sqlite", catalog: "CATALOG")
        let postgres = try PipelineSandbox("orderflow-pg-parity-pg", catalog: "CATALOG", ledger: url)
        for box in [sqlite, postgres] {
            let catalog = try GeneratedInvoiceTests.catalog(in: box.root)
            let yaml = try String(contentsOf: box.pipeline, encoding: .utf8)
                .replacingOccurrences(of: "CATALOG", with: catalog)
            try yaml.write(to: box.pipeline, atomically: true, encoding: .utf8)
        }
        return (sqlite, postgres)
    }

    /// The demo drops and the generated first batches (1,040 orders of four resellers).
    static func dropFirstImport(into box: PipelineSandbox) throws {
        for (index, drop) in PipelineSandbox.demoDrops.enumerated() {
            try box.dropFixture(drop.reseller, drop.name, mtime: PipelineSandbox.baseMtime.addingTimeInterval(Double(index)))
        }
        for drop in GeneratedInvoiceTests.firstBatches() { try box.drop(drop.text, reseller: drop.reseller, name: drop.name) }
    }

    @Test func anImportOnPostgresPublishesWhatTheSameImportOnSQLitePublishes() throws {
        let (sqlite, postgres) = try Self.pair()
        defer { sqlite.remove(); postgres.remove() }
        for box in [sqlite, postgres] { try Self.dropFirstImport(into: box) }
        let firstRuns = try [sqlite, postgres].map { try $0.run(timeout: 300) }
        #expect(firstRuns[0].exitCode == 65, "\(firstRuns[0].stderr)")
        #expect(firstRuns[1].exitCode == firstRuns[0].exitCode, "\(firstRuns[1].stderr)")

        // Renewals, upgrades and cancels of the first batch's subscriptions and orders.
        let results = PipelineSandbox.csvRecords(
            Array(try Data(contentsOf: sqlite.outbox.appendingPathComponent("R-ACME/GEN-ACME-1/results.csv"))))
        let second = GeneratedInvoiceTests.secondBatch(results)
        for box in [sqlite, postgres] { try box.drop(second, reseller: "R-ACME", name: "GEN-ACME-2.csv") }
        let secondRuns = try [sqlite, postgres].map { try $0.run(timeout: 300) }
        #expect(secondRuns[1].exitCode == secondRuns[0].exitCode, "\(secondRuns[1].stderr)")

        let expected = try sqlite.snapshot()
        let produced = try postgres.snapshot()
        #expect(expected.keys.filter { $0.contains("/invoices/") }.count >= 1_000)
        #expect(ImportInvariants.differences(produced, expected) == [])

        // The same file again creates nothing, on PostgreSQL as on SQLite.
        for box in [sqlite, postgres] {
            try box.dropFixture("R-ACME", "ACME-20261122-02.csv")
        }
        let again = try [sqlite, postgres].map { try $0.run(timeout: 300) }
        #expect(again[1].exitCode == again[0].exitCode, "\(again[1].stderr)")
        #expect(again[1].stderr.contains("0 batches published"), "\(again[1].stderr)")
        #expect(ImportInvariants.differences(try postgres.snapshot(), try sqlite.snapshot()) == [])
    }

    @Test func anUnreachableServerIsATemporaryFailureAfterTheRetries() throws {
        // A port nobody listens on (the shared server's, plus one, closed).
        let port = try TestPostgres.shared().port + 1
        let box = try PipelineSandbox("orderflow-pg-unreachable", ledger: "postgres://orderflow@127.0.0.1:\(port)/none")
        defer { box.remove() }
        try box.dropFixture("R-ACME", "ACME-20261122-02.csv")
        let started = Date()
        let result = try box.run(timeout: 120)
        #expect(result.exitCode == 75, "\(result.stderr)")
        #expect(result.stderr.contains("check that the PostgreSQL server is running"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) > 20)
        #expect(try PipelineSandbox.files(under: box.inbox).count == 1)
    }
}
