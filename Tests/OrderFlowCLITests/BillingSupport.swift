import Foundation
import GRDB
import OrderFlowCore
import OrderFlowTestSupport
import Testing

/// The billing job's end-to-end tests (Billing.md) share a sandbox shape: a fresh ledger on the
/// demo catalog with the import's `pipeline.yaml` (no `asOf`: each import gives its day with
/// `--as-of`), `billing.yaml` with its own inbox `usage/`, and `reconcile.yaml`.
extension PipelineSandbox {
    static func billingSandbox(
        _ name: String, usageGraceDays: Int? = nil, ledger: String = "sqlite:ledger.sqlite"
    ) throws -> PipelineSandbox {
        let sandbox = try PipelineSandbox(
            name, settings: "lease: 2s\nonInvalidOrder: reject-order\nmaxFileBytes: 1GiB", ledger: ledger)
        try sandbox.writeJobPipeline(
            sandbox.billingPipeline, kind: "billing", inbox: sandbox.usage, ledger: ledger,
            extra: usageGraceDays.map { "usageGraceDays: \($0)" } ?? "")
        try sandbox.addReconcilePipeline(ledger: ledger)
        return sandbox
    }

    /// Imports an order drop of R-ACME on `asOf` (its batch id is `name` without `.xml`); the run must exit 0.
    func importOrders(_ body: String, name: String, asOf: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let batchId = String(name.dropLast(4))
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <orderBatch xmlns="urn:orderflow:orders:1" reseller="R-ACME" batchId="\(batchId)">
            \(body)
            </orderBatch>
            """
        try drop(xml, reseller: "R-ACME", name: name)
        let run = try runJob(pipeline, asOf: asOf)
        try #require(run.terminationReason == .exit && run.exitCode == 0, "import \(name): \(run.stderr)", sourceLocation: sourceLocation)
    }

    /// Drops a usage file of `rows` (after the header) into `usage/R-ACME/<name>`.
    func dropUsageRows(_ rows: [String], name: String) throws {
        try dropUsage((["subscription,date,resource,quantity"] + rows + [""]).joined(separator: "\n"), name: name)
    }

    /// Points `pipeline.yaml`, `billing.yaml` and `reconcile.yaml` at `catalog.xml` in the
    /// sandbox, the demo catalog changed by `edit`.
    func useCatalog(_ edit: (String) -> String) throws {
        let demo = try String(contentsOf: URL(fileURLWithPath: PipelineSandbox.catalog), encoding: .utf8)
        let catalog = root.appendingPathComponent("catalog.xml")
        try edit(demo).write(to: catalog, atomically: true, encoding: .utf8)
        for file in [pipeline, billingPipeline, reconcilePipeline] {
            let yaml = try String(contentsOf: file, encoding: .utf8)
            try yaml.replacingOccurrences(of: PipelineSandbox.catalog, with: catalog.path)
                .write(to: file, atomically: true, encoding: .utf8)
        }
    }

    /// What the ledger itself holds of the bills made (`subscription_bills` rows with outcome
    /// `billed`): how many times each "subscription month" was billed.
    func ledgerBilled() throws -> [String: Int] {
        let ledger = try DatabaseQueue(path: ledgerFile.path)
        return try ledger.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT subscription_id, month FROM subscription_bills WHERE outcome = 'billed'")
            {
                counts["\(row[0] as String) \(row[1] as String)", default: 0] += 1
            }
            return counts
        }
    }
}

/// Orders of the billing story, all R-ACME (EUR, DE, 19 % VAT exclusive, half-up, payments due 14 days).
enum BillingOrders {
    static func customer(_ name: String, _ vatId: String) -> String {
        """
        <customer registration="full"><company accountType="company" name="\(name)" vatId="\(vatId)">
        <contact name="Contact" email="billing@\(vatId.lowercased()).example"/>
        <address country="DE" region="BE" city="Berlin" postalCode="10115" line1="Chausseestraße 1"/>
        </company></customer>
        """
    }

    /// A PRD-VM PLN-VM-BIZ 1M postpay order (threshold: the plan's 250.00 EUR).
    static func server(_ ref: String, _ name: String, _ vatId: String, vcpu: Int, ram: Int) -> String {
        """
        <order ref="\(ref)" channel="manager">
        \(customer(name, vatId))
          <subscription product="PRD-VM" plan="PLN-VM-BIZ" period="1M" paymentModel="postpay" dataLocation="eu-central">
            <resource id="VCPU" amount="\(vcpu)"/>
            <resource id="RAM" amount="\(ram)"/>
          </subscription>
          <terms accepted="true" version="2026-01"/>
        </order>
        """
    }

    /// A PRD-VM PLN-VM-PAYG 1M prepay order: its top-up (`topUp="resources"`) is one month of the
    /// ordered units at vCPU 6.50, RAM 1.75, DISK 0.06 EUR (none included), without tax.
    static func payg(_ ref: String, _ name: String, _ vatId: String, vcpu: Int, ram: Int, disk: Int) -> String {
        """
        <order ref="\(ref)" channel="manager">
        \(customer(name, vatId))
          <subscription product="PRD-VM" plan="PLN-VM-PAYG" period="1M" paymentModel="prepay" dataLocation="eu-central">
            <resource id="VCPU" amount="\(vcpu)"/>
            <resource id="RAM" amount="\(ram)"/>
            <resource id="DISK" amount="\(disk)"/>
          </subscription>
          <terms accepted="true" version="2026-01"/>
        </order>
        """
    }

    /// A PRD-CRM PLN-CRM-TEAM 1M postpay order (cancellation window 30 days).
    static func crm(_ ref: String) -> String {
        """
        <order ref="\(ref)" channel="manager">
        \(customer("Short Stay GmbH", "DE444444441"))
          <subscription product="PRD-CRM" plan="PLN-CRM-TEAM" period="1M" paymentModel="postpay"/>
          <terms accepted="true" version="2026-01"/>
        </order>
        """
    }
}
