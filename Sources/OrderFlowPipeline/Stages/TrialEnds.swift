import OrderFlowCore

/// Step 5 of a provisioning run (Provisioning.md, trials): each `Active` trial whose last day is
/// before the run date is converted or ends, once (`trial_ends` remembers it).
struct TrialEnds<Store: ProvisionStore> {
    let day: ProvisionDay<Store>
    let history: Store.History

    private var store: Store { day.store }
    private var reseller: String { day.commit.batch.reseller }
    private var catalog: Catalog { day.commit.context.catalog }
    private var runDate: CalendarDate { day.commit.batch.asOf }

    func run(ids: inout LedgerIdentifiers, effects: inout EffectsWriter<Store>) throws {
        var position: Int64 = 0
        for row in try store.activeTrials(reseller: reseller) {
            // The trial period is the one its order was made for: a renewal changes the subscription's.
            guard let period = catalog.plan(id: row.planId)?.plan.period(id: row.trialPeriod), period.trial,
                let start = row.periodStart
            else { continue }
            let lastDay = period.duration.end(from: start).adding(days: -1)
            guard lastDay < runDate else { continue }
            let trial = Trial(subscription: row, start: start, lastDay: lastDay)
            let convertedTo = try end(trial, ids: &ids, effects: &effects)
            position += 1
            try store.insertTrialEnd(
                TrialEndRow(
                    subscriptionId: row.id, accountId: row.accountId, plan: row.planId, trialStart: start,
                    trialEnd: lastDay, convertedTo: convertedTo),
                position: position, batchKey: day.commit.batchKey)
        }
    }

    /// A trial whose last day is before the run date.
    struct Trial {
        var subscription: ActiveTrial
        var start: CalendarDate
        var lastDay: CalendarDate
        var id: String { subscription.id }
    }

    /// Converts or ends the trial; the subscription it converted to, or nil when it just ended.
    private func end(_ trial: Trial, ids: inout LedgerIdentifiers, effects: inout EffectsWriter<Store>) throws -> String? {
        let renewals = history.renewalsAndUpgrades(subscription: trial.id, reseller: reseller)
            .filter { $0.status != .canceled }
        try history.check()
        // A renewal to a paid period, paid or with nothing to pay: the subscription goes on.
        if renewals.contains(where: { $0.payment == nil || $0.payment?.status == .paid }) {
            try event(.convert, trial)
            return trial.id
        }
        for renewal in renewals {
            try effects.cancelAlone(CancelPlan.charge(renewal, context: day.commit.context, ids: &ids))
        }
        try day.writer.setStatus(ofSubscription: trial.id, to: .canceled, period: nil)
        try event(.expire, trial)
        return try paidOrderDuringTrial(trial)
    }

    /// An accepted order of the same plan by the same account, made during the trial: the trial
    /// is listed as converted to its subscription.
    private func paidOrderDuringTrial(_ trial: Trial) throws -> String? {
        guard let account = trial.subscription.accountId else { return nil }
        return try store.paidOrder(
            account: account, plan: trial.subscription.planId, excluding: trial.id, from: trial.start, through: trial.lastDay)
    }

    private func event(_ event: ProvisioningRow.Event, _ trial: Trial) throws {
        let subscription = trial.subscription
        try day.writer.addEvent(ProvisioningRow(
            event: event, salesOrderId: nil, subscriptionId: subscription.id, accountId: subscription.accountId,
            product: subscription.productId, plan: subscription.planId, domain: subscription.domain))
    }
}
