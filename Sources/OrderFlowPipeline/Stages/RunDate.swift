import Foundation
import OrderFlowCore
import OrderFlowFormats

/// The run's date when `--as-of` is not given: today in the reseller's time zone, at the time the
/// injected clock reads (PipelineFiles.md, the run's date).
public enum RunDate {
    /// A reseller whose `timeZone` names no zone: never judged as of UTC instead. A catalog that
    /// loads cannot have one (catalog check refuses it); this guards reseller values built in code.
    public struct UnknownTimeZone: Error, Sendable, CustomStringConvertible {
        public var reseller: String
        public var timeZone: String
        public var description: String {
            "reseller \(reseller): timeZone '\(timeZone)' is not an IANA time zone name this system knows; "
                + "fix the catalog (orderflow catalog check)"
        }
    }

    /// Today in `timeZone` when the clock reads `now` (its offset then, daylight saving included).
    public static func today(in timeZone: TimeZone, now: WallClock = .system) -> CalendarDate {
        let milliseconds = now.milliseconds
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let local = Int(seconds) + timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return CalendarDate(dayNumber: days)
    }

    /// Today in the reseller's time zone.
    public static func today(for reseller: Reseller, now: WallClock = .system) throws(UnknownTimeZone) -> CalendarDate {
        guard let zone = ResellerTimeZone.resolve(reseller.timeZone) else {
            throw UnknownTimeZone(reseller: reseller.id, timeZone: reseller.timeZone)
        }
        return today(in: zone, now: now)
    }
}
