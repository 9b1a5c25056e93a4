import Foundation

/// The `trials` job end to end on one generated campaign file (`TrialsGenerator`): claim,
/// SHA-256, one-transaction commit of every row (judged against the ledger, one trial per
/// contact e-mail and plan), publish. Each run is on a fresh ledger and timed alone, so its peak
/// RSS is its own (`wait4`); the file's first tenth runs too, on another fresh ledger, to show
/// whether memory grows with the file.
///
/// Numbers are printed only for runs that did their work: each must exit 0 and accept every row
/// (`results.csv` and `receipt.json` are read back); otherwise the child's error is printed and
/// the benchmark fails.
struct TrialsBenchmark {
    var rows: Int
    var keep: Bool
    /// `--catalog`: the demo catalog, when it is not found above the executable or its sources.
    var catalog: String?

    /// The run date, and every trial's provisioning date (so each starts at once).
    static let runDate = "2026-11-22"
    /// The batch id: the campaign file's name without `.csv`.
    static let batch = "bench"

    func run() throws {
        let orderflow = try BenchPaths.orderflow()
        let catalog = try BenchPaths.catalog(override: catalog)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-trials-bench-\(getpid())")
        let tenthFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "orderflow-trials-bench-\(getpid())-tenth")
        defer {
            if !keep {
                try? FileManager.default.removeItem(at: folder)
                try? FileManager.default.removeItem(at: tenthFolder)
            }
        }

        let tenth = rows / 10
        var results: [(rows: Int, run: Benchmark.Measurement)] = []
        if tenth > 0 {
            results.append((tenth, try trials(rows: tenth, in: tenthFolder, orderflow: orderflow, catalog: catalog)))
        }
        results.append((rows, try trials(rows: rows, in: folder, orderflow: orderflow, catalog: catalog)))

        print("| file | wall s | peak RSS MB | rows/s |")
        print("|---|---|---|---|")
        for result in results {
            let rate = result.run.seconds > 0 ? Int(Double(result.rows) / result.run.seconds) : 0
            print(
                "| \(result.rows) rows | \(String(format: "%.2f", result.run.seconds)) | "
                    + "\(String(format: "%.1f", Double(result.run.peakRSSKiB) / 1024)) | \(rate) |")
        }
        for result in results {
            print(
                "accepted rows: \(result.rows) of \(result.rows) (results.csv and receipt.json); "
                    + "run exit status \(result.run.status)")
        }
        if keep { print("kept: \(folder.path)" + (tenth > 0 ? " and \(tenthFolder.path)" : "")) }
    }

    /// Generates a campaign file of `rows` trials into `folder`'s `trials/R-ACME/` (untimed), writes
    /// a `trials` pipeline with a fresh ledger beside it, and times `orderflow run` of it alone.
    func trials(rows: Int, in folder: URL, orderflow: String, catalog: String) throws -> Benchmark.Measurement {
        let inbox = folder.appendingPathComponent("trials/R-ACME")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        // Written beside the inbox and moved in whole, so the run never sees half a file.
        let part = folder.appendingPathComponent("\(Self.batch).csv.part").path
        try TrialsGenerator.write(rows: rows, provisioningDate: Self.runDate, path: part)
        try FileManager.default.moveItem(atPath: part, toPath: inbox.appendingPathComponent("\(Self.batch).csv").path)
        let pipeline = folder.appendingPathComponent("trials.yaml").path
        try """
            kind: trials
            catalog: \(catalog)
            ledger: sqlite:ledger.sqlite
            folders: {inbox: trials, processing: processing, outbox: outbox, failed: failed}
            stableFor: 0s
            lease: 10m
            maxFileBytes: 1GiB
            asOf: \(Self.runDate)
            """.write(toFile: pipeline, atomically: true, encoding: .utf8)

        let bench = Benchmark(orders: rows, keep: keep)
        let run = try bench.measureAlone("orderflow run (trials, \(rows) rows)", orderflow, ["run", pipeline])
        guard run.status == 0 else { throw BenchFailure.child(run) }
        // The same check as the import's: every row a `results.csv` row `accepted`, and as many
        // accepted `order`s in `receipt.json`.
        _ = try ImportBenchmark(orders: rows, format: "csv", keep: keep, catalog: catalog).acceptedOrders(
            in: folder.appendingPathComponent("outbox/R-ACME/\(Self.batch)"), run: run)
        return run
    }
}
