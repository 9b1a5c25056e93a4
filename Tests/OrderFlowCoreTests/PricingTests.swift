import Foundation
import Testing

@testable import OrderFlowCore

/// The example catalog (`Fixtures/catalog/tests/spec-example.xml`, with R-MAPLE, which its taxes
/// name), built in code, and small helpers for the pricing tests.
enum PricingFixtures {
    static let eur = Currency(code: "EUR", minorUnits: 2)
    static let usd = Currency(code: "USD", minorUnits: 2)
    static let cad = Currency(code: "CAD", minorUnits: 2)
    static let jpy = Currency(code: "JPY", minorUnits: 0)
    static let bhd = Currency(code: "BHD", minorUnits: 3)
    static let gbp = Currency(code: "GBP", minorUnits: 2)

    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
    static func fee(_ text: String) -> ScaledDecimal { ScaledDecimal.parse(text, scale: ScaledDecimal.Scale.fee)! }
    static func rate(_ text: String) -> ScaledDecimal { ScaledDecimal.parse(text, scale: ScaledDecimal.Scale.rate)! }
    static func percent(_ text: String) -> ScaledDecimal {
        ScaledDecimal.parse(text, scale: ScaledDecimal.Scale.percent)!
    }

    static let acme = Reseller(
        id: "R-ACME", name: "Acme Cloud GmbH", currency: eur, country: "DE", vatId: "DE811907980",
        timeZone: "Europe/Berlin", defaultPaymentModel: .prepay, managerMayOverridePaymentModel: true,
        termsRequired: true, termsVersion: "2026-01", rounding: .halfUp, taxMode: .exclusive, invoicePrefix: "ACME",
        paymentDueDays: 14)

    static let maple = Reseller(
        id: "R-MAPLE", name: "Maple Cloud Inc.", currency: cad, country: "CA", rounding: .halfUp,
        taxMode: .inclusive, invoicePrefix: "MAPLE", paymentDueDays: 30)

    static let mailbox = Resource(
        id: "MAILBOX", name: "Mailbox", unit: "item", included: 5, min: 5, max: 500, setupFee: fee("1.00"),
        recurringFee: fee("2.00"))
    static let storage = Resource(
        id: "STORAGE", name: "Storage", unit: "GB", included: 10, min: 0, max: 1000, recurringFee: fee("0.10"))

    static let period1M = Period(id: "1M", duration: ISODuration(iso: "P1M")!, fee: fee("10.00"))
    static let period1Y = Period(
        id: "1Y", duration: ISODuration(iso: "P1Y")!, fee: fee("100.00"), setupFee: fee("20.00"))
    static let trial30 = Period(id: "TRIAL30", duration: ISODuration(iso: "P30D")!, trial: true, registration: .short)

    static let mailStd = Plan(
        id: "PLN-MAIL-STD", name: "Mail Standard", productId: "PRD-MAIL", currency: usd,
        accountTypes: ["company", "individual"], paymentModels: [.prepay, .postpay],
        blockingThreshold: fee("500.00"), billing: .standard, periods: [period1M, period1Y, trial30],
        resources: [mailbox, storage])

    static let welcome10 = Promo(
        code: "WELCOME10", discount: .percent(percent("10")), appliesTo: .recurring, validFrom: date("2026-01-01"),
        validTo: date("2026-12-31"), plans: ["PLN-MAIL-STD"], maxUses: 1000)
    static let fiveOff = Promo(code: "FIVEOFF", discount: .amount(fee("5.00"), currency: "EUR"), appliesTo: .all)

    static let catalog = Catalog(
        resellers: [acme, maple],
        exchangeRates: [ExchangeRate(from: "USD", to: "EUR", rate: rate("0.921500"), effective: date("2026-11-01"))],
        taxes: [
            TaxRule(country: "DE", name: "VAT", rate: rate("0.19"), category: "S"),
            TaxRule(country: "CA", region: "QC", name: "GST", rate: rate("0.05"), resellers: ["R-MAPLE"]),
            TaxRule(country: "CA", region: "QC", name: "QST", rate: rate("0.09975"), resellers: ["R-MAPLE"]),
        ],
        forbiddenRegions: [ForbiddenRegion(country: "UA", region: "43")],
        promos: [welcome10, fiveOff],
        products: [
            Product(
                id: "PRD-MAIL", name: "Hosted Mail", service: .saas, requiresDomain: true, cancellationWindowDays: 14,
                dataLocations: ["eu-central", "us-east"], plans: [mailStd])
        ])

    /// Globex GmbH of the example batch (`Fixtures/requests/spec-example.xml`): Berlin, a company
    /// with a German VAT id.
    static let globex = TaxCustomer(country: "DE", region: "BE", isCompanyWithVatId: true)

    static func quantities(_ pairs: KeyValuePairs<String, Int64>) -> [ResourceQuantity] {
        pairs.map { ResourceQuantity(id: $0.key, amount: $0.value) }
    }

    /// A subscription to PLN-MAIL-STD 1Y, billed in EUR, current period 2026-11-01 + P1Y.
    static func subscription(mailbox: Int64, storage: Int64) -> SubscriptionRecord {
        SubscriptionRecord(
            id: "SUB-77", reseller: "R-ACME", accountId: "ACC-2002", productId: "PRD-MAIL", planId: "PLN-MAIL-STD",
            periodId: "1Y", resources: quantities(["MAILBOX": mailbox, "STORAGE": storage]),
            currentPeriodStart: date("2026-11-01"), currentPeriodEnd: date("2027-11-01"), currency: eur,
            paymentModel: .prepay, status: .active)
    }

    static func priced(_ result: Result<PricedOrder, PricingError>) throws -> PricedOrder {
        try result.get()
    }
}

@Suite struct PricingTests {
    typealias F = PricingFixtures

    /// The example batch's first order (A-1001) against the example catalog, as-of 2026-11-22.
    @Test func specFirstOrder() throws {
        let order = try F.priced(
            Pricing.priceOrder(
                catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.period1Y,
                amounts: F.quantities(["MAILBOX": 20, "STORAGE": 50]), billingCurrency: F.eur,
                orderDate: F.date("2026-11-22"), promo: F.welcome10, customer: F.globex))
        // Rate USD→EUR 0.921500, effective 2026-11-01 (the latest on or before 2026-11-22).
        #expect(order.exchangeRate == F.rate("0.9215"))
        #expect(order.rateEffective == F.date("2026-11-01"))
        #expect(order.currency == F.eur)
        // Step 1 (USD) → step 2 (EUR, half-up, each line rounded once):
        //   1Y fee            100.00                  × 0.9215 =  92.15
        //   1Y setup           20.00                  × 0.9215 =  18.43
        //   Mailbox setup      15 × 1.00      =  15.00 × 0.9215 =  13.8225 → 13.82
        //   Mailbox           15 × 2.00 × 12 = 360.00 × 0.9215 = 331.74
        //   Storage           40 × 0.10 × 12 =  48.00 × 0.9215 =  44.232  → 44.23
        //   (Storage has no setupFee: no setup line)
        #expect(order.lines.map(\.kind) == [.recurring, .setup, .setup, .recurring, .recurring])
        #expect(
            order.lines.map(\.description) == [
                "Mail Standard 1Y", "Mail Standard 1Y setup", "Mailbox setup × 15", "Mailbox × 15", "Storage × 40",
            ])
        #expect(order.lines.map(\.resourceId) == [nil, nil, "MAILBOX", "MAILBOX", "STORAGE"])
        #expect(order.lines.map(\.quantity) == [1, 1, 15, 15, 40])
        #expect(order.lines.map(\.amount) == [9215, 1843, 1382, 33174, 4423])
        #expect(order.lines.map(\.amount).reduce(0, +) == 50037)  // 92.15 + 18.43 + 13.82 + 331.74 + 44.23 = 500.37
        // Step 3, WELCOME10 10 % on recurring lines, each rounded:
        //   92.15 × 10 % = 9.215 → 9.22; 331.74 → 33.174 → 33.17; 44.23 → 4.423 → 4.42; setup lines 0
        #expect(order.lines.map(\.discount) == [922, 0, 0, 3317, 442])
        #expect(order.documentDiscount == 0)
        #expect(order.discountTotal == 4681)  // 9.22 + 33.17 + 4.42 = 46.81
        #expect(order.promoCode == "WELCOME10")
        #expect(order.promoUsed)
        // Step 4: DE reseller, DE customer → same country, no reverse charge; DE VAT 19 %, exclusive.
        //   net = 500.37 − 46.81 = 453.56; VAT = 453.56 × 0.19 = 86.1764 → 86.18; total = 539.74
        #expect(order.net == 45356)
        #expect(
            order.taxes == [TaxLine(name: "VAT", rate: F.rate("0.19"), category: "S", taxable: 45356, amount: 8618)])
        #expect(order.tax == 8618)
        #expect(order.total == 53974)
        #expect(order.vatCategory == "S")
        #expect(order.totalMoney.text == "539.74")
    }

    @Test func percentPromoOnSetupOnly() throws {
        let halfSetup = Promo(code: "SETUP50", discount: .percent(F.percent("50")), appliesTo: .setup)
        let order = try F.priced(
            Pricing.priceOrder(
                catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.period1Y,
                amounts: F.quantities(["MAILBOX": 20, "STORAGE": 50]), billingCurrency: F.eur,
                orderDate: F.date("2026-11-22"), promo: halfSetup, customer: F.globex))
        // Lines as in specFirstOrder: 92.15, 18.43 (setup), 13.82 (setup), 331.74, 44.23.
        // 50 % of the setup lines only: 18.43 × 0.5 = 9.215 → 9.22; 13.82 × 0.5 = 6.91.
        #expect(order.lines.map(\.discount) == [0, 922, 691, 0, 0])
        #expect(order.discountTotal == 1613)  // 9.22 + 6.91
        // net = 500.37 − 16.13 = 484.24; VAT 484.24 × 0.19 = 92.0056 → 92.01; total 576.25
        #expect(order.net == 48424)
        #expect(order.tax == 9201)
        #expect(order.total == 57625)
    }

    @Test func fixedPromoIsCappedAtTheEligibleSubtotal() throws {
        let plan = Plan(
            id: "PLN-EUR", name: "Euro Plan", productId: "PRD-MAIL", currency: F.eur,
            periods: [
                Period(id: "1M", duration: ISODuration(iso: "P1M")!, fee: F.fee("10.00"), setupFee: F.fee("2.00"))
            ])
        let setupOff = Promo(code: "SETUPOFF", discount: .amount(F.fee("5.00"), currency: "EUR"), appliesTo: .setup)
        let order = try F.priced(
            Pricing.priceOrder(
                catalog: F.catalog, reseller: F.acme, plan: plan, period: plan.periods[0], amounts: [],
                billingCurrency: F.eur, orderDate: F.date("2026-11-22"), promo: setupOff, customer: F.globex))
        // Lines (rate 1): 10.00 recurring, 2.00 setup. 5.00 EUR off the setup lines, capped at their
        // subtotal 2.00 → documentDiscount 2.00; no line discounts.
        #expect(order.lines.map(\.amount) == [1000, 200])
        #expect(order.lines.map(\.discount) == [0, 0])
        #expect(order.documentDiscount == 200)
        #expect(order.discountTotal == 200)
        // net = 12.00 − 2.00 = 10.00; VAT 10.00 × 0.19 = 1.90; total 11.90
        #expect(order.net == 1000)
        #expect(order.tax == 190)
        #expect(order.total == 1190)

        // FIVEOFF (5.00 EUR, all) on a 3.00 order: capped at 3.00, the total is 0, never negative.
        let small = Plan(
            id: "PLN-SMALL", name: "Small", productId: "PRD-MAIL", currency: F.eur,
            periods: [Period(id: "1M", duration: ISODuration(iso: "P1M")!, fee: F.fee("3.00"))])
        let zero = try F.priced(
            Pricing.priceOrder(
                catalog: F.catalog, reseller: F.acme, plan: small, period: small.periods[0], amounts: [],
                billingCurrency: F.eur, orderDate: F.date("2026-11-22"), promo: F.fiveOff, customer: F.globex))
        #expect(zero.documentDiscount == 300)
        #expect(zero.net == 0)
        #expect(zero.tax == 0)
        #expect(zero.total == 0)
        #expect(zero.promoUsed)
    }

    @Test func fixedPromoIsConvertedFromItsCurrency() throws {
        let usdOff = Promo(code: "USD5", discount: .amount(F.fee("5.00"), currency: "USD"), appliesTo: .all)
        let order = try F.priced(
            Pricing.priceOrder(
                catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.period1M,
                amounts: [], billingCurrency: F.eur, orderDate: F.date("2026-11-22"), promo: usdOff,
                customer: F.globex))
        // Line: 1M fee 10.00 USD × 0.9215 = 9.215 → 9.22 (half-up).
        // Promo: 5.00 USD × 0.9215 = 4.6075 → 4.61, below the eligible 9.22, not capped.
        #expect(order.lines.map(\.amount) == [922])
        #expect(order.documentDiscount == 461)
        // net 9.22 − 4.61 = 4.61; VAT 4.61 × 0.19 = 0.8759 → 0.88; total 5.49
        #expect(order.net == 461)
        #expect(order.tax == 88)
        #expect(order.total == 549)

        // No GBP → EUR rate: the promo cannot be converted (CURRENCY_NOT_AVAILABLE, field promo_code).
        let gbpOff = Promo(code: "GBP5", discount: .amount(F.fee("5.00"), currency: "GBP"), appliesTo: .all)
        let failed = Pricing.priceOrder(
            catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.period1M, amounts: [],
            billingCurrency: F.eur, orderDate: F.date("2026-11-22"), promo: gbpOff, customer: F.globex)
        #expect(throws: PricingError.noPromoRate(from: "GBP", to: "EUR")) { try failed.get() }
        #expect(PricingError.noPromoRate(from: "GBP", to: "EUR").field == "promo_code")
    }

    @Test func fixedPromoWithoutCurrencyIsInTheBillingCurrency() throws {
        let off = Promo(code: "OFF1", discount: .amount(F.fee("1.00"), currency: nil), appliesTo: .recurring)
        let order = try F.priced(
            Pricing.priceOrder(
                catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.period1M, amounts: [],
                billingCurrency: F.eur, orderDate: F.date("2026-11-22"), promo: off, customer: F.globex))
        // 9.22 − 1.00 EUR = 8.22; VAT 8.22 × 0.19 = 1.5618 → 1.56; total 9.78
        #expect(order.documentDiscount == 100)
        #expect(order.net == 822)
        #expect(order.tax == 156)
        #expect(order.total == 978)
    }

    @Test func promoWithNothingEligibleIsNotUsed() throws {
        // WELCOME10 applies to recurring lines; a trial has none.
        let order = try F.priced(
            Pricing.priceOrder(
                catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.trial30, amounts: [],
                billingCurrency: F.eur, orderDate: F.date("2026-11-22"), promo: F.welcome10, customer: F.globex))
        #expect(order.promoCode == "WELCOME10")
        #expect(!order.promoUsed)
        #expect(order.discountTotal == 0)
    }

    @Test func trialHasNoLinesAndTotalZero() throws {
        let order = try F.priced(
            Pricing.priceOrder(
                catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.trial30,
                amounts: F.quantities(["MAILBOX": 5]), billingCurrency: F.eur, orderDate: F.date("2026-11-22"),
                promo: nil, customer: F.globex))
        #expect(order.lines.isEmpty)
        #expect(order.net == 0)
        #expect(order.tax == 0)
        #expect(order.total == 0)
        // The rate is still checked and stored (Rules.md, currency: trials included).
        #expect(order.exchangeRate == F.rate("0.9215"))
        // A trial still needs the plan → billing rate: no USD → GBP rate.
        let failed = Pricing.priceOrder(
            catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.trial30, amounts: [],
            billingCurrency: F.gbp, orderDate: F.date("2026-11-22"), promo: nil, customer: F.globex)
        #expect(throws: PricingError.noExchangeRate(from: "USD", to: "GBP")) { try failed.get() }
    }

    @Test func missingRateIsNoExchangeRate() {
        let failed = Pricing.priceOrder(
            catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.period1Y, amounts: [],
            billingCurrency: F.gbp, orderDate: F.date("2026-11-22"), promo: nil, customer: F.globex)
        #expect(throws: PricingError.noExchangeRate(from: "USD", to: "GBP")) { try failed.get() }
        #expect(PricingError.noExchangeRate(from: "USD", to: "GBP").code == .currencyNotAvailable)
        #expect(PricingError.noExchangeRate(from: "USD", to: "GBP").field == "currency")
        // The only USD → EUR rate is effective 2026-11-01: an order dated the day before has none.
        let early = Pricing.priceOrder(
            catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.period1Y, amounts: [],
            billingCurrency: F.eur, orderDate: F.date("2026-10-31"), promo: nil, customer: F.globex)
        #expect(throws: PricingError.noExchangeRate(from: "USD", to: "EUR")) { try early.get() }
    }

    @Test func latestRateOnOrBeforeTheOrderDateIsUsed() throws {
        let catalog = Catalog(
            resellers: [F.acme],
            exchangeRates: [
                ExchangeRate(from: "USD", to: "EUR", rate: F.rate("0.900000"), effective: F.date("2026-01-01")),
                ExchangeRate(from: "USD", to: "EUR", rate: F.rate("0.950000"), effective: F.date("2026-12-01")),
                ExchangeRate(from: "USD", to: "EUR", rate: F.rate("0.921500"), effective: F.date("2026-11-01")),
                // The reverse direction is not implied by these and does not count.
                ExchangeRate(from: "EUR", to: "USD", rate: F.rate("2.000000"), effective: F.date("2026-01-01")),
            ],
            taxes: [], products: [])
        let customer = TaxCustomer(country: "US")
        func fee(on date: String) throws -> PricedOrder {
            try Pricing.priceOrder(
                catalog: catalog, reseller: F.acme, plan: F.mailStd, period: F.period1M, amounts: [],
                billingCurrency: F.eur, orderDate: F.date(date), promo: nil, customer: customer
            ).get()
        }
        // 10.00 USD: × 0.90 = 9.00; × 0.9215 = 9.215 → 9.22; × 0.95 = 9.50.
        #expect(try fee(on: "2026-10-31").lines.map(\.amount) == [900])
        #expect(try fee(on: "2026-11-01").lines.map(\.amount) == [922])
        #expect(try fee(on: "2026-11-30").lines.map(\.amount) == [922])
        #expect(try fee(on: "2026-12-01").lines.map(\.amount) == [950])
        #expect(try fee(on: "2026-12-01").rateEffective == F.date("2026-12-01"))
    }

    @Test func sameCurrencyIsRateOneWithoutEffectiveDate() throws {
        let order = try F.priced(
            Pricing.priceOrder(
                catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.period1Y,
                amounts: F.quantities(["MAILBOX": 20, "STORAGE": 50]), billingCurrency: F.usd,
                orderDate: F.date("2026-11-22"), promo: nil, customer: TaxCustomer(country: "US")))
        // Rate 1: 100.00, 20.00, 15.00, 360.00, 48.00 USD; no US rule → O, no tax.
        #expect(order.exchangeRate == F.rate("1"))
        #expect(order.rateEffective == nil)
        #expect(order.lines.map(\.amount) == [10000, 2000, 1500, 36000, 4800])
        #expect(order.net == 54300)
        #expect(order.total == 54300)
        #expect(order.vatCategory == "O")
    }

    @Test func includedAndAbsentResourcesMakeNoLines() throws {
        // MAILBOX absent → its included 5; STORAGE 8 < included 10 → additional 0. Only the period lines.
        let order = try F.priced(
            Pricing.priceOrder(
                catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.period1Y,
                amounts: F.quantities(["STORAGE": 8]), billingCurrency: F.eur, orderDate: F.date("2026-11-22"),
                promo: nil, customer: F.globex))
        #expect(order.lines.map(\.description) == ["Mail Standard 1Y", "Mail Standard 1Y setup"])
        // 92.15 + 18.43 = 110.58; VAT 21.0102 → 21.01; total 131.59
        #expect(order.net == 11058)
        #expect(order.tax == 2101)
        #expect(order.total == 13159)
    }

    /// Pricing.md, step 9, renewal: step-1 lines of the period with the current amounts, no setup, no promo.
    @Test func renewalHasNoSetupLines() throws {
        let order = try F.priced(
            Pricing.priceRenewal(
                catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.period1Y,
                subscription: F.subscription(mailbox: 20, storage: 50), orderDate: F.date("2026-11-22"),
                customer: F.globex))
        // 1Y fee 92.15; Mailbox 15 × 2.00 × 12 = 360.00 → 331.74; Storage 40 × 0.10 × 12 = 48.00 → 44.23.
        #expect(order.lines.map(\.kind) == [.recurring, .recurring, .recurring])
        #expect(order.lines.map(\.amount) == [9215, 33174, 4423])
        // net 468.12; VAT 468.12 × 0.19 = 88.9428 → 88.94; total 557.06
        #expect(order.net == 46812)
        #expect(order.tax == 8894)
        #expect(order.total == 55706)
        #expect(order.promoCode == nil)
        #expect(!order.promoUsed)

        // Renewing for 1M instead: 10.00 → 9.215 → 9.22; 15 × 2.00 × 1 = 30.00 → 27.645 → 27.65;
        // 40 × 0.10 × 1 = 4.00 → 3.686 → 3.69.
        let monthly = try F.priced(
            Pricing.priceRenewal(
                catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.period1M,
                subscription: F.subscription(mailbox: 20, storage: 50), orderDate: F.date("2026-11-22"),
                customer: F.globex))
        #expect(monthly.lines.map(\.amount) == [922, 2765, 369])
    }

    /// Pricing.md, step 9, upgrade: period 2026-11-01 P1Y, run 2027-05-01 → 184 days left of 365.
    @Test func upgradeIsProratedAndRoundedOnce() throws {
        let order = try F.priced(
            Pricing.priceUpgrade(
                catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.period1Y,
                subscription: F.subscription(mailbox: 20, storage: 5),
                newAmounts: F.quantities(["MAILBOX": 30, "STORAGE": 12]), orderDate: F.date("2027-05-01"),
                customer: F.globex))
        // MAILBOX 20 → 30: charged = (30 − 5) − (20 − 5) = 10.
        //   setup     10 × 1.00 = 10.00 USD × 0.9215 = 9.215 → 9.22
        //   recurring 10 × 2.00 × 12 × 184/365 × 0.9215, one fraction:
        //             10 × 20000 × 12 × 921500 × 184 / (10^8 × 365)
        //             = 406 934 400 000 000 / 36 500 000 000 = 11148.887… → 11149 = 111.49
        // STORAGE 5 → 12 (included 10): charged = max(12 − 10, 0) − max(5 − 10, 0) = 2 − 0 = 2; no setupFee.
        //   recurring 2 × 1000 × 12 × 921500 × 184 / (10^8 × 365)
        //             = 4 069 344 000 000 / 36 500 000 000 = 111.488… → 111 = 1.11
        #expect(order.lines.map(\.kind) == [.setup, .recurring, .recurring])
        #expect(order.lines.map(\.quantity) == [10, 10, 2])
        #expect(order.lines.map(\.amount) == [922, 11149, 111])
        #expect(order.lines[1].description == "Mailbox × 10 (184/365 days)")
        // net = 9.22 + 111.49 + 1.11 = 121.82; VAT 121.82 × 0.19 = 23.1458 → 23.15; total 144.97
        #expect(order.net == 12182)
        #expect(order.tax == 2315)
        #expect(order.total == 14497)
        #expect(order.discountTotal == 0)
    }

    /// After a renewal the subscription is paid through two periods: 2026-11-01..2028-11-01.
    /// An upgrade on 2027-05-01 charges the added units over what is left of that span:
    /// 24 months × 550/731 days (2028 is a leap year).
    @Test func upgradeAfterARenewalCoversTheWholeRenewedSpan() throws {
        var subscription = F.subscription(mailbox: 20, storage: 5)
        subscription.currentPeriodEnd = F.date("2028-11-01")
        let order = try F.priced(
            Pricing.priceUpgrade(
                catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.period1Y, subscription: subscription,
                newAmounts: F.quantities(["MAILBOX": 30, "STORAGE": 12]), orderDate: F.date("2027-05-01"),
                customer: F.globex))
        // MAILBOX: 10 × 20000 × 24 × 921500 × 550 / (10^8 × 731) = 33279.89… → 332.80
        // STORAGE:  2 × 1000 × 24 × 921500 × 550 / (10^8 × 731) = 332.79… → 3.33
        #expect(order.lines.map(\.amount) == [922, 33280, 333])
        #expect(order.lines[1].description == "Mailbox × 10 (550/731 days)")
        // net 345.35, VAT 19% 65.6165 → 65.62, total 410.97
        #expect((order.net, order.tax, order.total) == (34535, 6562, 41097))
    }

    @Test func upgradeRoundsOnceNotPerStep() throws {
        // 1 unit × 0.0043 USD × 12 months × 184/365, converted at 0.9215, as one fraction:
        //   1 × 43 × 12 × 921500 × 184 / (10^8 × 365) = 87 490 896 000 / 36 500 000 000 = 2.397… → 0.02
        // Rounding in steps would drift a cent either way:
        //   prorate first: 0.0516 × 184/365 = 0.02601 → 0.03, × 0.9215 = 0.0276 → 0.03
        //   convert first: 0.0516 × 0.9215 = 0.04755 → 0.05, × 184/365 = 0.0252 → 0.03
        let resource = Resource(id: "X", name: "X", included: 0, max: 100, recurringFee: F.fee("0.0043"))
        let plan = Plan(
            id: "PLN-X", name: "X", productId: "PRD-X", currency: F.usd,
            periods: [Period(id: "1Y", duration: ISODuration(iso: "P1Y")!)], resources: [resource])
        var subscription = F.subscription(mailbox: 0, storage: 0)
        subscription.resources = F.quantities(["X": 0])
        let order = try F.priced(
            Pricing.priceUpgrade(
                catalog: F.catalog, reseller: F.acme, plan: plan, period: plan.periods[0], subscription: subscription,
                newAmounts: F.quantities(["X": 1]), orderDate: F.date("2027-05-01"),
                customer: TaxCustomer(country: "US")))
        #expect(order.lines.map(\.amount) == [2])
        #expect(order.total == 2)
    }

    @Test func upgradeChargesNothingBelowIncluded() throws {
        // STORAGE 3 → 9, both under the included 10: charged = 0 − 0 = 0 → no lines, total 0.
        let order = try F.priced(
            Pricing.priceUpgrade(
                catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.period1Y,
                subscription: F.subscription(mailbox: 20, storage: 3), newAmounts: F.quantities(["STORAGE": 9]),
                orderDate: F.date("2027-05-01"), customer: F.globex))
        #expect(order.lines.isEmpty)
        #expect(order.total == 0)
    }

    @Test func paygOrderIsPricedZero() throws {
        let plan = Plan(
            id: "PLN-PAYG", name: "Compute", productId: "PRD-CLOUD", currency: F.usd, billing: .payg,
            topUp: .fixed(F.fee("50.00")), periods: [Period(id: "1M", duration: ISODuration(iso: "P1M")!)],
            resources: [Resource(id: "CPU", name: "vCPU", included: 0, max: 64, recurringFee: F.fee("7.50"))])
        let order = try F.priced(
            Pricing.priceOrder(
                catalog: F.catalog, reseller: F.acme, plan: plan, period: plan.periods[0],
                amounts: F.quantities(["CPU": 4]), billingCurrency: F.eur, orderDate: F.date("2026-11-22"), promo: nil,
                customer: F.globex))
        #expect(order.lines.isEmpty)
        #expect(order.net == 0)
        #expect(order.total == 0)
    }

    @Test func topUpFixed() throws {
        let plan = Plan(
            id: "PLN-PAYG", name: "Compute", productId: "PRD-CLOUD", currency: F.usd, billing: .payg,
            topUp: .fixed(F.fee("50.00")), periods: [Period(id: "1M", duration: ISODuration(iso: "P1M")!)])
        // 50.00 USD × 0.9215 = 46.075 → half-up 46.08
        let amount = try Pricing.topUp(
            catalog: F.catalog, reseller: F.acme, plan: plan, amounts: [], billingCurrency: F.eur,
            orderDate: F.date("2026-11-22")
        ).get()
        #expect(amount == 4608)
        // In the plan currency: 50.00 exactly.
        #expect(
            try Pricing.topUp(
                catalog: F.catalog, reseller: F.acme, plan: plan, amounts: [], billingCurrency: F.usd,
                orderDate: F.date("2026-11-22")
            ).get() == 5000)
        // No USD → GBP rate.
        #expect(throws: PricingError.noExchangeRate(from: "USD", to: "GBP")) {
            try Pricing.topUp(
                catalog: F.catalog, reseller: F.acme, plan: plan, amounts: [], billingCurrency: F.gbp,
                orderDate: F.date("2026-11-22")
            ).get()
        }
    }

    @Test func topUpByResourcesRoundsEachLine() throws {
        let plan = Plan(
            id: "PLN-PAYG-R", name: "Compute", productId: "PRD-CLOUD", currency: F.eur, billing: .payg,
            topUp: .resources, periods: [Period(id: "1M", duration: ISODuration(iso: "P1M")!)],
            resources: [
                Resource(id: "CPU", name: "vCPU", included: 0, max: 64, recurringFee: F.fee("0.005")),
                Resource(id: "RAM", name: "RAM", included: 2, max: 64, recurringFee: F.fee("0.005")),
                Resource(id: "DISK", name: "Disk", included: 10, max: 64, recurringFee: F.fee("1.00")),
            ])
        // CPU 1 additional × 0.005 = 0.005 → 0.01 (half-up); RAM 3 − 2 = 1 × 0.005 → 0.01;
        // DISK absent → included → 0. Σ = 0.02 (one rounding of the sum would give 0.01).
        let amount = try Pricing.topUp(
            catalog: F.catalog, reseller: F.acme, plan: plan, amounts: F.quantities(["CPU": 1, "RAM": 3]),
            billingCurrency: F.eur, orderDate: F.date("2026-11-22")
        ).get()
        #expect(amount == 2)

        // In USD-priced resources to EUR: 4 × 7.50 = 30.00 USD × 0.9215 = 27.645 → 27.65;
        // 3 × 0.10 = 0.30 × 0.9215 = 0.27645 → 0.28; Σ 27.93.
        let usdPlan = Plan(
            id: "PLN-PAYG-U", name: "Compute", productId: "PRD-CLOUD", currency: F.usd, billing: .payg,
            topUp: .resources, periods: [Period(id: "1M", duration: ISODuration(iso: "P1M")!)],
            resources: [
                Resource(id: "CPU", name: "vCPU", included: 0, max: 64, recurringFee: F.fee("7.50")),
                Resource(id: "GB", name: "Storage", included: 1, max: 64, recurringFee: F.fee("0.10")),
            ])
        #expect(
            try Pricing.topUp(
                catalog: F.catalog, reseller: F.acme, plan: usdPlan, amounts: F.quantities(["CPU": 4, "GB": 4]),
                billingCurrency: F.eur, orderDate: F.date("2026-11-22")
            ).get() == 2793)
    }

    @Test func dueDates() {
        // Pricing.md, step 5: 2026-11-22 + 14 days = 2026-12-06.
        #expect(Pricing.dueDate(orderDate: F.date("2026-11-22"), reseller: F.acme) == F.date("2026-12-06"))
        // R-MAPLE: 30 days: 2026-12-15 + 30 = 2027-01-14.
        #expect(Pricing.dueDate(orderDate: F.date("2026-12-15"), reseller: F.maple) == F.date("2027-01-14"))
        // Pricing.md, step 7: one calendar month; a day the next month lacks → its last day.
        #expect(Pricing.postponedDueDate(provisioningDate: F.date("2026-01-31")) == F.date("2026-02-28"))
        #expect(Pricing.postponedDueDate(provisioningDate: F.date("2028-01-31")) == F.date("2028-02-29"))
        #expect(Pricing.postponedDueDate(provisioningDate: F.date("2026-11-25")) == F.date("2026-12-25"))
        #expect(Pricing.postponedDueDate(provisioningDate: F.date("2026-12-31")) == F.date("2027-01-31"))
    }

    @Test func pricedOrderRoundTripsThroughCodable() throws {
        let order = try F.priced(
            Pricing.priceOrder(
                catalog: F.catalog, reseller: F.acme, plan: F.mailStd, period: F.period1Y,
                amounts: F.quantities(["MAILBOX": 20, "STORAGE": 50]), billingCurrency: F.eur,
                orderDate: F.date("2026-11-22"), promo: F.welcome10, customer: F.globex))
        let data = try JSONEncoder().encode(order)
        #expect(try JSONDecoder().decode(PricedOrder.self, from: data) == order)
    }
}
