import OrderFlowCore

/// A payment a statement line names, as it stands in the ledger.
struct OpenPayment {
    var id: String
    var kind: PaymentKind
    var postponed: Bool
    var salesOrderId: String?
    var accountId: String?
    var dueDate: CalendarDate
    var state: CreditApplication.PaymentState
}

/// Where a bank line was reconciled first (its statement's batch id and its line there).
struct ReconciledLine {
    var batchId: String
    var line: Int
}

/// An open payment past its due date, as the `overdue` rows of a statement list it.
struct OverduePayment {
    var id: String
    var salesOrderId: String?
    var accountId: String?
    var amount: Int64
    var paid: Int64
    var currency: Currency
    var status: PaymentStatus
    var dueDate: CalendarDate
}

/// The columns of a sales order a paid payment moves on.
struct StoredSalesOrder {
    var status: SalesOrderStatus
    var action: RequestAction
    var subscriptionId: String?
    var accountId: String?
    var productId: String
    var planId: String
    var periodId: String
    var provisioningDate: CalendarDate
    var net: Money
    var tax: Money
    var total: Money
    var domain: String?
    /// The period its invoice was priced for: renewals and upgrades only (nil for a new order).
    var servicePeriod: ServicePeriod?

    /// A renewal's or upgrade's priced period, from its stored priced lines. Only those need it: a
    /// new order's period starts with its service, so its priced lines are not decoded on every
    /// paid line of a statement.
    static func servicePeriod(action: RequestAction, priced: () throws -> String?) throws -> ServicePeriod? {
        guard action != .order, let priced = try priced() else { return nil }
        return try PricedOrderText.decode(priced).servicePeriod
    }
}

/// A subscription with a blocking threshold, what its account holds and what it owes
/// (``MovedOnStore/debtStandings(reseller:statuses:dueBefore:_:)``).
struct DebtStanding {
    var subscriptionId: String
    var accountId: String
    var productId: String
    var planId: String
    var domain: String?
    var status: SubscriptionStatus
    var currency: String
    var threshold: Int64
    /// The account's balance in the subscription's currency (0 without one).
    var balance: Int64
    /// Still due on its open `postpaid` payments past their due date.
    var due: Int64
}
