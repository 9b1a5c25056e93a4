import Foundation
import OrderFlowTestSupport
import Testing

/// `orderflow-bench import`, `reconcile`, `trials` and `billing` (BENCHMARKS.md): a rate is printed
/// only for a run that did all its work (imported every generated order; reconciled every statement
/// line as generated; accepted every generated trial; billed every subscription); started from any
/// folder it finds the demo catalog itself; a failed run fails the benchmark with the child's error.
@Suite struct BenchTests {
    static var bench: URL { CLI.executable.deletingLastPathComponent().appendingPathComponent("orderflow-bench") }

    static func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> CLIResult {
        let process = Process()
        process.executableURL = bench
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var errors = Data()
        let reader = Thread { errors = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(10_000) }
        return CLIResult(
            stdout: String(decoding: output, as: UTF8.self), stderr: String(decoding: errors, as: UTF8.self),
            exitCode: process.terminationStatus)
    }

    @Test func startedOutsideTheCloneItFindsTheCatalogAndReportsEveryOrderAccepted() throws {
        let elsewhere = try TestPaths.temporaryFolder("orderflow-bench-cwd")
        let result = try Self.run(["import", "--orders", "20"], in: elsewhere)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("accepted orders: 20 of 20"), "\(result.stdout)")
        #expect(result.stdout.contains("| orderflow run (xml) |"))
    }

    @Test func aFailedRunFailsTheBenchmarkWithTheChildsErrorAndNoRate() throws {
        let folder = try TestPaths.temporaryFolder("orderflow-bench-fail")
        let empty = folder.appendingPathComponent("empty.xml")
        // A catalog without R-ACME: the run fails the drop (UNKNOWN_RESELLER) and exits 65.
        try """
            <catalog xmlns="urn:orderflow:catalog:1"/>
            """.write(to: empty, atomically: true, encoding: .utf8)
        let result = try Self.run(["import", "--orders", "5", "--catalog", empty.path], in: folder)
        #expect(result.exitCode == 1, "\(result.stdout)")
        #expect(result.stderr.contains("orderflow run (xml) exited with status"), "\(result.stderr)")
        #expect(result.stderr.contains("R-ACME"), "the child's own error: \(result.stderr)")
        #expect(!result.stdout.contains("orders/s"), "\(result.stdout)")
    }

    @Test func aCatalogThatIsNotThereIsSaidBeforeAnythingRuns() throws {
        let folder = try TestPaths.temporaryFolder("orderflow-bench-nocatalog")
        let result = try Self.run(["import", "--orders", "5", "--catalog", "/nonexistent/demo.xml"], in: folder)
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("--catalog /nonexistent/demo.xml: no such file"), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout)")
    }

    @Test func reconcilePrintsOneRowPerStatementAndEveryLineReconciledAsGenerated() throws {
        let elsewhere = try TestPaths.temporaryFolder("orderflow-bench-reconcile")
        let result = try Self.run(["reconcile", "--entries", "200"], in: elsewhere)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "| statement | wall s | peak RSS MB | lines/s |", "\(result.stdout)")
        // The statement's first tenth, then the whole: lines, wall s, peak RSS, lines/s.
        let rows = lines.filter { $0.hasPrefix("| 20 lines |") || $0.hasPrefix("| 200 lines |") }
        #expect(rows.count == 2, "\(result.stdout)")
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(cells.count == 4, "\(row)")
            #expect(cells.dropFirst().allSatisfy { Double($0).map { $0 > 0 } ?? false }, "\(row)")
        }
        #expect(result.stdout.contains("reconciled lines: 20 (18 matched, 2 partial; receipt.json); run exit status 0"))
        #expect(result.stdout.contains("reconciled lines: 200 (180 matched, 20 partial; receipt.json); run exit status 0"))
    }

    @Test func aFailedImportBeforeReconcilingFailsTheBenchmarkWithTheChildsError() throws {
        let folder = try TestPaths.temporaryFolder("orderflow-bench-reconcile-fail")
        let empty = folder.appendingPathComponent("empty.xml")
        try """
            <catalog xmlns="urn:orderflow:catalog:1"/>
            """.write(to: empty, atomically: true, encoding: .utf8)
        let result = try Self.run(["reconcile", "--entries", "20", "--catalog", empty.path], in: folder)
        #expect(result.exitCode == 1, "\(result.stdout)")
        #expect(result.stderr.contains("exited with status"), "\(result.stderr)")
        #expect(result.stderr.contains("R-ACME"), "the child's own error: \(result.stderr)")
        #expect(!result.stdout.contains("lines/s"), "\(result.stdout)")
    }

    @Test func trialsPrintsOneRowPerFileAndEveryTrialAccepted() throws {
        let elsewhere = try TestPaths.temporaryFolder("orderflow-bench-trials")
        let result = try Self.run(["trials", "--rows", "200"], in: elsewhere)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "| file | wall s | peak RSS MB | rows/s |", "\(result.stdout)")
        // The file's first tenth on its own fresh ledger, then the whole: rows, wall s, peak RSS, rows/s.
        let rows = lines.filter { $0.hasPrefix("| 20 rows |") || $0.hasPrefix("| 200 rows |") }
        #expect(rows.count == 2, "\(result.stdout)")
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(cells.count == 4, "\(row)")
            #expect(cells.dropFirst().allSatisfy { Double($0).map { $0 > 0 } ?? false }, "\(row)")
        }
        #expect(result.stdout.contains("accepted rows: 20 of 20 (results.csv and receipt.json); run exit status 0"))
        #expect(result.stdout.contains("accepted rows: 200 of 200 (results.csv and receipt.json); run exit status 0"))
    }

    @Test func aFailedTrialsRunFailsTheBenchmarkWithTheChildsErrorAndNoRate() throws {
        let folder = try TestPaths.temporaryFolder("orderflow-bench-trials-fail")
        let empty = folder.appendingPathComponent("empty.xml")
        // A catalog without R-ACME: the run fails the file (UNKNOWN_RESELLER) and exits 65.
        try """
            <catalog xmlns="urn:orderflow:catalog:1"/>
            """.write(to: empty, atomically: true, encoding: .utf8)
        let result = try Self.run(["trials", "--rows", "20", "--catalog", empty.path], in: folder)
        #expect(result.exitCode == 1, "\(result.stdout)")
        #expect(result.stderr.contains("orderflow run (trials, 2 rows) exited with status"), "\(result.stderr)")
        #expect(result.stderr.contains("R-ACME"), "the child's own error: \(result.stderr)")
        #expect(!result.stdout.contains("rows/s"), "\(result.stdout)")
    }

    @Test func billingPrintsOneRowPerRunAndEverySubscriptionBilled() throws {
        let elsewhere = try TestPaths.temporaryFolder("orderflow-bench-billing")
        let result = try Self.run(["billing", "--subscriptions", "200"], in: elsewhere)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "| subscriptions | wall s | CPU s | peak RSS MB | subscriptions/s |", "\(result.stdout)")
        // A tenth on its own ledger, then the whole: subscriptions, wall s, CPU s, peak RSS, subscriptions/s.
        let rows = lines.filter { $0.hasPrefix("| 20 subscriptions |") || $0.hasPrefix("| 200 subscriptions |") }
        #expect(rows.count == 2, "\(result.stdout)")
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(cells.count == 5, "\(row)")
            #expect(cells.dropFirst().allSatisfy { Double($0).map { $0 > 0 } ?? false }, "\(row)")
        }
        // UsageGenerator: 3 in 5 subscriptions have a vCPU row, 2 of those 3 a second row: one row each.
        #expect(result.stdout.contains(
            "billed subscriptions: 200 of 200 (results.csv, receipt.json, payments.csv, 200 invoices and pages); "
                + "usage rows stored: 200; run exit status 0"), "\(result.stdout)")
        #expect(result.stdout.contains("billed subscriptions: 20 of 20 ("), "\(result.stdout)")
    }

    @Test func aBillingRunThatDiesFailsTheBenchmarkWithNoRate() throws {
        let folder = try TestPaths.temporaryFolder("orderflow-bench-billing-fail")
        // Every import is one drop (one commit); the billing run commits the usage drop, then the
        // month, and dies at that second commit: only the timed run fails.
        let result = try Self.run(
            ["billing", "--subscriptions", "20"], in: folder, environment: ["ORDERFLOW_CRASH_AT": "afterCommit:2"])
        #expect(result.exitCode == 1, "\(result.stdout)")
        #expect(
            result.stderr.contains("orderflow run (billing, 2 subscriptions) exited with status 137"), "\(result.stderr)")
        #expect(!result.stdout.contains("subscriptions/s"), "\(result.stdout)")
    }
}
