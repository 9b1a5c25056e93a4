import Foundation
import OrderFlowCore

/// A date a bank wrote: an ISO date (`2016-04-30`, camt `Dt`) or an ISO date-time
/// (`2010-10-18T13:15:00+01:00`, camt `DtTm`), kept as written until a time zone turns it into a
/// day (``day(in:)``): a job takes a bank's date-times in the reseller's time zone.
public struct BankDate: Sendable, Hashable {
    /// The calendar day as written (the date part of a date-time).
    public var date: CalendarDate
    /// For a date-time: seconds since the start of ``date`` (fractions dropped).
    public var secondsIntoDay: Int?
    /// For a date-time with `Z` or `±hh:mm`: its offset from UTC in seconds; nil for a local time.
    public var utcOffsetSeconds: Int?

    public init(date: CalendarDate, secondsIntoDay: Int? = nil, utcOffsetSeconds: Int? = nil) {
        self.date = date
        self.secondsIntoDay = secondsIntoDay
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Parses `YYYY-MM-DD` (an optional `Z` or `±hh:mm` after it is allowed and ignored, as
    /// `xs:date` allows) or `YYYY-MM-DDThh:mm[:ss[.fff…]][Z|±hh:mm]`; nil for anything else,
    /// a day that does not exist or a time past 24:00.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, let date = CalendarDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)) else {
            return nil
        }
        var index = 10
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }
        func take(_ ascii: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: ascii) else { return false }
            index += 1
            return true
        }
        /// `Z` or `±hh:mm` at `index`, to the end; nil when something else follows.
        func offset() -> Int?? {
            if index == bytes.count { return .some(nil) }
            if take("Z") { return index == bytes.count ? .some(0) : nil }
            let sign: Int
            if take("+") { sign = 1 } else if take("-") { sign = -1 } else { return nil }
            guard let hours = digits(2), take(":"), let minutes = digits(2), index == bytes.count, hours <= 14,
                minutes < 60
            else { return nil }
            return .some(sign * (hours * 3600 + minutes * 60))
        }
        if !take("T") {
            guard offset() != nil else { return nil }
            self.init(date: date)
            return
        }
        guard let hours = digits(2), take(":"), let minutes = digits(2) else { return nil }
        var seconds = 0
        if take(":") {
            guard let value = digits(2) else { return nil }
            seconds = value
            if take(".") {
                let start = index
                while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                    index += 1
                }
                guard index > start else { return nil }
            }
        }
        guard minutes < 60, seconds < 60, hours < 24 || (hours == 24 && minutes == 0 && seconds == 0),
            let zone = offset()
        else { return nil }
        self.init(date: date, secondsIntoDay: hours * 3600 + minutes * 60 + seconds, utcOffsetSeconds: zone)
    }

    /// The day this is in `timeZone`: a date as written; a date-time with an offset moved to
    /// `timeZone`; a local date-time (no offset) taken as the bank's local day, as written.
    public func day(in timeZone: TimeZone) -> CalendarDate {
        guard let secondsIntoDay, let utcOffsetSeconds else { return date }
        let instant = date.dayNumber * 86_400 + secondsIntoDay - utcOffsetSeconds
        let local = instant + timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
        let (quotient, remainder) = local.quotientAndRemainder(dividingBy: 86_400)
        return CalendarDate(dayNumber: remainder < 0 ? quotient - 1 : quotient)
    }
}
