import OrderFlowCore

/// Everything the ledger holds about one request of a reseller, by its ref: what
/// `orderflow ledger show` prints. Amounts are text in their currency's minor units (`12.30`),
/// dates `YYYY-MM-DD`, times ISO 8601 UTC with milliseconds.
public struct LedgerEntry: Sendable, Hashable, Codable {
    public var reseller: String
    public var ref: String
    /// The request's stored result: the accepted one (order, renewal, upgrade, import) when the
    /// ref was accepted, else the latest request with this ref (rejected ones leave refs free).
    public var result: StoredResult
    /// Every results row naming this ref, in commit order: the request itself, its duplicates,
    /// cancels of it, rejected attempts.
    public var requests: [StoredResult]
    /// The sales order the request created (none for a rejected request or an import).
    public var salesOrder: SalesOrderEntry?
    /// The account of the request (or of its subscription).
    public var account: AccountRecord?
    public var subscription: SubscriptionEntry?
    /// The sales orders of the renewals and upgrades of the subscription (other refs), in order.
    public var relatedOrders: [SalesOrderEntry]
    /// Payments of the request's sales order (order, top-up, refund) and of ``relatedOrders``.
    public var payments: [PaymentEntry]
    /// Every state change of the sales orders, the subscription and the payments above, in the
    /// order they were recorded.
    public var stateChanges: [StateChangeEntry]
    /// What the account holds with the platform, per currency (overpayments, top-ups, refunds;
    /// Reconciliation.md), currencies in order; empty when it holds nothing.
    public var balances: [BalanceEntry] = []

    public init(
        reseller: String, ref: String, result: StoredResult, requests: [StoredResult], salesOrder: SalesOrderEntry?,
        account: AccountRecord?, subscription: SubscriptionEntry?, relatedOrders: [SalesOrderEntry],
        payments: [PaymentEntry], stateChanges: [StateChangeEntry], balances: [BalanceEntry] = []
    ) {
        self.balances = balances
        self.reseller = reseller
        self.ref = ref
        self.result = result
        self.requests = requests
        self.salesOrder = salesOrder
        self.account = account
        self.subscription = subscription
        self.relatedOrders = relatedOrders
        self.payments = payments
        self.stateChanges = stateChanges
    }
}

/// A `results.csv` row as committed, with the batch that holds it.
public struct StoredResult: Sendable, Hashable, Codable {
    public var batchId: String
    /// The drop file's name in the inbox (or the imported file's).
    public var fileName: String
    /// `drop` or `subscription-import`.
    public var batchKind: String
    public var asOf: CalendarDate
    public var row: RequestResult

    public init(batchId: String, fileName: String, batchKind: String, asOf: CalendarDate, row: RequestResult) {
        self.batchId = batchId
        self.fileName = fileName
        self.batchKind = batchKind
        self.asOf = asOf
        self.row = row
    }
}

public struct SalesOrderEntry: Sendable, Hashable, Codable {
    public var id: String
    public var ref: String
    /// `order`, `renewal` or `upgrade`.
    public var action: String
    public var status: String
    public var accountId: String?
    public var subscriptionId: String?
    public var productId: String
    public var planId: String
    public var periodId: String
    public var currency: String
    public var net: String
    public var tax: String
    public var total: String
    public var vatCategory: String?
    /// The plan → billing rate used, as a decimal (`0.921500`), and its effective date.
    public var exchangeRate: String?
    public var rateEffective: String?
    public var paymentId: String?
    public var invoiceNumber: String?
    public var creditNoteNumber: String?
    public var provisioningDate: String
    public var activationDate: String?
    public var domain: String?
    public var batchId: String
}

public struct SubscriptionEntry: Sendable, Hashable, Codable {
    public var id: String
    public var accountId: String
    public var productId: String
    public var planId: String
    public var periodId: String
    /// The current period, [start, end).
    public var periodStart: String
    public var periodEnd: String
    public var resources: [ResourceQuantity]
    public var currency: String
    public var paymentModel: String
    public var blockingThreshold: String?
    public var status: String
    public var domain: String?
    public var activationDate: String?
    public var batchId: String
}

public struct PaymentEntry: Sendable, Hashable, Codable {
    public var id: String
    public var kind: String
    public var salesOrderId: String?
    public var accountId: String?
    public var amount: String
    public var currency: String
    public var status: String
    public var dueDate: String
    public var remittanceReference: String
    /// Received so far.
    public var paid: String
    public var postponed: Bool
    /// The booking date of the statement line that completed it, once `Paid` by reconciliation.
    public var paidOn: String?
}

public struct BalanceEntry: Sendable, Hashable, Codable {
    public var currency: String
    public var amount: String
}

public struct StateChangeEntry: Sendable, Hashable, Codable {
    /// `sales_order`, `subscription` or `payment`.
    public var entityKind: String
    public var entityId: String
    public var from: String?
    public var to: String
    /// The run's date of the change.
    public var asOf: String
    /// Wall-clock time it was recorded (ISO 8601 UTC).
    public var recordedAt: String
    public var batchId: String?
}

/// The file an import read: its name and SHA-256 (kept with the import's batch).
public struct SubscriptionImportFile: Sendable, Hashable {
    public var fileName: String
    public var sha256: String

    public init(fileName: String, sha256: String) {
        self.fileName = fileName
        self.sha256 = sha256
    }
}
