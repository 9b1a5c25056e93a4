/// The whole catalog: resellers, rates, taxes, restrictions, promos and products (CatalogFormat.md).
///
/// Built once per run; lookups the per-order path needs are indexed at construction.
public struct Catalog: Sendable {
    public let resellers: [Reseller]
    public let exchangeRates: [ExchangeRate]
    public let taxes: [TaxRule]
    public let forbiddenRegions: [ForbiddenRegion]
    public let promos: [Promo]
    public let products: [Product]

    private let resellerIndex: [String: Int]
    private let promoIndex: [String: Int]
    private let productIndex: [String: Int]
    private let productsByName: [String: [Int]]
    /// Every plan, with where it lives: (product index, plan index).
    private let plansById: [String: [PlanRef]]
    private let plansByName: [String: [PlanRef]]
    /// Rates per `from>to`, newest effective date first.
    private let rateIndex: [String: [ExchangeRate]]

    private struct PlanRef: Sendable {
        var product: Int
        var plan: Int
    }

    public init(
        resellers: [Reseller] = [], exchangeRates: [ExchangeRate] = [], taxes: [TaxRule] = [],
        forbiddenRegions: [ForbiddenRegion] = [], promos: [Promo] = [], products: [Product] = []
    ) {
        self.resellers = resellers
        self.exchangeRates = exchangeRates
        self.taxes = taxes
        self.forbiddenRegions = forbiddenRegions
        self.promos = promos
        self.products = products
        var resellerIndex: [String: Int] = [:]
        for (index, reseller) in resellers.enumerated() where resellerIndex[reseller.id] == nil {
            resellerIndex[reseller.id] = index
        }
        self.resellerIndex = resellerIndex
        var promoIndex: [String: Int] = [:]
        for (index, promo) in promos.enumerated() where promoIndex[promo.code] == nil { promoIndex[promo.code] = index }
        self.promoIndex = promoIndex
        var productIndex: [String: Int] = [:]
        var productsByName: [String: [Int]] = [:]
        var plansById: [String: [PlanRef]] = [:]
        var plansByName: [String: [PlanRef]] = [:]
        for (p, product) in products.enumerated() {
            if productIndex[product.id] == nil { productIndex[product.id] = p }
            productsByName[product.name, default: []].append(p)
            for (q, plan) in product.plans.enumerated() {
                plansById[plan.id, default: []].append(PlanRef(product: p, plan: q))
                plansByName[plan.name, default: []].append(PlanRef(product: p, plan: q))
            }
        }
        self.productIndex = productIndex
        self.productsByName = productsByName
        self.plansById = plansById
        self.plansByName = plansByName
        var rateIndex: [String: [ExchangeRate]] = [:]
        for rate in exchangeRates { rateIndex["\(rate.from)>\(rate.to)", default: []].append(rate) }
        for key in rateIndex.keys { rateIndex[key]!.sort { $0.effective > $1.effective } }
        self.rateIndex = rateIndex
    }

    public func reseller(id: String) -> Reseller? { resellerIndex[id].map { resellers[$0] } }
    public func promo(code: String) -> Promo? { promoIndex[code].map { promos[$0] } }
    public func product(id: String) -> Product? { productIndex[id].map { products[$0] } }

    /// The outcome of looking a product or plan up by id, else by exact name.
    public enum Lookup<Value: Sendable>: Sendable {
        case found(Value)
        case notFound
        /// A name that matches several (`AMBIGUOUS_PLAN`).
        case ambiguous
    }

    /// A product by id, else by exact name (an id wins over a name).
    public func lookupProduct(_ key: String) -> Lookup<Product> {
        if let product = product(id: key) { return .found(product) }
        guard let matches = productsByName[key], !matches.isEmpty else { return .notFound }
        return matches.count == 1 ? .found(products[matches[0]]) : .ambiguous
    }

    /// A plan by id, else by exact name, within `product` or across all products when nil.
    public func lookupPlan(_ key: String, in product: Product?) -> Lookup<(product: Product, plan: Plan)> {
        func resolve(_ refs: [PlanRef]?) -> [PlanRef] {
            let all = refs ?? []
            guard let product else { return all }
            return all.filter { products[$0.product].id == product.id }
        }
        var matches = resolve(plansById[key])
        if matches.isEmpty { matches = resolve(plansByName[key]) }
        if matches.isEmpty { return .notFound }
        if matches.count > 1 { return .ambiguous }
        let ref = matches[0]
        return .found((products[ref.product], products[ref.product].plans[ref.plan]))
    }

    /// The plan with this id, wherever it is (subscriptions store plan ids).
    public func plan(id: String) -> (product: Product, plan: Plan)? {
        guard let ref = plansById[id]?.first else { return nil }
        return (products[ref.product], products[ref.product].plans[ref.plan])
    }

    /// The latest rate `from → to` effective on or before `date`; rate 1 for the same currency.
    public func exchangeRate(from: String, to: String, on date: CalendarDate) -> ExchangeRate? {
        if from == to {
            return ExchangeRate(
                from: from, to: to, rate: ScaledDecimal(units: 1_000_000, scale: ScaledDecimal.Scale.rate),
                effective: CalendarDate(dayNumber: 0))
        }
        return rateIndex["\(from)>\(to)"]?.first { $0.effective <= date }
    }

    /// True when a `forbiddenRegion` names this country without a region (the whole country).
    public func isCountryForbidden(_ country: String) -> Bool {
        forbiddenRegions.contains { $0.country == country && $0.region == nil }
    }

    /// True when a `forbiddenRegion` names exactly this country and region.
    public func isRegionForbidden(country: String, region: String) -> Bool {
        forbiddenRegions.contains { $0.country == country && $0.region == region }
    }

    /// True when some `forbiddenRegion` names a region of this country (so a missing region cannot be cleared).
    public func hasForbiddenRegions(in country: String) -> Bool {
        forbiddenRegions.contains { $0.country == country && $0.region != nil }
    }
}
