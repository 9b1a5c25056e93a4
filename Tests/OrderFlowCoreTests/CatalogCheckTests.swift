import Testing
@testable import OrderFlowCore

/// Every problem `CatalogCheck` knows, each made once on an otherwise clean catalog built in code.
@Suite struct CatalogCheckTests {
    // MARK: - A clean catalog (lines as if it were a file)

    static func fee(_ text: String) -> ScaledDecimal { ScaledDecimal.parse(text, scale: ScaledDecimal.Scale.fee)! }
    static func rate(_ text: String) -> ScaledDecimal { ScaledDecimal.parse(text, scale: ScaledDecimal.Scale.rate)! }
    static func percent(_ text: String) -> ScaledDecimal {
        ScaledDecimal.parse(text, scale: ScaledDecimal.Scale.percent)!
    }
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
    static let eur = Currency(code: "EUR")!
    static let usd = Currency(code: "USD")!
    static let cad = Currency(code: "CAD")!
    static let unknown = Currency(code: "QQQ", minorUnits: 2)

    struct Parts {
        var resellers: [Reseller]
        var rates: [ExchangeRate]
        var taxes: [TaxRule]
        var forbidden: [ForbiddenRegion]
        var promos: [Promo]
        var products: [Product]

        var catalog: Catalog {
            Catalog(
                resellers: resellers, exchangeRates: rates, taxes: taxes, forbiddenRegions: forbidden, promos: promos,
                products: products)
        }
    }

    static func clean() -> Parts {
        Parts(
            resellers: [
                Reseller(
                    id: "R-ACME", name: "Acme Cloud GmbH", currency: eur, country: "DE", vatId: "DE811907980",
                    timeZone: "Europe/Berlin", termsRequired: true, termsVersion: "2026-01", invoicePrefix: "ACME",
                    line: 2),
                Reseller(
                    id: "R-MAPLE", name: "Maple Cloud Inc.", currency: cad, country: "CA", invoicePrefix: "MAPLE",
                    line: 3),
            ],
            rates: [
                ExchangeRate(from: "USD", to: "EUR", rate: rate("0.9215"), effective: date("2026-11-01"), line: 4),
                ExchangeRate(from: "USD", to: "CAD", rate: rate("1.38"), effective: date("2026-11-01"), line: 5),
                ExchangeRate(from: "EUR", to: "CAD", rate: rate("1.5"), effective: date("2026-11-01"), line: 6),
            ],
            taxes: [
                TaxRule(country: "DE", name: "VAT", rate: rate("0.19"), line: 7),
                TaxRule(country: "CA", region: "QC", name: "QST", rate: rate("0.09975"), resellers: ["R-MAPLE"], line: 8),
            ],
            forbidden: [ForbiddenRegion(country: "UA", region: "43", line: 9)],
            promos: [
                Promo(
                    code: "WELCOME10", discount: .percent(percent("10")), appliesTo: .recurring,
                    validFrom: date("2026-01-01"), validTo: date("2026-12-31"), plans: ["PLN-MAIL-STD"], maxUses: 1000,
                    line: 10),
                Promo(code: "FIVEOFF", discount: .amount(fee("5.00"), currency: "EUR"), line: 11),
            ],
            products: [
                Product(
                    id: "PRD-MAIL", name: "Hosted Mail", service: .saas, requiresDomain: true, cancellationWindowDays: 14,
                    dataLocations: ["eu-central", "us-east"],
                    plans: [
                        Plan(
                            id: "PLN-MAIL-STD", name: "Mail Standard", productId: "PRD-MAIL", currency: usd,
                            accountTypes: ["company", "individual"], paymentModels: [.prepay, .postpay],
                            blockingThreshold: fee("500"),
                            periods: [
                                Period(id: "1M", duration: ISODuration(months: 1), fee: fee("10"), line: 14),
                                Period(
                                    id: "1Y", duration: ISODuration(years: 1), fee: fee("100"), setupFee: fee("20"),
                                    line: 15),
                                Period(
                                    id: "TRIAL30", duration: ISODuration(days: 30), trial: true, registration: .short,
                                    line: 16),
                            ],
                            resources: [
                                Resource(
                                    id: "MAILBOX", name: "Mailbox", included: 5, min: 5, max: 500, setupFee: fee("1"),
                                    recurringFee: fee("2"), line: 17),
                                Resource(
                                    id: "STORAGE", name: "Storage", unit: "GB", included: 10, min: 0, max: 1000,
                                    recurringFee: fee("0.10"), line: 18),
                            ],
                            line: 13)
                    ],
                    line: 12),
                Product(
                    id: "PRD-VM", name: "Virtual Machines", service: .cloud, manualApproval: true,
                    plans: [
                        Plan(
                            id: "PLN-VM-PAYG", name: "VM pay as you go", productId: "PRD-VM", currency: eur,
                            billing: .payg, topUp: .fixed(fee("50")),
                            periods: [Period(id: "1M", duration: ISODuration(months: 1), line: 21)],
                            resources: [
                                Resource(
                                    id: "CPU", name: "vCPU", max: 64, recurringFee: fee("5"), parameters: ["hostname"],
                                    line: 22)
                            ],
                            line: 20)
                    ],
                    line: 19),
            ])
    }

    /// The problems of the clean catalog after `change`.
    static func problems(_ change: (inout Parts) -> Void) -> [Diagnostic] {
        var parts = clean()
        change(&parts)
        return CatalogCheck.problems(in: parts.catalog)
    }

    /// Expects exactly one problem, an error of code CATALOG_INVALID on `field` at `line`.
    static func expectOne(
        field: String, line: Int, mentioning text: String? = nil, sourceLocation: SourceLocation_ = #_sourceLocation,
        _ change: (inout Parts) -> Void
    ) {
        let found = problems(change)
        #expect(found.count == 1, "\(found.map { $0.formatted(file: "catalog.xml") })", sourceLocation: sourceLocation)
        guard let problem = found.first else { return }
        #expect(problem.code == .catalogInvalid, sourceLocation: sourceLocation)
        #expect(problem.severity == .error, sourceLocation: sourceLocation)
        #expect(problem.field == field, sourceLocation: sourceLocation)
        #expect(problem.location.line == line, sourceLocation: sourceLocation)
        #expect(!problem.message.isEmpty, sourceLocation: sourceLocation)
        if let text {
            #expect(problem.message.contains(text), "\(problem.message)", sourceLocation: sourceLocation)
        }
    }

    typealias SourceLocation_ = Testing.SourceLocation

    // MARK: - Tests

    @Test func cleanCatalogHasNoProblem() {
        #expect(CatalogCheck.problems(in: Self.clean().catalog).isEmpty)
        #expect(CatalogCheck.problems(in: Catalog()).isEmpty)
    }

    @Test func feesOnTrials() {
        Self.expectOne(field: "fee", line: 16, mentioning: "trials are free") { $0.products[0].plans[0].periods[2].fee = Self.fee("5") }
        Self.expectOne(field: "setupFee", line: 16) { $0.products[0].plans[0].periods[2].setupFee = Self.fee("1") }
        // A fee of 0 charges nothing.
        #expect(Self.problems { $0.products[0].plans[0].periods[2].fee = Self.fee("0") }.isEmpty)
    }

    @Test func feesOnPayAsYouGoPlans() {
        Self.expectOne(field: "fee", line: 21, mentioning: "pay-as-you-go") { $0.products[1].plans[0].periods[0].fee = Self.fee("9") }
        Self.expectOne(field: "setupFee", line: 21) { $0.products[1].plans[0].periods[0].setupFee = Self.fee("9") }
        Self.expectOne(field: "setupFee", line: 22) { $0.products[1].plans[0].resources[0].setupFee = Self.fee("9") }
    }

    @Test func payAsYouGoTopUp() {
        Self.expectOne(field: "topUp", line: 20, mentioning: "allows prepay") { $0.products[1].plans[0].topUp = nil }
        Self.expectOne(field: "topUp", line: 20) {
            $0.products[1].plans[0].topUp = nil
            $0.products[1].plans[0].paymentModels = [.prepay]
        }
        // Postpay only: no top-up needed.
        #expect(
            Self.problems {
                $0.products[1].plans[0].topUp = nil
                $0.products[1].plans[0].paymentModels = [.postpay]
            }.isEmpty)
        #expect(Self.problems { $0.products[1].plans[0].topUp = .resources }.isEmpty)
        Self.expectOne(field: "topUp", line: 13, mentioning: "only to pay-as-you-go") { $0.products[0].plans[0].topUp = .resources }
    }

    @Test func resourceLimits() {
        Self.expectOne(field: "min", line: 17, mentioning: "above max") { $0.products[0].plans[0].resources[0].min = 600 }
        Self.expectOne(field: "included", line: 18, mentioning: "more than max") {
            $0.products[0].plans[0].resources[1].included = 2000
        }
        // included below min is allowed (an order must raise it).
        #expect(Self.problems { $0.products[0].plans[0].resources[0].included = 0 }.isEmpty)
    }

    @Test func negativeLimitsAreEachReported() {
        let found = Self.problems { $0.products[0].plans[0].resources[1].included = -1 }
        #expect(found.map(\.field) == ["included"])
    }

    @Test func promoForAnUnknownPlan() {
        Self.expectOne(field: "plans", line: 10, mentioning: "PLN-NOPE") { $0.promos[0].plans = ["PLN-MAIL-STD", "PLN-NOPE"] }
    }

    @Test func unknownCurrencies() {
        Self.expectOne(field: "currency", line: 2, mentioning: "ISO 4217") { $0.resellers[0].currency = Self.unknown }
        Self.expectOne(field: "currency", line: 13) { $0.products[0].plans[0].currency = Self.unknown }
        Self.expectOne(field: "currency", line: 11) { $0.promos[1].discount = .amount(Self.fee("5"), currency: "QQQ") }
        Self.expectOne(field: "from", line: 30) {
            $0.rates.append(ExchangeRate(from: "QQQ", to: "EUR", rate: Self.rate("2"), effective: Self.date("2026-01-01"), line: 30))
        }
        Self.expectOne(field: "to", line: 30) {
            $0.rates.append(ExchangeRate(from: "EUR", to: "QQQ", rate: Self.rate("2"), effective: Self.date("2026-01-01"), line: 30))
        }
        Self.expectOne(field: "currency", line: 2, mentioning: "minor units") {
            $0.resellers[0].currency = Currency(code: "EUR", minorUnits: 3)
        }
    }

    @Test func unknownCountriesAndRegions() {
        Self.expectOne(field: "country", line: 3, mentioning: "ISO 3166-1") { $0.resellers[1].country = "ZZ" }
        Self.expectOne(field: "country", line: 7) { $0.taxes[0].country = "ZZ" }
        Self.expectOne(field: "region", line: 8, mentioning: "ISO 3166-2") { $0.taxes[1].region = "XX" }
        Self.expectOne(field: "country", line: 9) { $0.forbidden[0].country = "ZZ" }
        Self.expectOne(field: "region", line: 9) { $0.forbidden[0].region = "UA-43" }
        #expect(Self.problems { $0.forbidden.append(ForbiddenRegion(country: "KP", line: 30)) }.isEmpty)
    }

    @Test func missingExchangeRate() {
        Self.expectOne(field: "currency", line: 13, mentioning: "no exchange rate from USD to CAD") {
            $0.rates.remove(at: 1)
        }
        // Only the direction plan → reseller counts; the reverse is not implied.
        Self.expectOne(field: "currency", line: 13) {
            $0.rates[1] = ExchangeRate(from: "CAD", to: "USD", rate: Self.rate("0.72"), effective: Self.date("2026-11-01"), line: 5)
        }
        // Two resellers with one currency: reported once.
        Self.expectOne(field: "currency", line: 13) {
            $0.rates.remove(at: 1)
            $0.resellers.append(
                Reseller(id: "R-MAPLE2", name: "Maple 2", currency: Self.cad, country: "CA", invoicePrefix: "M2", line: 30))
        }
        // A plan in the reseller's own currency needs no rate.
        #expect(Self.problems { $0.rates.remove(at: 2); $0.resellers.remove(at: 1); $0.taxes.remove(at: 1) }.isEmpty)
    }

    @Test func duplicateIds() {
        Self.expectOne(field: "id", line: 30, mentioning: "line 3") {
            var copy = $0.resellers[1]
            copy.line = 30
            $0.resellers.append(copy)
        }
        Self.expectOne(field: "id", line: 19, mentioning: "line 12") { $0.products[1].id = "PRD-MAIL" }
        Self.expectOne(field: "id", line: 20, mentioning: "platform-wide") { $0.products[1].plans[0].id = "PLN-MAIL-STD" }
        Self.expectOne(field: "id", line: 15, mentioning: "line 14") { $0.products[0].plans[0].periods[1].id = "1M" }
        Self.expectOne(field: "id", line: 18, mentioning: "line 17") { $0.products[0].plans[0].resources[1].id = "MAILBOX" }
        Self.expectOne(field: "code", line: 11, mentioning: "line 10") { $0.promos[1].code = "WELCOME10" }
        // Period ids repeat freely across plans (both plans have 1M).
        #expect(Self.problems { _ in }.isEmpty)
    }

    @Test func periodDurations() {
        Self.expectOne(field: "duration", line: 14, mentioning: "whole months or years") {
            $0.products[0].plans[0].periods[0].duration = ISODuration(days: 30)
        }
        Self.expectOne(field: "duration", line: 15) {
            $0.products[0].plans[0].periods[1].duration = ISODuration(years: 1, weeks: 2)
        }
        Self.expectOne(field: "duration", line: 16, mentioning: "no length") {
            $0.products[0].plans[0].periods[2].duration = ISODuration()
        }
        #expect(Self.problems { $0.products[0].plans[0].periods[1].duration = ISODuration(years: 1, months: 6) }.isEmpty)
    }

    @Test func shortRegistrationOnlyOnTrials() {
        Self.expectOne(field: "registration", line: 14, mentioning: "only trials") {
            $0.products[0].plans[0].periods[0].registration = .short
        }
    }

    @Test func promoValues() {
        Self.expectOne(field: "percent", line: 10, mentioning: "above 100") { $0.promos[0].discount = .percent(Self.percent("100.5")) }
        #expect(Self.problems { $0.promos[0].discount = .percent(Self.percent("100")) }.isEmpty)
        Self.expectOne(field: "validTo", line: 10, mentioning: "before validFrom") {
            $0.promos[0].validTo = Self.date("2025-12-31")
        }
        Self.expectOne(field: "maxUses", line: 11) { $0.promos[1].maxUses = -1 }
        Self.expectOne(field: "amount", line: 11) {
            $0.promos[1].discount = .amount(ScaledDecimal(units: -1, scale: 4), currency: nil)
        }
    }

    @Test func resellerSettings() {
        Self.expectOne(field: "termsVersion", line: 2, mentioning: "termsRequired") { $0.resellers[0].termsVersion = nil }
        Self.expectOne(field: "termsVersion", line: 2) { $0.resellers[0].termsVersion = "" }
        #expect(Self.problems { $0.resellers[0].termsVersion = nil; $0.resellers[0].termsRequired = false }.isEmpty)
        Self.expectOne(field: "invoicePrefix", line: 2, mentioning: "no invoicePrefix") { $0.resellers[0].invoicePrefix = "" }
        Self.expectOne(field: "invoicePrefix", line: 2) { $0.resellers[0].invoicePrefix = "A/B" }
        Self.expectOne(field: "paymentDueDays", line: 2) { $0.resellers[0].paymentDueDays = -1 }
        Self.expectOne(field: "vatId", line: 2, mentioning: "VAT prefix DE") { $0.resellers[0].vatId = "FR811907980" }
        Self.expectOne(field: "id", line: 2, mentioning: "folders") { $0.resellers[0].id = "../acme" }
        Self.expectOne(field: "id", line: 2) { $0.resellers[0].id = "a/b" }
        Self.expectOne(field: "timeZone", line: 3) { $0.resellers[1].timeZone = "" }
        Self.expectOne(field: "name", line: 3) { $0.resellers[1].name = "" }
    }

    /// A printed invoice number names one reseller (StatesAndIds.md): no two resellers share a
    /// prefix, nor prefixes that differ only in case (`invoices/<number>.xml` on a file system that
    /// ignores case would be one file).
    @Test func invoicePrefixesAreNotShared() {
        Self.expectOne(field: "invoicePrefix", line: 3, mentioning: "R-ACME") { $0.resellers[1].invoicePrefix = "ACME" }
        Self.expectOne(field: "invoicePrefix", line: 3, mentioning: "line 2") { $0.resellers[1].invoicePrefix = "acme" }
        #expect(Self.problems { $0.resellers[1].invoicePrefix = "ACME2" }.isEmpty)
    }

    @Test func greekVatIdsStartWithEL() {
        #expect(
            Self.problems {
                $0.resellers[1].country = "GR"
                $0.resellers[1].vatId = "EL094259216"
                $0.taxes[1].resellers = nil
            }.isEmpty)
    }

    @Test func exchangeRateValues() {
        Self.expectOne(field: "to", line: 30, mentioning: "to itself") {
            $0.rates.append(ExchangeRate(from: "EUR", to: "EUR", rate: Self.rate("1"), effective: Self.date("2026-01-01"), line: 30))
        }
        Self.expectOne(field: "rate", line: 4, mentioning: "not above 0") { $0.rates[0].rate = Self.rate("0") }
        Self.expectOne(field: "effective", line: 30, mentioning: "line 4") {
            var copy = $0.rates[0]
            copy.line = 30
            $0.rates.append(copy)
        }
        // Another effective date of the same pair is what rate history is.
        #expect(
            Self.problems {
                $0.rates.append(
                    ExchangeRate(from: "USD", to: "EUR", rate: Self.rate("0.93"), effective: Self.date("2026-12-01"), line: 30))
            }.isEmpty)
    }

    @Test func taxValues() {
        Self.expectOne(field: "rate", line: 7, mentioning: "0.19") { $0.taxes[0].rate = Self.rate("19") }
        Self.expectOne(field: "category", line: 7) { $0.taxes[0].category = "X" }
        Self.expectOne(field: "name", line: 30, mentioning: "line 7") {
            $0.taxes.append(TaxRule(country: "DE", name: "VAT", rate: Self.rate("0.07"), resellers: ["R-ACME"], line: 30))
        }
        // The same name for different resellers is how resellers register separately.
        #expect(
            Self.problems {
                $0.taxes[0].resellers = ["R-ACME"]
                $0.taxes.append(TaxRule(country: "DE", name: "VAT", rate: Self.rate("0.07"), resellers: ["R-MAPLE"], line: 30))
            }.isEmpty)
    }

    @Test func taxForAnUnknownResellerIsANote() {
        let found = Self.problems { $0.taxes[1].resellers = ["R-NOPE"] }
        #expect(found.count == 1)
        #expect(found.first?.severity == .note)
        #expect(found.first?.field == "resellers")
        #expect(found.first?.location.line == 8)
    }

    @Test func planStructure() {
        Self.expectOne(field: "period", line: 13, mentioning: "no period") { $0.products[0].plans[0].periods = [] }
        Self.expectOne(field: "paymentModels", line: 13) { $0.products[0].plans[0].paymentModels = [] }
        Self.expectOne(field: "accountTypes", line: 13) { $0.products[0].plans[0].accountTypes = [] }
        Self.expectOne(field: "cancellationWindowDays", line: 12) { $0.products[0].cancellationWindowDays = -1 }
        Self.expectOne(field: "blockingThreshold", line: 13) {
            $0.products[0].plans[0].blockingThreshold = ScaledDecimal(units: -1, scale: 4)
        }
    }

    @Test func unitParameters() {
        Self.expectOne(field: "manualApproval", line: 17, mentioning: "manual-approval") {
            $0.products[0].plans[0].resources[0].parameters = ["username"]
        }
        Self.expectOne(field: "name", line: 22, mentioning: "twice") {
            $0.products[1].plans[0].resources[0].parameters = ["hostname", "hostname"]
        }
    }

    @Test func everyProblemAtOnceSortedByLine() {
        let found = Self.problems {
            $0.resellers[0].paymentDueDays = -5
            $0.resellers[0].invoicePrefix = ""
            $0.products[0].plans[0].periods[2].fee = Self.fee("1")
            $0.products[0].plans[0].resources[0].min = 900
            $0.promos[0].validTo = Self.date("2025-01-01")
        }
        #expect(found.map(\.location.line) == [2, 2, 10, 16, 17])
        #expect(found.allSatisfy { $0.code == .catalogInvalid && $0.severity == .error })
    }
}
