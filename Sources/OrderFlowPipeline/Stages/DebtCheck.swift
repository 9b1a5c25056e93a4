import OrderFlowCore

/// Billing.md, debt: a subscription's debt is what is still due on its `postpaid` payments whose
/// due date is before the run date, less its account's balance in that currency. Above the
/// subscription's blocking threshold it is `Stopped` (the billing run); no longer above it, a
/// `Stopped` subscription is `Active` again (the billing run and every reconciled statement).
struct DebtCheck<Store: MovedOnStore> {
    let store: Store
    let reseller: String
    let runDate: CalendarDate
    let writer: MovedOnWriter<Store>

    /// One subscription with a threshold, and its debt now.
    struct Standing {
        var stored: DebtStanding
        var debt: Int64

        var subscriptionId: String { stored.subscriptionId }
        var accountId: String { stored.accountId }
        var productId: String { stored.productId }
        var planId: String { stored.planId }
        var domain: String? { stored.domain }
        var status: SubscriptionStatus { stored.status }
        var threshold: Int64 { stored.threshold }
    }

    /// The billing run: stops those above their threshold (listed in `suspensions.csv`) and
    /// resumes those no longer above it.
    func suspendAndResume() throws {
        var position: Int64 = 0
        let changes = try standings(statuses: [.active, .stopped]) { standing in
            standing.status == .active ? standing.debt > standing.threshold : standing.debt <= standing.threshold
        }
        for standing in changes {
            if standing.status == .active {
                position += 1
                try suspend(standing, position: position)
            } else {
                try resume(standing)
            }
        }
    }

    /// A statement: every `Stopped` subscription whose debt it brought back to its threshold.
    func resumeCleared() throws {
        for standing in try standings(statuses: [.stopped], where: { $0.debt <= $0.threshold }) {
            try resume(standing)
        }
    }

    private func suspend(_ standing: Standing, position: Int64) throws {
        try writer.setStatus(ofSubscription: standing.subscriptionId, to: .stopped, period: nil)
        try writer.addEvent(ProvisioningRow(
            event: .suspend, salesOrderId: nil, subscriptionId: standing.subscriptionId, accountId: standing.accountId,
            product: standing.productId, plan: standing.planId, domain: standing.domain))
        try store.insertSuspension(standing.stored, debt: standing.debt, position: position, batchKey: writer.batchKey)
    }

    private func resume(_ standing: Standing) throws {
        try writer.setStatus(ofSubscription: standing.subscriptionId, to: .active, period: nil)
        try writer.addActivation(ActivationRow(
            salesOrderId: "", subscriptionId: standing.subscriptionId, salesOrderStatus: .completed,
            subscriptionStatus: .active, serviceStart: nil, serviceEnd: nil))
        try writer.addEvent(ProvisioningRow(
            event: .resume, salesOrderId: nil, subscriptionId: standing.subscriptionId, accountId: standing.accountId,
            product: standing.productId, plan: standing.planId, domain: standing.domain))
    }

    /// The reseller's subscriptions with a threshold in `statuses` that `change` picks, with their
    /// debt, by id number; memory holds the subscriptions to change, not one entry per debtor or
    /// per subscription (the store streams them).
    private func standings(statuses: [SubscriptionStatus], where change: (Standing) -> Bool) throws -> [Standing] {
        var picked: [Standing] = []
        try store.debtStandings(reseller: reseller, statuses: statuses, dueBefore: runDate) { stored in
            let standing = Standing(stored: stored, debt: stored.due - max(stored.balance, 0))
            if change(standing) { picked.append(standing) }
        }
        // Stored order is text order (SUB-10 before SUB-9); suspensions.csv lists by number.
        return picked.sorted { SortedDues.numberOrder($0.subscriptionId, $1.subscriptionId) }
    }
}
