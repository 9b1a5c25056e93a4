import Testing

@testable import OrderFlowPipeline

/// The debt check's walk of what is due beside the subscriptions (Billing.md, debt).
@Suite struct SortedDuesTests {
    /// Stored order is text order: SUB-1, SUB-10, SUB-3, SUB-99. SUB-10 and SUB-99 are never asked
    /// for (a canceled subscription, one without a threshold) and must not shift the others.
    @Test func eachSubscriptionGetsItsOwnDueAndThoseNeverAskedForArePassedOver() throws {
        var entries: [(id: String, due: Int64)] = [("SUB-1", 500), ("SUB-10", 700), ("SUB-3", 200), ("SUB-99", 100)]
        var dues = SortedDues { entries.isEmpty ? nil : entries.removeFirst() }
        let asked = ["SUB-1", "SUB-2", "SUB-3", "SUB-4", "SUB-9"]
        #expect(try asked.map { try dues.due(of: $0) } == [500, 0, 200, 0, 0])
        #expect(entries.isEmpty, "SUB-99 was read and passed over")
    }

    @Test func nothingDueGivesZeroForEveryone() throws {
        var dues = SortedDues { nil }
        #expect(try dues.due(of: "SUB-1") == 0)
        #expect(try dues.due(of: "SUB-2") == 0)
    }

    @Test func idsAreListedByTheirNumber() {
        let ids = ["SUB-10", "SUB-9", "SUB-100", "SUB-2", "X-1"]
        #expect(ids.sorted(by: SortedDues.numberOrder) == ["SUB-2", "SUB-9", "SUB-10", "SUB-100", "X-1"])
    }
}
