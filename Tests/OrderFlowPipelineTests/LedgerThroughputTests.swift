import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

/// One large batch of simple orders in one commit. Small by default so the suite stays quick;
/// `LEDGER_THROUGHPUT_ORDERS=100000` measures the real thing (the rate is printed).
@Suite struct LedgerThroughputTests {
    @Test func commitsAGeneratedBatchInOneTransaction() throws {
        let count = ProcessInfo.processInfo.environment["LEDGER_THROUGHPUT_ORDERS"].flatMap { Int($0) } ?? 2_000
        let harness = try LedgerHarness()
        let lease = try harness.lease()
        let rows = (1...count).map { LedgerHarness.order("G-\($0)", domain: "customer-\($0).example") }
        let text = LedgerHarness.csv(rows)
        let requests = try LedgerHarness.requests(text, batchId: "BIG")
        try harness.ledger.recordClaim(
            FileClaim(claimId: "big", reseller: "R-ACME", fileName: "BIG.csv", asOf: LedgerHarness.asOf, claimedAt: 1),
            under: lease)

        // The judge alone, without a ledger: what the commit adds is the rest.
        var judge = BatchJudge(
            context: JudgeContext(
                catalog: harness.catalog, reseller: try #require(harness.catalog.reseller(id: "R-ACME")),
                asOf: LedgerHarness.asOf),
            history: EmptyHistory())
        var ids = SequentialIdentifiers()
        let judgeStarted = ContinuousClock.now
        for request in requests { _ = judge.judge(request, ids: &ids) }
        print("judge alone: \(count) orders in \(ContinuousClock.now - judgeStarted)")

        let started = ContinuousClock.now
        let record = try harness.ledger.commitBatch(
            LedgerHarness.newBatch("BIG", text: text), catalog: harness.catalog, claimId: "big", under: lease
        ) { sink in
            for request in requests { try sink(request) }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("ledger throughput: \(count) orders committed in \(elapsed), \(Int(Double(count) / seconds)) orders/s")

        let outputs = try harness.ledger.outputs(ofBatch: record.key)
        #expect(outputs.results.count == count)
        #expect(outputs.results.allSatisfy { $0.outcome == .accepted })
        #expect(outputs.results.last?.salesOrderId == "SO-\(count)")
        #expect(outputs.documentNumbers.last == DocumentNumber.format(prefix: "ACME", year: 2026, sequence: count))
    }
}
