import Foundation
import OrderFlowTestSupport
import Testing

/// `orderflow run` of a provision pipeline on a PostgreSQL ledger against the same runs on SQLite
/// (Provisioning.md): an approval drop and runs for several dates publish the same bytes, a date
/// run again commits nothing, and a run killed inside its commits is finished once.
@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresProvisionTests {
    /// ``ProvisionLedger``'s story built on `ledger` through the binary (its template is a copied
    /// SQLite file): the demo import, its own drop, the reconciliation of 2026-11-25.
    static func prepared(_ name: String, ledger: String) throws -> PipelineSandbox {
        let sandbox = try PostgresReconcileTests.imported(name, ledger: ledger)
        try sandbox.writeJobPipeline(sandbox.provisionPipeline, kind: "provision", inbox: sandbox.approvals, ledger: ledger)
        try sandbox.drop(
            ProvisionLedger.ownDrop, reseller: "R-ACME", name: "PROV-20261122-01.xml", mtime: PipelineSandbox.baseMtime + 10)
        let imported = try sandbox.run(timeout: 60)
        try #require(imported.exitCode == 0, "own drop: \(imported.stderr)")
        try sandbox.dropStatement(
            StatementCSV.text([
                paying("PAY-7", "10.97", on: "2026-11-25", bank: "P-1"),
                paying("PAY-18", Minor.text(ProvisionLedger.deskTotal), on: "2026-11-25", bank: "P-2"),
                paying("PAY-19", Minor.text(ProvisionLedger.deskTotal), on: "2026-11-24", bank: "P-3"),
            ]), name: "stmt-2026-11-25.csv")
        let reconciled = try sandbox.reconcile(asOf: "2026-11-25")
        try #require(reconciled.exitCode == 0, "reconcile: \(reconciled.stderr)")
        return sandbox
    }

    /// ProvisionRunTests' renewals of 2026-12-02 (SUB-14 paid first; SUB-33's renewal paid on
    /// 2026-12-03, SUB-14's left unpaid, ACC-34's order of the trial's plan), so that trials
    /// convert and an unpaid renewal is canceled alone. The approval drop's refund of SO-31 took
    /// PAY-20, so SUB-33's renewal is paid by PAY-21.
    static func renew(_ sandbox: PipelineSandbox) throws -> [Int32] {
        try sandbox.dropStatement(
            StatementCSV.text([paying("PAY-9", "30.97", on: "2026-12-01", bank: "T-1")]), name: "stmt-t1.csv")
        let paid = try sandbox.reconcile(asOf: "2026-12-01")
        try sandbox.drop(ProvisionLedger.renewalsDrop, reseller: "R-ACME", name: "PROV-20261202-01.xml")
        let imported = try sandbox.importDay(asOf: "2026-12-02")
        let sub33Renewal = 1500 + 1500 * 19 / 100
        try sandbox.dropStatement(
            StatementCSV.text([paying("PAY-21", Minor.text(sub33Renewal), on: "2026-12-03", bank: "T-2")]),
            name: "stmt-t2.csv")
        return [paid.exitCode, imported.exitCode, try sandbox.reconcile(asOf: "2026-12-03").exitCode]
    }

    @Test func provisionRunsOnPostgresPublishWhatTheSameRunsOnSQLitePublish() throws {
        let sqlite = try Self.prepared("orderflow-pg-provision-sqlite", ledger: "sqlite:ledger.sqlite")
        defer { sqlite.remove() }
        let postgres = try Self.prepared("orderflow-pg-provision-pg", ledger: try TestPostgres.database())
        defer { postgres.remove() }
        #expect(ImportInvariants.differences(try postgres.snapshot(), try sqlite.snapshot()) == [])

        // 2026-12-01: the approval drop approves and rejects; SO-12 starts, SO-32 waits for its
        // manager. Then the renewals; 2026-12-06: the trials convert or end. 2027-01-06: unpaid
        // orders and SUB-2's postponed payment cancel, prepaid months expire. 2027-01-16: SUB-14's
        // unpaid renewal is canceled alone.
        for box in [sqlite, postgres] {
            try box.dropApprovals(ProvisionLedger.approvalDrop, name: "approvals-2026-12-01.csv")
        }
        var exits = try [sqlite, postgres].map { [try $0.provision(asOf: "2026-12-01").exitCode] }
        for (index, box) in [sqlite, postgres].enumerated() {
            exits[index] += try Self.renew(box)
            for day in ["2026-12-06", "2027-01-06", "2027-01-16"] { exits[index].append(try box.provision(asOf: day).exitCode) }
        }
        #expect(exits[0] == [65, 0, 0, 0, 0, 0, 0])
        #expect(exits[1] == exits[0])
        let expected = try sqlite.snapshot()
        // SUB-33 converted to itself (its renewal paid), SUB-34 to ACC-34's order of the plan.
        let trials = try sqlite.records("R-ACME", "provision-2026-12-06", "expired.csv")
        #expect(trials.map { [$0["subscription_id"], $0["converted_to"]] } == [["SUB-33", "SUB-33"], ["SUB-34", "SUB-35"]], "\(trials)")
        #expect(try sqlite.records("R-ACME", "approvals-2026-12-01", "results.csv").map { $0["outcome"] }.count == 8)
        let voided = try sqlite.records("R-ACME", "provision-2027-01-16", "payments.csv").filter { $0["sales_order_id"] == "SO-36" }
        #expect(voided.map { $0["status"] } == ["Voided"], "SUB-14's unpaid renewal is canceled alone")
        ProvisionInvariants.check(expected, context: "SQLite")
        let diffs = ImportInvariants.differences(try postgres.snapshot(), expected)
        #expect(diffs == [], "PostgreSQL differs from SQLite:\n\(diffs.joined(separator: "\n"))")

        // A date run again commits nothing new and publishes the same bytes.
        let again = try postgres.provision(asOf: "2027-01-06")
        #expect(again.exitCode == 0, "\(again.stderr)")
        #expect(ImportInvariants.differences(try postgres.snapshot(), expected) == [])
        #expect(try postgres.ledgerPayments(ref: "P-01") == (try sqlite.ledgerPayments(ref: "P-01")))
    }

    /// Killed inside the approval drop's commit (its 4th row), then inside R-ACME's run for the
    /// date (after its second step: ProvisionCrashTests' hook counts), each commit leaves nothing;
    /// run to the end, the outputs are SQLite's uninterrupted ones.
    @Test func aProvisionKilledInItsCommitsOnPostgresLeavesNothingAndTheNextRunFinishes() throws {
        let reference = try ProvisionCrashTests.reference.get()
        let sandbox = try Self.prepared("orderflow-pg-provision-crash", ledger: try TestPostgres.database())
        defer { sandbox.remove() }
        try ProvisionCrashTests.fill(sandbox)
        let provision = { (environment: [String: String]) in
            try sandbox.provision(asOf: ProvisionCrashTests.asOf, environment: environment)
        }
        let published = { (name: String) in
            FileManager.default.fileExists(atPath: sandbox.outbox.appendingPathComponent("R-ACME/\(name)").path)
        }
        // SO-31 (P-01) is rejected by the drop; SUB-2 (A-2002) is canceled in step 2 of the run.
        let before = try ["P-01", "A-2002"].map { NSDictionary(dictionary: try sandbox.ledgerShow(ref: $0)) }

        let inDrop = try provision(["ORDERFLOW_CRASH_AT": "duringCommit:4"])
        try #require(inDrop.wasKilled, "duringCommit:4 did not kill the run: \(inDrop.stderr)")
        #expect(try NSDictionary(dictionary: sandbox.ledgerShow(ref: "P-01")) == before[0])
        #expect(!published("approvals-2027-01-06"))

        // The drop is committed on the way; its run for the date is not.
        let inDay = try provision(["ORDERFLOW_CRASH_AT": "duringCommit:10"])
        try #require(inDay.wasKilled, "duringCommit:10 did not kill the run: \(inDay.stderr)")
        #expect(try NSDictionary(dictionary: sandbox.ledgerShow(ref: "P-01")) != before[0])
        #expect(try NSDictionary(dictionary: sandbox.ledgerShow(ref: "A-2002")) == before[1])
        #expect(!published("provision-\(ProvisionCrashTests.asOf)"))

        try sandbox.recoverFromCrashes([], inbox: sandbox.approvals, reference: reference.snapshot, run: provision) {
            context in
            ProvisionInvariants.check(try sandbox.snapshot(), context: context)
            let refunds = try sandbox.ledgerPayments(ref: "P-01").values.filter { $0["kind"] == "refund" }
            #expect(refunds.count == 1, "\(context): \(refunds)")
        }
        #expect(try NSDictionary(dictionary: sandbox.ledgerShow(ref: "A-2002")) != before[1])
    }
}
