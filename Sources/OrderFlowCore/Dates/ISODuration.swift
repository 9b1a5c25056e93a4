/// An ISO 8601 duration of whole calendar units: `P1M`, `P1Y6M`, `P30D`, `P2W`.
///
/// Periods that are not trials last whole months or years; day and week durations are for
/// trials only (CatalogFormat.md). Times (`PT…`) are never a subscription period and do not parse.
public struct ISODuration: Sendable, Hashable, Codable, CustomStringConvertible {
    public var years: Int
    public var months: Int
    public var weeks: Int
    public var days: Int

    public init(years: Int = 0, months: Int = 0, weeks: Int = 0, days: Int = 0) {
        self.years = years
        self.months = months
        self.weeks = weeks
        self.days = days
    }

    public init?(iso text: String) {
        var bytes = text.utf8.makeIterator()
        guard bytes.next() == UInt8(ascii: "P") else { return nil }
        var value: Int? = nil
        var result = ISODuration()
        var lastUnit = 0  // Y=1, M=2, W=3, D=4: units must come in that order, once each
        var any = false
        while let byte = bytes.next() {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                let next = (value ?? 0) * 10 + Int(byte - UInt8(ascii: "0"))
                guard next <= 100_000 else { return nil }
                value = next
                continue
            }
            guard let number = value else { return nil }
            let unit: Int
            switch byte {
            case UInt8(ascii: "Y"): unit = 1; result.years = number
            case UInt8(ascii: "M"): unit = 2; result.months = number
            case UInt8(ascii: "W"): unit = 3; result.weeks = number
            case UInt8(ascii: "D"): unit = 4; result.days = number
            default: return nil
            }
            guard unit > lastUnit else { return nil }
            lastUnit = unit
            value = nil
            any = true
        }
        guard any, value == nil, result.totalMonths > 0 || result.days > 0 || result.weeks > 0 else { return nil }
        self = result
    }

    /// `12 × years + months` (Pricing.md, step 1: P1M = 1, P1Y = 12, P3M = 3).
    public var totalMonths: Int { years * 12 + months }

    /// True when the duration is whole months or years only (what a paid period must be).
    public var isWholeMonths: Bool { weeks == 0 && days == 0 && totalMonths > 0 }

    /// The end of a period that starts on `start` (exclusive): months are added first, with
    /// the end-of-month rule, then weeks and days.
    public func end(from start: CalendarDate) -> CalendarDate {
        start.adding(months: totalMonths).adding(days: weeks * 7 + days)
    }

    public var description: String {
        var text = "P"
        if years > 0 { text += "\(years)Y" }
        if months > 0 { text += "\(months)M" }
        if weeks > 0 { text += "\(weeks)W" }
        if days > 0 { text += "\(days)D" }
        return text
    }
}
