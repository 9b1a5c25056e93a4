/// Every catalog problem an XSD cannot see (CatalogFormat.md, `orderflow catalog check`).
///
/// Pure: takes a ``Catalog`` value and returns diagnostics, sorted by line (problems on the same
/// line keep the order they were found in). Each problem is reported once, as an error (one note aside, below), with code
/// `CATALOG_INVALID`, the catalog line of the element it is about, `field` = the attribute
/// (or, for a missing child element, the element) to change, and a message that says how to fix it.
///
/// Decisions this check makes where CatalogFormat.md leaves room:
/// - Fees (`fee`, `setupFee`, a resource's `setupFee`) are judged by value: a fee of 0 charges
///   nothing, so `fee="0"` on a trial or a pay-as-you-go plan is accepted; any other value is a problem.
///   A pay-as-you-go resource's `recurringFee` is its price per unit consumed and stays allowed.
/// - A pay-as-you-go plan whose `paymentModels` allow prepay (absent = both) needs `topUp`,
///   because Pricing.md, step 6 cannot price its prepay order without one. A `topUp` on a plan that is
///   not pay-as-you-go is never used and is reported too.
/// - Exchange rates: every plan needs a rate (any effective date) from its currency to every
///   reseller's currency; SaaS orders may pick another billing currency, but the catalog cannot
///   know which, so nothing more is required for SaaS plans.
/// - A tax whose `resellers` names a reseller the catalog lacks is a *note*, not an error: a catalog
///   may list a reseller's taxes before the reseller itself (the example catalog
///   `Fixtures/catalog/tests/spec-example.xml` does), but a typo there would silently leave a
///   reseller's orders untaxed, so it is shown.
/// - A reseller always needs an `invoicePrefix` (prepay invoices and the postpaid billing run both
///   number invoices with it), and `termsVersion` when `termsRequired`. No two resellers share a
///   prefix, compared without regard to ASCII case (StatesAndIds.md: a printed number names one
///   reseller, and `invoices/<number>.xml` must stay one file on a file system that ignores case).
/// - Amounts: no order within the resources' limits may come to more than `Int64` minor units
///   (`checkAmountsFit`); a resource without `max` is judged per request instead.
public enum CatalogCheck {
    public static func problems(in catalog: Catalog) -> [Diagnostic] {
        var report = CatalogReport()
        checkResellers(catalog, &report)
        checkExchangeRates(catalog, &report)
        checkTaxes(catalog, &report)
        checkForbiddenRegions(catalog, &report)
        checkPromos(catalog, &report)
        checkProducts(catalog, &report)
        checkRateCoverage(catalog, &report)
        checkAmountsFit(catalog, &report)
        return report.sorted()
    }
}

/// The problems found so far.
struct CatalogReport {
    private(set) var diagnostics: [Diagnostic] = []

    mutating func add(_ field: String, line: Int, _ message: String, severity: Diagnostic.Severity = .error) {
        diagnostics.append(
            Diagnostic(.catalogInvalid, field: field, message, at: SourceLocation(line: line), severity: severity))
    }

    /// By line; problems on one line keep the order they were found in.
    func sorted() -> [Diagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            lhs.element.location.line != rhs.element.location.line
                ? lhs.element.location.line < rhs.element.location.line : lhs.offset < rhs.offset
        }.map(\.element)
    }
}

/// Remembers the first line of each key, to report later ones as duplicates.
struct CatalogFirstSeen<Key: Hashable> {
    private var lines: [Key: Int] = [:]

    /// The line where `key` was first seen, or nil (and `key` is remembered at `line`).
    mutating func earlierLine(of key: Key, at line: Int) -> Int? {
        if let earlier = lines[key] { return earlier }
        lines[key] = line
        return nil
    }
}

extension CatalogCheck {
    /// `line N` or, for values built in code without a line, `an earlier element`.
    static func place(_ line: Int) -> String { line > 0 ? "line \(line)" : "an earlier element" }

    static func isKnownCurrency(_ code: String) -> Bool { ISO4217.minorUnits(of: code) != nil }

    static func checkCurrency(_ code: String, field: String, line: Int, _ report: inout CatalogReport) {
        if !isKnownCurrency(code) {
            report.add(
                field, line: line,
                "\(field) '\(code)' is not an ISO 4217 currency code: use a three-letter code such as EUR, USD or JPY")
        }
    }

    static func checkCurrency(_ currency: Currency, field: String, line: Int, _ report: inout CatalogReport) {
        guard let minorUnits = ISO4217.minorUnits(of: currency.code) else {
            checkCurrency(currency.code, field: field, line: line, &report)
            return
        }
        if minorUnits != currency.minorUnits {
            report.add(
                field, line: line,
                "\(field) '\(currency.code)' has \(minorUnits) minor units in ISO 4217, not \(currency.minorUnits)")
        }
    }

    /// Country known; region (when given) a subdivision of it.
    static func checkCountryAndRegion(
        country: String, region: String?, element: String, line: Int, _ report: inout CatalogReport
    ) {
        guard ISO3166.isCountry(country) else {
            report.add(
                "country", line: line,
                "\(element) country '\(country)' is not an ISO 3166-1 alpha-2 country code: use a code such as DE, FR or CA")
            return
        }
        if let region, !ISO3166.isSubdivision(region, of: country) {
            report.add(
                "region", line: line,
                "\(element) region '\(region)' is not an ISO 3166-2 subdivision of \(country): write the ISO 3166-2 code without its '\(country)-' prefix (CA-QC is written QC), or leave region out for the whole country")
        }
    }

    static func checkNotNegative(_ value: ScaledDecimal?, field: String, line: Int, _ report: inout CatalogReport) {
        if let value, value.units < 0 {
            report.add(field, line: line, "\(field) \(value.text) is negative: write an amount of 0 or more")
        }
    }

    /// True for characters that are safe in a folder or file name: letters, digits, `.`, `_`, `-`.
    static func isFileNameSafe(_ text: String, allowDot: Bool) -> Bool {
        guard let first = text.utf8.first, first != UInt8(ascii: ".") else { return false }
        return text.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-") || (allowDot && byte == UInt8(ascii: "."))
        }
    }
}
