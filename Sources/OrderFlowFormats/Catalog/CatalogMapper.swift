internal import CLibXML2
import Foundation
import OrderFlowCore

/// Maps a schema-valid catalog tree into the core's model, with each element's line.
///
/// The schema has already checked every value's form, so the mapping only reports what the
/// schema cannot see: a number too large to hold, a date or duration that does not exist, an
/// unknown time zone, a promo with both or neither `percent` and `amount`. It goes on after a
/// problem (with a neutral value in its place) so that `CatalogCheck` can judge the rest.
/// Defaults are documented on ``CatalogReader``.
struct CatalogMapper {
    let lines: CatalogElementLines
    private(set) var problems: [Diagnostic] = []

    init(lines: CatalogElementLines) { self.lines = lines }

    mutating func catalog(from root: xmlNodePtr) -> Catalog {
        var resellers: [Reseller] = []
        var rates: [ExchangeRate] = []
        var taxes: [TaxRule] = []
        var forbidden: [ForbiddenRegion] = []
        var promos: [Promo] = []
        var products: [Product] = []
        for node in elements(of: root) {
            switch localName(node) {
            case "reseller": resellers.append(reseller(node))
            case "exchangeRate": rates.append(exchangeRate(node))
            case "tax": taxes.append(tax(node))
            case "forbiddenRegion": forbidden.append(ForbiddenRegion(country: text(node, "country"), region: optional(node, "region"), line: line(node)))
            case "promo": promos.append(promo(node))
            case "product": products.append(product(node))
            default: break  // the schema admits nothing else
            }
        }
        return Catalog(
            resellers: resellers, exchangeRates: rates, taxes: taxes, forbiddenRegions: forbidden, promos: promos,
            products: products)
    }

    // MARK: - Elements

    private mutating func reseller(_ node: xmlNodePtr) -> Reseller {
        let timeZone = optional(node, "timeZone") ?? "UTC"  // default: UTC
        if ResellerTimeZone.resolve(timeZone) == nil {
            problem(
                node, "timeZone",
                "timeZone '\(timeZone)' is not an IANA time zone name this system knows: write the zone of the reseller's place, such as Europe/Berlin or America/Los_Angeles (abbreviations such as PST and offsets such as GMT+5 ignore daylight saving time), or leave it out for UTC")
        }
        return Reseller(
            id: text(node, "id"), name: text(node, "name"), currency: currency(node, "currency"),
            country: text(node, "country"), vatId: optional(node, "vatId"), timeZone: timeZone,
            defaultPaymentModel: optional(node, "defaultPaymentModel").flatMap(PaymentModel.init(rawValue:)) ?? .prepay,
            managerMayOverridePaymentModel: bool(node, "managerMayOverridePaymentModel") ?? false,
            countryLocked: bool(node, "countryLocked") ?? false,
            termsRequired: bool(node, "termsRequired") ?? false,
            termsVersion: optional(node, "termsVersion"),
            rounding: optional(node, "rounding").flatMap(RoundingMode.init(rawValue:)) ?? .halfUp,
            taxMode: optional(node, "taxMode").flatMap(TaxMode.init(rawValue:)) ?? .exclusive,
            invoicePrefix: text(node, "invoicePrefix"),
            paymentDueDays: int(node, "paymentDueDays") ?? 14,
            address: ResellerAddress(
                street: optional(node, "street"), city: optional(node, "city"), postalCode: optional(node, "postalCode"),
                region: optional(node, "region")),
            companyId: optional(node, "companyId"), taxRegistrationId: optional(node, "taxRegistrationId"),
            bankAccount: optional(node, "bankAccount"), bankId: optional(node, "bankId"),
            line: line(node))
    }

    private mutating func exchangeRate(_ node: xmlNodePtr) -> ExchangeRate {
        ExchangeRate(
            from: text(node, "from"), to: text(node, "to"),
            rate: decimal(node, "rate", scale: ScaledDecimal.Scale.rate) ?? .zero(scale: ScaledDecimal.Scale.rate),
            effective: date(node, "effective") ?? CalendarDate(dayNumber: 0), line: line(node))
    }

    private mutating func tax(_ node: xmlNodePtr) -> TaxRule {
        TaxRule(
            country: text(node, "country"), region: optional(node, "region"), name: text(node, "name"),
            rate: decimal(node, "rate", scale: ScaledDecimal.Scale.rate) ?? .zero(scale: ScaledDecimal.Scale.rate),
            category: optional(node, "category") ?? "S", resellers: list(node, "resellers"), line: line(node))
    }

    private mutating func promo(_ node: xmlNodePtr) -> Promo {
        let code = text(node, "code")
        let percent = decimal(node, "percent", scale: ScaledDecimal.Scale.percent)
        let amount = decimal(node, "amount", scale: ScaledDecimal.Scale.fee)
        let currency = optional(node, "currency")
        let hasPercent = optional(node, "percent") != nil
        let hasAmount = optional(node, "amount") != nil
        if hasPercent && hasAmount {
            problem(
                node, "amount",
                "promo '\(code)' has both percent and amount: a promo is either a percentage or a fixed amount, keep one")
        } else if !hasPercent && !hasAmount {
            problem(
                node, "percent",
                "promo '\(code)' has neither percent nor amount: add percent=\"10\" for 10 % off, or amount=\"5.00\" for a fixed discount")
        }
        if hasPercent && !hasAmount && currency != nil {
            problem(
                node, "currency",
                "promo '\(code)' is a percentage, so currency means nothing: remove currency, or give an amount instead of percent")
        }
        let discount: Promo.Discount
        if hasPercent {
            discount = .percent(percent ?? .zero(scale: ScaledDecimal.Scale.percent))
        } else {
            discount = .amount(amount ?? .zero(scale: ScaledDecimal.Scale.fee), currency: currency)
        }
        let maxUses = int(node, "maxUses")
        return Promo(
            code: code, discount: discount,
            appliesTo: optional(node, "appliesTo").flatMap(PromoScope.init(rawValue:)) ?? .all,
            validFrom: date(node, "validFrom"), validTo: date(node, "validTo"), plans: list(node, "plans"),
            maxUses: maxUses, line: line(node))
    }

    private mutating func product(_ node: xmlNodePtr) -> Product {
        let id = text(node, "id")
        var plans: [Plan] = []
        for child in elements(of: node) where localName(child) == "plan" {
            plans.append(plan(child, productId: id))
        }
        return Product(
            id: id, name: text(node, "name"),
            service: optional(node, "service").flatMap(ServiceKind.init(rawValue:)) ?? .cloud,
            requiresDomain: bool(node, "requiresDomain") ?? false,
            cancellationWindowDays: int(node, "cancellationWindowDays"),
            dataLocations: list(node, "dataLocations") ?? [],
            manualApproval: bool(node, "manualApproval") ?? false,
            plans: plans, line: line(node))
    }

    private mutating func plan(_ node: xmlNodePtr, productId: String) -> Plan {
        var periods: [Period] = []
        var resources: [Resource] = []
        for child in elements(of: node) {
            switch localName(child) {
            case "period": periods.append(period(child))
            case "resource": resources.append(resource(child))
            default: break
            }
        }
        var topUp: TopUp? = nil
        if let value = optional(node, "topUp") {
            if value == "resources" {
                topUp = .resources
            } else {
                let amount = String(value.dropFirst("fixed:".count))
                if let parsed = ScaledDecimal.parse(amount, scale: ScaledDecimal.Scale.fee) {
                    topUp = .fixed(parsed)
                } else {
                    tooLarge(node, "topUp", amount)
                    topUp = .fixed(.zero(scale: ScaledDecimal.Scale.fee))
                }
            }
        }
        return Plan(
            id: text(node, "id"), name: text(node, "name"), productId: productId, currency: currency(node, "currency"),
            accountTypes: list(node, "accountTypes"),
            paymentModels: list(node, "paymentModels")?.compactMap(PaymentModel.init(rawValue:)),
            blockingThreshold: decimal(node, "blockingThreshold", scale: ScaledDecimal.Scale.fee),
            billing: optional(node, "billing").flatMap(BillingKind.init(rawValue:)) ?? .standard,
            topUp: topUp, periods: periods, resources: resources, line: line(node))
    }

    private mutating func period(_ node: xmlNodePtr) -> Period {
        let durationText = text(node, "duration")
        let duration: ISODuration
        if let parsed = ISODuration(iso: durationText) {
            duration = parsed
        } else {
            problem(
                node, "duration",
                "duration '\(durationText)' is not a usable length: give a duration above zero with numbers up to 100000 (P1M, P1Y, P30D)")
            duration = ISODuration(months: 1)
        }
        return Period(
            id: text(node, "id"), duration: duration,
            fee: decimal(node, "fee", scale: ScaledDecimal.Scale.fee),
            setupFee: decimal(node, "setupFee", scale: ScaledDecimal.Scale.fee),
            trial: bool(node, "trial") ?? false,
            registration: optional(node, "registration").flatMap(Registration.init(rawValue:)) ?? .full,
            line: line(node))
    }

    private mutating func resource(_ node: xmlNodePtr) -> Resource {
        var parameters: [String] = []
        for child in elements(of: node) where localName(child) == "parameter" {
            parameters.append(text(child, "name"))
        }
        return Resource(
            id: text(node, "id"), name: text(node, "name"), unit: optional(node, "unit") ?? "item",
            included: int64(node, "included") ?? 0, min: int64(node, "min") ?? 0, max: int64(node, "max"),
            setupFee: decimal(node, "setupFee", scale: ScaledDecimal.Scale.fee),
            recurringFee: decimal(node, "recurringFee", scale: ScaledDecimal.Scale.fee),
            parameters: parameters, line: line(node))
    }

    // MARK: - Values

    private mutating func problem(_ node: xmlNodePtr, _ field: String, _ message: String) {
        problems.append(Diagnostic(.catalogInvalid, field: field, message, at: SourceLocation(line: line(node))))
    }

    private mutating func tooLarge(_ node: xmlNodePtr, _ field: String, _ value: String) {
        problem(node, field, "\(field) '\(value)' is too large for OrderFlow to hold exactly: write a smaller value")
    }

    /// An attribute's value exactly as written (the schema's types never collapse white space,
    /// except `xs:date`, see ``date(_:_:)``), or nil when absent.
    private func optional(_ node: xmlNodePtr, _ name: String) -> String? {
        LibXML2.consumeString(xmlGetNoNsProp(node, name))
    }

    /// A required attribute (the schema guarantees it is there).
    private func text(_ node: xmlNodePtr, _ name: String) -> String { optional(node, name) ?? "" }

    private func bool(_ node: xmlNodePtr, _ name: String) -> Bool? {
        optional(node, name).map { $0 == "true" || $0 == "1" }
    }

    /// A space-separated list (`xs:list`: split on XML white space), or nil when absent.
    private func list(_ node: xmlNodePtr, _ name: String) -> [String]? {
        optional(node, name).map { value in
            value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
        }
    }

    private mutating func decimal(_ node: xmlNodePtr, _ name: String, scale: Int) -> ScaledDecimal? {
        guard let value = optional(node, name) else { return nil }
        guard let parsed = ScaledDecimal.parse(value, scale: scale) else {
            tooLarge(node, name, value)
            return .zero(scale: scale)
        }
        return parsed
    }

    private mutating func int64(_ node: xmlNodePtr, _ name: String) -> Int64? {
        guard let value = optional(node, name) else { return nil }
        guard let parsed = Int64(value) else {
            tooLarge(node, name, value)
            return 0
        }
        return parsed
    }

    private mutating func int(_ node: xmlNodePtr, _ name: String) -> Int? {
        guard let value = optional(node, name) else { return nil }
        guard let parsed = Int(value), parsed <= Int(Int32.max) else {
            tooLarge(node, name, value)
            return 0
        }
        return parsed
    }

    /// `xs:date` collapses white space, so the value is trimmed before it is read.
    private mutating func date(_ node: xmlNodePtr, _ name: String) -> CalendarDate? {
        guard let value = optional(node, name) else { return nil }
        guard let parsed = CalendarDate(iso: value.trimmingXMLSpace()) else {
            problem(node, name, "\(name) '\(value)' is not a calendar day: write YYYY-MM-DD (2026-11-01)")
            return CalendarDate(dayNumber: 0)
        }
        return parsed
    }

    /// A currency from OrderFlow's ISO 4217 list; an unknown code is kept as written (with 0 minor
    /// units) so that `CatalogCheck` reports it with its line.
    private func currency(_ node: xmlNodePtr, _ name: String) -> Currency {
        let code = text(node, name)
        return Currency(code: code) ?? Currency(code: code, minorUnits: 0)
    }

    private func line(_ node: xmlNodePtr) -> Int { lines.line(of: node) }

    private func localName(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// The element children of `node`, in document order.
    private func elements(of node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            child = current.pointee.next
        }
        return result
    }
}
