/// A product (platform-wide): a service with plans.
public struct Product: Sendable, Hashable {
    public var id: String
    public var name: String
    public var service: ServiceKind
    public var requiresDomain: Bool
    /// Days after activation during which an active subscription may be canceled; nil: never.
    public var cancellationWindowDays: Int?
    /// Allowed data locations; empty: the product accepts none.
    public var dataLocations: [String]
    /// A manager approves provisioning after payment (subscription `Installing`).
    public var manualApproval: Bool
    public var plans: [Plan]
    public var line: Int

    public init(
        id: String, name: String, service: ServiceKind, requiresDomain: Bool = false,
        cancellationWindowDays: Int? = nil, dataLocations: [String] = [], manualApproval: Bool = false,
        plans: [Plan] = [], line: Int = 0
    ) {
        self.id = id
        self.name = name
        self.service = service
        self.requiresDomain = requiresDomain
        self.cancellationWindowDays = cancellationWindowDays
        self.dataLocations = dataLocations
        self.manualApproval = manualApproval
        self.plans = plans
        self.line = line
    }
}

/// How a pay-as-you-go prepay plan computes its balance top-up (Pricing.md, step 6).
public enum TopUp: Sendable, Hashable {
    /// A fixed amount in the plan currency.
    case fixed(ScaledDecimal)
    /// Σ additional units × recurringFee for one month.
    case resources
}

public struct Plan: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The product this plan belongs to (its id).
    public var productId: String
    public var currency: Currency
    /// Account types allowed; nil: any.
    public var accountTypes: [String]?
    /// Payment models allowed; nil: both.
    public var paymentModels: [PaymentModel]?
    /// Fee scale (4 decimals), in the plan currency.
    public var blockingThreshold: ScaledDecimal?
    public var billing: BillingKind
    public var topUp: TopUp?
    public var periods: [Period]
    /// In catalog order: rules and pricing walk them in this order.
    public var resources: [Resource]
    public var line: Int

    public init(
        id: String, name: String, productId: String, currency: Currency, accountTypes: [String]? = nil,
        paymentModels: [PaymentModel]? = nil, blockingThreshold: ScaledDecimal? = nil,
        billing: BillingKind = .standard, topUp: TopUp? = nil, periods: [Period] = [], resources: [Resource] = [],
        line: Int = 0
    ) {
        self.id = id
        self.name = name
        self.productId = productId
        self.currency = currency
        self.accountTypes = accountTypes
        self.paymentModels = paymentModels
        self.blockingThreshold = blockingThreshold
        self.billing = billing
        self.topUp = topUp
        self.periods = periods
        self.resources = resources
        self.line = line
    }

    public func period(id: String) -> Period? { periods.first { $0.id == id } }
    public func resource(id: String) -> Resource? { resources.first { $0.id == id } }
}

public struct Period: Sendable, Hashable {
    public var id: String
    public var duration: ISODuration
    /// Per subscription period, fee scale; nil or zero: no line.
    public var fee: ScaledDecimal?
    public var setupFee: ScaledDecimal?
    public var trial: Bool
    /// `short` only on trials that allow short registration.
    public var registration: Registration
    public var line: Int

    public init(
        id: String, duration: ISODuration, fee: ScaledDecimal? = nil, setupFee: ScaledDecimal? = nil,
        trial: Bool = false, registration: Registration = .full, line: Int = 0
    ) {
        self.id = id
        self.duration = duration
        self.fee = fee
        self.setupFee = setupFee
        self.trial = trial
        self.registration = registration
        self.line = line
    }
}

public struct Resource: Sendable, Hashable {
    public var id: String
    public var name: String
    public var unit: String
    /// Units the plan's fees include; absent in the catalog: 0.
    public var included: Int64
    /// The fewest units a subscription may have in total; absent in the catalog: 0.
    public var min: Int64
    /// The most units a subscription may have in total; nil: no upper limit (CatalogFormat.md,
    /// Resource limits).
    public var max: Int64?
    /// Per additional unit, once; fee scale.
    public var setupFee: ScaledDecimal?
    /// Per additional unit per month; fee scale.
    public var recurringFee: ScaledDecimal?
    /// Parameters each ordered unit needs on a manual-approval product (`username`, …).
    public var parameters: [String]
    public var line: Int

    public init(
        id: String, name: String, unit: String = "item", included: Int64 = 0, min: Int64 = 0, max: Int64? = nil,
        setupFee: ScaledDecimal? = nil, recurringFee: ScaledDecimal? = nil, parameters: [String] = [],
        line: Int = 0
    ) {
        self.id = id
        self.name = name
        self.unit = unit
        self.included = included
        self.min = min
        self.max = max
        self.setupFee = setupFee
        self.recurringFee = recurringFee
        self.parameters = parameters
        self.line = line
    }
}
