import Foundation
import GRDB
import OrderFlowTestSupport
import Testing

/// The billing job's usage tests (Billing.md, usage drops) share a sandbox shape: the imported
/// demo (``DemoLedger``) and, beside its pipeline, `billing.yaml` on the same ledger with its own
/// inbox `usage/`.
extension PipelineSandbox {
    var billingPipeline: URL { root.appendingPathComponent("billing.yaml") }
    var usage: URL { root.appendingPathComponent("usage") }
    var ledgerFile: URL { root.appendingPathComponent("ledger.sqlite") }

    /// Writes `billing.yaml` (kind `billing`, `stableFor: 0s`, `lease: 2s`, no `asOf`) and
    /// creates `usage/`. `usageGraceDays: 365` keeps the monthly run out of the usage tests: no
    /// month of their dates is over by a year (BillingRunTests bills months).
    func addBillingPipeline() throws {
        try writeJobPipeline(billingPipeline, kind: "billing", inbox: usage, extra: "usageGraceDays: 365")
    }

    /// Drops a usage file into `usage/<reseller>/<name>` (a `.part` name, then a rename).
    func dropUsage(_ text: String, reseller: String = "R-ACME", name: String, mtime: Date? = nil) throws {
        try drop(Array(text.utf8), into: usage, reseller: reseller, name: name, mtime: mtime)
    }

    /// `orderflow run billing.yaml --as-of <asOf>`.
    func bill(asOf: String, environment: [String: String] = [:]) throws -> CLIResult {
        try runJob(billingPipeline, asOf: asOf, environment: environment)
    }

    /// Records `month` (`YYYY-MM`) of `reseller` as billed on `runDate`, as the monthly billing run
    /// does in its transaction: a `billing-<month>` batch and its `billing_months` row, marked
    /// published (it has no outputs to publish). Usage of that month is then `USAGE_MONTH_BILLED`.
    func markMonthBilled(_ month: String, reseller: String = "R-ACME", runDate: String) throws {
        let ledger = try DatabaseQueue(path: ledgerFile.path)
        try ledger.write { db in
            try db.execute(
                sql: """
                    INSERT INTO batches (reseller, batch_id, file_name, format, sha256, as_of, policy, committed_at, kind)
                    VALUES (?, ?, '', 'csv', ?, ?, 'reject-order', 0, 'billing-month')
                    """,
                arguments: [reseller, "billing-\(month)", "billing-\(month)", runDate])
            try db.execute(
                sql: "INSERT INTO billing_months (reseller, month, batch_key, run_date, published) VALUES (?, ?, ?, ?, 1)",
                arguments: [reseller, month, db.lastInsertedRowID, runDate])
        }
    }

    /// The usage rows the ledger stored, in the order they were stored: reseller, subscription,
    /// day, resource, quantity, and the batch id of the drop that brought them.
    func storedUsage() throws -> [[String]] {
        let ledger = try DatabaseQueue(path: ledgerFile.path)
        return try ledger.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT usage_rows.reseller, subscription_id, date, resource_id, quantity, batches.batch_id
                    FROM usage_rows JOIN batches ON batches.key = usage_rows.batch_key
                    ORDER BY usage_rows.batch_key, usage_rows.seq
                    """
            ).map { row in
                [row[0], row[1], row[2], row[3], String(row[4] as Int64), row[5]]
            }
        }
    }

    /// The bytes of `outbox/<reseller>/<batch>/<file>` as text.
    func outboxText(_ reseller: String, _ batch: String, _ file: String) throws -> String {
        String(decoding: try Data(contentsOf: outbox.appendingPathComponent("\(reseller)/\(batch)/\(file)")), as: UTF8.self)
    }
}

/// The imported demo with `billing.yaml`, done once per test process; each test works on a copy.
///
/// The demo's subscriptions the usage tests name (Fixtures/README.md): R-ACME SUB-3 (PLN-OBJ-PAYG:
/// STORED, EGRESS; waiting for its top-up), SUB-4 (PLN-VM-PAYG: VCPU, RAM, DISK; waiting for its
/// top-up), SUB-5 (PLN-VM-BIZ postpay: VCPU, RAM, DISK, IPV4; active from 2026-11-22); R-MAPLE
/// SUB-19 (PLN-VM-BIZ).
enum UsageLedger {
    static let template: Result<PipelineSandbox, any Error> = Result {
        let sandbox = try DemoLedger.copy("orderflow-usage-template")
        atexit { if case .success(let template) = UsageLedger.template { template.remove() } }
        try sandbox.addBillingPipeline()
        return sandbox
    }

    static func copy(_ name: String) throws -> PipelineSandbox {
        try PipelineSandbox(copying: try template.get(), name: name)
    }

    /// The story's drop: every outcome of Billing.md, usage drops, once R-ACME's 2026-11 is billed.
    static let drop = """
        subscription,date,resource,quantity
        SUB-5,2026-12-01,VCPU,4
        SUB-5,2026-12-02,RAM,16
        SUB-3,2026-12-02,EGRESS,1200
        SUB-4,2026-12-31,DISK,0
        SUB-19,2026-12-02,VCPU,2
        SUB-999,2026-12-02,VCPU,2
        SUB-5,2026-12-02,STORED,5
        SUB-5,2026-11-30,VCPU,4
        SUB-5,2026-12-32,VCPU,4
        SUB-5,2026-12-03,VCPU,-4
        SUB-999,2026-11-30,STORED,x
        SUB-999,2026-11-30,STORED,1
        SUB-5,2026-11-30,STORED,1
        SUB-5,2026-12-02,=1+2,5
        ,2026-12-03,VCPU,

        """

    /// R-MAPLE's drop in the same run: its own subscription, R-ACME's, and its own 2026-11 (not billed).
    static let mapleDrop = """
        subscription,date,resource,quantity
        SUB-19,2026-12-02,VCPU,2
        SUB-5,2026-12-02,VCPU,2
        SUB-19,2026-11-30,RAM,8

        """

    /// A copy with R-ACME's 2026-11 billed on 2026-12-01 and both drops in the inbox.
    static func filled(_ name: String) throws -> PipelineSandbox {
        let sandbox = try copy(name)
        try sandbox.markMonthBilled("2026-11", runDate: "2026-12-01")
        try sandbox.dropUsage(drop, name: "ACME-USAGE-2026-12.csv", mtime: PipelineSandbox.baseMtime + 100)
        try sandbox.dropUsage(mapleDrop, reseller: "R-MAPLE", name: "MAPLE-USAGE-2026-12.csv", mtime: PipelineSandbox.baseMtime + 101)
        return sandbox
    }
}
