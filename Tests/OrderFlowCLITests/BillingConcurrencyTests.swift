import Foundation
import Testing

/// Two `orderflow run billing.yaml` processes at once on one ledger (Operations.md, leases;
/// Billing.md: each month "committed once and published"): the usage drop is stored once, each
/// missed month is billed once by whichever worker holds R-ACME's lease, and the outputs are
/// byte for byte those of a single run.
@Suite struct BillingConcurrencyTests {
    static let asOf = BillingCrashTests.asOf

    /// Each round races the two workers again from the same story; the rounds differ only in
    /// which worker wins the lease.
    @Test(arguments: 1...3)
    func twoWorkersBillOnceLikeOne(_ round: Int) throws {
        let single = try BillingCrashTests.reference.get().snapshot
        let shared = try BillingRunTests.copy("orderflow-billing-concurrent")
        defer { shared.remove() }
        let problems = shared.runTwoWorkers(inbox: shared.usage) { try $0.bill(asOf: Self.asOf) }
        #expect(problems == [], "round \(round)")
        let snapshot = try shared.snapshot()
        let diffs = ImportInvariants.differences(snapshot, single)
        #expect(diffs == [], "round \(round): two workers differ from one:\n\(diffs.joined(separator: "\n"))")
        BillingInvariants.check(snapshot, context: "round \(round)")
        let billed = try shared.ledgerBilled()
        #expect(
            Set(billed.keys) == BillingCrashTests.billedMonths && billed.values.allSatisfy { $0 == 1 },
            "round \(round): \(billed)")
        #expect(try shared.storedUsage().count == 4, "round \(round): the drop's accepted row stored once")
    }

    /// Without a drop to wait behind, both workers go straight for the months: one holds the
    /// lease and bills them, the other finds R-ACME busy (or everything billed) and leaves.
    @Test func twoWorkersRacingForTheMonthsAloneBillThemOnce() throws {
        let run: @Sendable (PipelineSandbox) throws -> CLIResult = { try $0.bill(asOf: Self.asOf) }
        let one = try BillingRunTests.copy("orderflow-billing-concurrent-one")
        defer { one.remove() }
        let shared = try BillingRunTests.copy("orderflow-billing-concurrent-months")
        defer { shared.remove() }
        for sandbox in [one, shared] {
            // The drop committed first, on 2027-01-01 (December billed with it), so that the
            // race is over January and February only.
            #expect(try sandbox.bill(asOf: "2027-01-01").exitCode == 65)
        }
        #expect(try run(one).exitCode == 0)
        for _ in 1...3 {
            let problems = shared.runTwoWorkers(inbox: shared.usage, run)
            #expect(problems == [])
        }
        let diffs = ImportInvariants.differences(try shared.snapshot(), try one.snapshot())
        #expect(diffs == [], "two workers differ from one:\n\(diffs.joined(separator: "\n"))")
        BillingInvariants.check(try shared.snapshot(), context: "months alone")
        let billed = try shared.ledgerBilled()
        #expect(Set(billed.keys) == BillingCrashTests.billedMonths && billed.values.allSatisfy { $0 == 1 }, "\(billed)")
    }
}
