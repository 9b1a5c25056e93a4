import Foundation
import OrderFlowTestSupport
import Testing

/// `orderflow-bench workers` (BENCHMARKS.md): one row per engine and worker count, printed only
/// when every run imported every generated order once; a worker's failed run fails the benchmark
/// with the child's error and no table.
@Suite struct WorkersBenchTests {
    @Test(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: no PostgreSQL tests"))
    func oneAndTwoWorkersOnBothEnginesPrintOneRowEachAndEveryOrderAcceptedOnce() throws {
        let elsewhere = try TestPaths.temporaryFolder("orderflow-bench-workers")
        let result = try BenchTests.run(
            ["workers", "--orders", "2000", "--files", "8", "--workers", "1,2"], in: elsewhere)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("2000 orders in 8 XML files of 8 resellers (") == true, "\(result.stdout)")
        #expect(lines.contains(
            "| engine | workers | wall s | orders/s | speed-up | CPU s | server CPU s | peak RSS MB | runs | load 1 min |"),
            "\(result.stdout)")
        for (engine, workers) in [("sqlite", 1), ("sqlite", 2), ("postgres", 1), ("postgres", 2)] {
            let row = lines.filter { $0.hasPrefix("| \(engine) | \(workers) |") }
            #expect(row.count == 1, "\(result.stdout)")
            let cells = row.first.map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
            #expect(cells.count == 10, "\(row)")
            // Wall s, orders/s, speed-up, CPU s, server CPU s (PostgreSQL's only), peak RSS MB, runs.
            let numbers = engine == "sqlite" ? [2, 3, 4, 5, 7, 8] : [2, 3, 4, 5, 6, 7, 8]
            #expect(numbers.allSatisfy { cells.count == 10 && (Double(cells[$0]) ?? 0) > 0 }, "\(row)")
            if engine == "sqlite", cells.count == 10 { #expect(cells[6] == "–", "\(row)") }
            if workers == 1, cells.count == 10 { #expect(cells[4] == "1.00", "\(row)") }
        }
        #expect(result.stdout.contains("every order accepted once in every run"), "\(result.stdout)")
    }

    @Test func aWorkerKilledMidRunFailsTheBenchmarkWithTheChildsStatusAndNoTable() throws {
        let folder = try TestPaths.temporaryFolder("orderflow-bench-workers-fail")
        // The untimed run that creates the ledger commits nothing; the first worker to commit dies.
        let result = try BenchTests.run(
            ["workers", "--orders", "200", "--files", "4", "--resellers", "2", "--workers", "2", "--engine", "sqlite"],
            in: folder, environment: ["ORDERFLOW_CRASH_AT": "afterCommit:1"])
        #expect(result.exitCode == 1, "\(result.stdout)")
        #expect(result.stderr.contains("orderflow run (sqlite, 2 workers: worker "), "\(result.stderr)")
        #expect(result.stderr.contains("exited with status 137"), "\(result.stderr)")
        #expect(!result.stdout.contains("| engine |"), "\(result.stdout)")
    }

    @Test func aCatalogWithoutTheResellerToCopyIsSaidBeforeAnythingRuns() throws {
        let folder = try TestPaths.temporaryFolder("orderflow-bench-workers-catalog")
        let empty = folder.appendingPathComponent("empty.xml")
        try "<catalog xmlns=\"urn:orderflow:catalog:1\"/>".write(to: empty, atomically: true, encoding: .utf8)
        let result = try BenchTests.run(
            ["workers", "--orders", "20", "--files", "2", "--engine", "sqlite", "--resellers", "2", "--catalog", empty.path],
            in: folder)
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("has no <reseller id=\"R-ACME\" …/> to copy for 2 resellers"), "\(result.stderr)")
        #expect(!result.stdout.contains("| engine |"), "\(result.stdout)")
    }
}
