import Testing

@testable import OrderFlowCore

/// Which days of a month a subscription was active, and with what (Billing.md).
@Suite struct BillingTimelineTests {
    typealias F = PricingFixtures
    typealias B = BillingFixtures

    /// Started 2026-11-17: days 17…30 of November, 14 of 30.
    @Test func midMonthStart() {
        let timeline = BillingTimeline(serviceStart: F.date("2026-11-17"), current: B.state("1M", mailbox: 15))
        let segments = timeline.segments(in: B.month("2026-11"), plan: B.plan)
        #expect(segments == [BillingSegment(days: 14, period: B.monthly, amounts: B.amounts(mailbox: 15))])
        #expect(segments.activeDays == 14)
        // October is before the start: nothing; December whole: 31.
        #expect(timeline.segments(in: B.month("2026-10"), plan: B.plan).isEmpty)
        #expect(timeline.segments(in: B.month("2026-12"), plan: B.plan).activeDays == 31)
    }

    /// Ended 2026-02-15 (Canceled that day): days 1…14 count, 14 of 28; March none.
    @Test func endedMidMonth() {
        let timeline = BillingTimeline(
            serviceStart: F.date("2026-01-10"), ended: F.date("2026-02-15"), current: B.state("1Y", mailbox: 15))
        #expect(timeline.segments(in: B.month("2026-02"), plan: B.plan).activeDays == 14)
        #expect(timeline.segments(in: B.month("2026-01"), plan: B.plan).activeDays == 22)  // 10…31
        #expect(timeline.segments(in: B.month("2026-03"), plan: B.plan).isEmpty)
        // Ended on the 1st: the day before is last month's, so this month has none.
        let onTheFirst = BillingTimeline(
            serviceStart: F.date("2026-01-10"), ended: F.date("2026-02-01"), current: B.state("1M", mailbox: 5))
        #expect(onTheFirst.segments(in: B.month("2026-02"), plan: B.plan).isEmpty)
        #expect(onTheFirst.segments(in: B.month("2026-01"), plan: B.plan).activeDays == 22)
    }

    /// Started on 2026-12-31: 1 of 31 days in December, January 2027 whole.
    @Test func startedOnTheThirtyFirst() {
        let timeline = BillingTimeline(serviceStart: F.date("2026-12-31"), current: B.state("1M", mailbox: 15))
        #expect(timeline.segments(in: B.month("2026-12"), plan: B.plan).activeDays == 1)
        #expect(timeline.segments(in: B.month("2027-01"), plan: B.plan).activeDays == 31)
    }

    @Test func neverActiveOrCanceledInWindowHasNoDays() {
        let never = BillingTimeline(serviceStart: nil, current: B.state("1M", mailbox: 15))
        #expect(never.segments(in: B.month("2026-11"), plan: B.plan).isEmpty)
        var canceled = BillingTimeline(
            serviceStart: F.date("2026-11-01"), ended: F.date("2026-11-10"), current: B.state("1M", mailbox: 15))
        #expect(canceled.segments(in: B.month("2026-11"), plan: B.plan).activeDays == 9)
        canceled.canceledInWindow = true
        #expect(canceled.segments(in: B.month("2026-11"), plan: B.plan).isEmpty)
    }

    /// Upgraded on 2026-11-11 (MAILBOX 10 → 20, STORAGE 12 → 17): days 1…10 and 11…30.
    @Test func upgradeSplitsTheMonth() {
        let timeline = B.upgradedTimeline
        #expect(
            timeline.segments(in: B.month("2026-11"), plan: B.plan) == [
                BillingSegment(days: 10, period: B.monthly, amounts: B.amounts(mailbox: 10, storage: 12)),
                BillingSegment(days: 20, period: B.monthly, amounts: B.amounts(mailbox: 20, storage: 17)),
            ])
        let upgrades = timeline.upgrades(in: B.month("2026-11"))
        #expect(upgrades.count == 1)
        #expect(upgrades.first?.before == B.state("1M", mailbox: 10, storage: 12))
        #expect(upgrades.first?.after == B.state("1M", mailbox: 20, storage: 17))
        // Its setup is November's only; October is all before it, December all after.
        #expect(timeline.upgrades(in: B.month("2026-12")).isEmpty)
        #expect(
            timeline.segments(in: B.month("2026-10"), plan: B.plan).map(\.amounts) == [
                B.amounts(mailbox: 10, storage: 12)
            ])
        #expect(
            timeline.segments(in: B.month("2026-12"), plan: B.plan).map(\.amounts) == [
                B.amounts(mailbox: 20, storage: 17)
            ])
    }

    /// Renewed on 2026-11-21 from 1M to 1Y: 20 days of 1M, 10 of 1Y. A renewal is no upgrade.
    @Test func renewalToAnotherPeriod() {
        let timeline = B.renewedTimeline
        #expect(
            timeline.segments(in: B.month("2026-11"), plan: B.plan) == [
                BillingSegment(days: 20, period: B.monthly, amounts: B.amounts(mailbox: 15)),
                BillingSegment(days: 10, period: B.yearly, amounts: B.amounts(mailbox: 15)),
            ])
        #expect(timeline.upgrades(in: B.month("2026-11")).isEmpty)
    }

    /// A renewal to the same period and amounts changes nothing billed: one segment.
    @Test func sameStateOnBothSidesMerges() {
        let timeline = BillingTimeline(
            serviceStart: F.date("2026-10-21"), current: B.state("1M", mailbox: 15),
            before: [
                BillingTimeline.Change(until: F.date("2026-11-21"), cause: .renewal, state: B.state("1M", mailbox: 15))
            ])
        #expect(
            timeline.segments(in: B.month("2026-11"), plan: B.plan) == [
                BillingSegment(days: 30, period: B.monthly, amounts: B.amounts(mailbox: 15))
            ])
    }

    /// On TRIAL30 from 2026-11-01, paid 1M from 2026-11-21: only the 10 paid days count; a period
    /// the plan no longer has counts no day either.
    @Test func trialDaysAreNotCounted() {
        let timeline = B.trialThenPaidTimeline
        #expect(
            timeline.segments(in: B.month("2026-11"), plan: B.plan) == [
                BillingSegment(days: 10, period: B.monthly, amounts: B.amounts(mailbox: 15))
            ])
        let unknown = BillingTimeline(serviceStart: F.date("2026-11-01"), current: B.state("GONE", mailbox: 15))
        #expect(unknown.segments(in: B.month("2026-11"), plan: B.plan).isEmpty)
    }
}
