import Foundation
import OrderFlowFormats

/// The import job end to end on one generated drop: claim, SHA-256, header, one-transaction
/// commit of every order (judged against the ledger), publish. Compared with
/// `xmllint --stream --noout --schema` on the same file: the goal is an import bound by XML
/// parsing, within 3× of xmllint, in constant memory.
///
/// Numbers are printed only for a run that did its work: `orderflow run` must exit 0 and accept
/// every generated order (`results.csv` and `receipt.json` are read back); otherwise the child's
/// error is printed and the benchmark fails.
struct ImportBenchmark {
    var orders: Int
    var format: String
    var keep: Bool
    /// `--catalog`: the demo catalog, when it is not found above the executable or its sources.
    var catalog: String?

    /// The batch folder the run publishes, under the benchmark's folder.
    static let batch = "outbox/R-ACME/bench"

    /// What `prepare` leaves in the benchmark's folder.
    struct Prepared {
        /// `bench.yaml`: an `import` pipeline with the demo catalog and `ledger.sqlite` beside it.
        var pipeline: String
        /// The drop, in `inbox/R-ACME/`.
        var drop: String
        /// `orders.xsd`, for xmllint.
        var xsd: String
    }

    /// Generates the drop (`DropGenerator`) into `folder/inbox/R-ACME/` and writes `bench.yaml`
    /// beside it; untimed. `orderflow-bench reconcile` imports its orders this way too.
    func prepare(in folder: URL, catalog: String) throws -> Prepared {
        let inbox = folder.appendingPathComponent("inbox/R-ACME")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let xmlPath = folder.appendingPathComponent("bench.xml").path
        let csvPath = folder.appendingPathComponent("bench.csv").path
        let xsdPath = folder.appendingPathComponent("orders.xsd").path
        try OrdersSchema.xsd.write(toFile: xsdPath, atomically: true, encoding: .utf8)
        try DropGenerator.write(orders: orders, xmlPath: xmlPath, csvPath: csvPath)
        let drop = inbox.appendingPathComponent("bench.\(format)").path
        try FileManager.default.moveItem(atPath: format == "csv" ? csvPath : xmlPath, toPath: drop)

        let pipeline = folder.appendingPathComponent("bench.yaml").path
        try """
            kind: import
            catalog: \(catalog)
            ledger: sqlite:ledger.sqlite
            folders: {inbox: inbox, processing: processing, outbox: outbox, failed: failed}
            stableFor: 0s
            lease: 10m
            asOf: 2026-11-22
            """.write(toFile: pipeline, atomically: true, encoding: .utf8)
        return Prepared(pipeline: pipeline, drop: drop, xsd: xsdPath)
    }

    func run() throws {
        let orderflow = try BenchPaths.orderflow()
        let catalog = try BenchPaths.catalog(override: catalog)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-import-bench-\(getpid())")
        defer { if !keep { try? FileManager.default.removeItem(at: folder) } }
        let prepared = try prepare(in: folder, catalog: catalog)

        let bench = Benchmark(orders: orders, keep: keep)
        var results: [Benchmark.Measurement] = []
        if format == "xml", let xmllint = bench.which("xmllint") {
            var lint = try bench.measure(
                "xmllint --stream --noout --schema", xmllint, ["--stream", "--noout", "--schema", prepared.xsd, prepared.drop])
            guard lint.status == 0 else { throw BenchFailure.child(lint) }
            lint.peakRSSKiB = bench.childrenPeakRSSKiB()
            results.append(lint)
        }
        var run = try bench.measure("orderflow run (\(format))", orderflow, ["run", prepared.pipeline])
        guard run.status == 0 else { throw BenchFailure.child(run) }
        run.peakRSSKiB = bench.childrenPeakRSSKiB()
        results.append(run)
        let accepted = try acceptedOrders(in: folder.appendingPathComponent(Self.batch), run: run)

        print("| | wall s | peak RSS MB | orders/s |")
        print("|---|---|---|---|")
        for result in results {
            let rate = result.seconds > 0 ? Int(Double(orders) / result.seconds) : 0
            print("| \(result.name) | \(String(format: "%.2f", result.seconds)) | \(String(format: "%.1f", Double(result.peakRSSKiB) / 1024)) | \(rate) |")
        }
        print("accepted orders: \(accepted) of \(orders) (results.csv and receipt.json); run exit status \(run.status)")
        if results.count == 2 {
            print("orderflow run / xmllint: wall \(bench.ratio(results[1].seconds, results[0].seconds))×")
        }
    }

    /// How many orders the run accepted, read back from the batch's `results.csv` and
    /// `receipt.json`; every generated order must be, or the run measured the wrong work.
    func acceptedOrders(in batch: URL, run: Benchmark.Measurement) throws -> Int {
        guard let tally = BatchTally(batch: batch) else {
            throw BenchFailure("\(run.name) exited 0 but published no \(batch.appendingPathComponent("results.csv").path). Its standard error:\n\(run.errors)")
        }
        guard tally.acceptedAll(orders) else {
            throw BenchFailure(
                "\(run.name) \(tally.shortfall(orders)): nothing was measured."
                    + " Its standard error:\n" + (run.errors.isEmpty ? "(empty)" : run.errors))
        }
        return tally.accepted
    }
}
