import Testing

@testable import OrderFlowCore

@Suite struct PricingTaxesTests {
    typealias F = PricingFixtures

    /// A plan in `currency` with one monthly fee and nothing else (rate 1 when billed in `currency`).
    static func flatPlan(_ fee: String, currency: Currency) -> Plan {
        Plan(
            id: "PLN-FLAT", name: "Flat", productId: "PRD-FLAT", currency: currency,
            periods: [Period(id: "1M", duration: ISODuration(iso: "P1M")!, fee: F.fee(fee))])
    }

    static func price(
        _ plan: Plan, catalog: Catalog = F.catalog, reseller: Reseller, billing: Currency? = nil,
        customer: TaxCustomer
    ) throws -> PricedOrder {
        try Pricing.priceOrder(
            catalog: catalog, reseller: reseller, plan: plan, period: plan.periods[0], amounts: [],
            billingCurrency: billing ?? plan.currency, orderDate: F.date("2026-11-22"), promo: nil,
            customer: customer
        ).get()
    }

    /// As in the example catalog: R-MAPLE charges GST 5 % and QST 9.975 % in Quebec, prices tax-inclusive.
    @Test func inclusiveQuebecGSTAndQST() throws {
        let quebec = TaxCustomer(country: "CA", region: "QC", isCompanyWithVatId: false)
        let order = try Self.price(Self.flatPlan("100.00", currency: F.cad), reseller: F.maple, customer: quebec)
        // G = 100.00 = 10000 cents; 1 + Σ rates = 1.14975 → denominator 1 149 750 (rate scale 6).
        // GST = round(10000 × 50000 / 1 149 750) = round(500 000 000 / 1 149 750) = round(434.877…) = 435
        // QST = round(10000 × 99750 / 1 149 750) = round(997 500 000 / 1 149 750) = round(867.579…) = 868
        // tax = 4.35 + 8.68 = 13.03; net = 100.00 − 13.03 = 86.97; total = G = 100.00
        #expect(order.taxes.map(\.name) == ["GST", "QST"])
        #expect(order.taxes.map(\.amount) == [435, 868])
        #expect(order.taxes.map(\.taxable) == [8697, 8697])
        #expect(order.tax == 1303)
        #expect(order.net == 8697)
        #expect(order.total == 10000)
        #expect(order.vatCategory == "S")

        let odd = try Self.price(Self.flatPlan("59.99", currency: F.cad), reseller: F.maple, customer: quebec)
        // G = 5999. GST = round(299 950 000 / 1 149 750) = round(260.883…) = 261
        //           QST = round(598 400 250 / 1 149 750) = round(520.461…) = 520
        // tax 7.81; net 59.99 − 7.81 = 52.18; total 59.99
        #expect(odd.taxes.map(\.amount) == [261, 520])
        #expect(odd.net == 5218)
        #expect(odd.tax == 781)
        #expect(odd.total == 5999)
    }

    @Test func taxesOnlyForResellersThatChargeThem() throws {
        // The QC taxes name R-MAPLE only: R-ACME (no rule for CA) charges none → O.
        let quebec = TaxCustomer(country: "CA", region: "QC")
        let order = try Self.price(Self.flatPlan("100.00", currency: F.eur), reseller: F.acme, customer: quebec)
        #expect(order.taxes.isEmpty)
        #expect(order.vatCategory == "O")
        #expect(order.total == 10000)
        // R-MAPLE in Ontario: the rules are Quebec's only → O.
        let ontario = try Self.price(
            Self.flatPlan("100.00", currency: F.cad), reseller: F.maple,
            customer: TaxCustomer(country: "CA", region: "ON"))
        #expect(ontario.vatCategory == "O")
        #expect(ontario.tax == 0)
    }

    /// Spain with region rules: CN replaces IVA at 7 %, CE removes it with rate 0, PM adds a tax
    /// of another name; NO region 21 lists a zero-rated (Z) MVA line.
    static let regional = Catalog(
        resellers: [F.acme],
        taxes: [
            TaxRule(country: "ES", name: "IVA", rate: F.rate("0.21")),
            TaxRule(country: "ES", region: "CN", name: "IVA", rate: F.rate("0.07")),
            TaxRule(country: "ES", region: "CE", name: "IVA", rate: F.rate("0")),
            TaxRule(country: "ES", region: "PM", name: "ECO", rate: F.rate("0.01")),
            TaxRule(country: "NO", name: "MVA", rate: F.rate("0.25")),
            TaxRule(country: "NO", region: "21", name: "MVA", rate: F.rate("0"), category: "Z"),
        ])

    @Test func regionRuleReplacesCountryRuleOfTheSameName() throws {
        let plan = Self.flatPlan("100.00", currency: F.eur)
        func order(_ region: String?) throws -> PricedOrder {
            try Self.price(
                plan, catalog: Self.regional, reseller: F.acme, customer: TaxCustomer(country: "ES", region: region))
        }
        // Madrid (no region rule): IVA 21 % → 100.00 × 0.21 = 21.00; total 121.00.
        let madrid = try order("MD")
        #expect(
            madrid.taxes == [TaxLine(name: "IVA", rate: F.rate("0.21"), category: "S", taxable: 10000, amount: 2100)])
        #expect(madrid.total == 12100)
        // No region given: the country's rules.
        #expect(try order(nil).tax == 2100)
        // Canary Islands: the region's IVA 7 % replaces the country's 21 % → 7.00; total 107.00.
        let canary = try order("CN")
        #expect(
            canary.taxes == [TaxLine(name: "IVA", rate: F.rate("0.07"), category: "S", taxable: 10000, amount: 700)])
        #expect(canary.total == 10700)
        // Balearics: a region rule of another name adds to the country's: 21.00 + 1.00.
        let balearic = try order("PM")
        #expect(balearic.taxes.map(\.name) == ["IVA", "ECO"])
        #expect(balearic.taxes.map(\.amount) == [2100, 100])
        #expect(balearic.total == 12200)
    }

    @Test func regionRuleOfRateZeroRemovesTheCountryRule() throws {
        // Ceuta: IVA 0 (category S) replaces the 21 % and is not listed; nothing else applies → O.
        let ceuta = try Self.price(
            Self.flatPlan("100.00", currency: F.eur), catalog: Self.regional, reseller: F.acme,
            customer: TaxCustomer(country: "ES", region: "CE"))
        #expect(ceuta.taxes.isEmpty)
        #expect(ceuta.tax == 0)
        #expect(ceuta.total == 10000)
        #expect(ceuta.vatCategory == "O")
        #expect(
            Pricing.applicableTaxRules(
                catalog: Self.regional, reseller: F.acme, customer: TaxCustomer(country: "ES", region: "CE")
            ).map(\.rate) == [F.rate("0")])
    }

    @Test func zeroRatedCategoryIsListed() throws {
        // Svalbard: MVA 0 % of category Z replaces the 25 % and is listed with amount 0 (EN 16931 needs Z).
        let svalbard = try Self.price(
            Self.flatPlan("100.00", currency: F.eur), catalog: Self.regional, reseller: F.acme,
            customer: TaxCustomer(country: "NO", region: "21"))
        #expect(svalbard.taxes == [TaxLine(name: "MVA", rate: F.rate("0"), category: "Z", taxable: 10000, amount: 0)])
        #expect(svalbard.vatCategory == "Z")
        #expect(svalbard.total == 10000)
    }

    @Test func euReverseCharge() throws {
        let plan = Self.flatPlan("100.00", currency: F.eur)
        let catalog = Catalog(
            resellers: [F.acme],
            taxes: [
                TaxRule(country: "DE", name: "VAT", rate: F.rate("0.19")),
                TaxRule(country: "FR", name: "TVA", rate: F.rate("0.20")),
            ])
        // DE reseller, FR company with an FR VAT id: two EU states → no tax, AE.
        let company = try Self.price(
            plan, catalog: catalog, reseller: F.acme, customer: TaxCustomer(country: "FR", isCompanyWithVatId: true))
        #expect(company.taxes.isEmpty)
        #expect(company.tax == 0)
        #expect(company.net == 10000)
        #expect(company.total == 10000)
        #expect(company.vatCategory == "AE")
        // The same customer without a VAT id pays FR TVA 20 %: 20.00.
        let consumer = try Self.price(plan, catalog: catalog, reseller: F.acme, customer: TaxCustomer(country: "FR"))
        #expect(consumer.tax == 2000)
        #expect(consumer.vatCategory == "S")
        // A Swiss company with a VAT id: Switzerland is not in the EU → not reverse charge; no CH rule → O.
        let swiss = try Self.price(
            plan, catalog: catalog, reseller: F.acme, customer: TaxCustomer(country: "CH", isCompanyWithVatId: true))
        #expect(swiss.vatCategory == "O")
        // A German company: same country → DE VAT, S (Globex GmbH of the example batch).
        let german = try Self.price(
            plan, catalog: catalog, reseller: F.acme, customer: TaxCustomer(country: "DE", isCompanyWithVatId: true))
        #expect(german.tax == 1900)
        #expect(german.vatCategory == "S")
        // A reseller outside the EU selling to an FR company: not reverse charge.
        var usReseller = F.acme
        usReseller.id = "R-US"
        usReseller.country = "US"
        #expect(
            !Pricing.isReverseCharge(
                reseller: usReseller, customer: TaxCustomer(country: "FR", isCompanyWithVatId: true)))
    }

    @Test func noRuleIsCategoryO() throws {
        let order = try Self.price(
            Self.flatPlan("100.00", currency: F.eur), reseller: F.acme,
            customer: TaxCustomer(country: "US", region: "NY", isCompanyWithVatId: true))
        #expect(order.taxes.isEmpty)
        #expect(order.vatCategory == "O")
        #expect(order.net == 10000)
        #expect(order.tax == 0)
        #expect(order.total == 10000)
    }

    @Test func exclusiveTaxTiesFollowTheResellersRounding() throws {
        let catalog = Catalog(taxes: [TaxRule(country: "JP", name: "CT", rate: F.rate("0.10"))])
        var halfEven = F.acme
        halfEven.rounding = .halfEven
        // 1.25 × 10 % = 0.125: half-up → 0.13, half-even → 0.12.
        let up = try Pricing.taxation(amount: 125, catalog: catalog, reseller: F.acme, customer: TaxCustomer(country: "JP"))
        let even = try Pricing.taxation(
            amount: 125, catalog: catalog, reseller: halfEven, customer: TaxCustomer(country: "JP"))
        #expect(up.tax == 13)
        #expect(up.total == 138)
        #expect(even.tax == 12)
        #expect(even.total == 137)
    }
}
