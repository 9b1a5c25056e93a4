import Foundation
import OrderFlowCore

/// The run's date when `--as-of` is not given: today in the reseller's time zone (Operations.md).
public enum RunDate {
    public static func today(in timeZoneIdentifier: String, now: Date = Date()) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZoneIdentifier) ?? TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
