import Foundation
import Testing

/// Two `orderflow run` processes of one reconcile pipeline at once (Operations.md, leases) on
/// ``StatementSet``'s statements of two resellers: every statement published once, every credit
/// applied once, the outputs those of a single run.
@Suite struct ReconcileConcurrencyTests {
    static let asOf = "2026-12-10"

    /// Runs `sandbox`'s reconcile pipeline on two workers at once (``PipelineSandbox/runTwoWorkers(inbox:_:)``).
    static func runTwoWorkers(_ sandbox: PipelineSandbox) -> [String] {
        sandbox.runTwoWorkers(inbox: sandbox.statements) { try $0.reconcile(asOf: asOf) }
    }

    @Test func twoWorkersReconcileEveryStatementOnceLikeOne() throws {
        let single = try DemoLedger.copy("orderflow-reconcile-single")
        defer { single.remove() }
        try StatementSet.fill(single)
        let alone = try single.reconcile(asOf: Self.asOf)
        #expect(alone.exitCode == 65, "\(alone.stderr)")

        for round in 1...2 {
            let shared = try DemoLedger.copy("orderflow-reconcile-concurrent")
            defer { shared.remove() }
            try StatementSet.fill(shared)
            let problems = Self.runTwoWorkers(shared)
            #expect(problems == [], "round \(round)")
            let snapshot = try shared.snapshot()
            #expect(try shared.leftovers(in: shared.failed) == [], "round \(round): a statement failed")
            for statement in StatementSet.statements {
                let batch = "outbox/\(statement.reseller)/\(statement.name.dropLast(4))"
                #expect(snapshot["\(batch)/reconciliation.csv"] != nil && snapshot["\(batch)/input.csv"] != nil, "round \(round): \(batch)")
            }
            let diffs = ImportInvariants.differences(snapshot, try single.snapshot())
            #expect(diffs == [], "round \(round): two workers differ from one:\n\(diffs.joined(separator: "\n"))")
            try StatementSet.checkAppliedOnce(shared, context: "round \(round)")
        }
    }
}
