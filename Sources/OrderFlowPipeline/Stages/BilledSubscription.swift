import OrderFlowCore

/// What the billing run reads of one subscription (Billing.md): its row, its account's tax
/// address, the day it ended and what it was before its renewals and upgrades; the row's columns
/// are read through it (`subscription.accountId`).
@dynamicMemberLookup
struct BilledSubscription {
    var id: String
    var row: StoredBilledSubscription
    /// Brought in by `ledger import-subscriptions`: billed from its import date, never with setup lines.
    var imported: Bool
    var timeline: BillingTimeline

    subscript<Value>(dynamicMember column: KeyPath<StoredBilledSubscription, Value>) -> Value { row[keyPath: column] }

    static func load<Store: BillingStore>(_ id: String, catalog: Catalog, _ store: Store) throws -> BilledSubscription? {
        guard let row = try store.billedSubscription(id) else { return nil }
        let imported = row.batchKind == BatchKind.subscriptionImport.rawValue
        var start = row.activationDate
        if imported, let begun = start {
            start = max(begun, row.batchAsOf)
        }
        let ended = row.status == .canceled ? try store.canceledOn(id) : nil
        // A cancel is allowed on an active subscription only within its window (Pricing.md,
        // step 8): one that ended by then never had a day to bill.
        var inWindow = false
        if let start, let ended, let window = catalog.product(id: row.productId)?.cancellationWindowDays {
            inWindow = ended <= start.adding(days: window)
        }
        let current = BillingTimeline.State(periodId: row.periodId, amounts: try store.resources(of: id))
        let timeline = BillingTimeline(
            serviceStart: start, ended: ended, canceledInWindow: inWindow, current: current,
            before: try store.subscriptionHistory(of: id))
        return BilledSubscription(id: id, row: row, imported: imported, timeline: timeline)
    }
}
