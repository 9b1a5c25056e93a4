import Testing

@testable import OrderFlowCore

/// The month a billing run bills, and when it may (Billing.md).
@Suite struct BillingMonthTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
    static func month(_ text: String) -> BillingMonth { BillingMonth(text)! }

    @Test func parsesExactlyYearDashMonth() {
        #expect(BillingMonth("2026-11") == BillingMonth(year: 2026, month: 11))
        #expect(BillingMonth("2026-11"[...])?.description == "2026-11")
        #expect(BillingMonth("0001-01")?.description == "0001-01")
        #expect(BillingMonth("9999-12")?.description == "9999-12")
        for text in [
            "2026-13", "2026-00", "0000-01", "2026-1", "2026-011", "26-11", "2026/11", "2026-1a", "+026-11",
            "2026-11-01", "", " 2026-11",
        ] {
            #expect(BillingMonth(text) == nil, "\(text)")
        }
        #expect(BillingMonth(year: 2026, month: 0) == nil)
        #expect(BillingMonth(year: 10000, month: 1) == nil)
    }

    /// 28 (2026-02), 29 (2028-02, leap), 30 (2026-11), 31 (2026-12) days.
    @Test func daysAndBounds() {
        let cases: [(String, Int, String, String)] = [
            ("2026-02", 28, "2026-02-28", "2026-03-01"),
            ("2028-02", 29, "2028-02-29", "2028-03-01"),
            ("2026-11", 30, "2026-11-30", "2026-12-01"),
            ("2026-12", 31, "2026-12-31", "2027-01-01"),
        ]
        for (text, days, last, after) in cases {
            let month = Self.month(text)
            #expect(month.days == days, "\(text)")
            #expect(month.firstDay == Self.date(text + "-01"))
            #expect(month.lastDay == Self.date(last))
            #expect(month.dayAfter == Self.date(after))
        }
    }

    @Test func nextPreviousAndContaining() {
        #expect(Self.month("2026-12").next == Self.month("2027-01"))
        #expect(Self.month("2027-01").previous == Self.month("2026-12"))
        #expect(Self.month("2026-02").next == Self.month("2026-03"))
        #expect(BillingMonth(containing: Self.date("2026-12-31")) == Self.month("2026-12"))
        #expect(BillingMonth(containing: Self.date("2028-02-29")) == Self.month("2028-02"))
        #expect(Self.month("2026-11").contains(Self.date("2026-11-01")))
        #expect(Self.month("2026-11").contains(Self.date("2026-11-30")))
        #expect(!Self.month("2026-11").contains(Self.date("2026-10-31")))
        #expect(!Self.month("2026-11").contains(Self.date("2026-12-01")))
        #expect(Self.month("2026-12") < Self.month("2027-01"))
        #expect(Self.month("2026-02") < Self.month("2026-11"))
        #expect(
            [Self.month("2027-01"), Self.month("2026-02"), Self.month("2026-12")].sorted().map(\.description)
                == ["2026-02", "2026-12", "2027-01"])
        // The last month there is still has a next, not a trap.
        #expect(Self.month("9999-12").next.firstDay == Self.date("9999-12-31").adding(days: 1))
    }

    /// Billable once the run date ≥ the first day of the next month + usageGraceDays.
    @Test func billableAfterTheGraceDays() {
        let november = Self.month("2026-11")
        // Grace 0: from 2026-12-01.
        #expect(!BillingMonth.isBillable(november, runDate: Self.date("2026-11-30"), graceDays: 0))
        #expect(BillingMonth.isBillable(november, runDate: Self.date("2026-12-01"), graceDays: 0))
        // Grace 3: 2026-12-01 + 3 = 2026-12-04.
        #expect(!BillingMonth.isBillable(november, runDate: Self.date("2026-12-03"), graceDays: 3))
        #expect(BillingMonth.isBillable(november, runDate: Self.date("2026-12-04"), graceDays: 3))
        #expect(BillingMonth.isBillable(november, runDate: Self.date("2027-03-15"), graceDays: 3))
        // 2026-12 + 5 days of grace crosses the year: 2027-01-01 + 5 = 2027-01-06.
        #expect(!BillingMonth.isBillable(Self.month("2026-12"), runDate: Self.date("2027-01-05"), graceDays: 5))
        #expect(BillingMonth.isBillable(Self.month("2026-12"), runDate: Self.date("2027-01-06"), graceDays: 5))
    }
}
