import GRDB
import Testing
@testable import OrderFlowPipeline

/// A run for a date asks, for every trial that ends, whether its account ordered the trial's plan
/// while it ran. SQLite must answer from the index on sales orders by account and plan: a scan of
/// every sales order per question made a day of many trial ends grow with their square
/// (BENCHMARKS.md, issue 25: 15 ms a question at 100,000 orders, 0.03 ms with the index).
@Suite struct ProvisionQueryPlanTests {
    @Test func thePaidOrderQuestionSearchesTheIndexInsteadOfScanningEveryOrder() throws {
        let harness = try LedgerHarness()
        let plan = try harness.ledger.pool.read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN " + SQLiteBatchStore.paidOrderSQL,
                arguments: ["ACC-1", "PLN-MAIL-STD", "SUB-1", "2026-11-01", "2026-11-30"]
            ).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING INDEX sales_orders_by_account_plan") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN so") }, "\(plan)")
    }
}
