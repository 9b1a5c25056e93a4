/// `1 from = rate to`, from `effective` on (CatalogFormat.md). The reverse direction is not implied.
public struct ExchangeRate: Sendable, Hashable {
    public var from: String
    public var to: String
    /// Rate scale (6 decimals).
    public var rate: ScaledDecimal
    public var effective: CalendarDate
    public var line: Int

    public init(from: String, to: String, rate: ScaledDecimal, effective: CalendarDate, line: Int = 0) {
        self.from = from
        self.to = to
        self.rate = rate
        self.effective = effective
        self.line = line
    }
}

/// A tax rule for a country, or one of its regions, charged by some or all resellers.
public struct TaxRule: Sendable, Hashable {
    public var country: String
    /// ISO 3166-2 subdivision without the country prefix; nil: the whole country.
    public var region: String?
    public var name: String
    /// Rate scale (6 decimals): 0.19 → 190000.
    public var rate: ScaledDecimal
    /// EN 16931 VAT category code (`S` by default).
    public var category: String
    /// Resellers that charge it; nil: all.
    public var resellers: [String]?
    public var line: Int

    public init(
        country: String, region: String? = nil, name: String, rate: ScaledDecimal, category: String = "S",
        resellers: [String]? = nil, line: Int = 0
    ) {
        self.country = country
        self.region = region
        self.name = name
        self.rate = rate
        self.category = category
        self.resellers = resellers
        self.line = line
    }

    public func isCharged(by reseller: String) -> Bool { resellers?.contains(reseller) ?? true }
}

/// An address no order may be paid from; without a region it forbids the whole country.
public struct ForbiddenRegion: Sendable, Hashable {
    public var country: String
    public var region: String?
    public var line: Int

    public init(country: String, region: String? = nil, line: Int = 0) {
        self.country = country
        self.region = region
        self.line = line
    }
}

public struct Promo: Sendable, Hashable {
    public enum Discount: Sendable, Hashable {
        /// Percent scale (4 decimals): 10 → 100000.
        case percent(ScaledDecimal)
        /// A fixed amount (fee scale) in `currency`, or in the billing currency when nil.
        case amount(ScaledDecimal, currency: String?)
    }

    public var code: String
    public var discount: Discount
    public var appliesTo: PromoScope
    public var validFrom: CalendarDate?
    public var validTo: CalendarDate?
    /// Plan ids it applies to; nil: all plans.
    public var plans: [String]?
    public var maxUses: Int?
    public var line: Int

    public init(
        code: String, discount: Discount, appliesTo: PromoScope = .all, validFrom: CalendarDate? = nil,
        validTo: CalendarDate? = nil, plans: [String]? = nil, maxUses: Int? = nil, line: Int = 0
    ) {
        self.code = code
        self.discount = discount
        self.appliesTo = appliesTo
        self.validFrom = validFrom
        self.validTo = validTo
        self.plans = plans
        self.maxUses = maxUses
        self.line = line
    }
}
