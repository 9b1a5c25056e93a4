import OrderFlowCore
import Testing

@testable import OrderFlowPipeline

/// Invoice and credit-note numbers (StatesAndIds.md): one gapless series per printed prefix and
/// year, whichever reseller prints it, so a number printed once is never printed again.
@Suite struct LedgerIdentifiersTests {
    typealias H = LedgerHarness

    /// R-ACME moves from `ACME` to `ACME2`; R-NIPPON then takes `ACME` over.
    @Test func aPrefixKeepsOneSeriesWhicheverResellerPrintsIt() throws {
        let harness = try H()
        let acme = try harness.lease("R-ACME")
        let first = try harness.commit("B1", [H.order("A-1", domain: "a.example")], under: acme)
        #expect(first.documentNumbers == ["ACME-2026-000001"])

        let moved = try H.demoCatalog(prefixes: ["R-ACME": "ACME2", "R-NIPPON": "ACME"])
        // A new prefix starts its own series: the old counter does not go on under the new name.
        let renamed = try harness.commit("B2", [H.order("A-2", domain: "b.example")], catalog: moved, under: acme)
        #expect(renamed.documentNumbers == ["ACME2-2026-000001"])
        // The prefix taken over goes on where it stopped: ACME-2026-000001 is never printed twice.
        let nippon = try harness.lease("R-NIPPON")
        let taken = try harness.commit(
            "N1", [H.order("N-1", domain: "n.example")], reseller: "R-NIPPON", catalog: moved, under: nippon)
        #expect(taken.results.map(\.outcome) == [.accepted])
        #expect(taken.documentNumbers == ["ACME-2026-000002"])

        let back = try harness.commit("B3", [H.order("A-3", domain: "c.example")], under: acme)
        #expect(back.documentNumbers == ["ACME-2026-000003"])
    }
}
