import Testing

@testable import OrderFlowCore

/// A plan in EUR (rate 1, so the figures below are the catalog's own), the example plan in USD for
/// rates, and the timelines the billing tests share.
enum BillingFixtures {
    typealias F = PricingFixtures

    static let monthly = Period(id: "1M", duration: ISODuration(iso: "P1M")!, fee: F.fee("10.00"))
    static let yearly = Period(
        id: "1Y", duration: ISODuration(iso: "P1Y")!, fee: F.fee("100.00"), setupFee: F.fee("20.00"))
    static let trial = Period(id: "TRIAL30", duration: ISODuration(iso: "P30D")!, trial: true, registration: .short)

    /// Mail Euro: 1M 10.00, 1Y 100.00 (setup 20.00); MAILBOX included 5, setup 1.00, 2.00 a month;
    /// STORAGE included 10, 0.10 a month, no setup fee.
    static let plan = Plan(
        id: "PLN-MAIL-EUR", name: "Mail Euro", productId: "PRD-MAIL", currency: F.eur,
        paymentModels: [.postpay], periods: [monthly, yearly, trial], resources: [F.mailbox, F.storage])

    static let acmeHalfEven: Reseller = {
        var reseller = F.acme
        reseller.rounding = .halfEven
        return reseller
    }()
    static let acmeInclusive: Reseller = {
        var reseller = F.acme
        reseller.taxMode = .inclusive
        return reseller
    }()

    /// USD → JPY 150.5 from 2026-11-30 (November's last day) and 160 from 2026-12-01; USD → BHD 0.376.
    static let catalog = Catalog(
        resellers: [F.acme],
        exchangeRates: [
            ExchangeRate(from: "USD", to: "EUR", rate: F.rate("0.921500"), effective: F.date("2026-11-01")),
            ExchangeRate(from: "USD", to: "JPY", rate: F.rate("150.500000"), effective: F.date("2026-11-30")),
            ExchangeRate(from: "USD", to: "JPY", rate: F.rate("160.000000"), effective: F.date("2026-12-01")),
            ExchangeRate(from: "USD", to: "BHD", rate: F.rate("0.376000"), effective: F.date("2026-11-01")),
        ],
        taxes: [TaxRule(country: "DE", name: "VAT", rate: F.rate("0.19"), category: "S")],
        products: [])

    /// No tax rule for the US: net = total.
    static let untaxed = TaxCustomer(country: "US")
    /// A German consumer of a German reseller: 19 % VAT.
    static let german = TaxCustomer(country: "DE")

    static func month(_ text: String) -> BillingMonth { BillingMonth(text)! }

    static func amounts(mailbox: Int64, storage: Int64 = 10) -> [ResourceQuantity] {
        F.quantities(["MAILBOX": mailbox, "STORAGE": storage])
    }

    static func state(_ periodId: String, mailbox: Int64, storage: Int64 = 10) -> BillingTimeline.State {
        BillingTimeline.State(periodId: periodId, amounts: amounts(mailbox: mailbox, storage: storage))
    }

    /// 1M since 2026-10-01; upgraded 2026-11-11 from MAILBOX 10, STORAGE 12 to MAILBOX 20, STORAGE 17.
    static let upgradedTimeline = BillingTimeline(
        serviceStart: F.date("2026-10-01"), current: state("1M", mailbox: 20, storage: 17),
        before: [
            BillingTimeline.Change(
                until: F.date("2026-11-11"), cause: .upgrade, state: state("1M", mailbox: 10, storage: 12))
        ])

    /// 1M since 2026-10-21, renewed 2026-11-21 for 1Y; MAILBOX 15 throughout.
    static let renewedTimeline = BillingTimeline(
        serviceStart: F.date("2026-10-21"), current: state("1Y", mailbox: 15),
        before: [BillingTimeline.Change(until: F.date("2026-11-21"), cause: .renewal, state: state("1M", mailbox: 15))])

    /// TRIAL30 from 2026-11-01 (MAILBOX at its included 5), paid 1M with MAILBOX 15 from 2026-11-21.
    static let trialThenPaidTimeline = BillingTimeline(
        serviceStart: F.date("2026-11-01"), current: state("1M", mailbox: 15),
        before: [
            BillingTimeline.Change(until: F.date("2026-11-21"), cause: .renewal, state: state("TRIAL30", mailbox: 5))
        ])

    /// The bill of `timeline` for `month`, as the job would put it together.
    static func input(
        _ timeline: BillingTimeline, _ month: String, plan: Plan = plan, currency: Currency = F.eur,
        usageMax: [String: Int64] = [:], firstBill: Bool = false, promo: Promo? = nil, customer: TaxCustomer = untaxed
    ) -> PostpaidBill.Input {
        let month = Self.month(month)
        return PostpaidBill.Input(
            month: month, plan: plan, billingCurrency: currency, segments: timeline.segments(in: month, plan: plan),
            usageMax: usageMax, firstBill: firstBill, upgrades: timeline.upgrades(in: month), promo: promo,
            customer: customer)
    }

    static func bill(
        _ timeline: BillingTimeline, _ month: String, plan: Plan = plan, currency: Currency = F.eur,
        usageMax: [String: Int64] = [:], firstBill: Bool = false, promo: Promo? = nil,
        customer: TaxCustomer = untaxed, reseller: Reseller = F.acme
    ) throws -> PricedOrder {
        try PostpaidBill.price(
            input(
                timeline, month, plan: plan, currency: currency, usageMax: usageMax, firstBill: firstBill, promo: promo,
                customer: customer),
            catalog: catalog, reseller: reseller
        ).get()
    }
}

/// Billing.md: each line of a monthly bill is an exact fraction of the plan's fees, rounded once
/// (Billing.md). Every figure below is worked out by hand from the catalog values.
@Suite struct PostpaidBillTests {
    typealias F = PricingFixtures
    typealias B = BillingFixtures

    /// 30-day month, started 2026-11-17: a = 14 (17…30).
    @Test func midMonthStartInAThirtyDayMonth() throws {
        let bill = try B.bill(
            BillingTimeline(serviceStart: F.date("2026-11-17"), current: B.state("1M", mailbox: 15)), "2026-11")
        // 1M:       10.00 × 14 / (1 × 30)             = 4.666… → 4.67
        // MAILBOX:  (15 − 5) × 2.00 × 14 / 30 = 280/30 = 9.333… → 9.33
        // STORAGE:  10 − 10 = 0 charged                → no line
        #expect(bill.lines.map(\.description) == ["Mail Euro 1M (14/30 days)", "Mailbox × 10 (14/30 days)"])
        #expect(bill.lines.map(\.kind) == [.recurring, .recurring])
        #expect(bill.lines.map(\.quantity) == [1, 10])
        #expect(bill.lines.map(\.amount) == [467, 933])
        // No tax for a US customer: net = total = 4.67 + 9.33 = 14.00.
        #expect(bill.vatCategory == "O")
        #expect(bill.net == 1400)
        #expect(bill.total == 1400)
    }

    /// 31-day month, started 2026-12-31: a = 1; January 2027 is whole.
    @Test func startedOnTheThirtyFirst() throws {
        let timeline = BillingTimeline(serviceStart: F.date("2026-12-31"), current: B.state("1M", mailbox: 15))
        let december = try B.bill(timeline, "2026-12")
        // 1M:      10.00 × 1/31 = 0.32258… → 0.32
        // MAILBOX: 10 × 2.00 × 1/31 = 20/31 = 0.64516… → 0.65
        #expect(december.lines.map(\.description) == ["Mail Euro 1M (1/31 days)", "Mailbox × 10 (1/31 days)"])
        #expect(december.lines.map(\.amount) == [32, 65])
        #expect(december.total == 97)
        let january = try B.bill(timeline, "2027-01")
        // Whole month: 10.00 and 10 × 2.00 = 20.00.
        #expect(january.lines.map(\.description) == ["Mail Euro 1M (31/31 days)", "Mailbox × 10 (31/31 days)"])
        #expect(january.lines.map(\.amount) == [1000, 2000])
    }

    /// 28-day month (2026-02), a yearly period, ended 2026-02-15: a = 14 (1…14), usage above included.
    @Test func endedMidMonthInTwentyEightDays() throws {
        let timeline = BillingTimeline(
            serviceStart: F.date("2026-01-10"), ended: F.date("2026-02-15"), current: B.state("1Y", mailbox: 15))
        let bill = try B.bill(timeline, "2026-02", usageMax: ["STORAGE": 25])
        // 1Y:      100.00 × 14 / (12 × 28) = 1400/336 = 4.1666… → 4.17
        // MAILBOX: no usage → amount in effect 15: 10 × 2.00 × 14/28 = 10.00
        // STORAGE: usage max 25 → 15 charged × 0.10 × 14/28 = 0.75
        #expect(
            bill.lines.map(\.description) == [
                "Mail Euro 1Y (14/28 days)", "Mailbox × 10 (14/28 days)", "Storage × 15 (14/28 days)",
            ])
        #expect(bill.lines.map(\.amount) == [417, 1000, 75])
        #expect(bill.total == 1492)  // 4.17 + 10.00 + 0.75
    }

    /// 29-day month (2028-02, leap), started 2028-02-10: a = 20 (10…29).
    @Test func leapFebruary() throws {
        let bill = try B.bill(
            BillingTimeline(serviceStart: F.date("2028-02-10"), current: B.state("1M", mailbox: 15)), "2028-02")
        // 1M:      10.00 × 20/29 = 200/29 = 6.8965… → 6.90
        // MAILBOX: 10 × 2.00 × 20/29 = 400/29 = 13.7931… → 13.79
        #expect(bill.lines.map(\.description) == ["Mail Euro 1M (20/29 days)", "Mailbox × 10 (20/29 days)"])
        #expect(bill.lines.map(\.amount) == [690, 1379])
        #expect(bill.total == 2069)
    }

    /// November whole (30/30), MAILBOX 15 and STORAGE 50 in effect; usage decides where it is given.
    @Test func usageMaxOrTheAmountInEffect() throws {
        let timeline = BillingTimeline(
            serviceStart: F.date("2026-10-01"), current: B.state("1M", mailbox: 15, storage: 50))
        // No usage: the amounts in effect. MAILBOX 10 × 2.00 = 20.00; STORAGE 40 × 0.10 = 4.00.
        let noUsage = try B.bill(timeline, "2026-11")
        #expect(noUsage.lines.map(\.amount) == [1000, 2000, 400])
        // STORAGE usage 35 (below the 50 in effect, above included 10): 25 × 0.10 = 2.50.
        // MAILBOX usage 3, below included 5: 0 charged, no line, though 15 are in effect.
        let used = try B.bill(timeline, "2026-11", usageMax: ["STORAGE": 35, "MAILBOX": 3])
        #expect(used.lines.map(\.description) == ["Mail Euro 1M (30/30 days)", "Storage × 25 (30/30 days)"])
        #expect(used.lines.map(\.amount) == [1000, 250])
        // STORAGE usage 80, above the 50 in effect: 70 × 0.10 = 7.00.
        let above = try B.bill(timeline, "2026-11", usageMax: ["STORAGE": 80])
        #expect(above.lines.map(\.description).last == "Storage × 70 (30/30 days)")
        #expect(above.lines.map(\.amount) == [1000, 2000, 700])
    }

    /// Upgraded 2026-11-11: 10 days at MAILBOX 10 / STORAGE 12, 20 days at MAILBOX 20 / STORAGE 17.
    @Test func upgradeMidMonthIsOneLineRoundedOnce() throws {
        let input = B.input(B.upgradedTimeline, "2026-11")
        let planLines = try PostpaidBill.planLines(input)
        let bill = try PostpaidBill.price(input, catalog: B.catalog, reseller: F.acme).get()
        // 1M:              10.00 × 30/30                                  = 10.00
        // MAILBOX setup:   charged = (20 − 5) − (10 − 5) = 10 × 1.00      = 10.00
        // MAILBOX:         5 × 10 days + 15 × 20 days = 350 unit-days
        //                  350 × 2.00 / 30 = 700/30 = 23.333…             → 23.33, quantity 15
        // STORAGE:         2 × 10 + 7 × 20 = 160 unit-days
        //                  160 × 0.10 / 30 = 16/30 = 0.5333…              → 0.53, quantity 7
        //                  (rounded per segment it would be 0.07 + 0.47 = 0.54: one rounding only)
        #expect(
            bill.lines.map(\.description) == [
                "Mail Euro 1M (30/30 days)", "Mailbox setup × 10", "Mailbox × 15 (30/30 days)",
                "Storage × 7 (30/30 days)",
            ])
        #expect(bill.lines.map(\.kind) == [.recurring, .setup, .recurring, .recurring])
        #expect(bill.lines.map(\.quantity) == [1, 10, 15, 7])
        #expect(bill.lines.map(\.amount) == [1000, 1000, 2333, 53])
        // The exact weighting: Σ charged × days over d_M × quantity (350 / (30 × 15), 160 / (30 × 7)).
        #expect(planLines[2].fraction == (350, 450))
        #expect(planLines[3].fraction == (160, 210))
        #expect(bill.total == 4386)  // 10.00 + 10.00 + 23.33 + 0.53
    }

    /// Renewed 2026-11-21 from 1M to 1Y: one period line each.
    @Test func renewalToAnotherPeriodMidMonth() throws {
        let bill = try B.bill(B.renewedTimeline, "2026-11")
        // 1M:      10.00 × 20 / (1 × 30)   = 6.666… → 6.67
        // 1Y:     100.00 × 10 / (12 × 30)  = 1000/360 = 2.777… → 2.78
        // MAILBOX: 10 × 20 + 10 × 10 = 300 unit-days × 2.00 / 30 = 20.00 (a renewal has no setup)
        #expect(
            bill.lines.map(\.description) == [
                "Mail Euro 1M (20/30 days)", "Mail Euro 1Y (10/30 days)", "Mailbox × 10 (30/30 days)",
            ])
        #expect(bill.lines.map(\.amount) == [667, 278, 2000])
        #expect(bill.total == 2945)
    }

    /// First bill, 1Y from 2026-11-17 (14/30): the setup lines of §5 step 1, and a percent promo.
    @Test func firstBillSetupLinesAndPercentPromo() throws {
        let timeline = BillingTimeline(serviceStart: F.date("2026-11-17"), current: B.state("1Y", mailbox: 15))
        let tenPercent = Promo(code: "TEN", discount: .percent(F.percent("10")), appliesTo: .recurring)
        let bill = try B.bill(timeline, "2026-11", firstBill: true, promo: tenPercent)
        // 1Y:            100.00 × 14 / (12 × 30) = 1400/360 = 3.888… → 3.89
        // 1Y setup:       20.00
        // MAILBOX setup:  10 × 1.00 = 10.00
        // MAILBOX:        10 × 2.00 × 14/30 = 9.333… → 9.33
        #expect(
            bill.lines.map(\.description) == [
                "Mail Euro 1Y (14/30 days)", "Mail Euro 1Y setup", "Mailbox setup × 10", "Mailbox × 10 (14/30 days)",
            ])
        #expect(bill.lines.map(\.amount) == [389, 2000, 1000, 933])
        // 10 % of the recurring lines, each rounded: 0.389 → 0.39; 0.933 → 0.93.
        #expect(bill.lines.map(\.discount) == [39, 0, 0, 93])
        #expect(bill.discountTotal == 132)
        #expect(bill.promoUsed)
        // net = 43.22 − 1.32 = 41.90
        #expect(bill.net == 4190)

        // Not the first bill: no setup lines and no promo, even if one is passed.
        let later = try B.bill(timeline, "2026-11", firstBill: false, promo: tenPercent)
        #expect(later.lines.map(\.amount) == [389, 933])
        #expect(later.discountTotal == 0)
        #expect(later.promoCode == nil)
    }

    /// A fixed promo of 5.00 on recurring lines, capped at that bill's 0.97 of recurring lines.
    @Test func fixedPromoCappedAtTheLines() throws {
        let timeline = BillingTimeline(serviceStart: F.date("2026-12-31"), current: B.state("1M", mailbox: 15))
        let fiveOff = Promo(code: "FIVE", discount: .amount(F.fee("5.00"), currency: "EUR"), appliesTo: .recurring)
        let bill = try B.bill(timeline, "2026-12", firstBill: true, promo: fiveOff)
        // 1M 0.32 (1/31), MAILBOX setup 10 × 1.00 = 10.00, MAILBOX 0.65 (1M has no setup fee).
        #expect(bill.lines.map(\.amount) == [32, 1000, 65])
        // Eligible: 0.32 + 0.65 = 0.97 < 5.00 → discount 0.97; net = 10.97 − 0.97 = 10.00.
        #expect(bill.documentDiscount == 97)
        #expect(bill.net == 1000)
        #expect(bill.total == 1000)
    }

    /// The upgrade bill (43.86) for a German consumer: VAT 19 %, exclusive and inclusive.
    @Test func taxExclusiveAndInclusive() throws {
        let exclusive = try B.bill(B.upgradedTimeline, "2026-11", customer: B.german)
        // net 43.86; VAT 43.86 × 0.19 = 8.3334 → 8.33; total 52.19.
        #expect(exclusive.net == 4386)
        #expect(exclusive.tax == 833)
        #expect(exclusive.total == 5219)
        #expect(exclusive.vatCategory == "S")
        let inclusive = try B.bill(B.upgradedTimeline, "2026-11", customer: B.german, reseller: B.acmeInclusive)
        // The gross 43.86 contains the VAT: 43.86 × 0.19 / 1.19 = 7.0028… → 7.00; net 36.86.
        #expect(inclusive.total == 4386)
        #expect(inclusive.tax == 700)
        #expect(inclusive.net == 3686)
    }

    /// The example plan in USD (1Y 100.00, setup 20.00; MAILBOX 20, STORAGE 50) from 2026-11-17, billed
    /// in EUR at 0.9215 (effective 2026-11-01), first bill with WELCOME10, Globex in Berlin.
    @Test func convertedAtTheRateOfTheMonth() throws {
        let timeline = BillingTimeline(
            serviceStart: F.date("2026-11-17"), current: B.state("1Y", mailbox: 20, storage: 50))
        let bill = try B.bill(
            timeline, "2026-11", plan: F.mailStd, usageMax: [:], firstBill: true, promo: F.welcome10, customer: F.globex
        )
        // 1Y:            100.00 × 14/(12 × 30) × 0.9215 = 1290.1/360 = 3.5836… → 3.58
        // 1Y setup:       20.00 × 0.9215                = 18.43
        // MAILBOX setup:  15 × 1.00 × 0.9215            = 13.8225 → 13.82
        // MAILBOX:        15 × 2.00 × 14/30 × 0.9215    = 14 × 0.9215 = 12.901 → 12.90
        // STORAGE:        40 × 0.10 × 14/30 × 0.9215    = 51.604/30 = 1.7201… → 1.72
        #expect(bill.lines.map(\.amount) == [358, 1843, 1382, 1290, 172])
        #expect(bill.exchangeRate == F.rate("0.9215"))
        #expect(bill.rateEffective == F.date("2026-11-01"))
        // WELCOME10 on the recurring lines: 0.358 → 0.36; 1.290 → 1.29; 0.172 → 0.17 = 1.82.
        #expect(bill.discountTotal == 182)
        // net = 50.45 − 1.82 = 48.63; VAT 48.63 × 0.19 = 9.2397 → 9.24; total 57.87.
        #expect(bill.net == 4863)
        #expect(bill.tax == 924)
        #expect(bill.total == 5787)
    }

    /// JPY (0 decimals) at 150.5, effective on November's last day, not its first; 14/30 days.
    @Test func zeroDecimalCurrency() throws {
        let timeline = BillingTimeline(
            serviceStart: F.date("2026-11-17"), current: B.state("1M", mailbox: 15, storage: 50))
        let bill = try B.bill(timeline, "2026-11", plan: F.mailStd, currency: F.jpy)
        // 1M:      10.00 × 150.5 × 14/30 = 21070/30 = 702.33… → 702
        // MAILBOX: 10 × 2.00 × 150.5 × 14/30 = 42140/30 = 1404.66… → 1405
        // STORAGE: 40 × 0.10 × 150.5 × 14/30 = 8428/30 = 280.93… → 281
        #expect(bill.lines.map(\.amount) == [702, 1405, 281])
        #expect(bill.rateEffective == F.date("2026-11-30"))
        #expect(bill.total == 2388)
        #expect(bill.totalMoney.text == "2388")
    }

    /// BHD (3 decimals) at 0.376; 14/30 days.
    @Test func threeDecimalCurrency() throws {
        let timeline = BillingTimeline(
            serviceStart: F.date("2026-11-17"), current: B.state("1M", mailbox: 15, storage: 50))
        let bill = try B.bill(timeline, "2026-11", plan: F.mailStd, currency: F.bhd)
        // 1M:      10.00 × 0.376 × 14/30 = 52.64/30 = 1.75466… → 1.755
        // MAILBOX: 20.00 × 0.376 × 14/30 = 105.28/30 = 3.50933… → 3.509
        // STORAGE:  4.00 × 0.376 × 14/30 = 21.056/30 = 0.70186… → 0.702
        #expect(bill.lines.map(\.amount) == [1755, 3509, 702])
        #expect(bill.total == 5966)
        #expect(bill.totalMoney.text == "5.966")
    }

    /// A fee of 0.25 for 15 of 30 days is 0.125 exactly: half-up 0.13, half-even 0.12.
    @Test func roundingHalfUpAndHalfEven() throws {
        let plan = Plan(
            id: "PLN-TINY", name: "Tiny", productId: "PRD-MAIL", currency: F.eur,
            periods: [Period(id: "1M", duration: ISODuration(iso: "P1M")!, fee: F.fee("0.25"))])
        let timeline = BillingTimeline(
            serviceStart: F.date("2026-11-16"), current: BillingTimeline.State(periodId: "1M", amounts: []))
        #expect(try B.bill(timeline, "2026-11", plan: plan).lines.map(\.amount) == [13])
        #expect(try B.bill(timeline, "2026-11", plan: plan, reseller: B.acmeHalfEven).lines.map(\.amount) == [12])
    }

    /// TRIAL30 until 2026-11-21, then 1M with MAILBOX 15: 10 paid days only.
    @Test func trialDaysAreNotBilled() throws {
        let bill = try B.bill(B.trialThenPaidTimeline, "2026-11")
        // 1M:      10.00 × 10/30 = 3.333… → 3.33
        // MAILBOX: 10 × 2.00 × 10/30 = 6.666… → 6.67
        #expect(bill.lines.map(\.description) == ["Mail Euro 1M (10/30 days)", "Mailbox × 10 (10/30 days)"])
        #expect(bill.lines.map(\.amount) == [333, 667])
        #expect(bill.total == 1000)
    }

    /// Canceled within its window: no day counts, so nothing is billed, setup and promo included.
    @Test func canceledInWindowHasNothingToBill() throws {
        let timeline = BillingTimeline(
            serviceStart: F.date("2026-11-17"), ended: F.date("2026-11-20"), canceledInWindow: true,
            current: B.state("1Y", mailbox: 15))
        let input = B.input(timeline, "2026-11", firstBill: true, promo: F.fiveOff)
        #expect(input.segments.isEmpty)
        let bill = try PostpaidBill.price(input, catalog: B.catalog, reseller: F.acme).get()
        #expect(bill.lines.isEmpty)
        #expect(bill.total == 0)
    }

    /// Pay-as-you-go: no period fee even if a period carries one; consumption only. 14/30 days.
    @Test func payAsYouGoHasNoPeriodFee() throws {
        let plan = Plan(
            id: "PLN-PAYG", name: "Storage PAYG", productId: "PRD-MAIL", currency: F.eur, billing: .payg,
            periods: [Period(id: "1M", duration: ISODuration(iso: "P1M")!, fee: F.fee("10.00"))],
            resources: [Resource(id: "STORAGE", name: "Storage", unit: "GB", recurringFee: F.fee("0.10"))])
        let timeline = BillingTimeline(
            serviceStart: F.date("2026-11-17"), current: BillingTimeline.State(periodId: "1M", amounts: []))
        let bill = try B.bill(timeline, "2026-11", plan: plan, usageMax: ["STORAGE": 250], firstBill: true)
        // STORAGE: 250 × 0.10 × 14/30 = 350/30 = 11.666… → 11.67
        #expect(bill.lines.map(\.description) == ["Storage × 250 (14/30 days)"])
        #expect(bill.lines.map(\.amount) == [1167])
    }

    /// No rate on or before the month's last day: CURRENCY_NOT_AVAILABLE, as Pricing reports it.
    @Test func missingRate() {
        let timeline = BillingTimeline(serviceStart: F.date("2026-10-01"), current: B.state("1M", mailbox: 15))
        // USD → JPY is effective from 2026-11-30 only: October has none.
        let october = PostpaidBill.price(
            B.input(timeline, "2026-10", plan: F.mailStd, currency: F.jpy), catalog: B.catalog, reseller: F.acme)
        #expect(throws: PricingError.noExchangeRate(from: "USD", to: "JPY")) { try october.get() }
        #expect(PricingError.noExchangeRate(from: "USD", to: "JPY").code == .currencyNotAvailable)
        // No USD → GBP rate at all.
        let gbp = PostpaidBill.price(
            B.input(timeline, "2026-11", plan: F.mailStd, currency: F.gbp), catalog: B.catalog, reseller: F.acme)
        #expect(throws: PricingError.noExchangeRate(from: "USD", to: "GBP")) { try gbp.get() }
    }

    /// Usage beyond what OrderFlow holds: AMOUNT_TOO_LARGE on the resource, never a trap.
    @Test func amountTooLarge() {
        let timeline = BillingTimeline(serviceStart: F.date("2026-10-01"), current: B.state("1M", mailbox: 15))
        let expected = PricingError.amountTooLarge(currency: F.eur, resourceId: "STORAGE", field: .plan)
        // Int64.max units × 30 days does not fit the weighting.
        let weighting = PostpaidBill.price(
            B.input(timeline, "2026-11", usageMax: ["STORAGE": .max]), catalog: B.catalog, reseller: F.acme)
        #expect(throws: expected) { try weighting.get() }
        #expect(expected.code == .amountTooLarge)
        // 10^17 units fit the weighting but not the line's exact product.
        let line = PostpaidBill.price(
            B.input(timeline, "2026-11", usageMax: ["STORAGE": 100_000_000_000_000_000]), catalog: B.catalog,
            reseller: F.acme)
        #expect(throws: expected) { try line.get() }
        // Without a rate the rate is what is reported, so the job retries it.
        let noRate = PostpaidBill.price(
            B.input(timeline, "2026-11", plan: F.mailStd, currency: F.gbp, usageMax: ["STORAGE": .max]),
            catalog: B.catalog, reseller: F.acme)
        #expect(throws: PricingError.noExchangeRate(from: "USD", to: "GBP")) { try noRate.get() }
    }
}
