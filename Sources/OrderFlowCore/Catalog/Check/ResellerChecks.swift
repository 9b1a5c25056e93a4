extension CatalogCheck {
    /// Reseller ids, codes and the settings an order needs (terms, invoice numbers, due dates).
    static func checkResellers(_ catalog: Catalog, _ report: inout CatalogReport) {
        var ids = CatalogFirstSeen<String>()
        var prefixes: [String: Reseller] = [:]
        for reseller in catalog.resellers {
            let line = reseller.line
            if let earlier = ids.earlierLine(of: reseller.id, at: line) {
                report.add(
                    "id", line: line,
                    "reseller id '\(reseller.id)' is already used on \(place(earlier)): give each reseller its own id")
            }
            if reseller.id.utf8.count > 100 || !isFileNameSafe(reseller.id, allowDot: true) {
                report.add(
                    "id", line: line,
                    "reseller id '\(reseller.id)' names the reseller's folders: use 1–100 letters, digits, '.', '_' or '-', not starting with '.'")
            }
            if reseller.name.isEmpty {
                report.add("name", line: line, "reseller '\(reseller.id)' has an empty name: give it the name customers see")
            }
            checkCurrency(reseller.currency, field: "currency", line: line, &report)
            checkCountryAndRegion(country: reseller.country, region: nil, element: "reseller", line: line, &report)
            if let vatId = reseller.vatId, !vatId.isEmpty, let prefix = ISO3166.vatPrefix(of: reseller.country),
                !vatId.hasPrefix(prefix)
            {
                report.add(
                    "vatId", line: line,
                    "vatId '\(vatId)' of a reseller in \(reseller.country) must start with the VAT prefix \(prefix)")
            }
            if reseller.timeZone.isEmpty {
                report.add(
                    "timeZone", line: line, "timeZone is empty: give an IANA zone name such as Europe/Berlin, or leave it out for UTC")
            }
            if reseller.termsRequired && (reseller.termsVersion ?? "").isEmpty {
                report.add(
                    "termsVersion", line: line,
                    "reseller '\(reseller.id)' requires terms (termsRequired=\"true\") but has no termsVersion: add the version customers must accept, e.g. termsVersion=\"2026-01\"")
            }
            if reseller.invoicePrefix.isEmpty {
                report.add(
                    "invoicePrefix", line: line,
                    "reseller '\(reseller.id)' has no invoicePrefix: add one (e.g. invoicePrefix=\"ACME\") to number its invoices PREFIX-YEAR-000001")
            } else if reseller.invoicePrefix.utf8.count > 30 || !isFileNameSafe(reseller.invoicePrefix, allowDot: false) {
                report.add(
                    "invoicePrefix", line: line,
                    "invoicePrefix '\(reseller.invoicePrefix)' starts invoice numbers and file names: use 1–30 letters, digits, '_' or '-', starting with a letter or digit")
            } else if let owner = prefixes[asciiLowercased(reseller.invoicePrefix)], owner.id != reseller.id {
                // A printed number names one reseller (StatesAndIds.md); prefixes differing only in case
                // would name one invoice file on a file system that ignores case.
                let shared = owner.invoicePrefix == reseller.invoicePrefix
                    ? "is already used by" : "differs only in case from '\(owner.invoicePrefix)' of"
                report.add(
                    "invoicePrefix", line: line,
                    "invoicePrefix '\(reseller.invoicePrefix)' \(shared) reseller '\(owner.id)' on \(place(owner.line)), so both would print the same invoice numbers: give each reseller its own prefix")
            } else {
                prefixes[asciiLowercased(reseller.invoicePrefix)] = reseller
            }
            if let account = reseller.bankAccount, IBAN.looksLikeOne(account), !IBAN.isValid(account) {
                report.add(
                    "bankAccount", line: line,
                    "bankAccount '\(account)' looks like an IBAN but its check digits do not hold: copy it again from the bank's papers, without spaces")
            }
            if reseller.paymentDueDays < 0 {
                report.add(
                    "paymentDueDays", line: line,
                    "paymentDueDays is \(reseller.paymentDueDays): write the number of days (0 or more) a customer has to pay")
            }
        }
    }

    /// ASCII letters in lower case; an invoice prefix has no other letters.
    static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
