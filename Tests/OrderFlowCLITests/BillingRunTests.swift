import Foundation
import OrderFlowTestSupport
import Testing

/// The billing job end to end (Billing.md) on the real binary: a story of postpaid servers billed
/// month after month with `--as-of`. Every amount is worked out here by hand from the demo
/// catalog (PLN-VM-BIZ: 40.00 EUR a month, vCPU above 2 at 8.00, memory above 4 GB at 2.50;
/// R-ACME: 19 % VAT on the net, half-up, due 14 days after the invoice), never copied from an output.
@Suite struct BillingRunTests {
    typealias Row = [String: String]

    static let billColumns = [
        "subscription_id", "account_id", "month", "outcome", "sales_order_id", "currency", "net", "tax", "total",
        "payment_id", "invoice_number", "error_code",
    ]

    static func pick(_ rows: [Row], _ columns: [String]) -> [[String]] {
        rows.map { row in columns.map { row[$0] ?? "?" } }
    }

    /// The story up to 2026-12-31, made once per test process; each test works on a copy:
    /// - 2026-11-01 S-BIG → ACC-1, SO-1, SUB-1: 64 vCPU, 4 GB.
    /// - 2026-11-10 S-CRM → ACC-2, SO-2, SUB-2: PRD-CRM postpay, canceled 2026-11-20, within its
    ///   30-day window: none of its days is billed.
    /// - 2026-11-17 S-MID → ACC-3, SO-3, SUB-3: 4 vCPU, 8 GB; usage 4 vCPU on 11-20, 6 on 11-25,
    ///   and 9 on 11-10 (before it started: stored, not counted).
    /// - November billed on 2026-12-01 (billing-2026-11: SO-4 and SO-5, PAY-1 and PAY-2).
    /// - 2026-12-31 S-EVE → ACC-4, SO-6, SUB-4: 2 vCPU, 4 GB (nothing above what is included).
    /// - Usage for December: 3 vCPU on 12-05 for SUB-3; a row of November (already billed) and
    ///   one for a subscription that does not exist, both rejected.
    static let template: Result<PipelineSandbox, any Error> = Result {
        let sandbox = try PipelineSandbox.billingSandbox("orderflow-billing-template")
        atexit { if case .success(let template) = BillingRunTests.template { template.remove() } }
        try sandbox.importOrders(BillingOrders.server("S-BIG", "Big Compute GmbH", "DE111111125", vcpu: 64, ram: 4), name: "B-1101.xml", asOf: "2026-11-01")
        try sandbox.importOrders(BillingOrders.crm("S-CRM"), name: "B-1110.xml", asOf: "2026-11-10")
        try sandbox.importOrders(BillingOrders.server("S-MID", "Mid Month GmbH", "DE222222227", vcpu: 4, ram: 8), name: "B-1117.xml", asOf: "2026-11-17")
        try sandbox.importOrders("<cancel ref=\"S-CRM\"/>", name: "B-1120.xml", asOf: "2026-11-20")
        try sandbox.dropUsageRows(["SUB-3,2026-11-20,VCPU,4", "SUB-3,2026-11-25,VCPU,6", "SUB-3,2026-11-10,VCPU,9"], name: "usage-2026-11.csv")
        let early = try sandbox.bill(asOf: "2026-11-30")
        guard early.exitCode == 0 else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "2026-11-30: \(early.stderr)"]) }
        let november = try sandbox.bill(asOf: "2026-12-01")
        guard november.exitCode == 0 else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "2026-12-01: \(november.stderr)"]) }
        try sandbox.importOrders(BillingOrders.server("S-EVE", "New Year GmbH", "DE333333339", vcpu: 2, ram: 4), name: "B-1231.xml", asOf: "2026-12-31")
        try sandbox.dropUsageRows(["SUB-3,2026-12-05,VCPU,3", "SUB-3,2026-11-28,VCPU,7", "SUB-99,2026-12-05,VCPU,1"], name: "usage-2026-12.csv")
        return sandbox
    }

    static func copy(_ name: String) throws -> PipelineSandbox {
        try PipelineSandbox(copying: try template.get(), name: name)
    }

    @Test func novemberIsBilledOnceItIsOverWithAMidMonthStartAndItsUsage() throws {
        let sandbox = try Self.copy("orderflow-billing-november")
        defer { sandbox.remove() }
        // Not over on 2026-11-30: only the usage drop was published then.
        #expect(!FileManager.default.fileExists(atPath: sandbox.outbox.appendingPathComponent("R-ACME/billing-2026-10").path))
        let usage = try sandbox.records("R-ACME", "usage-2026-11", "results.csv")
        #expect(usage.map { $0["outcome"] ?? "" } == ["accepted", "accepted", "accepted"])

        // SUB-1, 30 of 30 days: 40.00 + 62 vCPU × 8.00 = 536.00 net, 101.84 VAT, 637.84.
        // SUB-3, 2026-11-17 to 11-30, 14 of 30 days: 40.00 × 14/30 = 18.666… → 18.67; vCPU: the
        // largest counted usage 6 (the 9 of 11-10 is before its start), 4 charged × 8.00 × 14/30 =
        // 14.933… → 14.93; memory 8 GB in effect (no usage), 4 × 2.50 × 14/30 = 4.666… → 4.67.
        // Net 38.27, VAT 7.2713 → 7.27, total 45.54. SUB-2 was canceled in its window: no row.
        let bills = try sandbox.records("R-ACME", "billing-2026-11", "results.csv")
        #expect(Self.pick(bills, Self.billColumns) == [
            ["SUB-1", "ACC-1", "2026-11", "billed", "SO-4", "EUR", "536.00", "101.84", "637.84", "PAY-1", "ACME-2026-000001", ""],
            ["SUB-3", "ACC-3", "2026-11", "billed", "SO-5", "EUR", "38.27", "7.27", "45.54", "PAY-2", "ACME-2026-000002", ""],
        ])
        let payments = try sandbox.records("R-ACME", "billing-2026-11", "payments.csv")
        #expect(Self.pick(payments, ["payment_id", "kind", "sales_order_id", "account_id", "amount", "status", "due_date"]) == [
            ["PAY-1", "postpaid", "SO-4", "ACC-1", "637.84", "WaitingForPayment", "2026-12-15"],
            ["PAY-2", "postpaid", "SO-5", "ACC-3", "45.54", "WaitingForPayment", "2026-12-15"],
        ])
        #expect(try sandbox.records("R-ACME", "billing-2026-11", "suspensions.csv").isEmpty)
        let receipt = try sandbox.receipt("R-ACME", "billing-2026-11")
        #expect(receipt["subscriptions"] as? Int == 2 && receipt["asOf"] as? String == "2026-12-01")
        #expect(receipt["outcomes"] as? [String: Int] == ["billed": 2, "nothing": 0, "rejected": 0])

        // The invoice: dated the first day after the month, for the days billed, with the amounts.
        let invoice = String(decoding: try Data(contentsOf: sandbox.outbox.appendingPathComponent(
            "R-ACME/billing-2026-11/invoices/ACME-2026-000002.xml")), as: UTF8.self)
        for expected in [
            "<cbc:IssueDate>2026-12-01</cbc:IssueDate>", "<cbc:DueDate>2026-12-15</cbc:DueDate>",
            "<cbc:StartDate>2026-11-17</cbc:StartDate>", "<cbc:EndDate>2026-11-30</cbc:EndDate>",
            ">45.54</cbc:PayableAmount>", ">18.67</cbc:LineExtensionAmount>", ">14.93</cbc:LineExtensionAmount>",
            ">4.67</cbc:LineExtensionAmount>", "RF", "PAY2",
        ] {
            #expect(invoice.contains(expected), "\(expected) not in the invoice")
        }

        // The same day again bills nothing twice (the December usage drop waiting in the inbox is
        // committed, and rejects rows: exit 65).
        let month = { try PipelineSandbox.files(under: sandbox.outbox.appendingPathComponent("R-ACME/billing-2026-11")) }
        let before = try month()
        let again = try sandbox.bill(asOf: "2026-12-01")
        #expect(again.terminationReason == .exit && again.exitCode == 65, "\(again.stderr)")
        #expect(try month() == before)
        #expect(!FileManager.default.fileExists(atPath: sandbox.outbox.appendingPathComponent("R-ACME/billing-2026-12").path))
    }

    @Test func decemberStopsADebtorAndAStatementThatPaysItResumesIt() throws {
        let sandbox = try Self.copy("orderflow-billing-december")
        defer { sandbox.remove() }
        let run = try sandbox.bill(asOf: "2027-01-01")
        #expect(run.terminationReason == .exit && run.exitCode == 65, "usage rows rejected: \(run.stderr)")
        let usage = try sandbox.records("R-ACME", "usage-2026-12", "results.csv")
        #expect(Self.pick(usage, ["subscription_id", "outcome", "error_code"]) == [
            ["SUB-3", "accepted", ""], ["SUB-3", "rejected", "USAGE_MONTH_BILLED"], ["SUB-99", "rejected", "UNKNOWN_ORDER"],
        ])

        // SUB-1 31/31: 637.84 again. SUB-3 31/31: 40.00 + vCPU (largest 3: 1 charged) 8.00 + memory
        // 4 × 2.50 = 10.00 → 58.00 net, 11.02 VAT, 69.02. SUB-4, created on the 31st, 1 of 31 days:
        // 40.00 / 31 = 1.2903… → 1.29, VAT 0.2451 → 0.25, 1.54. Invoices dated 2027-01-01: the
        // 2027 series starts.
        let bills = try sandbox.records("R-ACME", "billing-2026-12", "results.csv")
        #expect(Self.pick(bills, Self.billColumns) == [
            ["SUB-1", "ACC-1", "2026-12", "billed", "SO-7", "EUR", "536.00", "101.84", "637.84", "PAY-3", "ACME-2027-000001", ""],
            ["SUB-3", "ACC-3", "2026-12", "billed", "SO-8", "EUR", "58.00", "11.02", "69.02", "PAY-4", "ACME-2027-000002", ""],
            ["SUB-4", "ACC-4", "2026-12", "billed", "SO-9", "EUR", "1.29", "0.25", "1.54", "PAY-5", "ACME-2027-000003", ""],
        ])
        // On 2027-01-01 November's PAY-1 (637.84, due 2026-12-15) is unpaid: above SUB-1's 250.00.
        // SUB-3 owes 45.54 (PAY-2): below. December's bills are not due yet.
        let suspensions = try sandbox.records("R-ACME", "billing-2026-12", "suspensions.csv")
        #expect(Self.pick(suspensions, ["subscription_id", "account_id", "debt", "currency", "threshold"]) == [
            ["SUB-1", "ACC-1", "637.84", "EUR", "250.00"],
        ])
        let events = try sandbox.records("R-ACME", "billing-2026-12", "provisioning.csv")
        #expect(Self.pick(events, ["event", "subscription_id", "product"]) == [["suspend", "SUB-1", "PRD-VM"]])

        // Paying PAY-1 clears the debt (PAY-3 is due 2027-01-15, after the run date): SUB-1 resumes.
        try sandbox.dropStatement(StatementCSV.text([paying("PAY-1", "637.84", on: "2027-01-04", bank: "B-1")]), name: "stmt-2027-01-05.csv")
        let reconciled = try sandbox.reconcile(asOf: "2027-01-05")
        #expect(reconciled.terminationReason == .exit && reconciled.exitCode == 0, "\(reconciled.stderr)")
        let activations = try sandbox.records("R-ACME", "stmt-2027-01-05", "activations.csv")
        #expect(Self.pick(activations, ["subscription_id", "subscription_status"]) == [["SUB-1", "Active"]])
        let resumed = try sandbox.records("R-ACME", "stmt-2027-01-05", "provisioning.csv")
        #expect(Self.pick(resumed, ["event", "subscription_id"]) == [["resume", "SUB-1"]])
    }

    @Test func anUpgradeMidMonthAndMonthsOf31And28DaysAreProratedByDay() throws {
        let sandbox = try Self.copy("orderflow-billing-upgrade")
        defer { sandbox.remove() }
        #expect(try sandbox.bill(asOf: "2027-01-01").exitCode == 65)
        try sandbox.importOrders(
            "<upgrade ref=\"S-MID-UP\" subscription=\"SUB-3\"><resource id=\"RAM\" amount=\"16\"/></upgrade>",
            name: "B-0116.xml", asOf: "2027-01-16")
        let january = try sandbox.bill(asOf: "2027-02-01")
        #expect(january.terminationReason == .exit && january.exitCode == 0, "\(january.stderr)")
        // SUB-3 in January: 40.00; vCPU 4 in effect (no usage): 2 × 8.00 = 16.00; memory 8 GB on
        // 01-01…01-15 (4 charged, 15 days) and 16 GB from the upgrade on 01-16 (12 charged, 16
        // days): (4 × 15 + 12 × 16) × 2.50 / 31 = 630 / 31 = 20.3225… → 20.32, rounded once.
        // Net 76.32, VAT 14.5008 → 14.50, total 90.82. SUB-4 31/31: 40.00, 7.60, 47.60.
        // The postpaid upgrade (SO-10) has no charge of its own.
        let bills = try sandbox.records("R-ACME", "billing-2027-01", "results.csv")
        #expect(Self.pick(bills, Self.billColumns) == [
            ["SUB-1", "ACC-1", "2027-01", "billed", "SO-11", "EUR", "536.00", "101.84", "637.84", "PAY-6", "ACME-2027-000004", ""],
            ["SUB-3", "ACC-3", "2027-01", "billed", "SO-12", "EUR", "76.32", "14.50", "90.82", "PAY-7", "ACME-2027-000005", ""],
            ["SUB-4", "ACC-4", "2027-01", "billed", "SO-13", "EUR", "40.00", "7.60", "47.60", "PAY-8", "ACME-2027-000006", ""],
        ])
        // Nothing is paid in this story: SUB-1, stopped on 2027-01-01, stays Stopped (not listed
        // again); SUB-3 owes 45.54 + 69.02 = 114.56 (PAY-2, PAY-4), below its 250.00.
        #expect(try sandbox.records("R-ACME", "billing-2027-01", "suspensions.csv").isEmpty)

        try sandbox.importOrders(BillingOrders.server("S-FEB", "February GmbH", "DE444444441", vcpu: 2, ram: 4), name: "B-0210.xml", asOf: "2027-02-10")
        let february = try sandbox.bill(asOf: "2027-03-01")
        #expect(february.terminationReason == .exit && february.exitCode == 0, "\(february.stderr)")
        // 28 days. SUB-1 is Stopped, and stopped days count: 637.84. SUB-3: 40.00 + 16.00 + 12 ×
        // 2.50 = 86.00, 16.34, 102.34. SUB-5 from 02-10, 19 of 28 days: 40.00 × 19/28 = 27.1428…
        // → 27.14, VAT 5.1566 → 5.16, 32.30. SUB-3 now owes 205.38 (with PAY-7's 90.82): below.
        let feb = try sandbox.records("R-ACME", "billing-2027-02", "results.csv")
        #expect(Self.pick(feb, ["subscription_id", "net", "tax", "total"]) == [
            ["SUB-1", "536.00", "101.84", "637.84"], ["SUB-3", "86.00", "16.34", "102.34"],
            ["SUB-4", "40.00", "7.60", "47.60"], ["SUB-5", "27.14", "5.16", "32.30"],
        ])
        #expect(try sandbox.records("R-ACME", "billing-2027-02", "suspensions.csv").isEmpty)
    }

    @Test func missedMonthsAreBilledInOrderUpToALeapFebruary() throws {
        let sandbox = try Self.copy("orderflow-billing-missed")
        defer { sandbox.remove() }
        #expect(try sandbox.bill(asOf: "2027-01-01").exitCode == 65)
        try sandbox.importOrders(BillingOrders.server("S-LEAP", "Leap Year GmbH", "DE444444441", vcpu: 2, ram: 4), name: "B-280215.xml", asOf: "2028-02-15")
        let run = try sandbox.bill(asOf: "2028-03-01")
        #expect(run.terminationReason == .exit && run.exitCode == 0, "\(run.stderr)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: sandbox.outbox.appendingPathComponent("R-ACME").path)
            .filter { $0.hasPrefix("billing-") }.sorted()
        let months = (1...12).map { String(format: "billing-2027-%02d", $0) } + ["billing-2028-01", "billing-2028-02"]
        #expect(folders == ["billing-2026-11", "billing-2026-12"] + months)
        // S-LEAP from 2028-02-15, 15 of 29 days: 40.00 × 15/29 = 20.6896… → 20.69, VAT 3.9311 →
        // 3.93, 24.62.
        let leap = try sandbox.records("R-ACME", "B-280215", "results.csv").first?["subscription_id"] ?? "?"
        let bills = try sandbox.records("R-ACME", "billing-2028-02", "results.csv").filter { $0["subscription_id"] == leap }
        #expect(Self.pick(bills, ["month", "net", "tax", "total"]) == [["2028-02", "20.69", "3.93", "24.62"]])
    }

    @Test func graceDaysWaitForLateUsage() throws {
        let sandbox = try PipelineSandbox.billingSandbox("orderflow-billing-grace", usageGraceDays: 2)
        defer { sandbox.remove() }
        try sandbox.importOrders(BillingOrders.server("S-BIG", "Big Compute GmbH", "DE111111125", vcpu: 64, ram: 4), name: "B-1101.xml", asOf: "2026-11-01")
        let month = sandbox.outbox.appendingPathComponent("R-ACME/billing-2026-11")
        #expect(try sandbox.bill(asOf: "2026-12-02").exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: month.path), "December 2 is within 2 grace days")
        #expect(try sandbox.bill(asOf: "2026-12-03").exitCode == 0)
        #expect(FileManager.default.fileExists(atPath: month.appendingPathComponent("results.csv").path))
    }
}
