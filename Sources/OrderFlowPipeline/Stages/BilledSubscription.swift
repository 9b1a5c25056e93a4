import OrderFlowCore

/// What the billing run reads of one subscription (Billing.md): its row, its account's tax
/// address, the day it ended and what it was before its renewals and upgrades.
struct BilledSubscription {
    var id: String
    var accountId: String
    var productId: String
    var planId: String
    var periodId: String
    var currency: Currency
    var paymentModel: PaymentModel
    var status: SubscriptionStatus
    var domain: String?
    /// Brought in by `ledger import-subscriptions`: billed from its import date, never with setup lines.
    var imported: Bool
    var timeline: BillingTimeline
    var customer: TaxCustomer

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
        return BilledSubscription(
            id: id, accountId: row.accountId, productId: row.productId, planId: row.planId, periodId: row.periodId,
            currency: row.currency, paymentModel: row.paymentModel, status: row.status, domain: row.domain,
            imported: imported, timeline: timeline, customer: row.customer)
    }
}
