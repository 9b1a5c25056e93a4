import Foundation
import Testing

/// Two `orderflow run` processes of one provision pipeline at once (Operations.md, leases): the
/// approval drop applied once, each reseller's run for the date committed once, the outputs
/// those of a single run.
@Suite struct ProvisionConcurrencyTests {
    static let asOf = ProvisionCrashTests.asOf

    /// Runs `sandbox`'s provision pipeline on two workers at once, each looping until
    /// `approvals/` and `processing/` are empty. Returns what went wrong, if anything.
    static func runTwoWorkers(_ sandbox: PipelineSandbox) -> [String] {
        let problems = NSLock()
        nonisolated(unsafe) var found: [String] = []
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for _ in 0..<100 {
                do {
                    let result = try sandbox.provision(asOf: asOf)
                    if result.terminationReason != .exit || ![0, 65].contains(result.exitCode) {
                        problems.withLock { found.append("worker \(worker): exit \(result.exitCode): \(result.stderr)") }
                    }
                    if try sandbox.leftovers(in: sandbox.approvals).isEmpty && sandbox.leftovers(in: sandbox.processing).isEmpty {
                        return
                    }
                } catch {
                    problems.withLock { found.append("worker \(worker): \(error)") }
                    return
                }
            }
            problems.withLock { found.append("worker \(worker): the inbox never emptied") }
        }
        return problems.withLock { found }
    }

    @Test func twoWorkersProvisionOnceLikeOne() throws {
        let single = try ProvisionCrashTests.reference.get().snapshot
        for round in 1...2 {
            let shared = try ProvisionLedger.copy("orderflow-provision-concurrent")
            defer { shared.remove() }
            try ProvisionCrashTests.fill(shared)
            let problems = Self.runTwoWorkers(shared)
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
