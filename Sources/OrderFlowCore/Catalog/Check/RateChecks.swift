extension CatalogCheck {
    /// The EN 16931 VAT category codes (UNTDID 5305 subset) a tax rule may carry.
    static let vatCategories: Set<String> = ["S", "Z", "E", "AE", "K", "G", "O", "L", "M"]

    static func checkExchangeRates(_ catalog: Catalog, _ report: inout CatalogReport) {
        var seen = CatalogFirstSeen<String>()
        for rate in catalog.exchangeRates {
            let line = rate.line
            checkCurrency(rate.from, field: "from", line: line, &report)
            checkCurrency(rate.to, field: "to", line: line, &report)
            if rate.from == rate.to {
                report.add(
                    "to", line: line,
                    "an exchange rate from \(rate.from) to itself is always 1: remove this exchangeRate")
            }
            if rate.rate.units <= 0 {
                report.add(
                    "rate", line: line,
                    "rate \(rate.rate.text) is not above 0: write how many \(rate.to) one \(rate.from) is worth, e.g. rate=\"0.9215\"")
            }
            if let earlier = seen.earlierLine(of: "\(rate.from)>\(rate.to)@\(rate.effective)", at: line) {
                report.add(
                    "effective", line: line,
                    "a rate from \(rate.from) to \(rate.to) effective \(rate.effective) is already given on \(place(earlier)): keep one of them")
            }
        }
    }

    static func checkTaxes(_ catalog: Catalog, _ report: inout CatalogReport) {
        let resellerIds = Set(catalog.resellers.map(\.id))
        for (index, tax) in catalog.taxes.enumerated() {
            let line = tax.line
            checkCountryAndRegion(country: tax.country, region: tax.region, element: "tax", line: line, &report)
            if tax.name.isEmpty {
                report.add("name", line: line, "the tax has an empty name: name it as invoices show it (VAT, GST, …)")
            }
            let one = ExactDivision.pow10(tax.rate.scale)
            if tax.rate.units < 0 {
                report.add("rate", line: line, "tax rate \(tax.rate.text) is negative: write a fraction between 0 and 1 (0.19 for 19 %)")
            } else if Int128(tax.rate.units) > one {
                report.add(
                    "rate", line: line,
                    "tax rate \(tax.rate.text) is above 1: rates are fractions, write 19 % as 0.19")
            }
            if !vatCategories.contains(tax.category) {
                report.add(
                    "category", line: line,
                    "category '\(tax.category)' is not an EN 16931 VAT category: use S (standard), Z, E, AE, K, G, O, L or M")
            }
            for reseller in tax.resellers ?? [] where !resellerIds.contains(reseller) {
                report.add(
                    "resellers", line: line,
                    "resellers names '\(reseller)', which is not a reseller of this catalog, so no order is taxed by this rule for it: check the id, or add the <reseller>",
                    severity: .note)
            }
            // Two rules of the same name for the same place, charged by a common reseller: which applies?
            for earlier in catalog.taxes[..<index]
            where earlier.country == tax.country && earlier.region == tax.region && earlier.name == tax.name {
                let shared: String?
                switch (earlier.resellers, tax.resellers) {
                case (nil, nil): shared = "every reseller"
                case (nil, let list?), (let list?, nil): shared = list.first.map { "reseller '\($0)'" }
                case (let a?, let b?): shared = b.first { a.contains($0) }.map { "reseller '\($0)'" }
                }
                if let shared {
                    report.add(
                        "name", line: line,
                        "tax '\(tax.name)' for \(tax.country)\(tax.region.map { "-\($0)" } ?? "") is already charged by \(shared) on \(place(earlier.line)): keep one rule, or split them with resellers")
                    break
                }
            }
        }
    }

    static func checkForbiddenRegions(_ catalog: Catalog, _ report: inout CatalogReport) {
        var seen = CatalogFirstSeen<String>()
        for forbidden in catalog.forbiddenRegions {
            let line = forbidden.line
            checkCountryAndRegion(
                country: forbidden.country, region: forbidden.region, element: "forbiddenRegion", line: line, &report)
            let key = "\(forbidden.country)-\(forbidden.region ?? "")"
            if let earlier = seen.earlierLine(of: key, at: line) {
                report.add(
                    forbidden.region == nil ? "country" : "region", line: line,
                    "this forbiddenRegion repeats the one on \(place(earlier)): remove one of them")
            }
        }
    }

    static func checkPromos(_ catalog: Catalog, _ report: inout CatalogReport) {
        var codes = CatalogFirstSeen<String>()
        var planIds = Set<String>()
        for product in catalog.products { for plan in product.plans { planIds.insert(plan.id) } }
        for promo in catalog.promos {
            let line = promo.line
            if let earlier = codes.earlierLine(of: promo.code, at: line) {
                report.add(
                    "code", line: line,
                    "promo code '\(promo.code)' is already used on \(place(earlier)): give each promo its own code")
            }
            switch promo.discount {
            case .percent(let percent):
                let hundred = 100 * ExactDivision.pow10(percent.scale)
                if percent.units < 0 {
                    report.add("percent", line: line, "percent \(percent.text) is negative: write a percentage from 0 to 100")
                } else if Int128(percent.units) > hundred {
                    report.add(
                        "percent", line: line,
                        "percent \(percent.text) is above 100: a discount cannot exceed the price, write a percentage from 0 to 100")
                }
            case .amount(let amount, let currency):
                checkNotNegative(amount, field: "amount", line: line, &report)
                if let currency { checkCurrency(currency, field: "currency", line: line, &report) }
            }
            if let from = promo.validFrom, let to = promo.validTo, from > to {
                report.add(
                    "validTo", line: line,
                    "validTo \(to) is before validFrom \(from): the promo could never be used, swap or correct the dates")
            }
            for plan in promo.plans ?? [] where !planIds.contains(plan) {
                report.add(
                    "plans", line: line,
                    "promo '\(promo.code)' names plan '\(plan)', which no product has: use a plan id from this catalog")
            }
            if let maxUses = promo.maxUses, maxUses < 0 {
                report.add("maxUses", line: line, "maxUses is \(maxUses): write how many orders may use the promo (0 or more)")
            }
        }
    }

    /// A rate (any effective date) from every plan's currency to every reseller's currency.
    static func checkRateCoverage(_ catalog: Catalog, _ report: inout CatalogReport) {
        var rates = Set<String>()
        for rate in catalog.exchangeRates { rates.insert("\(rate.from)>\(rate.to)") }
        for product in catalog.products {
            for plan in product.plans where isKnownCurrency(plan.currency.code) {
                var reported = Set<String>()
                for reseller in catalog.resellers where isKnownCurrency(reseller.currency.code) {
                    let from = plan.currency.code
                    let to = reseller.currency.code
                    guard from != to, !rates.contains("\(from)>\(to)"), reported.insert(to).inserted else { continue }
                    report.add(
                        "currency", line: plan.line,
                        "plan '\(plan.id)' is priced in \(from) but reseller '\(reseller.id)' bills in \(to) and there is no exchange rate from \(from) to \(to): add <exchangeRate from=\"\(from)\" to=\"\(to)\" rate=\"…\" effective=\"…\"/>")
                }
            }
        }
    }
}
