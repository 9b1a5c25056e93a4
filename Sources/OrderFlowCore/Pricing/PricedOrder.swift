// The values pricing hands to the rules engine, the ledger and the invoice writer (Pricing.md).
//
// Every amount is an `Int64` count of the billing currency's minor units, produced by exactly one
// rounding (``ExactDivision/rounded(_:_:_:)``) from exact catalog decimals; nothing here is ever a
// `Double` or a Foundation `Decimal`.

/// Whether a line is charged every period or once (what a promo's `appliesTo` names).
public enum LineKind: String, Sendable, Codable {
    case recurring
    case setup
}

/// One line of a priced order after Pricing.md, step 2 (converted and rounded), with its step-3
/// discount.
public struct PricedLine: Sendable, Hashable, Codable {
    public var kind: LineKind
    /// What a person reads on the invoice: `Mail Standard 1Y`, `Mail Standard 1Y setup`, `Mailbox × 15`,
    /// `Mailbox setup × 15`, `Mailbox × 10 (184/365 days)`.
    public var description: String
    /// The resource the line charges; nil for the period fee and the period setup fee.
    public var resourceId: String?
    /// Units charged: additional (or, for an upgrade, newly charged) units; 1 for a period fee or setup fee.
    public var quantity: Int64
    /// Billing-currency minor units, rounded once in step 2.
    public var amount: Int64
    /// The percent-promo discount on this line (step 3), minor units, 0 ≤ discount ≤ amount.
    public var discount: Int64

    public init(
        kind: LineKind, description: String, resourceId: String?, quantity: Int64, amount: Int64,
        discount: Int64 = 0
    ) {
        self.kind = kind
        self.description = description
        self.resourceId = resourceId
        self.quantity = quantity
        self.amount = amount
        self.discount = discount
    }
}

/// One tax charged on (or, in tax-inclusive mode, contained in) a priced order.
public struct TaxLine: Sendable, Hashable, Codable {
    public var name: String
    /// Rate scale (6 decimals): 19 % → 0.19.
    public var rate: ScaledDecimal
    /// EN 16931 VAT category code of the rule (`S`, `Z`, `E`, …).
    public var category: String
    /// The amount the tax is computed on: the document's net (exclusive), or the net left after
    /// extracting every tax from the gross (inclusive).
    public var taxable: Int64
    public var amount: Int64

    public init(name: String, rate: ScaledDecimal, category: String, taxable: Int64, amount: Int64) {
        self.name = name
        self.rate = rate
        self.category = category
        self.taxable = taxable
        self.amount = amount
    }
}

/// A priced order, renewal or upgrade: Pricing.md, steps 1–4, in the billing currency.
public struct PricedOrder: Sendable, Hashable, Codable {
    public var currency: Currency
    /// The rate plan currency → billing currency used in step 2 (1 for the same currency).
    public var exchangeRate: ScaledDecimal
    /// The `effective` date of that rate; nil when both currencies are the same (rate 1).
    public var rateEffective: CalendarDate?
    public var lines: [PricedLine]
    /// A fixed-amount promo: converted, rounded, capped at the eligible subtotal.
    public var documentDiscount: Int64
    /// Σ line discounts + document discount.
    public var discountTotal: Int64
    /// The promo code given to pricing, whether or not it discounted anything.
    public var promoCode: String?
    /// True when the promo discounted more than zero (only then does it count as a use).
    public var promoUsed: Bool
    /// Listed taxes, in catalog order; empty for reverse charge (`AE`) and when no rule applies (`O`).
    public var taxes: [TaxLine]
    /// The first listed tax's category (`S`, or the rule's), `AE` for EU reverse charge, `O` when no tax applies.
    public var vatCategory: String
    /// Lines − discounts (exclusive), or gross − taxes (inclusive).
    public var net: Int64
    public var tax: Int64
    /// What the customer pays.
    public var total: Int64

    public init(
        currency: Currency, exchangeRate: ScaledDecimal, rateEffective: CalendarDate?, lines: [PricedLine],
        documentDiscount: Int64, discountTotal: Int64, promoCode: String?, promoUsed: Bool, taxes: [TaxLine],
        vatCategory: String, net: Int64, tax: Int64, total: Int64
    ) {
        self.currency = currency
        self.exchangeRate = exchangeRate
        self.rateEffective = rateEffective
        self.lines = lines
        self.documentDiscount = documentDiscount
        self.discountTotal = discountTotal
        self.promoCode = promoCode
        self.promoUsed = promoUsed
        self.taxes = taxes
        self.vatCategory = vatCategory
        self.net = net
        self.tax = tax
        self.total = total
    }

    public var netMoney: Money { Money(minorUnits: net, currency: currency) }
    public var taxMoney: Money { Money(minorUnits: tax, currency: currency) }
    public var totalMoney: Money { Money(minorUnits: total, currency: currency) }
}

/// What step 4 needs to know about the paying company (new or stored).
public struct TaxCustomer: Sendable, Hashable {
    /// ISO 3166-1 alpha-2 (the reseller's country when the request gave none).
    public var country: String
    /// ISO 3166-2 subdivision without the country prefix.
    public var region: String?
    /// A company with a VAT id (a condition of EU reverse charge).
    public var isCompanyWithVatId: Bool

    public init(country: String, region: String? = nil, isCompanyWithVatId: Bool = false) {
        self.country = country
        self.region = region
        self.isCompanyWithVatId = isCompanyWithVatId
    }
}

/// Why an order cannot be priced: a missing rate (`CURRENCY_NOT_AVAILABLE`, Rules.md, currency), or an
/// amount beyond what OrderFlow holds exactly (`AMOUNT_TOO_LARGE`, ErrorCodes.md).
public enum PricingError: Error, Sendable, Hashable {
    /// No plan → billing rate on the order date (field `currency`).
    case noExchangeRate(from: String, to: String)
    /// No rate from a fixed promo's currency to the billing currency (field `promo_code`).
    case noPromoRate(from: String, to: String)
    /// An amount in `currency` beyond `Int64` minor units. Reported on the column of `resourceId`
    /// (the units to lower) when a resource's line made it, else on `field`.
    case amountTooLarge(currency: Currency, resourceId: String?, field: RequestField)

    public var code: ErrorCode {
        switch self {
        case .noExchangeRate, .noPromoRate: return .currencyNotAvailable
        case .amountTooLarge: return .amountTooLarge
        }
    }

    /// The CSV column name the error is reported on.
    public var field: String {
        if case .amountTooLarge(_, let resourceId?, _) = self { return RequestField.resourceColumnPrefix + resourceId }
        return requestField.name
    }

    var requestField: RequestField {
        switch self {
        case .noExchangeRate: return .currency
        case .noPromoRate: return .promoCode
        case .amountTooLarge(_, _, let field): return field
        }
    }

    /// A message a reseller understands.
    public var message: String {
        switch self {
        case .noExchangeRate(let from, let to):
            return "no exchange rate from \(from) to \(to) is effective on the order date; "
                + "bill in \(from) or ask for a \(from) → \(to) rate"
        case .noPromoRate(let from, let to):
            return "the promo code's amount is in \(from) and no exchange rate from \(from) to \(to) "
                + "is effective on the order date"
        case .amountTooLarge(let currency, let resourceId, let field):
            let fix: String
            switch (resourceId, field) {
            case (let resourceId?, _): fix = "order fewer units of \(resourceId)"
            case (nil, .blockingThreshold): fix = "give a smaller blocking threshold"
            case (nil, .period): fix = "choose a shorter period"
            case (nil, _): fix = "choose another plan"
            }
            return "This request comes to more than OrderFlow can hold exactly (at most "
                + "\(Money.format(Int64.max, minorUnits: currency.minorUnits)) \(currency.code)): \(fix)."
        }
    }
}
