extension BillingTimeline {
    /// The first and last day of `month` that count (Billing.md, active days): the days whose
    /// usage rows are counted and that the month's invoice names as its period. nil when none does.
    public func countedDays(in month: BillingMonth, plan: Plan) -> ClosedRange<CalendarDate>? {
        guard let start = serviceStart, !canceledInWindow else { return nil }
        let first = max(start, month.firstDay)
        let last = min(ended.map { $0.adding(days: -1) } ?? month.lastDay, month.lastDay)
        guard first <= last else { return nil }
        var counted: ClosedRange<CalendarDate>?
        var day = first
        while day <= last {
            let periodId = state(on: day).periodId
            if let period = plan.periods.first(where: { $0.id == periodId }), !period.trial {
                counted = (counted?.lowerBound ?? day)...day
            }
            day = day.adding(days: 1)
        }
        return counted
    }
}
