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

/// An accepted cancel (Pricing.md, step 8).
public struct CancelEffect: Sendable, Hashable {
    /// The order as it was before the cancel.
    public var order: OrderRecord
    /// The order's open payment, now `Voided`.
    public var voidedPaymentId: String?
    /// What was paid, refunded to the account balance (kind `refund`, `Paid` at once).
    public var refund: PaymentRecord?
    /// The credit note's number, when the order was invoiced.
    public var creditNoteNumber: String?
    /// The domain released for its product.
    public var releasedDomain: String?
}
