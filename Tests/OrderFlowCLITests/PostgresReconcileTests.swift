import Foundation
import OrderFlowTestSupport
import Testing

/// `orderflow run` of a reconcile pipeline on a PostgreSQL ledger against the same run on SQLite
/// (Reconciliation.md): every output byte for byte, a statement dropped again, and a run killed
/// inside a statement's commit.
@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresReconcileTests {
    /// The demo import (``DemoLedger``'s drops) on `ledger`, with `reconcile.yaml` on it too.
    static func imported(_ name: String, ledger: String) throws -> PipelineSandbox {
        let sandbox = try PipelineSandbox(name, ledger: ledger)
        for (index, drop) in PipelineSandbox.demoDrops.enumerated() {
            try sandbox.dropFixture(drop.reseller, drop.name, mtime: PipelineSandbox.baseMtime + Double(index))
        }
        let run = try sandbox.run(timeout: 120)
        try #require(run.terminationReason == .exit && run.exitCode == 65, "demo import: \(run.stderr)")
        try sandbox.addReconcilePipeline(ledger: ledger)
        return sandbox
    }

    /// ReconcileRunTests' statement with every outcome (full, partial, overpaid, a voided and a
    /// USD payment, a repeated bank line, unmatched, ignored, unreadable; three orders activate),
    /// then ``StatementSet``'s seven of two resellers (a top-up paid, payments paid in parts, lines
    /// of earlier statements repeated, payments already paid paid again).
    static func fill(_ sandbox: PipelineSandbox) throws {
        try sandbox.dropStatement(
            ReconcileRunTests.everyOutcome, name: "stmt-2026-12-01.csv", mtime: PipelineSandbox.baseMtime + 50)
        try StatementSet.fill(sandbox)
    }

    @Test func statementsOnPostgresPublishWhatTheSameStatementsOnSQLitePublish() throws {
        let sqlite = try Self.imported("orderflow-pg-reconcile-sqlite", ledger: "sqlite:ledger.sqlite")
        defer { sqlite.remove() }
        let postgres = try Self.imported("orderflow-pg-reconcile-pg", ledger: try TestPostgres.database())
        defer { postgres.remove() }
        #expect(ImportInvariants.differences(try postgres.snapshot(), try sqlite.snapshot()) == [])

        for box in [sqlite, postgres] { try Self.fill(box) }
        let runs = try [sqlite, postgres].map { try $0.reconcile(asOf: ReconcileCrashTests.asOf) }
        #expect(runs[0].exitCode == 65, "\(runs[0].stderr)")
        #expect(runs[1].exitCode == runs[0].exitCode, "\(runs[1].stderr)")
        let expected = try sqlite.snapshot()
        #expect(expected.keys.filter { $0.hasSuffix("/reconciliation.csv") }.count == 1 + StatementSet.statements.count)
        #expect(try sqlite.records("R-ACME", "stmt-2026-12-01", "activations.csv").count == 3)
        #expect(ImportInvariants.differences(try postgres.snapshot(), expected) == [])

        // The same file again fails whole and applies nothing, on PostgreSQL as on SQLite.
        for box in [sqlite, postgres] {
            try box.dropStatement(ReconcileRunTests.everyOutcome, name: "stmt-2026-12-01.csv")
        }
        let again = try [sqlite, postgres].map { try $0.reconcile(asOf: ReconcileCrashTests.asOf) }
        #expect(again[0].exitCode == 0, "\(again[0].stderr)")
        #expect(again[1].exitCode == again[0].exitCode, "\(again[1].stderr)")
        #expect(ImportInvariants.differences(try postgres.snapshot(), try sqlite.snapshot()) == [])
        // PAY-6: 3.00, then 4.00 of which 2.02 applied, in the first statement; 3.00 and 2.02 of
        // StatementSet's on a paid payment went to the balance. Paid once: 5.02.
        #expect(try postgres.ledgerPayments(ref: "A-2011")["PAY-6"]?["paid"] == "5.02")
        #expect(try postgres.ledgerPayments(ref: "A-2011") == (try sqlite.ledgerPayments(ref: "A-2011")))
        #expect(try postgres.ledgerBalances(ref: "A-2011") == (try sqlite.ledgerBalances(ref: "A-2011")))
    }

    @Test func aReconcileKilledMidCommitOnPostgresLeavesNothingAndTheNextRunFinishes() throws {
        let reference = try ReconcileCrashTests.reference.get()
        let sandbox = try Self.imported("orderflow-pg-reconcile-crash", ledger: try TestPostgres.database())
        defer { sandbox.remove() }
        try ReconcileCrashTests.fill(sandbox)

        // Inside the first statement's commit (stmt-a1, its second line): nothing of it stays.
        let killed = try sandbox.reconcile(
            asOf: ReconcileCrashTests.asOf, environment: ["ORDERFLOW_CRASH_AT": "duringCommit:2"])
        try #require(killed.wasKilled, "duringCommit:2 did not kill the run: \(killed.stderr)")
        #expect(try sandbox.ledgerPayments(ref: "A-2001")["PAY-1"]?["paid"] == "0.00")
        #expect(try sandbox.ledgerPayments(ref: "A-2001")["PAY-1"]?["status"] == "WaitingForPayment")
        #expect(!FileManager.default.fileExists(atPath: sandbox.outbox.appendingPathComponent("R-ACME/stmt-a1").path))

        // Killed again in a later statement's commit, then run to the end: SQLite's outputs.
        try sandbox.recoverFromCrashes(["duringCommit:8"], inbox: sandbox.statements, reference: reference.snapshot) {
            try sandbox.reconcile(asOf: ReconcileCrashTests.asOf, environment: $0)
        } check: { context in
            try StatementSet.checkAppliedOnce(sandbox, context: context)
        }
    }
}
