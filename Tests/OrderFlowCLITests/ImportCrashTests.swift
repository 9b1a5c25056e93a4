import Foundation
import Testing

/// Crash safety (Operations.md): `orderflow run` killed with SIGKILL at a crash point
/// (`ORDERFLOW_CRASH_AT=<point>:<n>`), then rerun, leaves exactly what an uninterrupted run leaves.
@Suite struct ImportCrashTests {
    /// The run's drops, in mtime order: the five demo drops, a third R-ACME file that orders once
    /// and cancels orders of the first two, and a fourth that fails whole (`UNKNOWN_COLUMN`).
    ///
    /// Counts per point in the reference run: 7 claims; 6 commits (ACME-01 16 requests, ACME-02
    /// 8, ACME-03 3, MAPLE-01 8, MAPLE-02 4, NIPPON-01 4: 43 `duringCommit`); 1 failed move.
    static func fill(_ sandbox: PipelineSandbox) throws {
        let base = PipelineSandbox.baseMtime
        try sandbox.dropFixture("R-ACME", "ACME-20261122-01.xml", mtime: base)
        try sandbox.dropFixture("R-ACME", "ACME-20261122-02.csv", mtime: base + 1)
        let header = String(decoding: try Data(contentsOf: PipelineSandbox.demoDrop("R-ACME", "ACME-20261122-02.csv")), as: UTF8.self)
            .split(separator: "\n")[0]
        try sandbox.drop(
            """
            \(header)
            R-ACME,A-2301,order,customer,,full,company,Cancel Test GmbH,DE111222333,Carl Test,carl@cancel-test.example,DE,BE,Berlin,10115,Teststraße 1,PRD-MAIL,PLN-MAIL-STD,1M,,,,eu-central,cancel-test.example,,,,,,true,2026-01,,,,
            R-ACME,A-2001,cancel,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,
            R-ACME,A-2101,cancel,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,

            """, reseller: "R-ACME", name: "ACME-20261122-03.csv", mtime: base + 2)
        try sandbox.drop(
            "reseller,ref,action,colour\nR-ACME,A-2401,order,blue\n", reseller: "R-ACME", name: "ACME-20261122-04.csv",
            mtime: base + 3)
        try sandbox.dropFixture("R-MAPLE", "MAPLE-20261122-01.xml", mtime: base + 4)
        try sandbox.dropFixture("R-MAPLE", "MAPLE-20261122-02.csv", mtime: base + 5)
        try sandbox.dropFixture("R-NIPPON", "NIPPON-20261122-01.xml", mtime: base + 6)
    }

    struct Reference: Sendable {
        var snapshot: [String: [UInt8]]
        var exitCode: Int32
    }

    /// The uninterrupted run, once for the whole suite.
    static let reference: Result<Reference, any Error> = Result {
        let sandbox = try PipelineSandbox("orderflow-crash-reference")
        defer { sandbox.remove() }
        try fill(sandbox)
        let result = try sandbox.run()
        guard result.terminationReason == .exit else { throw CocoaError(.executableLoad) }
        return Reference(snapshot: try sandbox.snapshot(), exitCode: result.exitCode)
    }

    @Test func referenceRunImportsEveryDropOnceAndFailsTheBadOne() throws {
        let sandbox = try PipelineSandbox("orderflow-crash-ref-check")
        defer { sandbox.remove() }
        try Self.fill(sandbox)
        let result = try sandbox.run()
        #expect(result.terminationReason == .exit)
        #expect(result.exitCode == 65, "\(result.stderr)")
        let snapshot = try sandbox.snapshot()
        #expect(snapshot.keys.filter { $0.hasSuffix("/results.csv") }.count == 6)
        #expect(snapshot["failed/R-ACME/ACME-20261122-04.csv"] != nil)
        let errors = String(decoding: snapshot["failed/R-ACME/ACME-20261122-04.csv.errors.csv"] ?? [], as: UTF8.self)
        #expect(errors.contains("UNKNOWN_COLUMN"))
        // The third R-ACME file cancels orders of the first two: their payments are voided there.
        let payments = PipelineSandbox.csvRecords(snapshot["outbox/R-ACME/ACME-20261122-03/payments.csv"] ?? [])
        #expect(payments.filter { $0["status"] == "Voided" }.count == 2)
        try ImportInvariants.check(sandbox, snapshot: snapshot, context: "reference")
        // The reference of the suite is the same run.
        let reference = try Self.reference.get()
        #expect(ImportInvariants.differences(snapshot, reference.snapshot) == [])
    }

    /// Crash moments spread over claim, commit, publish and failure, and over the files. A case
    /// with several specs crashes again during the recovery run.
    static let crashes: [[String]] = [
        ["afterClaimMove:1"], ["afterClaimMove:3"], ["afterClaimMove:4"], ["afterClaimMove:6"], ["afterClaimMove:7"],
        ["afterClaimRecorded:1"], ["afterClaimRecorded:2"], ["afterClaimRecorded:4"], ["afterClaimRecorded:5"],
        ["beforeCommit:1"], ["beforeCommit:3"], ["beforeCommit:4"], ["beforeCommit:6"],
        ["duringCommit:1"], ["duringCommit:9"], ["duringCommit:16"], ["duringCommit:20"], ["duringCommit:26"],
        ["duringCommit:30"], ["duringCommit:43"],
        ["afterCommit:1"], ["afterCommit:3"], ["afterCommit:5"],
        ["afterPublish:1"], ["afterPublish:2"], ["afterPublish:6"],
        ["beforeFinish:1"], ["beforeFinish:3"], ["beforeFinish:4"],
        ["beforeFailedMove:1"],
        // Crashing again while recovering.
        ["afterCommit:1", "afterPublish:1"], ["duringCommit:5", "duringCommit:3"],
        ["afterClaimMove:4", "beforeFailedMove:1"], ["afterPublish:2", "beforeFinish:1", "afterClaimRecorded:1"],
    ]

    /// On PostgreSQL too, against the same (SQLite) reference: a killed session's transaction is
    /// rolled back by the server, and the lease is taken over as on SQLite.
    @Test(arguments: crashes, LedgerEngine.all)
    func killedRunRecoversToTheReferenceOutputs(_ specs: [String], _ engine: LedgerEngine) throws {
        let reference = try Self.reference.get()
        let context = specs.joined(separator: " then ") + " on \(engine)"
        let sandbox = try PipelineSandbox("orderflow-crash", ledger: try engine.ledger())
        defer { sandbox.remove() }
        try Self.fill(sandbox)

        for spec in specs {
            let killed = try sandbox.run(environment: ["ORDERFLOW_CRASH_AT": spec])
            try #require(
                killed.wasKilled,
                "\(context): \(spec) did not kill the run (reason \(killed.terminationReason.rawValue), status \(killed.exitCode))\n\(killed.stderr)")
        }

        // Rerun until a run ends normally with nothing left to do (the dead owner's lease and
        // claim are taken over at once: same host, pid gone).
        var reruns: [CLIResult] = []
        func finished() throws -> Bool {
            guard let last = reruns.last, last.terminationReason == .exit else { return false }
            return try sandbox.leftovers(in: sandbox.processing).isEmpty && sandbox.leftovers(in: sandbox.inbox).isEmpty
        }
        while reruns.count < 3, try !finished() { reruns.append(try sandbox.run()) }
        #expect(reruns.count == 1, "\(context): needed \(reruns.count) reruns: \(reruns.map(\.stderr))")
        for rerun in reruns {
            #expect(rerun.terminationReason == .exit, "\(context): a rerun died: \(rerun.stderr)")
            #expect([0, 65].contains(rerun.exitCode), "\(context): rerun exit \(rerun.exitCode): \(rerun.stderr)")
        }

        let snapshot = try sandbox.snapshot()
        let diffs = ImportInvariants.differences(snapshot, reference.snapshot)
        #expect(diffs == [], "\(context): outputs differ from the uninterrupted run:\n\(diffs.joined(separator: "\n"))")
        try ImportInvariants.check(sandbox, snapshot: snapshot, context: context)

        // A further run finds nothing to do and changes nothing.
        let again = try sandbox.run()
        #expect(again.terminationReason == .exit && again.exitCode == 0, "\(context): \(again.stderr)")
        #expect(try sandbox.snapshot() == snapshot, "\(context): a run after recovery changed the outputs")
    }
}
