import Testing
@testable import OrderFlowCore

/// ErrorCodes.md, `AMOUNT_TOO_LARGE`: an amount beyond `Int64` minor units (92,233,720,368,547,758.07
/// EUR) is a request error on the column to change, never a trap. The catalog is `catalog/tests/
/// extreme.xml` built in code: a resource without max at 1,000,000 EUR per unit and month.
@Suite struct AmountTooLargeTests {
    static let eur = Currency(code: "EUR", minorUnits: 2)
    static let usd = Currency(code: "USD", minorUnits: 2)
    static func fee(_ text: String) -> ScaledDecimal { ScaledDecimal.parse(text, scale: ScaledDecimal.Scale.fee)! }
    static func rate(_ text: String) -> ScaledDecimal { ScaledDecimal.parse(text, scale: ScaledDecimal.Scale.rate)! }

    static let reseller = Reseller(
        id: "R-EXT", name: "Extreme GmbH", currency: eur, country: "DE", defaultPaymentModel: .postpay,
        managerMayOverridePaymentModel: true, invoicePrefix: "EXT")

    static let catalog = Catalog(
        resellers: [reseller],
        exchangeRates: [ExchangeRate(from: "USD", to: "EUR", rate: rate("1000"), effective: CalendarDate(iso: "2026-01-01")!)],
        taxes: [TaxRule(country: "DE", name: "VAT", rate: rate("0.19"))],
        products: [
            Product(
                id: "PRD-BIG", name: "Big", service: .cloud,
                plans: [
                    Plan(
                        id: "PLN-BIG", name: "Big", productId: "PRD-BIG", currency: eur,
                        periods: [
                            Period(id: "1M", duration: ISODuration(months: 1), fee: fee("1.00")),
                            Period(id: "1Y", duration: ISODuration(years: 1), fee: fee("10.00")),
                        ],
                        resources: [
                            Resource(id: "DISK", name: "Disk", unit: "TB", recurringFee: fee("1000000")),
                            Resource(id: "CPU", name: "vCPU", recurringFee: fee("1")),
                        ]),
                    Plan(
                        id: "PLN-USD", name: "Dollar", productId: "PRD-BIG", currency: usd,
                        blockingThreshold: fee("922337203685477.5807"),
                        periods: [Period(id: "1M", duration: ISODuration(months: 1), fee: fee("1.00"))]),
                    Plan(
                        id: "PLN-PAYG", name: "Metered", productId: "PRD-BIG", currency: eur, billing: .payg,
                        topUp: .resources, periods: [Period(id: "1M", duration: ISODuration(months: 1))],
                        resources: [Resource(id: "DISK", name: "Disk", unit: "TB", recurringFee: fee("1000000"))]),
                ])
        ])

    static let asOf = CalendarDate(iso: "2026-11-22")!

    static func order(_ ref: String, plan: String = "PLN-BIG", period: String = "1M", line: Int,
                      _ resources: [(String, String)] = [], _ fields: [(RequestField, String)] = []) -> RawRequest {
        let at = SourceLocation(line: line, column: 3)
        var raw = RawRequest(action: .order, location: at)
        let values: [(RequestField, String)] = [
            (.reseller, "R-EXT"), (.ref, ref), (.accountType, "company"), (.companyName, "Globex GmbH"),
            (.contactName, "Hank Scorpio"), (.contactEmail, "hank@globex.example"), (.country, "DE"),
            (.city, "Berlin"), (.postalCode, "10115"), (.addressLine1, "Unter den Linden 1"), (.plan, plan),
            (.period, period),
        ]
        for (field, value) in values + fields { raw.set(field, value, at: at) }
        raw.resources = resources.map { ResourceAmount(id: $0.0, amount: $0.1, location: SourceLocation(line: line, column: 9)) }
        return raw
    }

    static func judge(_ requests: [RawRequest]) -> [JudgedRequest] {
        var judge = BatchJudge(
            context: JudgeContext(catalog: catalog, reseller: reseller, asOf: asOf), history: EmptyHistory())
        var ids = SequentialIdentifiers()
        return requests.map { judge.judge($0, ids: &ids) }
    }

    static func expectTooLarge(
        _ judged: JudgedRequest, field: String, line: Int, mentioning fix: String,
        sourceLocation: SourceLocation_ = #_sourceLocation
    ) {
        #expect(judged.outcome == .rejected, sourceLocation: sourceLocation)
        #expect(judged.errors.map(\.code) == [.amountTooLarge], "\(judged.errors)", sourceLocation: sourceLocation)
        #expect(judged.result.errorField == field, sourceLocation: sourceLocation)
        #expect(judged.errors.first?.location.line == line, sourceLocation: sourceLocation)
        let message = judged.result.errorMessage ?? ""
        #expect(message.contains("92233720368547758.07 EUR") && message.contains(fix), "\(message)", sourceLocation: sourceLocation)
    }

    typealias SourceLocation_ = Testing.SourceLocation

    /// By hand, 1M: DISK 70,000,000,000 TB × 1,000,000 EUR = 70,000,000,000,000,000.00; fee 1.00; net
    /// 70,000,000,000,000,001.00; VAT 19 % 13,300,000,000,000,000.19; total 83,300,000,000,000,001.19,
    /// below the limit of 92,233,720,368,547,758.07.
    @Test func theLargestAmountsThatFitArePricedExactly() {
        let judged = Self.judge([Self.order("B-1", line: 2, [("DISK", "70000000000")])])[0]
        #expect(judged.errors.isEmpty, "\(judged.errors)")
        #expect(judged.result.net == "70000000000000001.00")
        #expect(judged.result.tax == "13300000000000000.19")
        #expect(judged.result.total == "83300000000000001.19")
    }

    /// 100,000,000,000 TB × 1,000,000 EUR = 10^17 EUR: the line alone does not fit.
    @Test func aLineBeyondTheLimitNamesItsResource() {
        Self.expectTooLarge(
            Self.judge([Self.order("B-2", line: 3, [("DISK", "100000000000")])])[0], field: "resource:DISK", line: 3,
            mentioning: "order fewer units of DISK")
    }

    /// DISK 60,000,000,000 (6 × 10^16 EUR) and CPU 4 × 10^16 at 1 EUR: each line fits, their sum
    /// (10^17 EUR) does not; the larger line's resource is named.
    @Test func aSumBeyondTheLimitNamesTheLargestLine() {
        Self.expectTooLarge(
            Self.judge([Self.order("B-3", line: 4, [("CPU", "40000000000000000"), ("DISK", "60000000000")])])[0],
            field: "resource:DISK", line: 4, mentioning: "order fewer units of DISK")
    }

    /// DISK 80,000,000,000: net 80,000,000,000,000,001.00 fits, VAT 19 % takes the total to
    /// 95,200,000,000,000,001.19, beyond the limit.
    @Test func taxesBeyondTheLimitAreTooLarge() {
        Self.expectTooLarge(
            Self.judge([Self.order("B-4", line: 5, [("DISK", "80000000000")])])[0], field: "resource:DISK", line: 5,
            mentioning: "order fewer units of DISK")
    }

    /// A postpaid subscription of 7,000,000,000 TB (1M: 7 × 10^15 EUR, fits) renewed for 1Y: 12 ×
    /// 7 × 10^15 = 8.4 × 10^16 EUR, with VAT about 10^17: beyond the limit; the renewal names no
    /// resource, so the period is to change. Upgrading DISK to 10^11 TB: the line alone is beyond.
    @Test func renewalsAndUpgradesBeyondTheLimit() {
        var renewal = RawRequest(action: .renewal, location: SourceLocation(line: 3, column: 3))
        for (field, value) in [(RequestField.reseller, "R-EXT"), (.ref, "B-5R"), (.subscription, "SUB-1"), (.period, "1Y")] {
            renewal.set(field, value, at: renewal.location)
        }
        var upgrade = RawRequest(action: .upgrade, location: SourceLocation(line: 4, column: 3))
        for (field, value) in [(RequestField.reseller, "R-EXT"), (.ref, "B-5U"), (.subscription, "SUB-1")] {
            upgrade.set(field, value, at: upgrade.location)
        }
        upgrade.resources = [ResourceAmount(id: "DISK", amount: "100000000000", location: SourceLocation(line: 5, column: 5))]
        let judged = Self.judge([Self.order("B-5", line: 2, [("DISK", "7000000000")]), renewal, upgrade])
        #expect(judged[0].errors.isEmpty, "\(judged[0].errors)")
        #expect(judged[0].result.subscriptionStatus == .active)
        Self.expectTooLarge(judged[1], field: "period", line: 3, mentioning: "choose a shorter period")
        Self.expectTooLarge(judged[2], field: "resource:DISK", line: 5, mentioning: "order fewer units of DISK")
    }

    /// A resource without max has no upper limit for upgrades either: 7 × 10^9 → 8 × 10^9 TB on the
    /// 1M period that started today (30 of 30 days left): 10^9 TB × 1,000,000 EUR = 10^15 EUR; VAT
    /// 1.9 × 10^14; total 1,190,000,000,000,000.00 (postpaid: nothing to pay now).
    @Test func anUpgradeWithoutMaxIsPricedLikeAnyOther() {
        var upgrade = RawRequest(action: .upgrade, location: SourceLocation(line: 3, column: 3))
        for (field, value) in [(RequestField.reseller, "R-EXT"), (.ref, "B-9U"), (.subscription, "SUB-1")] {
            upgrade.set(field, value, at: upgrade.location)
        }
        upgrade.resources = [ResourceAmount(id: "DISK", amount: "8000000000", location: SourceLocation(line: 4, column: 5))]
        let judged = Self.judge([Self.order("B-9", line: 2, [("DISK", "7000000000")]), upgrade])
        #expect(judged[1].errors.isEmpty, "\(judged[1].errors)")
        #expect(judged[1].result.net == "1000000000000000.00")
        #expect(judged[1].result.tax == "190000000000000.00")
        #expect(judged[1].result.total == "1190000000000000.00")
    }

    /// A threshold of the right form but more digits than OrderFlow holds is AMOUNT_TOO_LARGE, not
    /// INVALID_VALUE; the plan's threshold converted at 1,000 EUR per USD is beyond the limit too.
    @Test func blockingThresholdsBeyondTheLimit() {
        let judged = Self.judge([
            Self.order("B-6", line: 2, [], [(.blockingThreshold, "1000000000000000000000.00")]),
            Self.order("B-7", plan: "PLN-USD", line: 3),
        ])
        #expect(judged[0].errors.map(\.code) == [.amountTooLarge])
        #expect(judged[0].result.errorField == "blocking_threshold")
        #expect(judged[0].result.errorMessage?.contains("at most 922337203685477.5807") == true)
        #expect(judged[1].errors.map(\.code) == [.amountTooLarge])
        #expect(judged[1].result.errorField == "blocking_threshold")
        #expect(judged[1].result.errorMessage?.contains("give a smaller blocking threshold") == true)
    }

    /// A pay-as-you-go prepaid top-up of one month of 10^11 TB at 1,000,000 EUR is beyond the limit.
    @Test func topUpsBeyondTheLimit() {
        Self.expectTooLarge(
            Self.judge([Self.order("B-8", plan: "PLN-PAYG", line: 6, [("DISK", "100000000000")], [
                (.channel, "manager"), (.paymentModel, "prepay"),
            ])])[0], field: "resource:DISK", line: 6, mentioning: "order fewer units of DISK")
    }
}
