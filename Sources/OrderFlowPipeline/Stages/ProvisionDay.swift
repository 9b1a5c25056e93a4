import OrderFlowCore

/// The `provision` job's work for one reseller and run date D (Provisioning.md), inside the one
/// transaction of its `provision-<D>` batch, in this order: due delayed orders start, unpaid
/// postponed payments cancel their subscriptions, orders left unpaid `unpaidCancelDays` after
/// their due date are canceled, prepaid periods that ended expire. Through ``ProvisionStore``, on
/// either engine.
struct ProvisionDay<Store: ProvisionStore> {
    let commit: BatchCommit<Store>
    let unpaidCancelDays: Int
    let writer: MovedOnWriter<Store>

    init(commit: BatchCommit<Store>, unpaidCancelDays: Int) {
        self.commit = commit
        self.unpaidCancelDays = unpaidCancelDays
        self.writer = MovedOnWriter(
            store: commit.store, batchKey: commit.batchKey, asOf: commit.batch.asOf, recordedAt: commit.recordedAt)
    }

    var store: Store { commit.store }
    private var day: CalendarDate { commit.batch.asOf }
    private var reseller: String { commit.batch.reseller }
    private var catalog: Catalog { commit.context.catalog }

    /// `afterStep` is called after each step, inside the transaction.
    func run(afterStep: () -> Void) throws {
        let history = store.history(excludingBatch: commit.batchKey)
        defer { history.close() }
        var ids = try LedgerIdentifiers(store, reportingTo: history)
        var effects = try EffectsWriter(commit: commit)
        try startDueOrders()
        afterStep()
        try cancelUnpaidPostponed(history: history, ids: &ids, effects: &effects)
        afterStep()
        try cancelUnpaidOrders(history: history, ids: &ids, effects: &effects)
        afterStep()
        try TrialEnds(day: self, history: history).run(ids: &ids, effects: &effects)
        afterStep()
        try expireEndedPeriods()
        afterStep()
        try history.check()
        try ids.save()
    }

    // MARK: Step 2: delayed orders whose provisioning date has come

    private func startDueOrders() throws {
        for id in try store.dueDelayedOrders(reseller: reseller, onOrBefore: day) {
            guard let order = try store.salesOrder(id) else { continue }
            try writer.setStatus(ofSalesOrder: id, from: .waitingForProvisioning, to: .provisioning, activatedOn: nil)
            let manual = catalog.product(id: order.productId)?.manualApproval ?? false
            if manual {
                try writer.setStatus(ofSalesOrder: id, from: .provisioning, to: .installing, activatedOn: nil)
                try writer.start(order, salesOrderId: id, status: .installing, serviceStart: nil, salesOrderStatus: .installing, catalog: catalog)
            } else {
                let paidOn = try store.paidOn(salesOrder: id)
                let serviceStart = max(order.provisioningDate, paidOn ?? order.provisioningDate)
                try writer.setStatus(ofSalesOrder: id, from: .provisioning, to: .completed, activatedOn: serviceStart)
                try writer.start(order, salesOrderId: id, status: .active, serviceStart: serviceStart, salesOrderStatus: .completed, catalog: catalog)
            }
        }
    }

    // MARK: Steps 3 and 4: what was not paid in time

    /// Postponed payments (Pricing.md, step 7) not paid by their due date: the subscription ends.
    private func cancelUnpaidPostponed(
        history: Store.History, ids: inout LedgerIdentifiers, effects: inout EffectsWriter<Store>
    ) throws {
        for ref in try store.unpaidPostponedOrders(reseller: reseller, dueBefore: day) {
            try cancelWhole(ref: ref, history: history, ids: &ids, effects: &effects)
        }
    }

    /// A new order's own payment still open `unpaidCancelDays` after its due date: the order is
    /// canceled; an unpaid renewal or upgrade cancels only its own sales order.
    private func cancelUnpaidOrders(
        history: Store.History, ids: inout LedgerIdentifiers, effects: inout EffectsWriter<Store>
    ) throws {
        for row in try store.unpaidOrders(reseller: reseller, dueBefore: day.adding(days: -unpaidCancelDays)) {
            if row.action == RequestAction.order.rawValue {
                try cancelWhole(ref: row.ref, history: history, ids: &ids, effects: &effects)
                continue
            }
            guard let subscription = row.subscriptionId,
                let charge = history.renewalsAndUpgrades(subscription: subscription, reseller: reseller)
                    .first(where: { $0.salesOrderId == row.salesOrderId })
            else { continue }
            try history.check()
            try effects.cancelAlone(CancelPlan.charge(charge, context: commit.context, ids: &ids))
            try shortenSpan(salesOrderId: row.salesOrderId, subscriptionId: subscription)
        }
    }

    private func cancelWhole(
        ref: String, history: Store.History, ids: inout LedgerIdentifiers, effects: inout EffectsWriter<Store>
    ) throws {
        guard let order = history.order(ref: ref, reseller: reseller), order.status != .canceled else {
            try history.check()
            return
        }
        let cancel = CancelPlan.wholeOrder(order, history: history, context: commit.context, ids: &ids)
        try history.check()
        try effects.storeCancel(cancel)
        if let subscriptionId = order.subscriptionId, let salesOrderId = order.salesOrderId,
            let stored = try store.salesOrder(salesOrderId)
        {
            try writer.addEvent(ProvisioningRow(
                event: .cancel, salesOrderId: salesOrderId, subscriptionId: subscriptionId, accountId: order.accountId,
                product: stored.productId, plan: stored.planId, domain: stored.domain))
        }
    }

    /// An unpaid renewal no longer extends the paid span: the subscription's period ends where the
    /// renewal's began, when the renewal was the last extension.
    private func shortenSpan(salesOrderId: String, subscriptionId: String) throws {
        guard let order = try store.salesOrder(salesOrderId), order.action == .renewal,
            let period = order.servicePeriod
        else { return }
        try store.shortenPeriod(ofSubscription: subscriptionId, from: period.end, to: period.start)
    }

    // MARK: Step 6: prepaid periods that ended

    /// An `Active` prepaid subscription whose paid span ended before D, not renewed, ends
    /// (`expire`). Trials and pay-as-you-go plans are not paid by the period.
    private func expireEndedPeriods() throws {
        for row in try store.endedPrepaidPeriods(reseller: reseller, onOrBefore: day) {
            guard let (_, plan) = catalog.plan(id: row.planId), plan.billing != .payg,
                let period = plan.period(id: row.periodId), !period.trial
            else { continue }
            try writer.setStatus(ofSubscription: row.id, to: .canceled, period: nil)
            try writer.addEvent(ProvisioningRow(
                event: .expire, salesOrderId: nil, subscriptionId: row.id, accountId: row.accountId,
                product: row.productId, plan: row.planId, domain: row.domain))
        }
    }
}
