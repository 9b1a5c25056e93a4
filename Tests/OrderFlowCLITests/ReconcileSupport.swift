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
    func addReconcilePipeline(catalog: String = PipelineSandbox.catalog) throws {
        try FileManager.default.createDirectory(at: statements, withIntermediateDirectories: true)
        let yaml = """
            kind: reconcile
            catalog: \(catalog)
            ledger: sqlite:ledger.sqlite
            folders: {inbox: statements, processing: processing, outbox: outbox, failed: failed}
            stableFor: 0s
            lease: 2s
            maxFileBytes: 1GiB

            """
        try Data(yaml.utf8).write(to: reconcilePipeline)
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
        try CLI.run(
            ["run", reconcilePipeline.path, "--as-of", asOf], currentDirectory: root, environment: environment,
            timeout: timeout)
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
        let shown = try CLI.run(
            ["ledger", "show", ref, "--reseller", reseller, "--pipeline", reconcilePipeline.path, "--json"],
            currentDirectory: root)
        try #require(shown.exitCode == 0, "ledger show \(ref): \(shown.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        var payments: [String: [String: String]] = [:]
        for payment in object["payments"] as? [[String: Any]] ?? [] {
            let strings = payment.compactMapValues { $0 as? String }
            payments[strings["id"] ?? ""] = strings
        }
        return payments
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
