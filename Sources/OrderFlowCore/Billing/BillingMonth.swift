/// A calendar month the postpaid billing run bills (Billing.md), written `YYYY-MM`.
///
/// A month is held as its first day, so that every bound below is plain day arithmetic on
/// ``CalendarDate`` and none can fail: `next` of 9999-12 is still a value, never a trap.
public struct BillingMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Day 1 of the month.
    public let firstDay: CalendarDate

    public var year: Int { firstDay.year }
    public var month: Int { firstDay.month }

    /// The month of `year` and `month`; nil when they name no month of years 1–9999.
    public init?(year: Int, month: Int) {
        guard let firstDay = CalendarDate(year: year, month: month, day: 1) else { return nil }
        self.firstDay = firstDay
    }

    /// Parses exactly `YYYY-MM` (a `billing-<YYYY-MM>` folder, a `month` column).
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-") else { return nil }
        var year = 0
        var month = 0
        for (index, byte) in bytes.enumerated() where index != 4 {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            if index < 4 { year = year * 10 + digit } else { month = month * 10 + digit }
        }
        self.init(year: year, month: month)
    }

    /// The month `date` falls in.
    public init(containing date: CalendarDate) {
        firstDay = date.adding(days: 1 - date.day)
    }

    /// The number of days d_M: 28, 29, 30 or 31.
    public var days: Int { CalendarDate.daysInMonth(year: year, month: month) }

    public var lastDay: CalendarDate { firstDay.adding(days: days - 1) }

    /// The first day of the next month: the date of the month's invoices.
    public var dayAfter: CalendarDate { firstDay.adding(months: 1) }

    public var next: BillingMonth { BillingMonth(containing: dayAfter) }
    public var previous: BillingMonth { BillingMonth(containing: firstDay.adding(days: -1)) }

    public func contains(_ date: CalendarDate) -> Bool { firstDay <= date && date <= lastDay }

    /// `YYYY-MM`.
    public var description: String {
        let text = firstDay.description
        return String(text.prefix(text.count - 3))
    }

    public static func < (lhs: BillingMonth, rhs: BillingMonth) -> Bool { lhs.firstDay < rhs.firstDay }

    /// True when `month` may be billed on `runDate`: on or after the first day of the next month
    /// plus `graceDays` (the pipeline's `usageGraceDays`), so that late usage drops still count.
    /// Whether a drop still waits in the inbox is the job's to check, not this.
    public static func isBillable(_ month: BillingMonth, runDate: CalendarDate, graceDays: Int) -> Bool {
        runDate >= month.dayAfter.adding(days: graceDays)
    }
}
