import Testing
@testable import OrderFlowCore

@Suite struct CalendarDateTests {
    @Test func parsesRealDaysOnly() {
        #expect(CalendarDate(iso: "2026-11-22")?.description == "2026-11-22")
        #expect(CalendarDate(iso: "2026-02-29") == nil)
        #expect(CalendarDate(iso: "2028-02-29") != nil)
        #expect(CalendarDate(iso: "2026-13-01") == nil)
        #expect(CalendarDate(iso: "2026-1-01") == nil)
        #expect(CalendarDate(iso: "26-11-2026") == nil)
    }

    @Test func dayNumbersRoundTrip() {
        let date = CalendarDate(iso: "2027-05-01")!
        #expect(CalendarDate(dayNumber: date.dayNumber) == date)
        #expect(CalendarDate(iso: "1970-01-01")!.dayNumber == 0)
        // Pricing.md, step 9: 2026-11-01 P1Y, run on 2027-05-01 → 184 days left of 365.
        let start = CalendarDate(iso: "2026-11-01")!
        let end = ISODuration(iso: "P1Y")!.end(from: start)
        #expect(start.days(until: end) == 365)
        #expect(date.days(until: end) == 184)
    }

    @Test func monthsClampToTheLastDay() {
        #expect(CalendarDate(iso: "2026-01-31")!.adding(months: 1).description == "2026-02-28")
        #expect(CalendarDate(iso: "2028-01-31")!.adding(months: 1).description == "2028-02-29")
        #expect(CalendarDate(iso: "2026-11-22")!.adding(days: 14).description == "2026-12-06")
    }

    @Test func durations() {
        #expect(ISODuration(iso: "P1Y6M")?.totalMonths == 18)
        #expect(ISODuration(iso: "P30D")?.isWholeMonths == false)
        #expect(ISODuration(iso: "P3M")?.isWholeMonths == true)
        #expect(ISODuration(iso: "P1M1Y") == nil)
        #expect(ISODuration(iso: "PT1H") == nil)
        #expect(ISODuration(iso: "P") == nil)
    }
}
