import GRDB
import OrderFlowCore

/// What a payment that a statement line just completed moves on (Reconciliation.md): a top-up's
/// balance, its sales order and subscription (``PaidOrderProgress``), the service period that
/// starts, and the event the service side consumes.
struct PaidOrderStep {
    let db: Database
    let catalog: Catalog
    let writer: MovedOnWriter

    func run(payment: OpenPayment, bookedOn: CalendarDate) throws {
        if payment.kind == .topup, let account = payment.accountId {
            // The money is the customer's to spend: a top-up becomes balance once it is paid.
            try writer.creditBalance(
                account: account, currency: payment.state.amount.currency.code, amount: payment.state.amount.minorUnits)
        }
        // A month's bill is `Completed` when it is made: paying it lowers a debt, which the
        // statement's ``DebtCheck`` looks at once all its lines are applied.
        if payment.kind == .postpaid || payment.kind == .balance { return }
        guard let salesOrderId = payment.salesOrderId, let order = try StoredSalesOrder.find(salesOrderId, db) else { return }
        let product = catalog.product(id: order.productId)
        guard let step = PaidOrderProgress.after(
            paymentPostponed: payment.postponed, action: order.action, salesOrderStatus: order.status,
            provisioningDate: order.provisioningDate, bookedOn: bookedOn, manualApproval: product?.manualApproval ?? false)
        else { return }
        try writer.setStatus(ofSalesOrder: salesOrderId, from: order.status, to: step.salesOrderStatus, activatedOn: step.serviceStart)
        if let subscriptionStatus = step.subscriptionStatus {
            try writer.start(
                order, salesOrderId: salesOrderId, status: subscriptionStatus, serviceStart: step.serviceStart,
                salesOrderStatus: step.salesOrderStatus, catalog: catalog)
            return
        }
        // A renewal's or upgrade's charge: the period it was priced for.
        var started: ServicePeriod?
        if let period = order.servicePeriod, let subscriptionId = order.subscriptionId {
            try writer.addCharge(ChargeRow(
                subscriptionId: subscriptionId, salesOrderId: salesOrderId, serviceStart: period.start,
                serviceEnd: period.end.adding(days: -1), net: order.net, tax: order.tax, total: order.total))
            started = period
        }
        try writer.addActivation(ActivationRow(
            salesOrderId: salesOrderId, subscriptionId: order.subscriptionId, salesOrderStatus: step.salesOrderStatus,
            subscriptionStatus: nil, serviceStart: started?.start, serviceEnd: started?.end.adding(days: -1)))
    }

    static func event(for status: SubscriptionStatus) -> ProvisioningRow.Event? {
        switch status {
        case .active: .activate
        case .installing: .install
        default: nil
        }
    }
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

    static func find(_ id: String, _ db: Database) throws -> StoredSalesOrder? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT status, action, subscription_id, account_id, product_id, plan_id, period_id, provisioning_date,
                    currency, net, tax, total, domain, priced
                FROM sales_orders WHERE id = ?
                """)
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        let currency: String = row["currency"]
        let action: RequestAction = try LedgerColumns.status(row["action"], "sales_orders.action")
        // Only a renewal's or upgrade's charge needs its priced period: a new order's starts with
        // its service, so its priced lines are not decoded on every paid line of a statement.
        let priced: String? = action == .order ? nil : row["priced"]
        return StoredSalesOrder(
            status: try LedgerColumns.status(row["status"], "sales_orders.status"),
            action: action,
            subscriptionId: row["subscription_id"], accountId: row["account_id"], productId: row["product_id"],
            planId: row["plan_id"], periodId: row["period_id"],
            provisioningDate: try LedgerColumns.date(row["provisioning_date"] as String),
            net: try LedgerColumns.money(row["net"], currency), tax: try LedgerColumns.money(row["tax"], currency),
            total: try LedgerColumns.money(row["total"], currency), domain: row["domain"],
            servicePeriod: try priced.flatMap { try PricedOrderText.decode($0).servicePeriod })
    }
}
