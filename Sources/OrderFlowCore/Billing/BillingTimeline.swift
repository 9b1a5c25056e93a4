/// What the ledger knows of one subscription's life, for billing it by the day (Billing.md,
/// "What a subscription is billed").
///
/// The job reads it from the subscription and its `subscription_history` rows; the core turns it
/// into ``BillingSegment``s of a month, which ``PostpaidBill/price(_:catalog:reseller:)`` prices.
/// It is a value so that every proration is a pure function a test can state by hand.
public struct BillingTimeline: Sendable, Hashable {
    /// The first active day; nil: never active, so no day counts.
    public var serviceStart: CalendarDate?
    /// The day it was `Canceled` or expired; days up to `ended − 1` count. Nil: still running.
    public var ended: CalendarDate?
    /// Canceled within its cancellation window (Pricing.md, step 8): every charge is undone, no day counts.
    public var canceledInWindow: Bool
    /// Its period and amounts now (after the last change).
    public var current: State
    /// Earlier states, ordered by `until` ascending.
    public var before: [Change]

    /// A period and the resource amounts in effect with it.
    public struct State: Sendable, Hashable {
        public var periodId: String
        /// Total amounts per resource; an absent resource has its included amount.
        public var amounts: [ResourceQuantity]

        public init(periodId: String, amounts: [ResourceQuantity]) {
            self.periodId = periodId
            self.amounts = amounts
        }
    }

    /// `state` was in effect on the days before `until` (and on or after the previous change's
    /// `until`); `cause` says what ended it on `until`.
    public struct Change: Sendable, Hashable {
        public var until: CalendarDate
        public var cause: Cause
        public var state: State

        public init(until: CalendarDate, cause: Cause, state: State) {
            self.until = until
            self.cause = cause
            self.state = state
        }
    }

    /// What replaced a state: a renewal (possibly to another period) or an upgrade of amounts.
    public enum Cause: String, Sendable {
        case renewal
        case upgrade
    }

    public init(
        serviceStart: CalendarDate?, ended: CalendarDate? = nil, canceledInWindow: Bool = false, current: State,
        before: [Change] = []
    ) {
        self.serviceStart = serviceStart
        self.ended = ended
        self.canceledInWindow = canceledInWindow
        self.current = current
        self.before = before
    }

    /// The state in effect on `day`. A renewal changes only the period and an upgrade only the
    /// amounts, each from its own day, so the two are looked up apart: a renewal ordered before an
    /// upgrade may start after it.
    public func state(on day: CalendarDate) -> State {
        State(
            periodId: before.first { $0.cause == .renewal && day < $0.until }?.state.periodId ?? current.periodId,
            amounts: before.first { $0.cause == .upgrade && day < $0.until }?.state.amounts ?? current.amounts)
    }

    /// The active days of `month`, split where the period or the amounts in effect change.
    ///
    /// Days run from max(serviceStart, first day) to min(ended − 1, last day). A day whose period
    /// is a trial, or is not in `plan` any more, does not count (Billing.md: trial days are never
    /// billed). Adjacent days of the same period and amounts make one segment; Σ `days` is the
    /// month's active days a. Empty when nothing counts.
    public func segments(in month: BillingMonth, plan: Plan) -> [BillingSegment] {
        guard !canceledInWindow, let serviceStart else { return [] }
        let first = max(serviceStart, month.firstDay)
        let last = min(ended.map { $0.adding(days: -1) } ?? month.lastDay, month.lastDay)
        guard first <= last else { return [] }

        // Walk the runs between the days a change takes effect rather than day by day.
        let boundaries = Set(before.map(\.until).filter { first < $0 && $0 <= last }).sorted()
        var segments: [BillingSegment] = []
        var runStart = first
        var followsACountedRun = false
        for runEnd in boundaries.map({ $0.adding(days: -1) }) + [last] {
            defer { runStart = runEnd.adding(days: 1) }
            let state = state(on: runStart)
            guard let period = plan.period(id: state.periodId), !period.trial else {
                followsACountedRun = false
                continue
            }
            let days = runStart.days(until: runEnd) + 1
            if followsACountedRun, let index = segments.indices.last, segments[index].period == period,
                segments[index].amounts == state.amounts
            {
                segments[index].days += days
            } else {
                segments.append(BillingSegment(days: days, period: period, amounts: state.amounts))
            }
            followsACountedRun = true
        }
        return segments
    }

    /// The upgrades whose `until` (the day the new amounts took effect) falls in `month`, each with
    /// the amounts it replaced and those that followed it (the next upgrade's, else the current
    /// ones): their setup lines are this month's (Billing.md; Pricing.md, step 9).
    public func upgrades(in month: BillingMonth) -> [(before: State, after: State)] {
        let upgrades = before.filter { $0.cause == .upgrade }
        return upgrades.indices.compactMap { index in
            let change = upgrades[index]
            guard month.contains(change.until) else { return nil }
            let followed = index + 1 < upgrades.count ? upgrades[index + 1].state.amounts : current.amounts
            return (change.state, State(periodId: change.state.periodId, amounts: followed))
        }
    }
}

/// Consecutive active days of one month with one period and one set of amounts in effect.
public struct BillingSegment: Sendable, Hashable {
    public var days: Int
    public var period: Period
    public var amounts: [ResourceQuantity]

    public init(days: Int, period: Period, amounts: [ResourceQuantity]) {
        self.days = days
        self.period = period
        self.amounts = amounts
    }
}

extension Array where Element == BillingSegment {
    /// Σ days: the month's active days a.
    public var activeDays: Int { reduce(0) { $0 + $1.days } }
}
