import Foundation

/// The reconcile job end to end on one generated statement (BENCHMARKS.md, "The reconcile job"):
///
/// ```
/// DropGenerator ─► orderflow run bench.yaml (import, untimed) ─► outbox/R-ACME/bench/payments.csv
///   ─► StatementGenerator: statements/R-ACME/stmt-bench.xml (camt.053.001.08, 9 in 10 paid in full,
///      1 in 10 half) ─► orderflow run reconcile.yaml (timed alone: wall, its own peak RSS)
///   ─► outbox/R-ACME/stmt-bench/receipt.json checked
/// ```
///
/// The same is timed for the statement cut to its first tenth, on a copy of the ledger the import
/// left: two rows, to show whether memory grows with the statement. Numbers are printed only for
/// runs that did their work: each must exit 0 and its `receipt.json` show every line, 9 in 10
/// `matched` and 1 in 10 `partial`; otherwise the child's error is printed and the benchmark fails.
struct ReconcileBenchmark {
    var entries: Int
    var keep: Bool
    /// `--catalog`: the demo catalog, when it is not found above the executable or its sources.
    var catalog: String?

    /// The import's run date (`bench.yaml`) and the statement's booking date, the day after.
    static let bookingDate = "2026-11-23"
    static let statement = "stmt-bench"

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "orderflow-reconcile-bench-\(getpid())")
        let cutFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "orderflow-reconcile-bench-\(getpid())-tenth")
        defer {
            if !keep {
                try? FileManager.default.removeItem(at: folder)
                try? FileManager.default.removeItem(at: cutFolder)
            }
        }
        let rows = try measure(in: folder, tenthIn: cutFolder)

        print("| statement | wall s | peak RSS MB | lines/s |")
        print("|---|---|---|---|")
        for row in rows {
            let rate = row.run.seconds > 0 ? Int(Double(row.lines) / row.run.seconds) : 0
            print(
                "| \(row.lines) lines | \(String(format: "%.2f", row.run.seconds)) | "
                    + "\(String(format: "%.1f", Double(row.run.peakRSSKiB) / 1024)) | \(rate) |")
        }
        for row in rows {
            let (matched, partial) = Self.expected(lines: row.lines)
            print(
                "reconciled lines: \(row.lines) (\(matched) matched, \(partial) partial; receipt.json); "
                    + "run exit status \(row.run.status)")
        }
        if keep { print("kept: \(folder.path)" + (rows.count > 1 ? " and \(cutFolder.path)" : "")) }
    }

    /// Imports N orders into `folder` (untimed), then times the reconcile of the statement paying
    /// them: first of its first tenth on a copy of that ledger in `tenthIn` (when there is one,
    /// else nothing goes there), then of all of it. The measured runs, the tenth's first.
    func measure(in folder: URL, tenthIn cutFolder: URL?) throws -> [(lines: Int, run: Benchmark.Measurement)] {
        let orderflow = try BenchPaths.orderflow()
        let catalog = try BenchPaths.catalog(override: catalog)
        // Set-up, untimed: the import as `orderflow-bench import` does it.
        let setup = ImportBenchmark(orders: entries, format: "xml", keep: keep, catalog: catalog)
        let prepared = try setup.prepare(in: folder, catalog: catalog)
        let bench = Benchmark(orders: entries, keep: keep)
        let imported = try bench.measure("orderflow run (import)", orderflow, ["run", prepared.pipeline])
        guard imported.status == 0 else { throw BenchFailure.child(imported) }
        _ = try setup.acceptedOrders(in: folder.appendingPathComponent(ImportBenchmark.batch), run: imported)
        let payments = try Self.duePayments(
            in: folder.appendingPathComponent(ImportBenchmark.batch).appendingPathComponent("payments.csv"))
        guard payments.payments.count == entries else {
            throw BenchFailure(
                "the import of \(entries) orders asked for \(payments.payments.count) payments in payments.csv, "
                    + "not one per order: nothing was measured.")
        }
        // Run after every due date, so the payments left open are listed as overdue.
        let asOf = try Self.dayAfter(payments.latestDueDate)

        var rows: [(lines: Int, run: Benchmark.Measurement)] = []
        let cut = entries / 10
        if cut > 0, let cutFolder {
            // A second ledger, as fresh: a copy of the one the import left (its child has exited),
            // before anything reconciled it. The import's outbox is not needed and not copied.
            try FileManager.default.createDirectory(at: cutFolder, withIntermediateDirectories: true)
            for file in ["ledger.sqlite", "ledger.sqlite-wal"]
            where FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path) {
                try FileManager.default.copyItem(
                    at: folder.appendingPathComponent(file), to: cutFolder.appendingPathComponent(file))
            }
            rows.append(
                (cut, try reconcile(Array(payments.payments.prefix(cut)), in: cutFolder, asOf: asOf, catalog: catalog)))
        }
        rows.append((entries, try reconcile(payments.payments, in: folder, asOf: asOf, catalog: catalog)))
        return rows
    }

    /// Writes the statement paying `payments` into `folder`'s `statements/R-ACME/`, a `reconcile`
    /// pipeline on the import's ledger beside `bench.yaml`, and times `orderflow run` of it alone.
    func reconcile(_ payments: [DuePayment], in folder: URL, asOf: String, catalog: String) throws
        -> Benchmark.Measurement
    {
        let inbox = folder.appendingPathComponent("statements/R-ACME")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let part = folder.appendingPathComponent("\(Self.statement).xml.part").path
        try StatementGenerator.write(paying: payments, bookedOn: Self.bookingDate, path: part)
        try FileManager.default.moveItem(
            atPath: part, toPath: inbox.appendingPathComponent("\(Self.statement).xml").path)
        let pipeline = folder.appendingPathComponent("reconcile.yaml").path
        try """
        kind: reconcile
        catalog: \(catalog)
        ledger: sqlite:ledger.sqlite
        folders: {inbox: statements, processing: processing, outbox: outbox, failed: failed}
        stableFor: 0s
        lease: 10m
        asOf: \(asOf)
        """.write(toFile: pipeline, atomically: true, encoding: .utf8)

        let run = try Benchmark(orders: payments.count, keep: keep).measureAlone(
            "orderflow run (reconcile, \(payments.count) lines)", try BenchPaths.orderflow(), ["run", pipeline])
        guard run.status == 0 else { throw BenchFailure.child(run) }
        try Self.checkReceipt(
            folder.appendingPathComponent("outbox/R-ACME/\(Self.statement)/receipt.json"), lines: payments.count,
            run: run)
        return run
    }

    /// How many lines of a statement of `lines` pay in full and how many half (`StatementGenerator`).
    static func expected(lines: Int) -> (matched: Int, partial: Int) {
        (lines - lines / 10, lines / 10)
    }

    /// The statement's `receipt.json` must show every line, 9 in 10 `matched` and 1 in 10
    /// `partial`, or the run reconciled something else than what was generated.
    static func checkReceipt(_ url: URL, lines: Int, run: Benchmark.Measurement) throws {
        guard let data = try? Data(contentsOf: url),
            let receipt = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else {
            throw BenchFailure(
                "\(run.name) exited 0 but published no readable \(url.path). Its standard error:\n\(run.errors)")
        }
        let outcomes = receipt["outcomes"] as? [String: Int] ?? [:]
        let (matched, partial) = expected(lines: lines)
        guard receipt["lines"] as? Int == lines, outcomes["matched"] == matched, outcomes["partial"] ?? 0 == partial
        else {
            let counts = outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            throw BenchFailure(
                "\(run.name): receipt.json shows \(receipt["lines"].map { "\($0)" } ?? "no") lines (\(counts)), "
                    + "not \(lines) lines with \(matched) matched and \(partial) partial: nothing was measured. "
                    + "Its standard error:\n" + (run.errors.isEmpty ? "(empty)" : run.errors))
        }
    }

    /// The payments of the import's outbox `payments.csv` (Outputs.md), in its order, with the
    /// latest due date among them.
    static func duePayments(in url: URL) throws -> (payments: [DuePayment], latestDueDate: String) {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw BenchFailure("the import published no readable \(url.path): nothing was measured.")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
        let header = (lines.next() ?? "").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let wanted = ["payment_id", "account_id", "amount", "currency", "due_date", "remittance_reference"]
        let columns = wanted.compactMap { header.firstIndex(of: $0) }
        guard columns.count == wanted.count else {
            throw BenchFailure(
                "\(url.path): header '\(header.joined(separator: ","))' lacks one of \(wanted.joined(separator: ", "))."
            )
        }
        var payments: [DuePayment] = []
        var latest = ""
        // Generated orders' payments hold no quoted cells: ids, amounts, dates and RF references.
        while let line = lines.next() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == header.count else { throw BenchFailure("\(url.path): cannot read row '\(line)'.") }
            let row = columns.map { cells[$0] }
            let amount = row[2].split(separator: ".", omittingEmptySubsequences: false)
            guard amount.count <= 2, let minor = Int(amount.joined()), minor >= 2 else {
                throw BenchFailure(
                    "\(url.path): payment \(row[0]) has amount '\(row[2])', which cannot be paid in halves.")
            }
            payments.append(
                DuePayment(
                    id: row[0], account: row[1], amount: minor, decimals: amount.count == 2 ? amount[1].count : 0,
                    currency: row[3], reference: row[5]))
            latest = max(latest, row[4])
        }
        return (payments, latest)
    }

    /// `2026-12-06` → `2026-12-07`.
    static func dayAfter(_ day: String) throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        guard let date = formatter.date(from: day) else {
            throw BenchFailure("payments.csv: due date '\(day)' is not a date.")
        }
        return formatter.string(from: date.addingTimeInterval(86_400))
    }
}
