#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// `orderflow-bench workers`: the import's throughput with 1, 2, 4 … worker processes sharing one
/// inbox and one ledger, on SQLite and on PostgreSQL, for the same generated files
/// (`WorkersFixture`). Each engine and worker count gets a fresh ledger and a fresh copy of the
/// files; the ledger is created by one untimed run on the empty inbox, then the workers start at
/// once (`WorkerPool`) and the time runs until the last one ends. A row is printed only for a run
/// that imported every order once (`WorkersFixture.check`).
struct WorkersBenchmark {
    enum Engine: String { case sqlite, postgres }

    var fixture: WorkersFixture
    var workerCounts: [Int]
    var engines: [Engine]
    /// `--postgres URL`; without it a throwaway server is started.
    var postgres: String?
    var keep: Bool
    var catalog: String?

    static let usage =
        "usage: orderflow-bench workers [--orders N] [--files N] [--resellers N] [--workers 1,2,4] "
        + "[--engine sqlite|postgres|both] [--postgres URL] [--keep] [--catalog PATH]"

    /// From the parsed options; exits 64 with ``usage`` when one makes no sense.
    init(_ options: BenchOptions) {
        let files = options.values["--files"].map { Int($0) ?? 0 } ?? 100
        let resellers = options.values["--resellers"].map { Int($0) ?? 0 } ?? 8
        guard files > 0, files <= options.count, resellers > 0, resellers <= files else {
            fail("--files needs 1 to --orders files, --resellers 1 to --files resellers; \(Self.usage)")
        }
        fixture = WorkersFixture(orders: options.count, files: files, resellers: resellers)
        let counts = (options.values["--workers"] ?? "1,2,4").split(separator: ",").map { Int($0) ?? 0 }
        guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 && $0 <= 64 }) else {
            fail("--workers needs worker counts from 1 to 64, such as 1,2,4; \(Self.usage)")
        }
        workerCounts = counts
        switch options.values["--engine"] ?? "both" {
        case "both": engines = [.sqlite, .postgres]
        case let name: engines = [Engine(rawValue: name) ?? { fail("--engine \(name): \(Self.usage)") }()]
        }
        postgres = options.values["--postgres"]
        keep = options.keep
        catalog = options.catalog
    }

    func run() throws {
        let orderflow = try BenchPaths.orderflow()
        let demo = try BenchPaths.catalog(override: catalog)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-workers-bench-\(getpid())")
        defer { if !keep { Self.remove(folder) } }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try fixture.write(in: folder, demoCatalog: demo)
        print("\(fixture.orders) orders in \(fixture.files) XML files of \(fixture.resellers) resellers (\(folder.path))")

        let bench = Benchmark(orders: fixture.orders, keep: keep)
        var rows: [String] = []
        for engine in engines {
            let databases = engine == .postgres ? try BenchDatabases(url: postgres) : nil
            defer { if !keep { databases?.removeAll() } }
            if let databases { print("PostgreSQL: \(databases.serverName)") }
            var oneWorker: Double?
            for workers in workerCounts {
                let label = "\(engine.rawValue), \(workers) worker\(workers == 1 ? "" : "s")"
                let run = folder.appendingPathComponent("\(engine.rawValue)-\(workers)")
                let ledger = try databases?.fresh() ?? "sqlite:ledger.sqlite"
                let pipeline = try fixture.prepareRun(in: run, ledger: ledger)
                let created = try bench.measureAlone("orderflow run (\(label): creating the ledger)", orderflow, ["run", pipeline])
                guard created.status == 0 else { throw BenchFailure.child(created) }
                try fixture.fillInbox(of: run, from: folder)

                let load = Self.loadAverage()
                let serverBefore = databases?.serverCPU?.seconds()
                let pool = WorkerPool(
                    workers: workers, orderflow: orderflow, pipeline: pipeline, folder: run, label: label,
                    maxRuns: 20 * fixture.files + 100)
                let outcome = try pool.start(bench)
                let serverCPU = serverBefore.flatMap { before in
                    databases?.serverCPU.map { String(format: "%.2f", $0.seconds() - before) }
                }
                try fixture.check(run: run)

                if workers == 1 { oneWorker = outcome.seconds }
                let cpu = outcome.runs.reduce(0) { $0 + $1.cpuSeconds }
                let peak = outcome.runs.map(\.peakRSSKiB).max() ?? 0
                let speedUp = oneWorker.map { String(format: "%.2f", $0 / outcome.seconds) } ?? "–"
                rows.append(
                    "| \(engine.rawValue) | \(workers) | \(String(format: "%.2f", outcome.seconds)) "
                        + "| \(Int(Double(fixture.orders) / outcome.seconds)) | \(speedUp) "
                        + "| \(String(format: "%.2f", cpu)) | \(serverCPU ?? "–") | \(String(format: "%.1f", Double(peak) / 1024)) "
                        + "| \(outcome.runs.count) | \(load) → \(Self.loadAverage()) |")
                // Printed as they come: a long benchmark shows its progress.
                FileHandle.standardError.write(Data("\(rows.last!)\n".utf8))
            }
        }
        print("")
        print("| engine | workers | wall s | orders/s | speed-up | CPU s | server CPU s | peak RSS MB | runs | load 1 min |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for row in rows { print(row) }
        print("every order accepted once in every run (results.csv and receipt.json of each file); nothing left in inbox/, processing/ or failed/")
    }

    /// `rm -rf`: each run leaves two files per order, and FileManager took over 10 minutes to remove
    /// the 2.4 million of a 200,000-order benchmark, which `rm` removes in about a minute.
    static func remove(_ folder: URL) {
        let rm = Process()
        rm.executableURL = URL(fileURLWithPath: "/bin/rm")
        rm.arguments = ["-rf", folder.path]
        if (try? rm.run()) != nil { rm.waitUntilExit() }
        try? FileManager.default.removeItem(at: folder)
    }

    /// The 1-minute load average (`/proc/loadavg`), to tell a disturbed run.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
        return String(text.split(separator: " ").first ?? "?")
    }
}
