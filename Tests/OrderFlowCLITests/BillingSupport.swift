import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

/// The billing job's end-to-end tests (Billing.md) share a sandbox shape: a fresh ledger on the
/// demo catalog with the import's `pipeline.yaml` (no `asOf`: each import gives its day with
/// `--as-of`), `billing.yaml` with its own inbox `usage/`, and `reconcile.yaml`.
extension PipelineSandbox {
    static func billingSandbox(_ name: String, usageGraceDays: Int? = nil) throws -> PipelineSandbox {
        let sandbox = try PipelineSandbox(name, settings: "lease: 2s\nonInvalidOrder: reject-order\nmaxFileBytes: 1GiB")
        try sandbox.writeJobPipeline(
            sandbox.billingPipeline, kind: "billing", inbox: sandbox.usage,
            extra: usageGraceDays.map { "usageGraceDays: \($0)" } ?? "")
        try sandbox.addReconcilePipeline()
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
