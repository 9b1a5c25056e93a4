import Foundation
import Testing

/// Two `orderflow run` processes of one provision pipeline at once (Operations.md, leases): the
/// approval drop applied once, each reseller's run for the date committed once, the outputs
/// those of a single run.
@Suite struct ProvisionConcurrencyTests {
    static let asOf = ProvisionCrashTests.asOf

    @Test func twoWorkersProvisionOnceLikeOne() throws {
        let single = try ProvisionCrashTests.reference.get().snapshot
        for round in 1...2 {
            let shared = try ProvisionLedger.copy("orderflow-provision-concurrent")
            defer { shared.remove() }
            try ProvisionCrashTests.fill(shared)
            let problems = shared.runTwoWorkers(inbox: shared.approvals) { try $0.provision(asOf: Self.asOf) }
            #expect(problems == [], "round \(round)")
            let snapshot = try shared.snapshot()
            let diffs = ImportInvariants.differences(snapshot, single)
            #expect(diffs == [], "round \(round): two workers differ from one:\n\(diffs.joined(separator: "\n"))")
            ProvisionInvariants.check(snapshot, context: "round \(round)")
            let refunds = try shared.ledgerPayments(ref: "P-01").values.filter { $0["kind"] == "refund" }
            #expect(refunds.count == 1, "round \(round): \(refunds)")
        }
    }
}
