/// What earlier batches created, as the rules need to see it (Rules.md).
///
/// The core never touches a database: the import job serves this from its ledger (read inside
/// the batch's write transaction), `validate`/`quote` without `--pipeline` use ``EmptyHistory``,
/// and ``BatchHistory`` lays what earlier requests of the same file did over either.
public protocol OrderHistory: Sendable {
    /// An account of this reseller; nil also when the id belongs to another reseller.
    func account(id: String, reseller: String) -> AccountRecord?
    /// The accepted request (order, cancel, renewal, upgrade) with this ref, canceled or not.
    func acceptedRequest(ref: String, reseller: String) -> StoredRequest?
    /// The order created by an accepted order request with this ref (for cancels).
    func order(ref: String, reseller: String) -> OrderRecord?
    /// The sales orders of the renewals and upgrades of a subscription of this reseller, oldest
    /// first: what a cancel of its order ends with it (Pricing.md, step 8).
    func renewalsAndUpgrades(subscription: String, reseller: String) -> [OrderRecord]
    /// A subscription of this reseller.
    func subscription(id: String, reseller: String) -> SubscriptionRecord?
    /// True while a subscription of `productId` that is not canceled holds this domain (lowercased).
    func isDomainHeld(_ domain: String, productId: String) -> Bool
    /// The live subscriptions holding `domain` for the product (asked only once it is held).
    func domainHolders(_ domain: String, productId: String) -> [DomainHolder]
    /// True when a trial of `plan` was accepted for this contact e-mail (``TrialUse/key``) at this
    /// reseller, whatever became of it.
    func trialUsed(_ use: TrialUse) -> Bool
    /// Accepted orders that used this promo with a discount above zero.
    func promoUses(code: String) -> Int
    /// False when this history cannot answer for earlier batches (no ledger): checks that need
    /// one become notes in `validate` (PipelineFiles.md, `validate`).
    var hasLedger: Bool { get }
}

/// A company account.
public struct AccountRecord: Sendable, Hashable, Codable {
    public var id: String
    public var reseller: String
    public var accountType: String
    public var registration: Registration
    public var companyName: String?
    public var vatId: String?
    public var contactName: String?
    public var contactEmail: String?
    public var country: String
    public var region: String?
    public var city: String?
    public var postalCode: String?
    public var addressLine1: String?

    public init(
        id: String, reseller: String, accountType: String, registration: Registration, companyName: String? = nil,
        vatId: String? = nil, contactName: String? = nil, contactEmail: String? = nil, country: String,
        region: String? = nil, city: String? = nil, postalCode: String? = nil, addressLine1: String? = nil
    ) {
        self.id = id
        self.reseller = reseller
        self.accountType = accountType
        self.registration = registration
        self.companyName = companyName
        self.vatId = vatId
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.country = country
        self.region = region
        self.city = city
        self.postalCode = postalCode
        self.addressLine1 = addressLine1
    }
}

/// An accepted request as stored: what `duplicate` repeats and what a changed resubmission conflicts with.
public struct StoredRequest: Sendable, Hashable, Codable {
    public var ref: String
    public var action: RequestAction
    /// ``RequestContent/digest`` of the request as written.
    public var contentDigest: String
    /// Its `results.csv` row as committed.
    public var result: RequestResult

    public init(ref: String, action: RequestAction, contentDigest: String, result: RequestResult) {
        self.ref = ref
        self.action = action
        self.contentDigest = contentDigest
        self.result = result
    }
}

public struct PaymentRecord: Sendable, Hashable, Codable {
    public var id: String?
    public var kind: PaymentKind
    public var status: PaymentStatus
    public var amount: Money
    public var dueDate: CalendarDate
    /// A postponed-billing payment (Pricing.md, step 7): the subscription already runs.
    public var postponed: Bool
    /// What has been received so far, in minor units (reconciliation fills it in).
    public var paid: Int64

    public init(
        id: String?, kind: PaymentKind, status: PaymentStatus, amount: Money, dueDate: CalendarDate,
        postponed: Bool = false, paid: Int64 = 0
    ) {
        self.id = id
        self.kind = kind
        self.status = status
        self.amount = amount
        self.dueDate = dueDate
        self.postponed = postponed
        self.paid = paid
    }
}

/// A sales order created by an accepted order (or renewal/upgrade) request.
public struct OrderRecord: Sendable, Hashable, Codable {
    public var ref: String
    public var reseller: String
    public var salesOrderId: String?
    public var status: SalesOrderStatus
    public var accountId: String?
    public var subscriptionId: String?
    public var subscriptionStatus: SubscriptionStatus
    public var productId: String
    public var net: Money
    public var tax: Money
    public var total: Money
    public var payment: PaymentRecord?
    public var provisioningDate: CalendarDate
    /// When the subscription became `Active`; nil while it is not yet.
    public var activationDate: CalendarDate?
    public var invoiceNumber: String?
    /// Lowercased.
    public var domain: String?
    /// What a monthly bill took from the account's balance beside ``payment`` (Billing.md): given
    /// back when the bill is canceled. nil when nothing was.
    public var balanceDrawn: Money?

    public init(
        ref: String, reseller: String, salesOrderId: String?, status: SalesOrderStatus, accountId: String?,
        subscriptionId: String?, subscriptionStatus: SubscriptionStatus, productId: String, net: Money, tax: Money,
        total: Money, payment: PaymentRecord?, provisioningDate: CalendarDate, activationDate: CalendarDate?,
        invoiceNumber: String?, domain: String?
    ) {
        self.ref = ref
        self.reseller = reseller
        self.salesOrderId = salesOrderId
        self.status = status
        self.accountId = accountId
        self.subscriptionId = subscriptionId
        self.subscriptionStatus = subscriptionStatus
        self.productId = productId
        self.net = net
        self.tax = tax
        self.total = total
        self.payment = payment
        self.provisioningDate = provisioningDate
        self.activationDate = activationDate
        self.invoiceNumber = invoiceNumber
        self.domain = domain
    }
}

public struct SubscriptionRecord: Sendable, Hashable, Codable {
    public var id: String
    public var reseller: String
    public var accountId: String
    public var productId: String
    public var planId: String
    public var periodId: String
    /// Current amount per resource id (included units counted), in the plan's resource order.
    public var resources: [ResourceQuantity]
    /// The current period, [start, end).
    public var currentPeriodStart: CalendarDate
    public var currentPeriodEnd: CalendarDate
    public var currency: Currency
    public var paymentModel: PaymentModel
    public var status: SubscriptionStatus
    public var blockingThreshold: Money?
    public var domain: String?

    public init(
        id: String, reseller: String, accountId: String, productId: String, planId: String, periodId: String,
        resources: [ResourceQuantity], currentPeriodStart: CalendarDate, currentPeriodEnd: CalendarDate,
        currency: Currency, paymentModel: PaymentModel, status: SubscriptionStatus, blockingThreshold: Money? = nil,
        domain: String? = nil
    ) {
        self.id = id
        self.reseller = reseller
        self.accountId = accountId
        self.productId = productId
        self.planId = planId
        self.periodId = periodId
        self.resources = resources
        self.currentPeriodStart = currentPeriodStart
        self.currentPeriodEnd = currentPeriodEnd
        self.currency = currency
        self.paymentModel = paymentModel
        self.status = status
        self.blockingThreshold = blockingThreshold
        self.domain = domain
    }

    public func amount(of resource: String) -> Int64? { resources.first { $0.id == resource }?.amount }
}

public struct ResourceQuantity: Sendable, Hashable, Codable {
    public var id: String
    public var amount: Int64

    public init(id: String, amount: Int64) {
        self.id = id
        self.amount = amount
    }
}

/// No earlier batches: what `validate` and `quote` judge against without `--pipeline`.
public struct EmptyHistory: OrderHistory {
    public init() {}
    public func account(id: String, reseller: String) -> AccountRecord? { nil }
    public func acceptedRequest(ref: String, reseller: String) -> StoredRequest? { nil }
    public func order(ref: String, reseller: String) -> OrderRecord? { nil }
    public func renewalsAndUpgrades(subscription: String, reseller: String) -> [OrderRecord] { [] }
    public func subscription(id: String, reseller: String) -> SubscriptionRecord? { nil }
    public func isDomainHeld(_ domain: String, productId: String) -> Bool { false }
    public func domainHolders(_ domain: String, productId: String) -> [DomainHolder] { [] }
    public func trialUsed(_ use: TrialUse) -> Bool { false }
    public func promoUses(code: String) -> Int { 0 }
    public var hasLedger: Bool { false }
}

/// A live subscription holding a domain: whose it is and the period it runs on now.
public struct DomainHolder: Sendable, Hashable {
    /// nil when not known (a subscription held by an earlier request of the batch, without a ledger).
    public var accountId: String?
    public var planId: String
    public var periodId: String

    public init(accountId: String?, planId: String, periodId: String) {
        self.accountId = accountId
        self.planId = planId
        self.periodId = periodId
    }
}

/// One trial of a plan for one contact e-mail at one reseller (Trials.md).
public struct TrialUse: Sendable, Hashable {
    public var reseller: String
    /// The e-mail with ASCII letters lower-cased: addresses compare without case.
    public var email: String
    public var planId: String

    public init(reseller: String, email: String, planId: String) {
        self.reseller = reseller
        self.email = String(decoding: email.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
        self.planId = planId
    }
}
