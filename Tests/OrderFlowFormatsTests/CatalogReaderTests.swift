import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

@Suite struct CatalogReaderTests {
    static func fixture(_ name: String) -> String {
        TestPaths.fixtures.appendingPathComponent("catalog/tests/\(name)").path
    }

    static func fee(_ text: String) -> ScaledDecimal { ScaledDecimal.parse(text, scale: ScaledDecimal.Scale.fee)! }
    static func rate(_ text: String) -> ScaledDecimal { ScaledDecimal.parse(text, scale: ScaledDecimal.Scale.rate)! }
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    /// A catalog document around `body`.
    static func document(_ body: String) -> [UInt8] {
        Array(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <catalog xmlns="urn:orderflow:catalog:1">
            \(body)
            </catalog>

            """.utf8)
    }

    static func problems(_ body: String) -> [Diagnostic] {
        CatalogReader.check(bytes: document(body), name: "test.xml")
    }

    // MARK: - The example catalog (spec-example.xml)

    @Test func specExampleLoadsIntoTheModel() throws {
        let catalog = try CatalogReader.load(path: Self.fixture("spec-example.xml"))

        #expect(catalog.resellers.count == 1)
        let acme = try #require(catalog.reseller(id: "R-ACME"))
        #expect(acme.name == "Acme Cloud GmbH")
        #expect(acme.currency == Currency(code: "EUR", minorUnits: 2))
        #expect(acme.country == "DE")
        #expect(acme.vatId == "DE811907980")
        #expect(acme.timeZone == "Europe/Berlin")
        #expect(acme.defaultPaymentModel == .prepay)
        #expect(acme.managerMayOverridePaymentModel)
        #expect(!acme.countryLocked)
        #expect(acme.termsRequired)
        #expect(acme.termsVersion == "2026-01")
        #expect(acme.rounding == .halfUp)
        #expect(acme.taxMode == .exclusive)
        #expect(acme.invoicePrefix == "ACME")
        #expect(acme.paymentDueDays == 14)
        #expect(acme.line == 3)  // the line of the start tag, not of its closing `/>`

        #expect(
            catalog.exchangeRates == [
                ExchangeRate(
                    from: "USD", to: "EUR", rate: ScaledDecimal(units: 921_500, scale: 6), effective: Self.date("2026-11-01"),
                    line: 9)
            ])
        #expect(catalog.exchangeRate(from: "USD", to: "EUR", on: Self.date("2026-11-22"))?.rate == Self.rate("0.9215"))
        #expect(catalog.exchangeRate(from: "USD", to: "EUR", on: Self.date("2026-10-31")) == nil)
        #expect(catalog.exchangeRate(from: "EUR", to: "USD", on: Self.date("2026-11-22")) == nil)

        #expect(
            catalog.taxes == [
                TaxRule(country: "DE", name: "VAT", rate: ScaledDecimal(units: 190_000, scale: 6), category: "S", line: 10),
                TaxRule(
                    country: "CA", region: "QC", name: "GST", rate: ScaledDecimal(units: 50_000, scale: 6),
                    resellers: ["R-MAPLE"], line: 11),
                TaxRule(
                    country: "CA", region: "QC", name: "QST", rate: ScaledDecimal(units: 99_750, scale: 6),
                    resellers: ["R-MAPLE"], line: 12),
            ])
        #expect(!catalog.taxes[1].isCharged(by: "R-ACME"))
        #expect(catalog.forbiddenRegions == [ForbiddenRegion(country: "UA", region: "43", line: 13)])
        #expect(catalog.isRegionForbidden(country: "UA", region: "43"))

        #expect(
            catalog.promos == [
                Promo(
                    code: "WELCOME10", discount: .percent(ScaledDecimal(units: 100_000, scale: 4)), appliesTo: .recurring,
                    validFrom: Self.date("2026-01-01"), validTo: Self.date("2026-12-31"), plans: ["PLN-MAIL-STD"],
                    maxUses: 1000, line: 14),
                Promo(
                    code: "FIVEOFF", discount: .amount(ScaledDecimal(units: 50_000, scale: 4), currency: "EUR"),
                    appliesTo: .all, line: 16),
            ])

        let product = try #require(catalog.product(id: "PRD-MAIL"))
        #expect(product.name == "Hosted Mail")
        #expect(product.service == .saas)
        #expect(product.requiresDomain)
        #expect(product.cancellationWindowDays == 14)
        #expect(product.dataLocations == ["eu-central", "us-east"])
        #expect(!product.manualApproval)
        #expect(product.line == 17)

        let plan = try #require(product.plans.first)
        #expect(product.plans.count == 1)
        #expect(plan.id == "PLN-MAIL-STD")
        #expect(plan.name == "Mail Standard")
        #expect(plan.productId == "PRD-MAIL")
        #expect(plan.currency == Currency(code: "USD", minorUnits: 2))
        #expect(plan.accountTypes == ["company", "individual"])
        #expect(plan.paymentModels == [.prepay, .postpay])
        #expect(plan.blockingThreshold == ScaledDecimal(units: 5_000_000, scale: 4))
        #expect(plan.billing == .standard)
        #expect(plan.topUp == nil)
        #expect(plan.line == 19)

        #expect(
            plan.periods == [
                Period(id: "1M", duration: ISODuration(months: 1), fee: ScaledDecimal(units: 100_000, scale: 4), line: 22),
                Period(
                    id: "1Y", duration: ISODuration(years: 1), fee: ScaledDecimal(units: 1_000_000, scale: 4),
                    setupFee: ScaledDecimal(units: 200_000, scale: 4), line: 23),
                Period(id: "TRIAL30", duration: ISODuration(days: 30), trial: true, registration: .short, line: 24),
            ])
        #expect(
            plan.resources == [
                Resource(
                    id: "MAILBOX", name: "Mailbox", unit: "item", included: 5, min: 5, max: 500,
                    setupFee: ScaledDecimal(units: 10_000, scale: 4), recurringFee: ScaledDecimal(units: 20_000, scale: 4),
                    line: 25),
                Resource(
                    id: "STORAGE", name: "Storage", unit: "GB", included: 10, min: 0, max: 1000,
                    recurringFee: ScaledDecimal(units: 1_000, scale: 4), line: 27),
            ])
        guard case .found(let found) = catalog.lookupPlan("Mail Standard", in: nil) else {
            Issue.record("plan not found by name")
            return
        }
        #expect(found.plan.id == "PLN-MAIL-STD")
    }

    @Test func specExampleChecksWithNotesOnly() {
        // R-MAPLE's taxes name a reseller the example does not define: shown, but not an error.
        let problems = CatalogReader.check(path: Self.fixture("spec-example.xml"))
        #expect(problems.map(\.location.line) == [11, 12])
        #expect(problems.allSatisfy { $0.severity == .note && $0.code == .catalogInvalid && $0.field == "resellers" })
    }

    @Test func demoCatalogLoadsWithoutProblems() throws {
        let path = TestPaths.fixtures.appendingPathComponent("catalog/demo.xml").path
        #expect(CatalogReader.check(path: path).filter { $0.severity == .error } == [])
        let catalog = try CatalogReader.load(path: path)
        #expect(!catalog.resellers.isEmpty && !catalog.products.isEmpty)
    }

    @Test func loadFromBytesMatchesLoadFromPath() throws {
        let path = Self.fixture("spec-example.xml")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let fromBytes = try CatalogReader.load(bytes: bytes, name: "spec-example.xml")
        let fromPath = try CatalogReader.load(path: path)
        #expect(fromBytes.resellers == fromPath.resellers)
        #expect(fromBytes.products == fromPath.products)
        #expect(fromBytes.promos == fromPath.promos)
    }

    // MARK: - Defaults and forms

    @Test func defaultsForAbsentAttributes() throws {
        let catalog = try CatalogReader.load(
            bytes: Self.document(
                """
                <reseller id="R-MIN" name="Minimal" currency="EUR" country="DE" invoicePrefix="MIN"/>
                <tax country="DE" name="VAT" rate="0.19"/>
                <forbiddenRegion country="KP"/>
                <promo code="TEN" percent="10"/>
                <product id="PRD" name="Product" service="cloud">
                  <plan id="PLN" name="Plan" currency="EUR">
                    <period id="1M" duration="P1M"/>
                    <resource id="CPU" name="vCPU" max="8"/>
                  </plan>
                </product>
                """), name: "minimal.xml")
        let reseller = try #require(catalog.resellers.first)
        #expect(reseller.timeZone == "UTC")
        #expect(reseller.vatId == nil)
        #expect(reseller.defaultPaymentModel == .prepay)
        #expect(!reseller.managerMayOverridePaymentModel && !reseller.countryLocked && !reseller.termsRequired)
        #expect(reseller.termsVersion == nil)
        #expect(reseller.rounding == .halfUp)
        #expect(reseller.taxMode == .exclusive)
        #expect(reseller.paymentDueDays == 14)
        #expect(catalog.taxes.first?.category == "S")
        #expect(catalog.taxes.first?.resellers == nil)
        #expect(catalog.taxes.first?.region == nil)
        #expect(catalog.isCountryForbidden("KP"))
        let promo = try #require(catalog.promos.first)
        #expect(promo.appliesTo == .all)
        #expect(promo.validFrom == nil && promo.validTo == nil && promo.plans == nil && promo.maxUses == nil)
        let product = try #require(catalog.products.first)
        #expect(!product.requiresDomain && !product.manualApproval)
        #expect(product.cancellationWindowDays == nil)
        #expect(product.dataLocations.isEmpty)
        let plan = try #require(product.plans.first)
        #expect(plan.billing == .standard)
        #expect(plan.accountTypes == nil && plan.paymentModels == nil && plan.blockingThreshold == nil && plan.topUp == nil)
        #expect(plan.periods == [Period(id: "1M", duration: ISODuration(months: 1), trial: false, registration: .full, line: 9)])
        #expect(
            plan.resources == [Resource(id: "CPU", name: "vCPU", unit: "item", included: 0, min: 0, max: 8, line: 10)])
    }

    @Test func booleansListsTopUpsAndParameters() throws {
        let catalog = try CatalogReader.load(
            bytes: Self.document(
                """
                <reseller id="R-1" name="One" currency="EUR" country="FR" invoicePrefix="ONE"
                          countryLocked="1" managerMayOverridePaymentModel="0" defaultPaymentModel="postpay"
                          rounding="half-even" taxMode="inclusive" paymentDueDays="30" vatId="FR40303265045"/>
                <product id="PRD-VM" name="VMs" service="on-premise" manualApproval="true">
                  <plan id="PLN-A" name="A" currency="EUR" billing="payg" topUp="fixed:50.00"
                        paymentModels="  prepay
                        postpay ">
                    <resource id="CPU" name="vCPU" max="64" recurringFee="5">
                      <parameter name="hostname"/>
                      <parameter name="username"/>
                    </resource>
                    <period id="1M" duration="P1M"/>
                  </plan>
                  <plan id="PLN-B" name="B" currency="EUR" billing="payg" topUp="resources">
                    <period id="1M" duration="P1M"/>
                  </plan>
                </product>
                """), name: "forms.xml")
        let reseller = try #require(catalog.resellers.first)
        #expect(reseller.countryLocked)
        #expect(!reseller.managerMayOverridePaymentModel)
        #expect(reseller.defaultPaymentModel == .postpay)
        #expect(reseller.rounding == .halfEven)
        #expect(reseller.taxMode == .inclusive)
        #expect(reseller.paymentDueDays == 30)
        let product = try #require(catalog.products.first)
        #expect(product.service == .onPremise)
        #expect(product.manualApproval)
        let planA = product.plans[0]
        #expect(planA.topUp == .fixed(ScaledDecimal(units: 500_000, scale: 4)))
        #expect(planA.paymentModels == [.prepay, .postpay])
        #expect(planA.resources.first?.parameters == ["hostname", "username"])
        #expect(planA.resources.first?.line == 10)
        #expect(planA.periods.first?.line == 14)
        #expect(product.plans[1].topUp == .resources)
    }

    @Test func childrenInAnyOrder() throws {
        let catalog = try CatalogReader.load(
            bytes: Self.document(
                """
                <product id="PRD" name="Product" service="saas">
                  <plan id="PLN" name="Plan" currency="USD"><period id="1M" duration="P1M" fee="1"/></plan>
                </product>
                <promo code="X" amount="1"/>
                <exchangeRate from="USD" to="EUR" rate="0.9" effective="2026-01-01"/>
                <reseller id="R-2" name="Two" currency="EUR" country="DE" invoicePrefix="TWO"/>
                <tax country="DE" name="VAT" rate="0.19"/>
                <exchangeRate from="USD" to="EUR" rate="0.95" effective="2026-06-01"/>
                """), name: "order.xml")
        #expect(catalog.resellers.map(\.id) == ["R-2"])
        #expect(catalog.exchangeRates.count == 2)
        #expect(catalog.exchangeRate(from: "USD", to: "EUR", on: Self.date("2026-07-01"))?.rate == Self.rate("0.95"))
    }

    // MARK: - Problems, all at once

    @Test func schemaProblemsAreAllReportedWithLines() {
        let problems = CatalogReader.check(path: Self.fixture("broken-schema.xml"))
        #expect(problems.allSatisfy { $0.code == .catalogInvalid && $0.severity == .error })
        let found = problems.map { "\($0.location.line) \($0.field)" }
        #expect(
            found == [
                "3 currency", "3 rounding", "5 rate", "6 category", "7 validFrom", "8 colour", "10 duration", "10 fee",
                "11 max", "12 unknown", "15 id",
            ])
        let fee = problems.first { $0.field == "fee" }
        #expect(fee?.message.contains("'10.12345'") == true)
        #expect(fee?.message.contains("at most 4 decimals") == true)
        #expect(problems.first { $0.field == "currency" }?.message.contains("ISO 4217") == true)
        #expect(problems.first { $0.field == "id" }?.message.contains("needs the attribute id") == true)

        #expect(throws: FileError.self) { try CatalogReader.load(path: Self.fixture("broken-schema.xml")) }
        do {
            _ = try CatalogReader.load(path: Self.fixture("broken-schema.xml"))
        } catch {
            #expect(error.diagnostics == problems)
        }
    }

    @Test func valueAndCheckProblemsAreAllReportedWithLines() {
        let problems = CatalogReader.check(path: Self.fixture("broken-values.xml"))
        #expect(problems.allSatisfy { $0.code == .catalogInvalid && $0.severity == .error })
        let found = problems.map { "\($0.location.line) \($0.field)" }
        #expect(
            found == [
                "3 currency", "3 country", "3 termsVersion", "4 timeZone", "4 invoicePrefix", "6 amount", "7 percent",
                "7 validTo", "9 currency", "10 fee", "11 included", "11 min",
            ])
        #expect(problems.first { $0.field == "amount" }?.message.contains("both percent and amount") == true)
        #expect(problems.first { $0.field == "percent" }?.message.contains("neither percent nor amount") == true)
        #expect(problems.first { $0.field == "included" }?.message.contains("too large") == true)
        #expect(problems.first { $0.location.line == 9 }?.message.contains("no exchange rate from USD to EUR") == true)
    }

    @Test func percentPromoWithCurrency() {
        let problems = Self.problems(#"<promo code="P" percent="5" currency="EUR"/>"#)
        #expect(problems.map(\.field) == ["currency"])
        #expect(problems.first?.location.line == 3)
    }

    @Test func zeroDurationAndUnknownZone() {
        let problems = Self.problems(
            """
            <reseller id="R-Z" name="Z" currency="EUR" country="DE" invoicePrefix="Z" timeZone="Europe/Nowhere"/>
            <product id="PRD" name="Product" service="cloud">
              <plan id="PLN" name="Plan" currency="EUR"><period id="0M" duration="P0M"/></plan>
            </product>
            """)
        #expect(problems.map { "\($0.location.line) \($0.field)" } == ["3 timeZone", "5 duration"])
    }

    @Test func wrongRootOrNamespace() {
        for body in [
            #"<catalog xmlns="urn:orderflow:catalog:2"/>"#, #"<catalog/>"#,
            #"<orderBatch xmlns="urn:orderflow:catalog:1"/>"#,
        ] {
            let problems = CatalogReader.check(bytes: Array(body.utf8), name: "root.xml")
            #expect(problems.count == 1, "\(body)")
            #expect(problems.first?.code == .catalogInvalid)
            #expect(problems.first?.location.line == 1)
        }
    }

    @Test func emptyCatalogLoads() throws {
        let catalog = try CatalogReader.load(bytes: Self.document(""), name: "empty.xml")
        #expect(catalog.resellers.isEmpty && catalog.products.isEmpty)
    }

    // MARK: - Hostile and broken files

    @Test func doctypeIsRejected() {
        let problems = CatalogReader.check(path: Self.fixture("doctype.xml"))
        #expect(problems.count == 1)
        #expect(problems.first?.code == .xmlMalformed)
        #expect(problems.first?.location.line == 2)
        #expect(problems.first?.message.contains("DOCTYPE") == true)
        #expect(throws: FileError.self) { try CatalogReader.load(path: Self.fixture("doctype.xml")) }
    }

    @Test func doctypeAfterCommentsIsRejected() {
        let bytes = Array(
            """
            \u{FEFF}<?xml version="1.0"?>
            <!-- a comment <catalog> -->
            <!DOCTYPE catalog SYSTEM "http://example.invalid/catalog.dtd">
            <catalog xmlns="urn:orderflow:catalog:1"/>
            """.utf8)
        let problems = CatalogReader.check(bytes: bytes, name: "dtd.xml")
        #expect(problems.map(\.code) == [.xmlMalformed])
        #expect(problems.first?.location.line == 3)
    }

    @Test func malformedXML() {
        let problems = CatalogReader.check(path: Self.fixture("malformed.xml"))
        #expect(problems.count == 1)
        #expect(problems.first?.code == .xmlMalformed)
        #expect(problems.first?.location.line == 5)
        #expect(CatalogReader.check(bytes: [], name: "empty.xml").map(\.code) == [.xmlMalformed])
        #expect(CatalogReader.check(bytes: Array("<catalog".utf8), name: "cut.xml").map(\.code) == [.xmlMalformed])
    }

    @Test func missingFile() {
        let problems = CatalogReader.check(path: Self.fixture("does-not-exist.xml"))
        #expect(problems.map(\.code) == [.catalogInvalid])
        #expect(problems.first?.message.contains("does not exist") == true)
        let folder = CatalogReader.check(path: TestPaths.fixtures.path)
        #expect(folder.first?.message.contains("folder") == true)
    }

    @Test func loadsConcurrently() async throws {
        let path = Self.fixture("spec-example.xml")
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { try CatalogReader.load(path: path).products[0].plans[0].resources.count }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 2, count: 8))
    }
}

/// CatalogFormat.md, Resource limits: a resource without `max` has no upper limit; without `min`
/// its minimum is 0; without `included` it includes 0.
@Suite struct CatalogResourceLimitTests {
    @Test func limitsLeftOutAreNoLimitAndZero() throws {
        let catalog = try CatalogReader.load(
            path: TestPaths.fixtures.appendingPathComponent("catalog/tests/unlimited.xml").path)
        let resources = try #require(catalog.products.first?.plans.first?.resources)
        #expect(resources.map(\.id) == ["STORAGE", "SEATS"])
        #expect(resources[0].max == nil)
        #expect(resources[0].min == 0)
        #expect(resources[0].included == 10)
        #expect(resources[1].max == 100)
        #expect(resources[1].min == 0 && resources[1].included == 0)
    }

    @Test func limitChecksNeedAMax() {
        let problems = CatalogReaderTests.problems(
            """
            <product id="PRD" name="Product" service="cloud">
              <plan id="PLN" name="Plan" currency="EUR">
                <period id="1M" duration="P1M"/>
                <resource id="A" name="A" min="1000000" included="5000000"/>
                <resource id="B" name="B" min="6" max="5"/>
                <resource id="C" name="C" included="6" max="5"/>
              </plan>
            </product>
            """)
        #expect(problems.map { "\($0.location.line) \($0.field)" } == ["7 min", "8 included"])
    }
}

/// CatalogFormat.md, reseller `timeZone`: an IANA time zone name this system knows. Abbreviations
/// and offsets, which Foundation would read as fixed offsets without daylight saving time, are
/// refused like unknown names.
@Suite struct CatalogTimeZoneTests {
    static func problems(_ zone: String) -> [String] {
        CatalogReaderTests.problems(
            #"<reseller id="R-Z" name="Z" currency="EUR" country="DE" invoicePrefix="Z" timeZone="\#(zone)"/>"#
        ).map { "\($0.location.line) \($0.field)" }
    }

    @Test(arguments: ["UTC", "GMT", "Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "Etc/GMT-9", "America/Argentina/Buenos_Aires"])
    func ianaNamesAreAccepted(zone: String) {
        #expect(Self.problems(zone).isEmpty, "\(zone)")
    }

    @Test(arguments: ["PST", "CET", "EST", "GMT+5", "UTC+01:00", "europe/berlin", "Europe/Nowhere", "Local"])
    func abbreviationsOffsetsAndUnknownNamesAreRefused(zone: String) {
        #expect(Self.problems(zone) == ["3 timeZone"], "\(zone)")
    }
}
