import Foundation
import OrderFlowTestSupport
import Testing

/// `orderflow ledger show` on a PostgreSQL ledger prints what it prints on SQLite for the same import.
@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresLedgerShowTests {
    @Test func theDemoRefsAndASampleOfTheGeneratedOnesShowAsOnSQLite() throws {
        let (sqlite, postgres) = try PostgresImportTests.pair()
        defer { sqlite.remove(); postgres.remove() }
        for box in [sqlite, postgres] {
            try PostgresImportTests.dropFirstImport(into: box)
            let run = try box.run(timeout: 300)
            #expect(run.exitCode == 65, "\(run.stderr)")
        }
        // Renewals, upgrades and cancels: orders with related orders, several payments and balances.
        let results = PipelineSandbox.csvRecords(
            Array(try Data(contentsOf: sqlite.outbox.appendingPathComponent("R-ACME/GEN-ACME-1/results.csv"))))
        let second = GeneratedInvoiceTests.secondBatch(results)
        for box in [sqlite, postgres] {
            try box.drop(second, reseller: "R-ACME", name: "GEN-ACME-2.csv")
            let run = try box.run(timeout: 300)
            #expect(run.exitCode == 0 || run.exitCode == 65, "\(run.stderr)")
        }

        // Every ref of the demo drops, and every 40th of the generated ones (a thousand are too slow to show).
        var refs: Set<[String]> = []
        for (path, bytes) in try PipelineSandbox.files(under: sqlite.outbox) where path.hasSuffix("/results.csv") {
            let reseller = String(path.prefix { $0 != "/" })
            for (index, record) in PipelineSandbox.csvRecords(bytes).enumerated()
            where !path.contains("/GEN-") || index % 40 == 0 {
                if let ref = record["ref"] { refs.insert([reseller, ref]) }
            }
        }
        #expect(refs.count >= 40)
        for pair in refs.sorted(by: { $0.joined(separator: "/") < $1.joined(separator: "/") }) {
            for format in [[], ["--json"]] {
                let shown = try [sqlite, postgres].map { box in
                    try CLI.run(["ledger", "show", pair[1], "--reseller", pair[0], "--pipeline", box.pipeline.path] + format)
                }
                #expect(shown[0].exitCode == 0, "\(shown[0].stderr)")
                #expect(shown[1].exitCode == 0, "\(shown[1].stderr)")
                // When each state change was recorded is each run's own clock.
                #expect(Self.withoutRecordingTimes(shown[1].stdout) == Self.withoutRecordingTimes(shown[0].stdout))
            }
        }
    }

    /// The text with every ISO 8601 instant (`2026-11-22T10:00:00.000Z`) masked.
    static func withoutRecordingTimes(_ text: String) -> String {
        text.replacing(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/, with: "<recorded>")
    }
}
