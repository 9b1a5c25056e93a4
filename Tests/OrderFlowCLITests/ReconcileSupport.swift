import Foundation
import OrderFlowTestSupport
import Testing

/// The reconcile job's end-to-end tests (Reconciliation.md) share a sandbox shape: the import's
/// `pipeline.yaml` and, beside it, `reconcile.yaml` on the same ledger with its own inbox
/// `statements/` and the same `outbox/`, `processing/` and `failed/` (each job resumes only its
/// own claims).
extension PipelineSandbox {
    var reconcilePipeline: URL { root.appendingPathComponent("reconcile.yaml") }
    var statements: URL { root.appendingPathComponent("statements") }

    /// Writes `reconcile.yaml` (kind `reconcile`, `stableFor: 0s`, `lease: 2s`, no `asOf`: each
    /// test gives the run date with `--as-of`) and creates `statements/`.
    func addReconcilePipeline(
        catalog: String = PipelineSandbox.catalog, ledger: String = "sqlite:ledger.sqlite"
    ) throws {
        try writeJobPipeline(reconcilePipeline, kind: "reconcile", inbox: statements, catalog: catalog, ledger: ledger)
    }

    /// Writes a pipeline file of `kind` beside `pipeline.yaml`, on `ledger` (the import's, as
    /// `pipeline.yaml` names it) and the same folders but with its own `inbox` (created),
    /// `stableFor: 0s`, `lease: 2s`; `extra` lines are appended.
    func writeJobPipeline(
        _ file: URL, kind: String, inbox: URL, catalog: String = PipelineSandbox.catalog,
        ledger: String = "sqlite:ledger.sqlite", extra: String = ""
    ) throws {
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let yaml = """
            kind: \(kind)
            catalog: \(catalog)
            ledger: \(ledger)
            folders: {inbox: \(inbox.lastPathComponent), processing: processing, outbox: outbox, failed: failed}
            stableFor: 0s
            lease: 2s
            maxFileBytes: 1GiB
            \(extra)

            """
        try Data(yaml.utf8).write(to: file)
    }

    /// Runs `run` on two workers at once, each looping until `inbox` and `processing/` are empty
    /// (a worker ends early when the other holds a reseller's lease). Returns what went wrong.
    func runTwoWorkers(inbox: URL, _ run: @escaping @Sendable (PipelineSandbox) throws -> CLIResult) -> [String] {
        let problems = NSLock()
        nonisolated(unsafe) var found: [String] = []
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for _ in 0..<100 {
                do {
                    let result = try run(self)
                    if result.terminationReason != .exit || ![0, 65].contains(result.exitCode) {
                        problems.withLock { found.append("worker \(worker): exit \(result.exitCode): \(result.stderr)") }
                    }
                    if try leftovers(in: inbox).isEmpty && leftovers(in: processing).isEmpty { return }
                } catch {
                    problems.withLock { found.append("worker \(worker): \(error)") }
                    return
                }
            }
            problems.withLock { found.append("worker \(worker): the inbox never emptied") }
        }
        return problems.withLock { found }
    }

    /// Kills `run` with each crash spec in turn (`ORDERFLOW_CRASH_AT`), reruns it, and checks
    /// that nothing is left in `inbox` or `processing/` and that the outputs are `reference`'s;
    /// then `check`, then one more run that must change nothing.
    func recoverFromCrashes(
        _ specs: [String], inbox: URL, reference: [String: [UInt8]],
        run: (_ environment: [String: String]) throws -> CLIResult,
        check: (_ context: String) throws -> Void = { _ in }, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let context = specs.joined(separator: " then ")
        for spec in specs {
            let killed = try run(["ORDERFLOW_CRASH_AT": spec])
            try #require(
                killed.wasKilled,
                "\(context): \(spec) did not kill the run (reason \(killed.terminationReason.rawValue), status \(killed.exitCode))\n\(killed.stderr)",
                sourceLocation: sourceLocation)
        }
        let rerun = try run([:])
        #expect(rerun.terminationReason == .exit && [0, 65].contains(rerun.exitCode), "\(context): \(rerun.stderr)", sourceLocation: sourceLocation)
        #expect(try leftovers(in: inbox) == [], "\(context): files left in the inbox", sourceLocation: sourceLocation)
        #expect(try leftovers(in: processing) == [], "\(context): processing/ not empty", sourceLocation: sourceLocation)

        let snapshot = try snapshot()
        let diffs = ImportInvariants.differences(snapshot, reference)
        #expect(diffs == [], "\(context): outputs differ from the uninterrupted run:\n\(diffs.joined(separator: "\n"))", sourceLocation: sourceLocation)
        try check(context)

        let again = try run([:])
        #expect(again.terminationReason == .exit && again.exitCode == 0, "\(context): \(again.stderr)", sourceLocation: sourceLocation)
        #expect(try self.snapshot() == snapshot, "\(context): a run after recovery changed the outputs", sourceLocation: sourceLocation)
    }

    /// A copy of `other`'s whole folder (pipelines, ledger, outputs) under a new temporary name.
    init(copying other: PipelineSandbox, name: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.copyItem(at: other.root, to: root)
    }

    /// Drops a statement into `statements/<reseller>/<name>` (a `.part` name, then a rename).
    func dropStatement(_ text: String, reseller: String = "R-ACME", name: String, mtime: Date? = nil) throws {
        try drop(Array(text.utf8), into: statements, reseller: reseller, name: name, mtime: mtime)
    }

    /// `orderflow run reconcile.yaml --as-of <asOf>`.
    func reconcile(asOf: String, environment: [String: String] = [:], timeout: Double? = 60) throws -> CLIResult {
        try runJob(reconcilePipeline, asOf: asOf, environment: environment, timeout: timeout)
    }

    /// `orderflow run <file> --as-of <asOf>` in this sandbox.
    func runJob(_ file: URL, asOf: String, environment: [String: String] = [:], timeout: Double? = 60) throws -> CLIResult {
        try CLI.run(["run", file.path, "--as-of", asOf], currentDirectory: root, environment: environment, timeout: timeout)
    }

    /// The rows of `outbox/<reseller>/<batch>/<file>` (a CSV output) keyed by its header.
    func records(_ reseller: String, _ batch: String, _ file: String) throws -> [[String: String]] {
        let url = outbox.appendingPathComponent("\(reseller)/\(batch)/\(file)")
        return PipelineSandbox.csvRecords(Array(try Data(contentsOf: url)))
    }

    /// `outbox/<reseller>/<batch>/receipt.json` as a dictionary.
    func receipt(_ reseller: String, _ batch: String) throws -> [String: Any] {
        let url = outbox.appendingPathComponent("\(reseller)/\(batch)/receipt.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// The payments `orderflow ledger show <ref> --json` lists for a request, by payment id:
    /// what the ledger itself holds, not what an output says.
    func ledgerPayments(ref: String, reseller: String = "R-ACME") throws -> [String: [String: String]] {
        let object = try ledgerEntry(ref: ref, reseller: reseller)
        var payments: [String: [String: String]] = [:]
        for payment in object["payments"] as? [[String: Any]] ?? [] {
            let strings = payment.compactMapValues { $0 as? String }
            payments[strings["id"] ?? ""] = strings
        }
        return payments
    }

    /// The request's account balance per currency, as `ledger show` prints it.
    func ledgerBalances(ref: String, reseller: String = "R-ACME") throws -> [String: String] {
        let balances = try ledgerEntry(ref: ref, reseller: reseller)["balances"] as? [[String: String]] ?? []
        return Dictionary(uniqueKeysWithValues: balances.map { ($0["currency"] ?? "", $0["amount"] ?? "") })
    }

    private func ledgerEntry(ref: String, reseller: String) throws -> [String: Any] {
        let shown = try CLI.run(
            ["ledger", "show", ref, "--reseller", reseller, "--pipeline", reconcilePipeline.path, "--json"],
            currentDirectory: root)
        try #require(shown.exitCode == 0, "ledger show \(ref): \(shown.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
    }
}

/// What an uninterrupted run leaves: the reference of the crash and concurrency tests.
struct UninterruptedRun: Sendable {
    var snapshot: [String: [UInt8]]
    var exitCode: Int32

    /// Runs `run` once on `sandbox`, which is removed afterwards.
    init(_ sandbox: PipelineSandbox, run: (PipelineSandbox) throws -> CLIResult) throws {
        defer { sandbox.remove() }
        let result = try run(sandbox)
        guard result.terminationReason == .exit else { throw CocoaError(.executableLoad) }
        snapshot = try sandbox.snapshot()
        exitCode = result.exitCode
    }
}

/// The demo import (the five drops of `Fixtures/drops`, as of 2026-11-22) done once per test
/// process; each test reconciles against its own copy of that ledger.
///
/// The payments it asks for (`payments.csv` of the demo, the values the tests work out amounts
/// from): R-ACME PAY-1 539.74 EUR (SO-1, PRD-MAIL 1Y), PAY-2 756.00 EUR due 2026-12-22
/// (postponed), PAY-3 46.08 and PAY-4 46.00 EUR (top-ups), PAY-5 10.97 EUR Voided, PAY-6 5.02 EUR
/// (SO-11, PRD-MAIL 1M), PAY-7 10.97 EUR (SO-12, provisioning date 2026-11-30), PAY-8 5.15 EUR,
/// PAY-9 30.97 EUR (SO-14, PRD-CRM 1M), PAY-10 10.00 USD, PAY-11 349.86 EUR Voided, PAY-12
/// 179.69 EUR; every R-ACME one but PAY-2 due 2026-12-06. R-MAPLE PAY-13 77.12 CAD, PAY-14 707.75
/// CAD. R-NIPPON PAY-15 49081, PAY-16 3966, PAY-17 1114 JPY, due 2026-12-02.
enum DemoLedger {
    static let template: Result<PipelineSandbox, any Error> = Result {
        let sandbox = try PipelineSandbox("orderflow-reconcile-template")
        // Removed when the test process ends; every test works on a copy.
        atexit { if case .success(let template) = DemoLedger.template { template.remove() } }
        for (index, drop) in PipelineSandbox.demoDrops.enumerated() {
            try sandbox.dropFixture(drop.reseller, drop.name, mtime: PipelineSandbox.baseMtime + Double(index))
        }
        let run = try sandbox.run(timeout: 120)
        guard run.terminationReason == .exit, run.exitCode == 65 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "demo import: \(run.stderr)"])
        }
        try sandbox.addReconcilePipeline()
        return sandbox
    }

    /// A fresh copy of the imported demo with `reconcile.yaml`.
    static func copy(_ name: String) throws -> PipelineSandbox {
        try PipelineSandbox(copying: try template.get(), name: name)
    }
}

/// Money in minor units, the way the tests work amounts out by hand.
enum Minor {
    /// `53974` → `"539.74"`, `-1500` → `"-15.00"`, with `digits` decimals (0 for JPY).
    static func text(_ minor: Int, digits: Int = 2) -> String {
        guard digits > 0 else { return String(minor) }
        let scale = Int(pow(10, Double(digits)))
        let sign = minor < 0 ? "-" : ""
        let whole = abs(minor) / scale, fraction = abs(minor) % scale
        return sign + String(whole) + "." + String(repeating: "0", count: digits - String(fraction).count) + String(fraction)
    }
}

/// A statement in the CSV form of Statements.md.
enum StatementCSV {
    static let header = "booking_date,amount,currency,reference,payer,bank_reference"

    /// One line per `(booking date, amount, currency, reference, payer, bank reference)`.
    static func text(_ lines: [(String, String, String, String, String, String)]) -> String {
        ([header] + lines.map { [$0.0, $0.1, $0.2, $0.3, $0.4, $0.5].joined(separator: ",") }).joined(separator: "\n")
            + "\n"
    }
}

/// Statements of two resellers whose credits each pay the demo's payments once, some in two
/// parts, one repeating an earlier bank line: the crash and concurrency tests' work. Paid in the
/// end (by hand): PAY-1 539.74, PAY-6 3.00 + 2.02 = 5.02, PAY-9 30.97, PAY-8 5.15, PAY-12
/// 100.00 + 79.69 = 179.69, PAY-3 46.08 (a top-up) of R-ACME; PAY-15 49081, PAY-16 3966 (4000
/// sent, 34 to the balance), PAY-17 1000 of 1114 of R-NIPPON.
enum StatementSet {
    struct Statement {
        var reseller: String, name: String, text: String
    }

    static let statements: [Statement] = [
        .init(reseller: "R-ACME", name: "stmt-a1.csv", text: StatementCSV.text([
            ("2026-12-01", "539.74", "EUR", "RF32PAY1", "Globex GmbH", "B-1"),
            ("2026-12-01", "3.00", "EUR", "RF91PAY6", "Cyberdyne Systeme GmbH", "B-2"),
            ("2026-12-01", "12.34", "EUR", "", "Nobody", "B-0"),
        ])),
        .init(reseller: "R-NIPPON", name: "stmt-n1.csv", text: StatementCSV.text([
            ("2026-12-01", "49081", "JPY", "RF52PAY15", "Payer 15", "N-1"),
        ])),
        .init(reseller: "R-ACME", name: "stmt-a2.csv", text: StatementCSV.text([
            ("2026-12-02", "2.02", "EUR", "RF91PAY6", "Cyberdyne Systeme GmbH", "B-3"),
            ("2026-12-02", "30.97", "EUR", "RF10PAY9", "Lisboa Digital Lda", "B-4"),
            ("2026-12-01", "3.00", "EUR", "RF91PAY6", "Cyberdyne Systeme GmbH", "B-2"),
        ])),
        .init(reseller: "R-NIPPON", name: "stmt-n2.csv", text: StatementCSV.text([
            ("2026-12-02", "4000", "JPY", "RF25PAY16", "Payer 16", "N-2"),
            ("2026-12-01", "49081", "JPY", "RF52PAY15", "Payer 15", "N-1"),
        ])),
        .init(reseller: "R-ACME", name: "stmt-a3.csv", text: StatementCSV.text([
            ("2026-12-03", "5.15", "EUR", "RF37PAY8", "Maria Sousa", "B-5"),
            ("2026-12-03", "100.00", "EUR", "RF36PAY12", "Barcelona Byte SL", "B-6"),
        ])),
        .init(reseller: "R-NIPPON", name: "stmt-n3.csv", text: StatementCSV.text([
            ("2026-12-03", "1000", "JPY", "RF95PAY17", "Payer 17", "N-3"),
        ])),
        .init(reseller: "R-ACME", name: "stmt-a4.csv", text: StatementCSV.text([
            ("2026-12-04", "79.69", "EUR", "RF36PAY12", "Barcelona Byte SL", "B-7"),
            ("2026-12-04", "46.08", "EUR", "RF75PAY3", "Hooli Europe GmbH", "B-8"),
            ("2026-12-04", "-1.00", "EUR", "", "Fee", "B-9"),
        ])),
    ]

    /// Drops every statement with mtimes in list order.
    static func fill(_ sandbox: PipelineSandbox) throws {
        for (index, statement) in statements.enumerated() {
            try sandbox.dropStatement(
                statement.text, reseller: statement.reseller, name: statement.name,
                mtime: PipelineSandbox.baseMtime + 100 + Double(index))
        }
    }

    /// (reseller, the request's ref, payment id) → what the ledger must say was paid, by hand.
    static let paidInTheEnd: [(String, String, String, String)] = [
        ("R-ACME", "A-2001", "PAY-1", Minor.text(53974)),
        ("R-ACME", "A-2011", "PAY-6", Minor.text(300 + 202)),
        ("R-ACME", "A-2102", "PAY-9", Minor.text(3097)),
        ("R-ACME", "A-2101", "PAY-8", Minor.text(515)),
        ("R-ACME", "A-2107", "PAY-12", Minor.text(10000 + 7969)),
        ("R-ACME", "A-2003", "PAY-3", Minor.text(4608)),
        ("R-ACME", "A-2014", "PAY-7", Minor.text(0)),
        ("R-NIPPON", "N-4001", "PAY-15", "49081"),
        ("R-NIPPON", "N-4002", "PAY-16", "3966"),
        ("R-NIPPON", "N-4004", "PAY-17", "1000"),
    ]

    /// Every credit applied once: the ledger's paid amounts, and each bank line reconciled in
    /// exactly one statement (the repeats `duplicate`), each statement published once.
    static func checkAppliedOnce(
        _ sandbox: PipelineSandbox, context: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for (reseller, ref, payment, paid) in paidInTheEnd {
            let stored = try sandbox.ledgerPayments(ref: ref, reseller: reseller)[payment]
            #expect(stored?["paid"] == paid, "\(context): \(payment) paid \(stored?["paid"] ?? "nil"), not \(paid)", sourceLocation: sourceLocation)
        }
        var reconciled: [String: Int] = [:]
        for statement in statements {
            let batch = String(statement.name.dropLast(4))
            let rows = try sandbox.records(statement.reseller, batch, "reconciliation.csv")
            for row in rows where ["matched", "partial", "overpaid", "unmatched"].contains(row["outcome"] ?? "") {
                reconciled["\(statement.reseller) \(row["bank_reference"] ?? "")", default: 0] += 1
            }
        }
        let bankLines = Set(statements.flatMap { statement in
            PipelineSandbox.csvRecords(Array(statement.text.utf8)).filter { !($0["amount"] ?? "").hasPrefix("-") }
                .map { "\(statement.reseller) \($0["bank_reference"] ?? "")" }
        })
        #expect(reconciled.keys.sorted() == bankLines.sorted(), "\(context)", sourceLocation: sourceLocation)
        #expect(reconciled.values.allSatisfy { $0 == 1 }, "\(context): \(reconciled.filter { $0.value != 1 })", sourceLocation: sourceLocation)
    }
}
