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

    static func fill(_ sandbox: PipelineSandbox) throws {
        try sandbox.dropApprovals(ProvisionLedger.approvalDrop, name: "approvals-2027-01-06.csv")
    }

    /// The uninterrupted run, once for the suite (the approval drop's rejected rows: exit 65).
    static let reference = Result {
        try UninterruptedRun(ProvisionLedger.copy("orderflow-provision-crash-reference")) { try fill($0); return try $0.provision(asOf: asOf) }
    }

    @Test func theReferenceRunEndsEachThingOnce() throws {
        let reference = try Self.reference.get()
        #expect(reference.exitCode == 65, "the approval drop rejects rows")
        for reseller in ["R-ACME", "R-MAPLE", "R-NIPPON"] {
            #expect(reference.snapshot["outbox/\(reseller)/provision-\(Self.asOf)/receipt.json"] != nil, "\(reseller)")
        }
        ProvisionInvariants.check(reference.snapshot, context: "reference")
    }

    /// Hook counts in one run: the drop reaches each point once (`duringCommit` once per row,
    /// 8), then each reseller's run for the date reaches `beforeCommit`, `afterCommit` and
    /// `afterPublish` (R-ACME the 2nd, R-MAPLE the 3rd, R-NIPPON the 4th), and `duringCommit`
    /// after each of its five steps (R-ACME's the 9th to 13th).
    static let crashes: [[String]] = [
        ["afterClaimMove:1"], ["beforeCommit:1"], ["duringCommit:4"], ["afterCommit:1"], ["afterPublish:1"],
        ["beforeFinish:1"], ["beforeCommit:2"], ["afterCommit:2"], ["afterPublish:2"], ["afterCommit:4"],
        ["afterCommit:2", "afterPublish:1"], ["duringCommit:10"],
    ]

    @Test(arguments: crashes)
    func aKilledProvisionRunRecoversToTheReferenceOutputs(_ specs: [String]) throws {
        let sandbox = try ProvisionLedger.copy("orderflow-provision-crash")
        defer { sandbox.remove() }
        try Self.fill(sandbox)
        let uninterrupted = try Self.reference.get().snapshot
        let provision = { (environment: [String: String]) in try sandbox.provision(asOf: Self.asOf, environment: environment) }
        try sandbox.recoverFromCrashes(specs, inbox: sandbox.approvals, reference: uninterrupted, run: provision) { context in
            ProvisionInvariants.check(try sandbox.snapshot(), context: context)
            // The ledger: SO-31's refund made once.
            let refunds = try sandbox.ledgerPayments(ref: "P-01").values.filter { $0["kind"] == "refund" }
            #expect(refunds.count == 1, "\(context): \(refunds)")
        }
    }
}
