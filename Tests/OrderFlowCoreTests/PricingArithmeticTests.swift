import Testing

@testable import OrderFlowCore

@Suite struct PricingArithmeticTests {
    typealias F = PricingFixtures

    static var halfEvenAcme: Reseller {
        var reseller = F.acme
        reseller.rounding = .halfEven
        return reseller
    }

    @Test func lineTiesAtRateOne() throws {
        // 10.1250 EUR at rate 1 lands on half a cent: half-up 10.13, half-even 10.12 (2 is even).
        let one = F.rate("1")
        #expect(
            try PricingArithmetic.convertLine(
                units: 1, fee: F.fee("10.125"), months: 1, rate: one, currency: F.eur, mode: .halfUp) == 1013)
        #expect(
            try PricingArithmetic.convertLine(
                units: 1, fee: F.fee("10.125"), months: 1, rate: one, currency: F.eur, mode: .halfEven) == 1012)
        // 10.1350: both 10.14 (3 is odd, half-even goes up to 4).
        #expect(
            try PricingArithmetic.convertLine(
                units: 1, fee: F.fee("10.135"), months: 1, rate: one, currency: F.eur, mode: .halfUp) == 1014)
        #expect(
            try PricingArithmetic.convertLine(
                units: 1, fee: F.fee("10.135"), months: 1, rate: one, currency: F.eur, mode: .halfEven) == 1014)
    }

    @Test func lineTiesAfterConversion() throws {
        // 0.25 USD × 0.500000 = 0.125 EUR: half-up 0.13, half-even 0.12.
        let half = F.rate("0.5")
        #expect(
            try PricingArithmetic.convertLine(
                units: 1, fee: F.fee("0.25"), months: 1, rate: half, currency: F.eur, mode: .halfUp) == 13)
        #expect(
            try PricingArithmetic.convertLine(
                units: 1, fee: F.fee("0.25"), months: 1, rate: half, currency: F.eur, mode: .halfEven) == 12)
        // Percent: 1.25 × 10 % = 0.125 → 0.13 / 0.12.
        #expect(try PricingArithmetic.percentOf(125, percent: F.percent("10"), mode: .halfUp) == 13)
        #expect(try PricingArithmetic.percentOf(125, percent: F.percent("10"), mode: .halfEven) == 12)
    }

    @Test func orderTiesFollowTheResellersRounding() throws {
        // A EUR plan: 1M fee 10.1250, and 10 additional units × 0.0125 × 1 month = 0.125.
        let plan = Plan(
            id: "PLN-TIE", name: "Tie", productId: "PRD-TIE", currency: F.eur,
            periods: [Period(id: "1M", duration: ISODuration(iso: "P1M")!, fee: F.fee("10.125"))],
            resources: [Resource(id: "U", name: "Unit", included: 0, max: 100, recurringFee: F.fee("0.0125"))])
        let customer = TaxCustomer(country: "DE")
        func price(_ reseller: Reseller) throws -> PricedOrder {
            try Pricing.priceOrder(
                catalog: F.catalog, reseller: reseller, plan: plan, period: plan.periods[0],
                amounts: F.quantities(["U": 10]), billingCurrency: F.eur, orderDate: F.date("2026-11-22"),
                promo: nil, customer: customer
            ).get()
        }
        // half-up:   10.125 → 10.13, 0.125 → 0.13; net 10.26; VAT 10.26 × 0.19 = 1.9494 → 1.95; total 12.21
        let up = try price(F.acme)
        #expect(up.lines.map(\.amount) == [1013, 13])
        #expect(up.net == 1026)
        #expect(up.tax == 195)
        #expect(up.total == 1221)
        // half-even: 10.125 → 10.12, 0.125 → 0.12; net 10.24; VAT 10.24 × 0.19 = 1.9456 → 1.95; total 12.19
        let even = try price(Self.halfEvenAcme)
        #expect(even.lines.map(\.amount) == [1012, 12])
        #expect(even.net == 1024)
        #expect(even.tax == 195)
        #expect(even.total == 1219)
    }

    @Test func yenBilling() throws {
        // JPY has 0 decimals. Rate USD→JPY 151.234567.
        let catalog = Catalog(
            resellers: [F.acme],
            exchangeRates: [
                ExchangeRate(from: "USD", to: "JPY", rate: F.rate("151.234567"), effective: F.date("2026-11-01"))
            ],
            taxes: [TaxRule(country: "JP", name: "CT", rate: F.rate("0.10"))])
        let order = try Pricing.priceOrder(
            catalog: catalog, reseller: F.acme, plan: F.mailStd, period: F.period1M,
            amounts: F.quantities(["STORAGE": 13]), billingCurrency: F.jpy, orderDate: F.date("2026-11-22"),
            promo: nil, customer: TaxCustomer(country: "JP")
        ).get()
        // 1M fee: 1 × 100000 × 1 × 151234567 / 10^(10 − 0) = 1512.34567 → 1512 JPY
        // Storage: 3 additional × 1000 (0.10) × 1 month × 151234567 / 10^10 = 45.370… → 45 JPY
        // net 1557; CT 10 %: 155.7 → 156; total 1713
        #expect(order.lines.map(\.amount) == [1512, 45])
        #expect(order.net == 1557)
        #expect(order.tax == 156)
        #expect(order.total == 1713)
        #expect(order.totalMoney.text == "1713")
        // A yen tie: 0.0300 USD × 150 = 4.5 JPY → half-up 5, half-even 4.
        #expect(
            try PricingArithmetic.convertLine(
                units: 1, fee: F.fee("0.03"), months: 1, rate: F.rate("150"), currency: F.jpy, mode: .halfUp) == 5)
        #expect(
            try PricingArithmetic.convertLine(
                units: 1, fee: F.fee("0.03"), months: 1, rate: F.rate("150"), currency: F.jpy, mode: .halfEven) == 4)
    }

    @Test func bahrainiDinarBilling() throws {
        // BHD has 3 decimals. Rate USD→BHD 0.376000.
        let catalog = Catalog(
            resellers: [F.acme],
            exchangeRates: [
                ExchangeRate(from: "USD", to: "BHD", rate: F.rate("0.376"), effective: F.date("2026-11-01"))
            ],
            taxes: [TaxRule(country: "BH", name: "VAT", rate: F.rate("0.10"))])
        let order = try Pricing.priceOrder(
            catalog: catalog, reseller: F.acme, plan: F.mailStd, period: F.period1M,
            amounts: F.quantities(["STORAGE": 13]), billingCurrency: F.bhd, orderDate: F.date("2026-11-22"),
            promo: nil, customer: TaxCustomer(country: "BH")
        ).get()
        // 1M fee: 100000 × 376000 / 10^(10 − 3) = 3760 fils = 3.760 BHD
        // Storage: 3 × 1000 × 1 × 376000 / 10^7 = 112.8 → 113 fils (0.30 USD × 0.376 = 0.1128)
        // net 3.873; VAT 10 %: 387.3 → 387; total 4.260
        #expect(order.lines.map(\.amount) == [3760, 113])
        #expect(order.net == 3873)
        #expect(order.tax == 387)
        #expect(order.total == 4260)
        #expect(order.totalMoney.text == "4.260")
        // A fils tie: 0.0125 × 0.2 = 0.0025 BHD → half-up 0.003, half-even 0.002.
        #expect(
            try PricingArithmetic.convertLine(
                units: 1, fee: F.fee("0.0125"), months: 1, rate: F.rate("0.2"), currency: F.bhd, mode: .halfUp) == 3)
        #expect(
            try PricingArithmetic.convertLine(
                units: 1, fee: F.fee("0.0125"), months: 1, rate: F.rate("0.2"), currency: F.bhd, mode: .halfEven) == 2)
    }

    @Test func linesRoundingToZeroAreLeftOut() throws {
        // 1 additional unit × 0.0001 USD × 1 month × 0.9215 = 0.00009215 EUR → 0.00: no line.
        let plan = Plan(
            id: "PLN-TINY", name: "Tiny", productId: "PRD-T", currency: F.usd,
            periods: [Period(id: "1M", duration: ISODuration(iso: "P1M")!, fee: F.fee("1.00"))],
            resources: [Resource(id: "T", name: "Tiny", included: 0, max: 10, recurringFee: F.fee("0.0001"))])
        let order = try Pricing.priceOrder(
            catalog: F.catalog, reseller: F.acme, plan: plan, period: plan.periods[0], amounts: F.quantities(["T": 1]),
            billingCurrency: F.eur, orderDate: F.date("2026-11-22"), promo: nil, customer: TaxCustomer(country: "US")
        ).get()
        // 1.00 USD × 0.9215 = 0.9215 → 0.92 is the only line.
        #expect(order.lines.map(\.amount) == [92])
    }
}
