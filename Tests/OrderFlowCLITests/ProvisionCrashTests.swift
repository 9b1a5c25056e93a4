import Foundation
import Testing

/// Crash safety of the provision job (Provisioning.md: "a crash at any moment leaves either
/// nothing or the whole batch done"): a run killed with SIGKILL at a crash point, in the approval
/// drop or in a run for the date, then rerun, leaves exactly what an uninterrupted run leaves,
/// and nothing is canceled or refunded twice.
@Suite struct ProvisionCrashTests {
    /// A date on which every step has work (the approval drop refunds SO-31, step 4 cancels eight
    /// orders and refunds nothing, step 3 cancels SUB-2, steps 5 and 6 end trials and months).
    static let asOf = "2027-01-06"

    struct Reference: Sendable {
        var snapshot: [String: [UInt8]]
        var exitCode: Int32
    }

    static func fill(_ sandbox: PipelineSandbox) throws {
        try sandbox.dropApprovals(ProvisionLedger.approvalDrop, name: "approvals-2027-01-06.csv")
    }

    /// The uninterrupted run, once for the suite.
    static let reference: Result<Reference, any Error> = Result {
        let sandbox = try ProvisionLedger.copy("orderflow-provision-crash-reference")
        defer { sandbox.remove() }
        try fill(sandbox)
        let result = try sandbox.provision(asOf: asOf)
        guard result.terminationReason == .exit else { throw CocoaError(.executableLoad) }
        return Reference(snapshot: try sandbox.snapshot(), exitCode: result.exitCode)
    }

    @Test func theReferenceRunEndsEachThingOnce() throws {
        let reference = try Self.reference.get()
        #expect(reference.exitCode == 65)
        for reseller in ["R-ACME", "R-MAPLE", "R-NIPPON"] {
            #expect(reference.snapshot["outbox/\(reseller)/provision-\(Self.asOf)/receipt.json"] != nil, "\(reseller)")
        }
        ProvisionInvariants.check(reference.snapshot, context: "reference")
    }

    /// Hook counts in one run: the drop reaches each point once (`duringCommit` once per row,
    /// 8), then each reseller's run for the date reaches `beforeCommit`, `afterCommit` and
    /// `afterPublish` (R-ACME the 2nd, R-MAPLE the 3rd, R-NIPPON the 4th).
    static let crashes: [[String]] = [
        ["afterClaimMove:1"], ["beforeCommit:1"], ["duringCommit:4"], ["afterCommit:1"], ["afterPublish:1"],
        ["beforeFinish:1"], ["beforeCommit:2"], ["afterCommit:2"], ["afterPublish:2"], ["afterCommit:4"],
        ["afterCommit:2", "afterPublish:1"],
    ]

    @Test(arguments: crashes)
    func aKilledProvisionRunRecoversToTheReferenceOutputs(_ specs: [String]) throws {
        let reference = try Self.reference.get()
        let context = specs.joined(separator: " then ")
        let sandbox = try ProvisionLedger.copy("orderflow-provision-crash")
        defer { sandbox.remove() }
        try Self.fill(sandbox)

        for spec in specs {
            let killed = try sandbox.provision(asOf: Self.asOf, environment: ["ORDERFLOW_CRASH_AT": spec])
            try #require(
                killed.wasKilled,
                "\(context): \(spec) did not kill the run (reason \(killed.terminationReason.rawValue), status \(killed.exitCode))\n\(killed.stderr)")
        }
        let rerun = try sandbox.provision(asOf: Self.asOf)
        #expect(rerun.terminationReason == .exit && [0, 65].contains(rerun.exitCode), "\(context): \(rerun.stderr)")
        #expect(try sandbox.leftovers(in: sandbox.approvals) == [], "\(context): approvals left in the inbox")
        #expect(try sandbox.leftovers(in: sandbox.processing) == [], "\(context): processing/ not empty")

        let snapshot = try sandbox.snapshot()
        let diffs = ImportInvariants.differences(snapshot, reference.snapshot)
        #expect(diffs == [], "\(context): outputs differ from the uninterrupted run:\n\(diffs.joined(separator: "\n"))")
        ProvisionInvariants.check(snapshot, context: context)
        // The ledger: SO-31's refund once, SO-11's payment voided once.
        let refunds = try sandbox.ledgerPayments(ref: "P-01").values.filter { $0["kind"] == "refund" }
        #expect(refunds.count == 1, "\(context): \(refunds)")

        // A further run for the same date changes nothing.
        let again = try sandbox.provision(asOf: Self.asOf)
        #expect(again.terminationReason == .exit && again.exitCode == 0, "\(context): \(again.stderr)")
        #expect(try sandbox.snapshot() == snapshot, "\(context): a run after recovery changed the outputs")
    }
}
