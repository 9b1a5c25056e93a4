/// A request after judging: its outcome, every finding, its `results.csv` row and, when
/// accepted, what the ledger must store (``AcceptedEffects``).
public struct JudgedRequest: Sendable {
    public var raw: RawRequest
    public var outcome: RequestOutcomeKind
    /// Errors in the order of ErrorCodes.md, Which error wins, then notes.
    public var diagnostics: [Diagnostic]
    /// ``RequestContent/digest(of:)``.
    public var contentDigest: String
    public var result: RequestResult
    public var effects: AcceptedEffects?

    public var errors: [Diagnostic] { diagnostics.errors }
}

/// Everything an accepted request creates or changes; the ledger stores exactly this, and
/// the outputs are rendered from what it stored.
public struct AcceptedEffects: Sendable {
    public var action: RequestAction
    /// A company registered by this order.
    public var newAccount: AccountRecord?
    /// The sales order created (orders, renewals, upgrades), with its payment.
    public var salesOrder: OrderRecord?
    public var priced: PricedOrder?
    /// A subscription created by an order.
    public var newSubscription: SubscriptionRecord?
    /// What the service side needs for the new subscription (`provisioning.csv`).
    public var serviceSetup: ServiceSetup?
    /// A trial order's contact e-mail and plan: one trial each (Trials.md).
    public var trialUse: TrialUse?
    /// A renewal's or upgrade's change to an existing subscription.
    public var subscriptionChange: SubscriptionChange?
    public var promoUse: String?
    public var cancel: CancelEffect?

    public init(action: RequestAction) { self.action = action }
}

public struct SubscriptionChange: Sendable, Hashable {
    public var subscriptionId: String
    /// Renewal: the next period, [start, end), and its period id.
    public var renewal: (periodId: String, start: CalendarDate, end: CalendarDate)?
    /// Upgrade: the new totals.
    public var newAmounts: [ResourceQuantity]?

    public init(subscriptionId: String, renewal: (periodId: String, start: CalendarDate, end: CalendarDate)? = nil,
                newAmounts: [ResourceQuantity]? = nil) {
        self.subscriptionId = subscriptionId
        self.renewal = renewal
        self.newAmounts = newAmounts
    }

    public static func == (lhs: SubscriptionChange, rhs: SubscriptionChange) -> Bool {
        lhs.subscriptionId == rhs.subscriptionId && lhs.newAmounts == rhs.newAmounts
            && lhs.renewal?.periodId == rhs.renewal?.periodId && lhs.renewal?.start == rhs.renewal?.start
            && lhs.renewal?.end == rhs.renewal?.end
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(subscriptionId)
        hasher.combine(newAmounts)
        hasher.combine(renewal?.periodId)
    }
}

/// An accepted cancel (Pricing.md, step 8): the subscription ends with every charge on it.
public struct CancelEffect: Sendable, Hashable {
    /// The canceled order's own sales order.
    public var order: CanceledCharge
    /// The sales orders of its subscription's renewals and upgrades, oldest first.
    public var renewalsAndUpgrades: [CanceledCharge]
    /// The domain released for its product.
    public var releasedDomain: String?

    public init(order: CanceledCharge, renewalsAndUpgrades: [CanceledCharge], releasedDomain: String?) {
        self.order = order
        self.renewalsAndUpgrades = renewalsAndUpgrades
        self.releasedDomain = releasedDomain
    }

    /// The order's, then each renewal's and upgrade's.
    public var charges: [CanceledCharge] { [order] + renewalsAndUpgrades }
}

/// One sales order a cancel ends: `Canceled`, its open payment voided, what was paid refunded,
/// and a credit note when it was invoiced.
public struct CanceledCharge: Sendable, Hashable {
    /// The sales order as it was before the cancel.
    public var salesOrder: OrderRecord
    /// Its open payment, now `Voided`.
    public var voidedPaymentId: String?
    /// What was paid, refunded to the account balance (kind `refund`, `Paid` at once).
    public var refund: PaymentRecord?
    /// The credit note's number, when the sales order was invoiced.
    public var creditNoteNumber: String?

    public init(
        salesOrder: OrderRecord, voidedPaymentId: String? = nil, refund: PaymentRecord? = nil,
        creditNoteNumber: String? = nil
    ) {
        self.salesOrder = salesOrder
        self.voidedPaymentId = voidedPaymentId
        self.refund = refund
        self.creditNoteNumber = creditNoteNumber
    }

    /// The sales order as the cancel leaves it.
    public var canceled: OrderRecord {
        var order = salesOrder
        order.status = .canceled
        order.subscriptionStatus = .canceled
        if voidedPaymentId != nil { order.payment?.status = .voided }
        return order
    }
}
