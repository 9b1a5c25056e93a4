import GRDB
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

/// Migrations (Operations.md, upgrading): a ledger an earlier version wrote keeps working.
@Suite struct LedgerSchemaTests {
    typealias H = LedgerHarness

    /// Written by the version before series per prefix (Fixtures/README.md, ledgers): the demo
    /// drops (ACME-2026-000001…12, MAPLE-2026-000001…2, NIPPON-2026-000001…3), then R-ACME renamed
    /// to `ACMENEW`, whose first number that version counted on from R-ACME's counter
    /// (ACMENEW-2026-000013), then an R-NIPPON order in 2027 (NIPPON-2027-000001).
    static let earlierLedger = TestPaths.fixtures.appendingPathComponent(
        "ledgers/main-2026-before-series-per-prefix.sql")

    @Test func anEarlierLedgerGoesOnAfterTheHighestNumberPrintedUnderEachPrefix() throws {
        let harness = try H(restoring: Self.earlierLedger)
        let series = try harness.ledger.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT prefix, year, last_number FROM document_series ORDER BY prefix, year")
                .map { "\($0["prefix"] as String) \($0["year"] as Int) \($0["last_number"] as Int)" }
        }
        #expect(series == ["ACME 2026 12", "ACMENEW 2026 13", "MAPLE 2026 2", "NIPPON 2026 3", "NIPPON 2027 1"])

        let lease = try harness.lease("R-ACME")
        let back = try harness.commit("B1", [H.order("M-1", domain: "m1.example")], under: lease)
        #expect(back.documentNumbers == ["ACME-2026-000013"])
        let renamed = try harness.commit(
            "B2", [H.order("M-2", domain: "m2.example")], catalog: H.demoCatalog(prefixes: ["R-ACME": "ACMENEW"]),
            under: lease)
        #expect(renamed.documentNumbers == ["ACMENEW-2026-000014"])

        // What the earlier version stored reads as before: its first demo order (SO-1, unpaid)
        // is canceled, its payment voided, with the next credit note.
        let cancel = try harness.commit("B3", [H.cancel("A-2001")], under: lease)
        #expect(cancel.results.map(\.outcome) == [.accepted])
        #expect(cancel.results[0].salesOrderId == "SO-1" && cancel.results[0].total == "539.74")
        #expect(cancel.payments.map(\.paymentId) == ["PAY-1"] && cancel.payments.map(\.status) == [.voided])
        #expect(cancel.documentNumbers == ["ACME-2026-000014"])
    }

    /// Nothing reads a sales order's priced lines as JSON, so no new row gets them; what an
    /// earlier version wrote stays (the lines of invoices it issued exist nowhere else).
    @Test func salesOrdersKeepEarlierPricedJSONAndWriteNoNewOne() throws {
        let earlier = try H(restoring: Self.earlierLedger)
        let kept = try earlier.ledger.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM sales_orders WHERE priced IS NOT NULL") ?? 0
        }
        #expect(kept > 0, "the earlier ledger's priced orders survive the migrations")
        #expect(try earlier.count("sales_orders") == 32)
        let fresh = try H()
        let columns = try fresh.ledger.pool.read { db in try db.columns(in: "sales_orders").map(\.name) }
        #expect(columns.contains("vat_category") && columns.contains("exchange_rate_units"))
    }

    /// Publishing runs the documents query once per batch and its lookups once per document: each
    /// must be a search by key or index, never a scan (a scan of `payments` per document made a
    /// 100,000-bill month publish for hours).
    @Test func theDocumentsQuerySearchesAndNeverScans() throws {
        let harness = try H()
        let plan = try harness.ledger.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteLedger.documentsQuery, arguments: [1])
                .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("payments_balance_by_order") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
    }
}

