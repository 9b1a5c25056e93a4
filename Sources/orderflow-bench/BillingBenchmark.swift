import Foundation

/// The billing job's month run end to end (BENCHMARKS.md, "The billing job"):
///
/// ```
/// ServerOrdersGenerator: one drop per start day ─► orderflow run import.yaml --as-of 2026-11-DD (untimed)
///   ─► each batch's results.csv names the subscriptions ─► UsageGenerator: usage/R-ACME/usage-2026-11.csv
///   ─► orderflow run billing.yaml --as-of 2026-12-01 (timed alone: wall, its own peak RSS):
///      the usage drop committed, then November billed ─► outbox/R-ACME/billing-2026-11/ checked
/// ```
///
/// The same is done for N/10 subscriptions on a ledger of their own (it runs first): two rows, to
/// show whether memory grows with the subscriptions; each with its wall and CPU time (user plus
/// system, `wait4`), its own peak RSS and subscriptions per wall-clock second. Numbers are printed only for runs that did
/// their work: every import must accept every order, and the billing run must exit 0, store every
/// usage row and bill every subscription (`results.csv`, `receipt.json`, `payments.csv`, one
/// e-invoice and one page each); otherwise the child's error is printed and the benchmark fails.
struct BillingBenchmark {
    var subscriptions: Int
    var keep: Bool
    /// `--catalog`: the demo catalog, when it is not found above the executable or its sources.
    var catalog: String?

    static let runDate = "2026-12-01"
    static let month = "billing-2026-11"
    static let usageBatch = "usage-2026-11"

    /// What one timed run billed, besides its measurement.
    struct Billed {
        var subscriptions: Int
        var usageRows: Int
        var run: Benchmark.Measurement
    }

    func run() throws {
        let orderflow = try BenchPaths.orderflow()
        let catalog = try BenchPaths.catalog(override: catalog)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-billing-bench-\(getpid())")
        let tenthFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "orderflow-billing-bench-\(getpid())-tenth")
        defer {
            if !keep {
                try? FileManager.default.removeItem(at: folder)
                try? FileManager.default.removeItem(at: tenthFolder)
            }
        }

        let tenth = subscriptions / 10
        var results: [Billed] = []
        if tenth > 0 { results.append(try bill(tenth, in: tenthFolder, orderflow: orderflow, catalog: catalog)) }
        results.append(try bill(subscriptions, in: folder, orderflow: orderflow, catalog: catalog))

        // CPU time beside wall time: most of the run creates and writes files, whose wall time
        // swings with what else the file system is flushing (BENCHMARKS.md).
        print("| subscriptions | wall s | CPU s | peak RSS MB | subscriptions/s |")
        print("|---|---|---|---|---|")
        for result in results {
            let rate = result.run.seconds > 0 ? Int(Double(result.subscriptions) / result.run.seconds) : 0
            print(
                "| \(result.subscriptions) subscriptions | \(String(format: "%.2f", result.run.seconds)) | "
                    + "\(String(format: "%.2f", result.run.cpuSeconds)) | "
                    + "\(String(format: "%.1f", Double(result.run.peakRSSKiB) / 1024)) | \(rate) |")
        }
        for result in results {
            print(
                "billed subscriptions: \(result.subscriptions) of \(result.subscriptions) (results.csv, receipt.json, "
                    + "payments.csv, \(result.subscriptions) invoices and pages); usage rows stored: \(result.usageRows); "
                    + "run exit status \(result.run.status)")
        }
        if keep { print("kept: \(folder.path)" + (tenth > 0 ? " and \(tenthFolder.path)" : "")) }
    }

    /// Imports `count` orders and drops their usage into `folder` (untimed), then times
    /// `orderflow run billing.yaml --as-of 2026-12-01` alone and checks what it published.
    func bill(_ count: Int, in folder: URL, orderflow: String, catalog: String) throws -> Billed {
        let usageRows = try prepare(count, in: folder, orderflow: orderflow, catalog: catalog)
        let run = try Benchmark(orders: count, keep: keep).measureAlone(
            "orderflow run (billing, \(count) subscriptions)", orderflow,
            ["run", folder.appendingPathComponent("billing.yaml").path, "--as-of", Self.runDate])
        guard run.status == 0 else { throw BenchFailure.child(run) }
        let outbox = folder.appendingPathComponent("outbox/R-ACME")
        try BillingCheck(run: run).usage(outbox.appendingPathComponent(Self.usageBatch), rows: usageRows)
        try BillingCheck(run: run).month(outbox.appendingPathComponent(Self.month), subscriptions: count)
        return Billed(subscriptions: count, usageRows: usageRows, run: run)
    }

    /// Writes `import.yaml` and `billing.yaml` (the same ledger, each its own inbox), imports the
    /// orders one drop per start day, each with `--as-of` its day, and writes the usage drop for
    /// the subscriptions they made. Returns the usage drop's row count.
    func prepare(_ count: Int, in folder: URL, orderflow: String, catalog: String) throws -> Int {
        for (kind, inbox) in [("import", "inbox"), ("billing", "usage")] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent("\(inbox)/R-ACME"), withIntermediateDirectories: true)
            try """
                kind: \(kind)
                catalog: \(catalog)
                ledger: sqlite:ledger.sqlite
                folders: {inbox: \(inbox), processing: processing, outbox: outbox, failed: failed}
                stableFor: 0s
                lease: 10m
                maxFileBytes: 1GiB
                """.write(to: folder.appendingPathComponent("\(kind).yaml"), atomically: true, encoding: .utf8)
        }
        let usagePart = folder.appendingPathComponent("\(Self.usageBatch).csv.part")
        let usage = try BlockWriter(path: usagePart.path)
        usage.write(UsageGenerator.header)
        var usageRows = 0
        let bench = Benchmark(orders: count, keep: keep)
        for day in ServerOrdersGenerator.startDays {
            let asOf = UsageGenerator.date(day)
            let batchId = "servers-\(asOf)"
            // Written beside the inbox and moved in whole, so the run never sees half a file.
            let part = folder.appendingPathComponent("\(batchId).xml.part")
            let orders = try ServerOrdersGenerator.write(count: count, day: day, batchId: batchId, path: part.path)
            guard orders > 0 else { try FileManager.default.removeItem(at: part); continue }
            try FileManager.default.moveItem(
                at: part, to: folder.appendingPathComponent("inbox/R-ACME/\(batchId).xml"))
            let imported = try bench.measure(
                "orderflow run (import \(batchId))", orderflow,
                ["run", folder.appendingPathComponent("import.yaml").path, "--as-of", asOf])
            guard imported.status == 0 else { throw BenchFailure.child(imported) }
            let batch = folder.appendingPathComponent("outbox/R-ACME/\(batchId)")
            _ = try ImportBenchmark(orders: orders, format: "xml", keep: keep, catalog: catalog)
                .acceptedOrders(in: batch, run: imported)
            for (index, subscription) in try Self.subscriptions(in: batch.appendingPathComponent("results.csv")) {
                for row in UsageGenerator.rows(index: index, subscription: subscription) {
                    usage.write(row + "\n")
                    usageRows += 1
                }
            }
        }
        try usage.close()
        try FileManager.default.moveItem(
            at: usagePart, to: folder.appendingPathComponent("usage/R-ACME/\(Self.usageBatch).csv"))
        return usageRows
    }

    /// Each accepted order's index (its ref `V-i`) and subscription, from an import's `results.csv`.
    static func subscriptions(in url: URL) throws -> [(Int, String)] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw BenchFailure("the import published no readable \(url.path): nothing was measured.")
        }
        var lines = text.split(separator: "\n").makeIterator()
        let header = (lines.next() ?? "").split(separator: ",", omittingEmptySubsequences: false)
        guard let ref = header.firstIndex(of: "ref"), let subscription = header.firstIndex(of: "subscription_id") else {
            throw BenchFailure("\(url.path): header '\(header.joined(separator: ","))' lacks ref or subscription_id.")
        }
        // An accepted generated order's cells up to its subscription hold no quoted commas.
        var found: [(Int, String)] = []
        while let line = lines.next() {
            let cells = line.split(separator: ",", maxSplits: max(ref, subscription) + 1, omittingEmptySubsequences: false)
            guard cells.count > max(ref, subscription), cells[ref].hasPrefix("V-"), let index = Int(cells[ref].dropFirst(2)),
                cells[subscription].hasPrefix("SUB-")
            else { throw BenchFailure("\(url.path): cannot read an order and its subscription from '\(line)'.") }
            found.append((index, String(cells[subscription])))
        }
        return found
    }
}
