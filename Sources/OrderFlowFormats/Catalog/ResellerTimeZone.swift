import Foundation

/// A reseller's `timeZone` (CatalogFormat.md): an IANA time zone name this system knows.
///
/// Accepted: `UTC`, `GMT`, and names of the form Area/Location (`Europe/Berlin`,
/// `America/Los_Angeles`, `Etc/GMT-9`), as the IANA database writes them (case matters).
/// Refused, although Foundation would read them: abbreviations (`PST`, `CET`, `EST`) and offsets
/// (`GMT+5`). They name a fixed offset that does not follow daylight saving time, so a reseller
/// on the US west coast who writes `PST` would have its run's date turn an hour late all summer;
/// `GMT+5` even means the opposite of the IANA `Etc/GMT+5`.
public enum ResellerTimeZone {
    /// The zone `identifier` names, or nil when it is not one a catalog may use.
    public static func resolve(_ identifier: String) -> TimeZone? {
        guard identifier == "UTC" || identifier == "GMT" || identifier.contains("/") else { return nil }
        return TimeZone(identifier: identifier)
    }
}
