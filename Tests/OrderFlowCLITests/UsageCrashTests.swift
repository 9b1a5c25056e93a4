import Foundation
import Testing

/// Crash safety of the billing job's usage drops (Billing.md: one transaction per file, like every
/// job): a run killed with SIGKILL at a crash point, then rerun, leaves exactly what an
/// uninterrupted run leaves, and every accepted row is stored once.
@Suite struct UsageCrashTests {
    static let asOf = "2027-01-05"

    /// The uninterrupted run, once for the suite (rejected rows: exit 65).
    static let reference = Result {
        try UninterruptedRun(UsageLedger.filled("orderflow-usage-crash-reference")) { try $0.bill(asOf: asOf) }
    }

    /// The six rows ``UsageLedger`` stores, by reseller and batch.
    static let stored = [
        ["R-ACME", "SUB-5", "2026-12-01", "VCPU", "4", "ACME-USAGE-2026-12"],
        ["R-ACME", "SUB-5", "2026-12-02", "RAM", "16", "ACME-USAGE-2026-12"],
        ["R-ACME", "SUB-3", "2026-12-02", "EGRESS", "1200", "ACME-USAGE-2026-12"],
        ["R-ACME", "SUB-4", "2026-12-31", "DISK", "0", "ACME-USAGE-2026-12"],
        ["R-MAPLE", "SUB-19", "2026-12-02", "VCPU", "2", "MAPLE-USAGE-2026-12"],
        ["R-MAPLE", "SUB-19", "2026-11-30", "RAM", "8", "MAPLE-USAGE-2026-12"],
    ]

    @Test func theReferenceRunPublishesBothDrops() throws {
        let reference = try Self.reference.get()
        #expect(reference.exitCode == 65, "the drops have rejected rows")
        for batch in ["R-ACME/ACME-USAGE-2026-12", "R-MAPLE/MAPLE-USAGE-2026-12"] {
            #expect(reference.snapshot["outbox/\(batch)/results.csv"] != nil, "\(batch)")
            #expect(reference.snapshot["outbox/\(batch)/input.csv"] != nil, "\(batch)")
        }
    }

    /// Hook counts in one run: R-ACME's drop reaches each point first (`duringCommit` once per
    /// row, 15 of them), then R-MAPLE's (`duringCommit` 16 to 18).
    static let crashes: [[String]] = [
        ["afterClaimMove:1"], ["afterClaimRecorded:1"], ["beforeCommit:1"], ["duringCommit:1"], ["duringCommit:9"],
        ["duringCommit:15"], ["afterCommit:1"], ["afterPublish:1"], ["beforeFinish:1"], ["duringCommit:17"],
        ["afterCommit:2"], ["afterPublish:2"], ["duringCommit:9", "afterCommit:1"], ["afterCommit:1", "afterPublish:1"],
    ]

    @Test(arguments: crashes)
    func aKilledUsageRunRecoversToTheReferenceOutputs(_ specs: [String]) throws {
        let sandbox = try UsageLedger.filled("orderflow-usage-crash")
        defer { sandbox.remove() }
        let reference = try Self.reference.get().snapshot
        try sandbox.recoverFromCrashes(specs, inbox: sandbox.usage, reference: reference) { environment in
            try sandbox.bill(asOf: Self.asOf, environment: environment)
        } check: { context in
            let stored = try sandbox.storedUsage()
            #expect(stored == Self.stored, "\(context): \(stored)")
        }
    }
}
