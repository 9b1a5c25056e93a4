import Testing
@testable import OrderFlowCore

/// The example catalog (`Fixtures/catalog/tests/spec-example.xml`), built in code.
enum SpecCatalog {
    static let eur = Currency(code: "EUR", minorUnits: 2)
    static let usd = Currency(code: "USD", minorUnits: 2)

    static func fee(_ text: String) -> ScaledDecimal { ScaledDecimal.parse(text, scale: ScaledDecimal.Scale.fee)! }
    static func rate(_ text: String) -> ScaledDecimal { ScaledDecimal.parse(text, scale: ScaledDecimal.Scale.rate)! }

    static let acme = Reseller(
        id: "R-ACME", name: "Acme Cloud GmbH", currency: eur, country: "DE", vatId: "DE811907980",
        timeZone: "Europe/Berlin", defaultPaymentModel: .prepay, managerMayOverridePaymentModel: true,
        countryLocked: false, termsRequired: true, termsVersion: "2026-01", rounding: .halfUp, taxMode: .exclusive,
        invoicePrefix: "ACME", paymentDueDays: 14)

    static let catalog = Catalog(
        resellers: [acme],
        exchangeRates: [ExchangeRate(from: "USD", to: "EUR", rate: rate("0.921500"), effective: CalendarDate(iso: "2026-11-01")!)],
        taxes: [TaxRule(country: "DE", name: "VAT", rate: rate("0.19"), category: "S")],
        forbiddenRegions: [ForbiddenRegion(country: "UA", region: "43")],
        promos: [
            Promo(code: "WELCOME10", discount: .percent(fee("10")), appliesTo: .recurring,
                  validFrom: CalendarDate(iso: "2026-01-01"), validTo: CalendarDate(iso: "2026-12-31"),
                  plans: ["PLN-MAIL-STD"], maxUses: 1000),
        ],
        products: [
            Product(
                id: "PRD-MAIL", name: "Hosted Mail", service: .saas, requiresDomain: true, cancellationWindowDays: 14,
                dataLocations: ["eu-central", "us-east"],
                plans: [
                    Plan(
                        id: "PLN-MAIL-STD", name: "Mail Standard", productId: "PRD-MAIL", currency: usd,
                        accountTypes: ["company", "individual"], paymentModels: [.prepay, .postpay],
                        blockingThreshold: fee("500.00"),
                        periods: [
                            Period(id: "1M", duration: ISODuration(months: 1), fee: fee("10.00")),
                            Period(id: "1Y", duration: ISODuration(years: 1), fee: fee("100.00"), setupFee: fee("20.00")),
                            Period(id: "TRIAL30", duration: ISODuration(days: 30), trial: true, registration: .short),
                        ],
                        resources: [
                            Resource(id: "MAILBOX", name: "Mailbox", unit: "item", included: 5, min: 5, max: 500,
                                     setupFee: fee("1.00"), recurringFee: fee("2.00")),
                            Resource(id: "STORAGE", name: "Storage", unit: "GB", included: 10, min: 0, max: 1000,
                                     recurringFee: fee("0.10")),
                        ])
                ])
        ])

    /// The first order (A-1001) of the example batch (`Fixtures/requests/spec-example.xml`), as a
    /// reader would produce it.
    static func globexOrder(line: Int = 2) -> RawRequest {
        var raw = RawRequest(action: .order, location: SourceLocation(line: line, column: 3))
        let values: [(RequestField, String)] = [
            (.reseller, "R-ACME"), (.ref, "A-1001"), (.channel, "customer"), (.registration, "full"),
            (.accountType, "company"), (.companyName, "Globex GmbH"), (.vatId, "DE123456788"),
            (.contactName, "Hank Scorpio"), (.contactEmail, "hank@globex.example"), (.country, "DE"),
            (.region, "BE"), (.city, "Berlin"), (.postalCode, "10115"), (.addressLine1, "Unter den Linden 1"),
            (.product, "PRD-MAIL"), (.plan, "PLN-MAIL-STD"), (.period, "1Y"), (.provisioningDate, "2026-11-25"),
            (.domain, "globex.example"), (.adminUser, "admin"), (.dataLocation, "eu-central"),
            (.sendCredentials, "true"), (.promoCode, "WELCOME10"), (.termsAccepted, "true"), (.termsVersion, "2026-01"),
        ]
        for (field, value) in values { raw.set(field, value, at: SourceLocation(line: line, column: 3)) }
        raw.resources = [
            ResourceAmount(id: "MAILBOX", amount: "20", location: SourceLocation(line: line, column: 7)),
            ResourceAmount(id: "STORAGE", amount: "50", location: SourceLocation(line: line, column: 7)),
        ]
        return raw
    }
}

@Suite struct BatchJudgeTests {
    let context = JudgeContext(catalog: SpecCatalog.catalog, reseller: SpecCatalog.acme, asOf: CalendarDate(iso: "2026-11-22")!)

    @Test func specExampleOrderIsPricedToTheCent() {
        var judge = BatchJudge(context: context, history: EmptyHistory())
        var ids = NoIdentifiers()
        let judged = judge.judge(SpecCatalog.globexOrder(), ids: &ids)
        #expect(judged.errors.isEmpty, "\(judged.errors)")
        // Lines in EUR at 0.9215, half-up: fee 100 → 92.15; setup 20 → 18.43; mailbox setup 15 × 1.00 →
        // 13.8225 → 13.82; mailbox 15 × 2.00 × 12 = 360 → 331.74; storage 40 × 0.10 × 12 = 48 → 44.232 → 44.23.
        // Σ 500.37. WELCOME10 on recurring lines: 9.215 → 9.22, 33.174 → 33.17, 4.423 → 4.42: 46.81.
        // Net 453.56; VAT 19 % = 86.1764 → 86.18; total 539.74.
        #expect(judged.result.currency == "EUR")
        #expect(judged.result.net == "453.56")
        #expect(judged.result.tax == "86.18")
        #expect(judged.result.total == "539.74")
        #expect(judged.result.salesOrderStatus == .waitingForPayment)
        #expect(judged.result.subscriptionStatus == .waitingForPayment)
        #expect(judged.effects?.salesOrder?.payment?.dueDate == CalendarDate(iso: "2026-12-06"))
        #expect(judged.effects?.promoUse == "WELCOME10")
    }

    @Test func sameRefSameContentIsADuplicateAndChangedContentConflicts() {
        var judge = BatchJudge(context: context, history: EmptyHistory())
        var ids = SequentialIdentifiers()
        let first = judge.judge(SpecCatalog.globexOrder(line: 2), ids: &ids)
        #expect(first.outcome == .accepted)
        #expect(first.result.salesOrderId == "SO-1")
        let again = judge.judge(SpecCatalog.globexOrder(line: 20), ids: &ids)
        #expect(again.outcome == .duplicate)
        #expect(again.result.salesOrderId == "SO-1")
        #expect(again.result.line == 20)
        var changed = SpecCatalog.globexOrder(line: 30)
        changed.set(.domain, "globex-two.example", at: SourceLocation(line: 30, column: 3))
        let conflict = judge.judge(changed, ids: &ids)
        #expect(conflict.outcome == .rejected)
        #expect(conflict.errors.map(\.code) == [.duplicateRefConflict])
    }

    @Test func everyFailingRuleIsCollectedAndThePrecedenceDecidesTheFirst() {
        var judge = BatchJudge(context: context, history: EmptyHistory())
        var ids = NoIdentifiers()
        var raw = SpecCatalog.globexOrder()
        raw.set(.domain, "-bad-.example", at: SourceLocation(line: 2, column: 3))
        raw.set(.termsAccepted, "false", at: SourceLocation(line: 2, column: 3))
        let judged = judge.judge(raw, ids: &ids)
        #expect(judged.errors.map(\.code) == [.domainInvalid, .termsNotAccepted])
        #expect(judged.result.errorCode == .domainInvalid)
        #expect(judged.result.errorField == "domain")
    }

    @Test func domainTakenEarlierInTheBatchAndCancelOfAnEarlierOrder() {
        var judge = BatchJudge(context: context, history: EmptyHistory())
        var ids = SequentialIdentifiers()
        _ = judge.judge(SpecCatalog.globexOrder(), ids: &ids)
        var second = SpecCatalog.globexOrder(line: 10)
        second.set(.ref, "A-1002", at: SourceLocation(line: 10, column: 3))
        #expect(judge.judge(second, ids: &ids).errors.map(\.code) == [.domainTaken])

        var cancel = RawRequest(action: .cancel, location: SourceLocation(line: 11, column: 3))
        cancel.set(.reseller, "R-ACME", at: cancel.location)
        cancel.set(.ref, "A-1001", at: cancel.location)
        let canceled = judge.judge(cancel, ids: &ids)
        #expect(canceled.outcome == .accepted)
        #expect(canceled.result.salesOrderStatus == .canceled)
        #expect(canceled.result.total == "539.74")
        #expect(canceled.effects?.cancel?.order.voidedPaymentId == "PAY-1")
        #expect(canceled.effects?.cancel?.order.creditNoteNumber == "ACME-2026-000002")
        // The domain is free again, and a second cancel changes nothing.
        #expect(judge.judge(second, ids: &ids).outcome == .accepted)
        let again = judge.judge(cancel, ids: &ids)
        #expect(again.outcome == .duplicate)
        #expect(again.result.outcome == .duplicate)
        #expect(again.result.salesOrderStatus == .canceled)
    }

    @Test func referencesToEarlierBatchesAreErrorsInQuoteAndNotesInValidate() {
        var raw = RawRequest(action: .renewal, location: SourceLocation(line: 5, column: 3))
        raw.set(.reseller, "R-ACME", at: raw.location)
        raw.set(.ref, "A-1003", at: raw.location)
        raw.set(.subscription, "SUB-77", at: raw.location)
        var ids = NoIdentifiers()
        var quote = BatchJudge(context: context, history: EmptyHistory())
        #expect(quote.judge(raw, ids: &ids).result.errorCode == .unknownOrder)
        let noteContext = JudgeContext(
            catalog: SpecCatalog.catalog, reseller: SpecCatalog.acme, asOf: context.asOf, unresolvedReferences: .note)
        var validate = BatchJudge(context: noteContext, history: EmptyHistory())
        let judged = validate.judge(raw, ids: &ids)
        #expect(judged.errors.isEmpty)
        #expect(judged.diagnostics.map(\.severity) == [.note])
    }
}
