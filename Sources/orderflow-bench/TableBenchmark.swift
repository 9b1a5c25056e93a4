import Foundation
import OrderFlowFormats

/// `orderflow-bench table`: the import's runs side by side on the same realistic drops
/// (``RealisticBatches``), each against the floor, `xmllint --stream --noout --schema` over the
/// same XML files, in one table: requests/s, the ratio to the floor, peak RSS, and where each
/// import's time went (the `seconds` of its `batch published` lines, summed over its files).
///
/// Rows: the floor; `orderflow quote` of every XML file (one process a file, as an operator runs
/// it); `orderflow run` of the import on the XML files, and on the CSV files, each on a fresh
/// ledger. Every run must do exactly the generated work: each quote prints a row per request, and
/// each import publishes every file with the accepted, rejected and duplicate counts the generator
/// planned; otherwise the benchmark fails without printing a figure.
struct TableBenchmark {
    var requests: Int
    var filesPerReseller: Int
    var seed: UInt64
    var keep: Bool
    var catalog: String?
    /// `--jobs`: also the other jobs (reconcile, trials, billing) of N items each, and the XML
    /// import on PostgreSQL.
    var jobs: Bool

    static let usage =
        "usage: orderflow-bench table [--orders N] [--files F] [--seed S] [--jobs] [--keep] [--catalog PATH]"

    init(_ options: BenchOptions) {
        requests = options.count
        filesPerReseller = options.values["--files"].flatMap { Int($0) } ?? 4
        seed = options.values["--seed"].flatMap { UInt64($0) } ?? 1
        keep = options.keep
        catalog = options.catalog
        jobs = options.flags.contains("--jobs")
        guard filesPerReseller > 0, requests >= 10 * filesPerReseller else {
            fail("--files needs a number above 0, with at least 10 orders a file; \(Self.usage)")
        }
    }

    /// One row of the table.
    struct Row {
        var name: String
        var seconds: Double
        var cpuSeconds: Double
        var peakRSSKiB: Int
        var stages: [String: Double] = [:]
        /// What the rate counts: the generated requests, or another job's lines, rows or subscriptions.
        var items: Int? = nil
        /// Whether it ran over the XML files, so that its ratio to xmllint's time means something.
        var readsTheXML = true

        init(_ run: Benchmark.Measurement, name: String? = nil, items: Int? = nil, readsTheXML: Bool = true) {
            self.init(name: name ?? run.name, seconds: run.seconds, cpuSeconds: run.cpuSeconds, peakRSSKiB: run.peakRSSKiB)
            self.items = items
            self.readsTheXML = readsTheXML
        }

        init(name: String, seconds: Double, cpuSeconds: Double, peakRSSKiB: Int) {
            self.name = name
            self.seconds = seconds
            self.cpuSeconds = cpuSeconds
            self.peakRSSKiB = peakRSSKiB
        }
    }

    static let stageNames = ["read", "judge", "store", "commit", "publish"]

    func run() throws {
        let orderflow = try BenchPaths.orderflow()
        let catalog = try BenchPaths.catalog(override: catalog)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-table-bench-\(getpid())")
        defer { if !keep { try? FileManager.default.removeItem(at: folder) } }
        let started = Date()
        let files = try RealisticBatches(requests: requests, filesPerReseller: filesPerReseller, seed: seed)
            .write(into: folder.appendingPathComponent("drops"))
        var total = RealisticBatches.Tally()
        for file in files { total += file.expected }
        print("generated \(requests) requests (\(total)) in \(files.count) files of \(RealisticBatches.resellers.count) "
            + "resellers, seed \(seed), in \(String(format: "%.1f", Date().timeIntervalSince(started))) s (\(folder.path))")

        let bench = Benchmark(orders: requests, keep: keep)
        var rows: [Row] = []
        guard let xmllint = bench.which("xmllint") else {
            throw BenchFailure("xmllint not found on PATH: install libxml2-utils; it is the floor every row is compared with.")
        }
        let xsd = folder.appendingPathComponent("orders.xsd").path
        try OrdersSchema.xsd.write(toFile: xsd, atomically: true, encoding: .utf8)
        let lint = try bench.measureAlone(
            "xmllint --stream --noout --schema", xmllint, ["--stream", "--noout", "--schema", xsd] + files.map(\.xmlPath))
        guard lint.status == 0 else { throw BenchFailure.child(lint) }
        rows.append(Row(lint))
        rows.append(try quote(files, orderflow: orderflow, catalog: catalog, bench: bench))
        for format in ["xml", "csv"] {
            rows.append(try importRun(files, format: format, in: folder, orderflow: orderflow, catalog: catalog, bench: bench))
        }
        // Two worker processes on the same inbox (Operations.md, several workers): one reseller each at a time.
        rows.append(
            try importRun(files, format: "xml", in: folder, orderflow: orderflow, catalog: catalog, bench: bench, workers: 2))
        if jobs { rows += try otherJobs(files, in: folder, orderflow: orderflow, catalog: catalog, bench: bench) }
        print("")
        print(Self.table(rows, requests: requests))
    }

    /// `orderflow quote` of each XML file: every request gets its row.
    private func quote(_ files: [RealisticBatches.File], orderflow: String, catalog: String, bench: Benchmark) throws -> Row {
        var row = Row(name: "orderflow quote (xml)", seconds: 0, cpuSeconds: 0, peakRSSKiB: 0)
        for file in files {
            let run = try bench.measureAlone(
                "orderflow quote \(file.batchId)", orderflow, ["quote", file.xmlPath, "--catalog", catalog, "--as-of", "2026-11-22"])
            // 65: some requests are rejected, as planned.
            guard run.status == 0 || run.status == 65 else { throw BenchFailure.child(run) }
            let printed = run.output.split(separator: "\n").count - 1
            guard printed == file.expected.total else {
                throw BenchFailure("\(run.name) printed \(printed) rows for \(file.expected.total) requests: nothing was measured. Its standard error:\n\(run.errors)")
            }
            row.seconds += run.seconds
            row.cpuSeconds += run.cpuSeconds
            row.peakRSSKiB = max(row.peakRSSKiB, run.peakRSSKiB)
        }
        return row
    }

    /// `--jobs`: the XML import on a fresh database of a throwaway PostgreSQL server, then the
    /// other jobs' own benchmarks (`reconcile`, `trials`, `billing`) with N items each, their
    /// set-ups untimed; each checks its outputs as it does alone.
    private func otherJobs(
        _ files: [RealisticBatches.File], in folder: URL, orderflow: String, catalog: String, bench: Benchmark
    ) throws -> [Row] {
        var rows: [Row] = []
        let databases = try BenchDatabases(url: nil)
        defer { databases.removeAll() }
        rows.append(
            try importRun(
                files, format: "xml", in: folder, orderflow: orderflow, catalog: catalog, bench: bench,
                ledger: try databases.fresh()))
        let reconcile = try ReconcileBenchmark(entries: requests, keep: keep, catalog: catalog)
            .measure(in: folder.appendingPathComponent("reconcile"), tenthIn: nil)
        if let full = reconcile.last {
            rows.append(Row(full.run, name: "reconcile (\(full.lines) statement lines)", items: full.lines, readsTheXML: false))
        }
        let trials = try TrialsBenchmark(rows: requests, keep: keep, catalog: catalog).trials(
            rows: requests, in: folder.appendingPathComponent("trials"), orderflow: orderflow, catalog: catalog)
        rows.append(Row(trials, name: "trials (\(requests) rows)", items: requests, readsTheXML: false))
        let billed = try BillingBenchmark(subscriptions: requests, keep: keep, catalog: catalog).bill(
            requests, in: folder.appendingPathComponent("billing"), orderflow: orderflow, catalog: catalog)
        rows.append(
            Row(billed.run, name: "billing (\(billed.subscriptions) subscriptions)", items: billed.subscriptions, readsTheXML: false))
        return rows
    }

    /// `orderflow run` of an import pipeline over every file in `format`, on a fresh ledger: a
    /// SQLite file, or the PostgreSQL database `ledger` names; with `workers` above 1, that many
    /// worker processes at once (``WorkerPool``), timed from the first start to the last end.
    private func importRun(
        _ files: [RealisticBatches.File], format: String, in folder: URL, orderflow: String, catalog: String,
        bench: Benchmark, ledger: String? = nil, workers: Int = 1
    ) throws -> Row {
        let root = folder.appendingPathComponent(
            "run-\(format)" + (ledger == nil ? "" : "-postgres") + (workers == 1 ? "" : "-\(workers)-workers"))
        for file in files {
            let inbox = root.appendingPathComponent("inbox/\(file.reseller)")
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            let source = format == "xml" ? file.xmlPath : file.csvPath
            try FileManager.default.copyItem(
                atPath: source, toPath: inbox.appendingPathComponent("\(file.batchId).\(format)").path)
        }
        let pipeline = root.appendingPathComponent("bench.yaml").path
        try """
            kind: import
            catalog: \(catalog)
            ledger: \(ledger ?? "sqlite:ledger.sqlite")
            folders: {inbox: inbox, processing: processing, outbox: outbox, failed: failed}
            stableFor: 0s
            lease: 10m
            asOf: 2026-11-22
            """.write(toFile: pipeline, atomically: true, encoding: .utf8)
        let name = "orderflow run (\(format)" + (ledger == nil ? "" : ", PostgreSQL, throwaway server, fsync off")
            + (workers == 1 ? ")" : ", \(workers) worker processes)")
        let run: Benchmark.Measurement
        if workers == 1 {
            run = try bench.measureAlone(name, orderflow, ["run", pipeline])
        } else {
            let pool = WorkerPool(
                workers: workers, orderflow: orderflow, pipeline: pipeline, folder: root, label: name, maxRuns: 50,
                succeeded: [0, 65])
            let outcome = try pool.start(bench)
            run = Benchmark.Measurement(
                name: name, seconds: outcome.seconds, peakRSSKiB: outcome.runs.map(\.peakRSSKiB).max() ?? 0, output: "",
                status: 0, errors: outcome.runs.map(\.errors).joined(separator: "\n"),
                cpuSeconds: outcome.runs.map(\.cpuSeconds).reduce(0, +))
        }
        guard run.status == 0 || run.status == 65 else { throw BenchFailure.child(run) }
        for file in files {
            let results = root.appendingPathComponent("outbox/\(file.reseller)/\(file.batchId)/results.csv")
            let found = try Self.outcomes(results, run: run)
            guard found == file.expected else {
                throw BenchFailure(
                    "\(run.name): \(file.batchId) has \(found), the generator planned \(file.expected): nothing was "
                        + "measured. Its standard error:\n\(run.errors)")
            }
        }
        var row = Row(run)
        row.stages = try Self.stages(in: run.errors, batches: files.count, run: run)
        return row
    }

    /// The outcome counts of a published `results.csv` (generated refs hold no commas).
    static func outcomes(_ results: URL, run: Benchmark.Measurement) throws -> RealisticBatches.Tally {
        guard let text = try? String(contentsOf: results, encoding: .utf8) else {
            throw BenchFailure("\(run.name) published no \(results.path). Its standard error:\n\(run.errors)")
        }
        var tally = RealisticBatches.Tally()
        for line in text.split(separator: "\n").dropFirst() {
            switch line.split(separator: ",", maxSplits: 4, omittingEmptySubsequences: false).dropFirst(3).first {
            case "accepted": tally.accepted += 1
            case "rejected": tally.rejected += 1
            case "duplicate": tally.duplicate += 1
            default: throw BenchFailure("\(results.path) has a row without an outcome: \(line)")
            }
        }
        return tally
    }

    /// The `seconds=read … publish …` of every `batch published` line, summed by stage.
    static func stages(in log: String, batches: Int, run: Benchmark.Measurement) throws -> [String: Double] {
        var sums: [String: Double] = [:]
        var lines = 0
        for line in log.split(separator: "\n") where line.hasSuffix("batch published") {
            guard let start = line.range(of: "seconds="), let end = line.range(of: " [", range: start.upperBound..<line.endIndex)
            else { throw BenchFailure("a batch published line without seconds=: \(line)") }
            let words = line[start.upperBound..<end.lowerBound].split(separator: " ")
            for index in stride(from: 0, to: words.count - 1, by: 2) {
                sums[String(words[index]), default: 0] += Double(words[index + 1]) ?? 0
            }
            lines += 1
        }
        guard lines == batches else {
            throw BenchFailure("\(run.name) logged \(lines) published batches of \(batches). Its standard error:\n\(run.errors)")
        }
        return sums
    }

    static func table(_ rows: [Row], requests: Int) -> String {
        let floor = rows[0].seconds
        var text = "| | wall s | CPU s | per s | × floor | peak RSS MB | "
            + stageNames.joined(separator: " s | ") + " s |\n"
        text += "|---|---|---|---|---|---|" + String(repeating: "---|", count: stageNames.count) + "\n"
        for row in rows {
            let cells = [
                row.name, String(format: "%.2f", row.seconds), String(format: "%.2f", row.cpuSeconds),
                String(Int(Double(row.items ?? requests) / max(row.seconds, 0.001))),
                row.readsTheXML ? String(format: "%.2f", row.seconds / floor) : "",
                String(format: "%.1f", Double(row.peakRSSKiB) / 1024),
            ] + stageNames.map { name in row.stages[name].map { String(format: "%.2f", $0) } ?? "" }
            text += "| " + cells.joined(separator: " | ") + " |\n"
        }
        text += "\nper s: requests (or the job's lines, rows, subscriptions) a second. "
            + "read: CPU time of the reading thread; judge, store: the commit thread's time in the judge and "
            + "in the ledger's writes; commit: the whole commit (wall); publish: rendering and placing the outputs (wall)."
        return text
    }
}
