import Foundation
import OrderFlowTestSupport
import Testing

/// `orderflow run` of a billing pipeline on a PostgreSQL ledger against the same runs on SQLite
/// (Billing.md): usage drops and months billed over a season publish the same bytes, a run again
/// commits nothing, and a run killed in a usage drop's or a month's commit leaves nothing half
/// done.
@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresBillingTests {
    /// The demo catalog with its USD to EUR rates replaced by one effective only from 2026-12-02:
    /// a USD plan's November cannot be billed to R-ACME (EUR).
    static func withoutUSDRates(_ catalog: String) -> String {
        let rate = "<exchangeRate from=\"USD\" to=\"EUR\""
        let lines = catalog.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = lines.firstIndex { $0.contains(rate) } ?? lines.endIndex
        return lines.enumerated().compactMap { index, line in
            guard line.contains(rate) else { return line }
            return index == first ? "  \(rate) rate=\"0.930000\" effective=\"2026-12-02\"/>" : nil
        }.joined(separator: "\n")
    }

    /// Up to the run of 2027-01-01, whose usage drop waits in the inbox:
    /// - 2026-11-01 S-BIG → SUB-1 (postpay server, threshold 250.00); 11-05 S-MAIL → SUB-2
    ///   (postpay, a USD plan); 11-10 S-PAYG → SUB-3 (prepay pay-as-you-go, its top-up PAY-1 paid on
    ///   11-16 into the balance); 11-10 S-CRM → SUB-4, canceled in its window on 11-20; 11-17
    ///   S-MID → SUB-5. Usage of November for SUB-3 and SUB-5.
    /// - November billed on 2026-12-01 without USD rates: SUB-2's month is rejected; SUB-1 and
    ///   SUB-5 get postpaid invoices, SUB-3 is paid from its balance.
    /// - 2026-12-31 S-EVE → SUB-6; usage of December (one row of billed November, one of no
    ///   subscription: both rejected).
    static func season(_ name: String, ledger: String) throws -> PipelineSandbox {
        let sandbox = try PipelineSandbox.billingSandbox(name, ledger: ledger)
        let mail = """
            <order ref="S-MAIL" channel="manager">
            \(BillingOrders.customer("Mail Order GmbH", "DE555555553"))
              <subscription product="PRD-MAIL" plan="PLN-MAIL-STD" period="1M" paymentModel="postpay"
                domain="mail-order.example" dataLocation="eu-central"/>
              <terms accepted="true" version="2026-01"/>
            </order>
            """
        try sandbox.useCatalog { $0 }
        try sandbox.importOrders(BillingOrders.server("S-BIG", "Big Compute GmbH", "DE111111125", vcpu: 64, ram: 4), name: "B-1101.xml", asOf: "2026-11-01")
        try sandbox.importOrders(mail, name: "B-1105.xml", asOf: "2026-11-05")
        try sandbox.importOrders(
            BillingOrders.payg("S-PAYG", "Metered GmbH", "DE666666665", vcpu: 4, ram: 8, disk: 100), name: "B-1110.xml",
            asOf: "2026-11-10")
        try sandbox.importOrders(BillingOrders.crm("S-CRM"), name: "B-1111.xml", asOf: "2026-11-10")
        try sandbox.importOrders(BillingOrders.server("S-MID", "Mid Month GmbH", "DE222222227", vcpu: 4, ram: 8), name: "B-1117.xml", asOf: "2026-11-17")
        try sandbox.importOrders("<cancel ref=\"S-CRM\"/>", name: "B-1120.xml", asOf: "2026-11-20")
        try sandbox.dropStatement(
            StatementCSV.text([paying("PAY-1", "46.00", on: "2026-11-16", bank: "B-1")]), name: "stmt-2026-11-16.csv")
        try #require(try sandbox.reconcile(asOf: "2026-11-16").exitCode == 0)
        try sandbox.dropUsageRows(
            ["SUB-5,2026-11-20,VCPU,4", "SUB-5,2026-11-25,VCPU,6", "SUB-3,2026-11-20,VCPU,7"], name: "usage-2026-11.csv")

        try sandbox.useCatalog(withoutUSDRates)
        let november = try sandbox.bill(asOf: "2026-12-01")
        try #require(november.exitCode == 65, "2026-12-01, SUB-2 rejected: \(november.stderr)")
        try sandbox.useCatalog { $0 }
        try sandbox.importOrders(BillingOrders.server("S-EVE", "New Year GmbH", "DE333333339", vcpu: 2, ram: 4), name: "B-1231.xml", asOf: "2026-12-31")
        try sandbox.dropUsageRows(
            ["SUB-5,2026-12-05,VCPU,3", "SUB-5,2026-11-28,VCPU,7", "SUB-99,2026-12-05,VCPU,1", "SUB-3,2026-12-10,VCPU,6"],
            name: "usage-2026-12.csv")
        return sandbox
    }

    /// The run of 2027-01-01 (the usage drop, November's rejected month again, December; SUB-1's
    /// unpaid November stops it), then a statement that pays it (SUB-1 resumes).
    static func finish(_ sandbox: PipelineSandbox, payment: String, amount: String) throws -> [Int32] {
        let december = try sandbox.bill(asOf: "2027-01-01")
        try sandbox.dropStatement(
            StatementCSV.text([paying(payment, amount, on: "2027-01-04", bank: "B-2")]), name: "stmt-2027-01-05.csv")
        let reconciled = try sandbox.reconcile(asOf: "2027-01-05")
        return [december.exitCode, reconciled.exitCode]
    }

    @Test func monthsBilledOnPostgresPublishWhatTheSameMonthsOnSQLitePublish() throws {
        let sqlite = try Self.season("orderflow-pg-billing-sqlite", ledger: "sqlite:ledger.sqlite")
        defer { sqlite.remove() }
        let postgres = try Self.season("orderflow-pg-billing-pg", ledger: try TestPostgres.database())
        defer { postgres.remove() }
        #expect(ImportInvariants.differences(try postgres.snapshot(), try sqlite.snapshot()) == [])

        // What the season must have exercised, read on SQLite's outputs.
        let november = try sqlite.records("R-ACME", "billing-2026-11", "results.csv")
        #expect(BillingRunTests.pick(november, ["subscription_id", "outcome", "error_code"]) == [
            ["SUB-1", "billed", ""], ["SUB-2", "rejected", "CURRENCY_NOT_AVAILABLE"], ["SUB-3", "billed", ""],
            ["SUB-5", "billed", ""],
        ])
        let payments = try sqlite.records("R-ACME", "billing-2026-11", "payments.csv")
        #expect(payments.contains { $0["kind"] == "balance" && $0["status"] == "Paid" }, "\(payments)")
        let debt = try #require(november.first)

        let sqliteRuns = try Self.finish(sqlite, payment: debt["payment_id"] ?? "", amount: debt["total"] ?? "")
        let postgresRuns = try Self.finish(postgres, payment: debt["payment_id"] ?? "", amount: debt["total"] ?? "")
        #expect(sqliteRuns == [65, 0], "the December drop rejects two rows")
        #expect(postgresRuns == sqliteRuns)
        let expected = try sqlite.snapshot()
        #expect(ImportInvariants.differences(try postgres.snapshot(), expected) == [])
        let december = try sqlite.records("R-ACME", "billing-2026-12", "results.csv")
        #expect(december.contains { $0["subscription_id"] == "SUB-2" && $0["month"] == "2026-11" }, "retried: \(december)")
        let suspensions = try sqlite.records("R-ACME", "billing-2026-12", "suspensions.csv")
        #expect(BillingRunTests.pick(suspensions, ["subscription_id"]) == [["SUB-1"]])
        let resumed = try sqlite.records("R-ACME", "stmt-2027-01-05", "provisioning.csv")
        #expect(BillingRunTests.pick(resumed, ["event", "subscription_id"]) == [["resume", "SUB-1"]])
        BillingInvariants.check(try postgres.snapshot(), context: "postgres")
        #expect(try postgres.ledgerBalances(ref: "S-PAYG") == (try sqlite.ledgerBalances(ref: "S-PAYG")))

        // The same day again commits nothing new on either engine.
        for box in [sqlite, postgres] {
            let again = try box.bill(asOf: "2027-01-05")
            #expect(again.terminationReason == .exit && again.exitCode == 0, "\(again.stderr)")
        }
        #expect(try sqlite.snapshot() == expected)
        #expect(ImportInvariants.differences(try postgres.snapshot(), expected) == [])
    }

    /// Killed inside the usage drop's commit (its 2nd row), then after a month's commit before it
    /// is published, or before the month's commit: the next run ends with SQLite's outputs.
    @Test(arguments: [["afterCommit:2"], ["beforeCommit:2"]])
    func aBillingRunKilledMidCommitOnPostgresLeavesNothingAndTheNextRunFinishes(_ later: [String]) throws {
        let reference = try UninterruptedRun(try Self.season("orderflow-pg-billing-crash-ref", ledger: "sqlite:ledger.sqlite")) {
            try $0.bill(asOf: "2027-01-01")
        }
        let sandbox = try Self.season("orderflow-pg-billing-crash", ledger: try TestPostgres.database())
        defer { sandbox.remove() }
        let before = try sandbox.snapshot()
        let killed = try sandbox.bill(asOf: "2027-01-01", environment: ["ORDERFLOW_CRASH_AT": "duringCommit:2"])
        try #require(killed.wasKilled, "duringCommit:2 did not kill the run: \(killed.stderr)")
        #expect(try sandbox.snapshot() == before, "a killed commit published something")

        try sandbox.recoverFromCrashes(later, inbox: sandbox.usage, reference: reference.snapshot) { environment in
            try sandbox.bill(asOf: "2027-01-01", environment: environment)
        } check: { context in
            BillingInvariants.check(try sandbox.snapshot(), context: context)
        }
    }
}
