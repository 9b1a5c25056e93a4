import Foundation
import Testing

/// Crash safety of the reconcile job (Reconciliation.md: "a crash at any moment leaves either
/// nothing or the whole statement applied; the run after it publishes the same bytes"): the
/// reconcile run killed with SIGKILL at a crash point, then rerun, leaves exactly what an
/// uninterrupted run leaves, and every credit applied once.
@Suite struct ReconcileCrashTests {
    static let asOf = "2026-12-10"

    /// ``StatementSet``'s seven statements (15 lines: 15 `duringCommit`; 7 claims, commits,
    /// publishes) and, last, one whose name is a reserved batch id (`billing-…`): it fails whole.
    static func fill(_ sandbox: PipelineSandbox) throws {
        try StatementSet.fill(sandbox)
        try sandbox.dropStatement(
            StatementCSV.text([("2026-12-05", "1.00", "EUR", "RF64PAY7", "Massive Dynamic GmbH", "B-X")]),
            name: "billing-2026-12.csv", mtime: PipelineSandbox.baseMtime + 200)
    }

    /// The uninterrupted run, once for the suite.
    static let reference = Result {
        try UninterruptedRun(DemoLedger.copy("orderflow-reconcile-crash-reference")) { sandbox in
            try fill(sandbox)
            return try sandbox.reconcile(asOf: asOf)
        }
    }

    @Test func theReferenceRunAppliesEveryCreditOnceAndFailsTheReservedName() throws {
        let reference = try Self.reference.get()
        // stmt-a1's line without a reference is unmatched: a person must look, exit 65.
        #expect(reference.exitCode == 65)
        #expect(reference.snapshot.keys.filter { $0.hasSuffix("/reconciliation.csv") }.count == StatementSet.statements.count)
        let errors = String(decoding: reference.snapshot["failed/R-ACME/billing-2026-12.csv.errors.csv"] ?? [], as: UTF8.self)
        #expect(errors.contains("INVALID_VALUE") && errors.contains("batchId"), "\(errors)")

        let sandbox = try DemoLedger.copy("orderflow-reconcile-crash-ref-check")
        defer { sandbox.remove() }
        try Self.fill(sandbox)
        let run = try sandbox.reconcile(asOf: Self.asOf)
        #expect(run.exitCode == 65, "\(run.stderr)")
        try StatementSet.checkAppliedOnce(sandbox, context: "reference")
        #expect(ImportInvariants.differences(try sandbox.snapshot(), reference.snapshot) == [], "two uninterrupted runs differ")
    }

    /// Points during and after each statement's commit, over the first, middle and last
    /// statements; several specs crash again while recovering.
    static let crashes: [[String]] = [
        ["afterClaimMove:1"], ["afterClaimMove:7"], ["afterClaimRecorded:3"], ["beforeCommit:1"], ["beforeCommit:7"],
        ["duringCommit:1"], ["duringCommit:3"], ["duringCommit:8"], ["duringCommit:15"],
        ["afterCommit:1"], ["afterCommit:4"], ["afterCommit:7"],
        ["afterPublish:2"], ["afterPublish:7"], ["beforeFinish:1"], ["beforeFinish:6"], ["beforeFailedMove:1"],
        ["afterCommit:2", "afterPublish:1"], ["duringCommit:5", "duringCommit:2"], ["afterClaimMove:3", "beforeFinish:1"],
    ]

    @Test(arguments: crashes)
    func aKilledReconcileRecoversToTheReferenceOutputs(_ specs: [String]) throws {
        let reference = try Self.reference.get()
        let sandbox = try DemoLedger.copy("orderflow-reconcile-crash")
        defer { sandbox.remove() }
        try Self.fill(sandbox)
        try sandbox.recoverFromCrashes(specs, inbox: sandbox.statements, reference: reference.snapshot) {
            try sandbox.reconcile(asOf: Self.asOf, environment: $0)
        } check: { context in
            try StatementSet.checkAppliedOnce(sandbox, context: context)
        }
    }
}
