import Foundation
import OrderFlowTestSupport
import Testing

/// Workers on several hosts sharing one PostgreSQL ledger (Operations.md, workers on several
/// hosts): each worker process has its own `ORDERFLOW_HOST_ID`, so to the others it is another
/// host, whose process they cannot check and whose lease they may take over only when it expires.
@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresWorkersTests {
    static func host(_ worker: Int) -> [String: String] { ["ORDERFLOW_HOST_ID": "host-\(worker + 1)"] }

    /// The 1,040 generated orders of four resellers (GeneratedInvoiceTests) in 100 files: 40 of
    /// ACME's, 30 of MAPLE's, 20 of NIPPON's and 10 of GULF's, each file of a reseller one mtime
    /// later than the one before.
    static func hundredFiles() -> [(reseller: String, name: String, text: String)] {
        let files = ["R-ACME": 40, "R-MAPLE": 30, "R-NIPPON": 20, "R-GULF": 10]
        var drops: [(reseller: String, name: String, text: String)] = []
        for batch in GeneratedInvoiceTests.firstBatches() {
            let rows = batch.text.split(separator: "\n").dropFirst().map { $0 + "\n" }
            let count = files[batch.reseller]!
            let size = (rows.count + count - 1) / count
            for index in 0..<count {
                let slice = rows[(index * size)..<min(rows.count, (index + 1) * size)]
                let short = batch.reseller.dropFirst(2)
                drops.append((batch.reseller, String(format: "GEN-\(short)-%03d.csv", index + 1),
                              GeneratedInvoiceTests.header + slice.joined()))
            }
        }
        return drops
    }

    static func sandbox(_ name: String, ledger: String, settings: String = PipelineSandbox.defaultSettings) throws -> PipelineSandbox {
        let box = try PipelineSandbox(name, settings: settings, catalog: "CATALOG", ledger: ledger)
        let catalog = try GeneratedInvoiceTests.catalog(in: box.root)
        let yaml = try String(contentsOf: box.pipeline, encoding: .utf8).replacingOccurrences(of: "CATALOG", with: catalog)
        try yaml.write(to: box.pipeline, atomically: true, encoding: .utf8)
        return box
    }

    static func fill(_ box: PipelineSandbox, _ drops: [(reseller: String, name: String, text: String)]) throws {
        for (index, drop) in drops.enumerated() {
            try box.drop(drop.text, reseller: drop.reseller, name: drop.name, mtime: PipelineSandbox.baseMtime + Double(index))
        }
    }

    /// `results.csv` and `payments.csv` of every batch with the platform-wide ids (accounts, sales
    /// orders, subscriptions, payments) blanked: those depend on how the resellers' batches
    /// interleaved, everything else (outcomes, amounts, invoice numbers per series) must not.
    static func idFree(_ snapshot: [String: [UInt8]]) -> [String: String] {
        var tables: [String: String] = [:]
        for (path, bytes) in snapshot where path.hasSuffix("/results.csv") || path.hasSuffix("/payments.csv") {
            tables[path] = String(decoding: bytes, as: UTF8.self)
                .replacing(/(ACC|SO|SUB|PAY)-[0-9]+/) { "\($0.output.1)-#" }
                .replacing(/RF[0-9]{2}[0-9A-Z]+/, with: "RF#")
        }
        return tables
    }

    @Test func fourWorkersOnFourHostsImportAHundredFilesOnce() throws {
        let drops = Self.hundredFiles()
        #expect(drops.count == 100)
        let shared = try Self.sandbox("orderflow-pg-workers", ledger: try TestPostgres.database())
        defer { shared.remove() }
        let single = try Self.sandbox("orderflow-pg-workers-single", ledger: "sqlite:ledger.sqlite")
        defer { single.remove() }
        for box in [shared, single] { try Self.fill(box, drops) }

        // 27 of the generated orders are rejected by the rules (exit 65), on every engine.
        let one = try single.run(timeout: 600)
        #expect(one.exitCode == 65, "\(one.stderr)")
        let expected = try single.snapshot()

        let runs = ImportConcurrencyTests.runWorkers(4, on: shared, environment: Self.host)
        #expect(runs.failures == [])
        var published: [Int: Int] = [:]
        for (worker, results) in runs.all {
            for result in results {
                #expect(result.terminationReason == .exit && [0, 65].contains(result.exitCode), "host-\(worker + 1): \(result.stderr)")
                published[worker, default: 0] += result.stderr.components(separatedBy: "batch published").count - 1
            }
        }
        #expect(published.values.reduce(0, +) == 100, "batches published per worker: \(published)")
        #expect(published.values.filter { $0 > 0 }.count >= 2, "the resellers were shared out: \(published)")

        let actual = try shared.snapshot()
        #expect(actual.keys.filter { $0.hasPrefix("failed/") } == [])
        #expect(actual.keys.filter { $0.hasSuffix("/input.csv") }.count == 100)
        // Every request once; sales orders, payments and every invoice series without gap or repeat.
        try ImportInvariants.check(shared, snapshot: actual, context: "four workers")
        let accepted = actual.filter { $0.key.hasSuffix("/results.csv") }.values
            .flatMap { PipelineSandbox.csvRecords($0) }.filter { $0["outcome"] == "accepted" }
        #expect(accepted.count == 1_013)
        // Per reseller, what a single worker on SQLite published, but for the platform-wide ids.
        let (mine, reference) = (Self.idFree(actual), Self.idFree(expected))
        let differing = Set(mine.keys).union(reference.keys).filter { mine[$0] != reference[$0] }.sorted()
        #expect(differing == [], "four workers differ from one in outcomes, amounts or invoice numbers")
    }

    /// A worker killed with SIGKILL in the middle of a batch's transaction: its session ends, the
    /// server rolls the batch back. A worker of the same host sees the process is gone and takes
    /// the reseller over at once; a worker of another host must wait for the lease to expire. Then
    /// the claimed file is imported from the start, and the outputs are an undisturbed run's.
    @Test(arguments: ["host-1", "host-2"])
    func aWorkerKilledMidBatchIsTakenOverByTheNextOwner(_ taker: String) throws {
        let drops = Array(Self.hundredFiles().prefix(3))  // three ACME files of ten orders
        let settings = PipelineSandbox.defaultSettings.replacingOccurrences(of: "lease: 2s", with: "lease: 15s")
        let shared = try Self.sandbox("orderflow-pg-kill", ledger: try TestPostgres.database(), settings: settings)
        defer { shared.remove() }
        let single = try Self.sandbox("orderflow-pg-kill-single", ledger: "sqlite:ledger.sqlite", settings: settings)
        defer { single.remove() }
        for box in [shared, single] { try Self.fill(box, drops) }
        #expect(try single.run().exitCode == 65)  // one order of the three files is rejected

        // The 15th request stored: the second file's transaction is open.
        let killed = try shared.run(environment: ["ORDERFLOW_HOST_ID": "host-1", "ORDERFLOW_CRASH_AT": "duringCommit:15"])
        #expect(killed.wasKilled, "\(killed.stderr)")
        let killedAt = Date()
        #expect(try shared.leftovers(in: shared.processing).count == 1, "the second file stays claimed")

        let next = try shared.run(environment: ["ORDERFLOW_HOST_ID": taker], timeout: 120)
        if taker == "host-2" {
            // Another host: host-1's pid means nothing there, and the lease has not expired.
            #expect(next.exitCode == 0 && next.stderr.contains("0 batches published"), "\(next.stderr)")
            #expect(try shared.leftovers(in: shared.processing).count == 1)
            #expect(try shared.leftovers(in: shared.inbox).count == 1)
            Thread.sleep(until: killedAt.addingTimeInterval(16))
            let after = try shared.run(environment: ["ORDERFLOW_HOST_ID": taker], timeout: 120)
            #expect(after.exitCode == 65, "\(after.stderr)")
            #expect(after.stderr.contains("2 batches published"), "\(after.stderr)")
        } else {
            #expect(next.exitCode == 65 && next.stderr.contains("2 batches published"), "\(next.stderr)")
        }
        let diffs = ImportInvariants.differences(try shared.snapshot(), try single.snapshot())
        #expect(diffs == [], "the taken-over run differs from an undisturbed one:\n\(diffs.joined(separator: "\n"))")
    }
}
