import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

/// The provision job's end-to-end tests (Provisioning.md, Approvals.md) share a sandbox shape:
/// the reconcile sandbox (ReconcileSupport.swift) and, beside it, `provision.yaml` on the same
/// ledger with its own inbox `approvals/`.
extension PipelineSandbox {
    var provisionPipeline: URL { root.appendingPathComponent("provision.yaml") }
    var approvals: URL { root.appendingPathComponent("approvals") }

    /// Writes `provision.yaml` (kind `provision`, `stableFor: 0s`, `lease: 2s`, no `asOf`: each
    /// test gives the run date with `--as-of`; `unpaidCancelDays` only when given) and creates
    /// `approvals/`.
    func addProvisionPipeline(unpaidCancelDays: Int? = nil) throws {
        try writeJobPipeline(
            provisionPipeline, kind: "provision", inbox: approvals,
            extra: unpaidCancelDays.map { "unpaidCancelDays: \($0)" } ?? "")
    }

    /// Drops an approval file into `approvals/<reseller>/<name>` (a `.part` name, then a rename).
    func dropApprovals(_ text: String, reseller: String = "R-ACME", name: String) throws {
        try drop(Array(text.utf8), into: approvals, reseller: reseller, name: name)
    }

    /// `orderflow run provision.yaml --as-of <asOf>`.
    func provision(asOf: String, environment: [String: String] = [:]) throws -> CLIResult {
        try runJob(provisionPipeline, asOf: asOf, environment: environment)
    }

    /// `orderflow run pipeline.yaml --as-of <asOf>`: the import on a later day.
    func importDay(asOf: String) throws -> CLIResult { try runJob(pipeline, asOf: asOf) }

    /// The numbers of the documents (invoices and credit notes) of one series published so far.
    func documentNumbers(prefix: String = "ACME-2026-") throws -> [Int] {
        try snapshot().keys.filter { $0.contains("/invoices/\(prefix)") && $0.hasSuffix(".xml") }
            .compactMap { Int($0.split(separator: "-").last?.dropLast(4) ?? "") }.sorted()
    }

    /// `orderflow ledger show <ref> --json` as a dictionary.
    func ledgerShow(ref: String, reseller: String = "R-ACME") throws -> [String: Any] {
        let shown = try CLI.run(
            ["ledger", "show", ref, "--reseller", reseller, "--pipeline", provisionPipeline.path, "--json"],
            currentDirectory: root)
        try #require(shown.exitCode == 0, "ledger show \(ref): \(shown.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
    }
}

/// A statement line paying `payment` (its creditor reference made the way the ledger makes it).
func paying(_ payment: String, _ amount: String, on date: String, bank: String) -> (String, String, String, String, String, String) {
    (date, amount, "EUR", CreditorReference.make(paymentId: payment), "Payer", bank)
}

/// The demo import (``DemoLedger``) plus `PROV-20261122-01.xml`, four R-ACME orders of its own,
/// and the reconciliation of 2026-11-25; done once per test process, each test works on a copy.
///
/// What it leaves, by hand (the demo's ids end at ACC-30, SO-30, SUB-30, PAY-17):
/// - P-01 → ACC-31, SO-31, SUB-31: PRD-DESK 1M prepay (manual approval), 1 user: 20.00 + 19 %
///   VAT 3.80 = 23.80 EUR, PAY-18, paid 2026-11-25 → `Installing`.
/// - P-02 → SO-32, SUB-32: the same, provisioning date 2026-11-28, PAY-19 23.80 paid 2026-11-24
///   → `WaitingForProvisioning`.
/// - P-03 → ACC-33, SO-33, SUB-33 and P-04 → ACC-34, SO-34, SUB-34: PRD-CRM trials (TRIAL14),
///   started 2026-11-22, last day 2026-12-05.
/// - The demo's SO-12 (PRD-MAIL 1M, provisioning date 2026-11-30): PAY-7 10.97 paid 2026-11-25 →
///   `WaitingForProvisioning`.
enum ProvisionLedger {
    static let ownDrop = """
        <?xml version="1.0" encoding="UTF-8"?>
        <orderBatch xmlns="urn:orderflow:orders:1" reseller="R-ACME" batchId="PROV-20261122-01">
        \(desk("P-01", "Stark Desk GmbH", "DE111111125", "pepper", date: nil))
        \(desk("P-02", "Oscorp Desk GmbH", "DE222222227", "norman", date: "2026-11-28"))
        \(trial("P-03", "Trial Renew GmbH", "DE333333339"))
        \(trial("P-04", "Trial Order GmbH", "DE444444441"))
        </orderBatch>
        """

    static func customer(_ name: String, _ vatId: String) -> String {
        let contact = "<contact name=\"Contact\" email=\"contact@\(vatId.lowercased()).example\"/>"
        let address = "<address country=\"DE\" region=\"BE\" city=\"Berlin\" postalCode=\"10115\" line1=\"Chausseestraße 1\"/>"
        return "<customer registration=\"full\"><company accountType=\"company\" name=\"\(name)\" vatId=\"\(vatId)\">"
            + contact + address + "</company></customer>"
    }

    static func desk(_ ref: String, _ name: String, _ vatId: String, _ user: String, date: String?) -> String {
        """
        <order ref="\(ref)" channel="manager">
        \(customer(name, vatId))
          <subscription product="PRD-DESK" plan="PLN-DESK-BIZ" period="1M" \(date.map { "provisioningDate=\"\($0)\"" } ?? "") dataLocation="eu-central"/>
          <terms accepted="true" version="2026-01"/>
          <unitParameters resource="USERS"><value name="username">\(user)</value><value name="email">\(user)@desk.example</value></unitParameters>
        </order>
        """
    }

    static func trial(_ ref: String, _ name: String, _ vatId: String) -> String {
        """
        <order ref="\(ref)" channel="customer">
        \(customer(name, vatId))
          <subscription product="PRD-CRM" plan="PLN-CRM-TEAM" period="TRIAL14"/>
          <terms accepted="true" version="2026-01"/>
        </order>
        """
    }

    /// P-01 and P-02 cost 20.00 EUR + 19 % VAT.
    static let deskTotal = 2000 + 2000 * 19 / 100

    static let template: Result<PipelineSandbox, any Error> = Result {
        let sandbox = try DemoLedger.copy("orderflow-provision-template")
        atexit { if case .success(let template) = ProvisionLedger.template { template.remove() } }
        try sandbox.addProvisionPipeline()
        try sandbox.drop(ownDrop, reseller: "R-ACME", name: "PROV-20261122-01.xml", mtime: PipelineSandbox.baseMtime + 10)
        let imported = try sandbox.run(timeout: 60)
        guard imported.exitCode == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "own drop: \(imported.stderr)"])
        }
        try sandbox.dropStatement(
            StatementCSV.text([
                paying("PAY-7", "10.97", on: "2026-11-25", bank: "P-1"),
                paying("PAY-18", Minor.text(deskTotal), on: "2026-11-25", bank: "P-2"),
                paying("PAY-19", Minor.text(deskTotal), on: "2026-11-24", bank: "P-3"),
            ]), name: "stmt-2026-11-25.csv")
        let reconciled = try sandbox.reconcile(asOf: "2026-11-25")
        guard reconciled.exitCode == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "reconcile: \(reconciled.stderr)"])
        }
        return sandbox
    }

    /// A fresh copy of the story so far, with `provision.yaml` (`unpaidCancelDays` rewritten when given).
    static func copy(_ name: String, unpaidCancelDays: Int? = nil) throws -> PipelineSandbox {
        let sandbox = try PipelineSandbox(copying: try template.get(), name: name)
        if let unpaidCancelDays { try sandbox.addProvisionPipeline(unpaidCancelDays: unpaidCancelDays) }
        return sandbox
    }

    /// The renewals of 2026-12-02: SUB-33's trial renewed to a paid month (P-05), SUB-14 renewed
    /// (P-06), and ACC-34's postpay order of its trial's plan (P-07).
    static let renewalsDrop = """
        <?xml version="1.0" encoding="UTF-8"?>
        <orderBatch xmlns="urn:orderflow:orders:1" reseller="R-ACME" batchId="PROV-20261202-01">
          <renewal ref="P-05" account="ACC-33" subscription="SUB-33" period="1M"/>
          <renewal ref="P-06" account="ACC-14" subscription="SUB-14" period="1M"/>
          <order ref="P-07" channel="manager">
            <customer account="ACC-34"/>
            <subscription product="PRD-CRM" plan="PLN-CRM-TEAM" period="1M" paymentModel="postpay"/>
            <terms accepted="true" version="2026-01"/>
          </order>
        </orderBatch>
        """

    /// The approval drop of the story: every outcome of Provisioning.md, "Approval rows".
    static let approvalDrop = """
        sales_order_id,decision,manager,comment
        SO-31,Reject,Anna Berg,"paid, but the wrong plan"
        SO-9,approve,Anna Berg,
        SO-22,approve,Anna Berg,R-MAPLE's order
        SO-999,approve,Anna Berg,
        SO-9,reject,Anna Berg,the same order again
        SO-1,approve,Anna Berg,waits for its payment
        SO-x,approve,Ben Ortiz,
        SO-32,maybe,Ben Ortiz,

        """
}

/// What must hold after any provisioning story, crashed or not: no payment state listed twice,
/// no subscription canceled or expired twice, every refund once.
enum ProvisionInvariants {
    static func check(_ snapshot: [String: [UInt8]], context: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        var states: [String: Int] = [:], ends: [String: Int] = [:]
        for (path, bytes) in snapshot where path.hasPrefix("outbox/") {
            if path.hasSuffix("/payments.csv") {
                for row in PipelineSandbox.csvRecords(bytes) { states["\(row["payment_id"] ?? "") \(row["status"] ?? "")", default: 0] += 1 }
            }
            if path.hasSuffix("/provisioning.csv") {
                for row in PipelineSandbox.csvRecords(bytes) where ["cancel", "expire"].contains(row["event"] ?? "") {
                    ends["\(row["subscription_id"] ?? "") \(row["sales_order_id"] ?? "")", default: 0] += 1
                }
            }
        }
        for (state, count) in states where count != 1 {
            Issue.record("\(context): payment \(state) listed \(count) times", sourceLocation: sourceLocation)
        }
        for (end, count) in ends where count != 1 {
            Issue.record("\(context): \(end) ended \(count) times", sourceLocation: sourceLocation)
        }
    }
}
