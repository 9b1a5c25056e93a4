import GRDB
import OrderFlowCore

/// ``MovedOnStore``'s writes on SQLite: payments, sales orders and subscriptions a batch moves on,
/// and its activations, charges, events and suspensions. The query texts are PostgresBatchStore's
/// too (PostgresSpelling).
extension SQLiteBatchStore: MovedOnStore {
    static let updatePaymentSQL =
        "UPDATE payments SET paid = ?, status = ?, paid_on = CASE WHEN ? = 'Paid' THEN ? END WHERE id = ?"

    func updatePayment(_ id: String, paid: Int64, status: PaymentStatus, paidOn: CalendarDate) throws {
        try db.cachedStatement(sql: Self.updatePaymentSQL)
            .run(paid, status.rawValue, status.rawValue, paidOn.description, id)
    }

    static let salesOrderSQL = """
        SELECT status, action, subscription_id, account_id, product_id, plan_id, period_id, provisioning_date,
            currency, net, tax, total, domain, priced
        FROM sales_orders WHERE id = ?
        """

    func salesOrder(_ id: String) throws -> StoredSalesOrder? {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: Self.salesOrderSQL), arguments: [id]) else {
            return nil
        }
        let currency: String = row["currency"]
        let action: RequestAction = try LedgerColumns.status(row["action"], "sales_orders.action")
        return StoredSalesOrder(
            status: try LedgerColumns.status(row["status"], "sales_orders.status"),
            action: action,
            subscriptionId: row["subscription_id"], accountId: row["account_id"], productId: row["product_id"],
            planId: row["plan_id"], periodId: row["period_id"],
            provisioningDate: try LedgerColumns.date(row["provisioning_date"] as String),
            net: try LedgerColumns.money(row["net"], currency), tax: try LedgerColumns.money(row["tax"], currency),
            total: try LedgerColumns.money(row["total"], currency), domain: row["domain"],
            servicePeriod: try StoredSalesOrder.servicePeriod(action: action) { row["priced"] })
    }

    static let salesOrderStatusSQL =
        "UPDATE sales_orders SET status = ?, activation_date = COALESCE(?, activation_date) WHERE id = ?"

    func setStatus(ofSalesOrder id: String, to status: SalesOrderStatus, activatedOn: CalendarDate?) throws {
        try db.cachedStatement(sql: Self.salesOrderStatusSQL).run(status.rawValue, activatedOn?.description, id)
    }

    static let subscriptionStatusSQL = "SELECT status FROM subscriptions WHERE id = ?"

    func subscriptionStatus(_ id: String) throws -> String? {
        try String.fetchOne(db, sql: Self.subscriptionStatusSQL, arguments: [id])
    }

    static let setSubscriptionStatusSQL = """
        UPDATE subscriptions SET status = ?, period_start = COALESCE(?, period_start),
            period_end = COALESCE(?, period_end), activation_date = COALESCE(?, activation_date)
        WHERE id = ?
        """

    func setStatus(ofSubscription id: String, to status: SubscriptionStatus, period: ServicePeriod?) throws {
        try db.cachedStatement(sql: Self.setSubscriptionStatusSQL).run(
            status.rawValue, period?.start.description, period?.end.description, period?.start.description, id)
    }

    static let activationSQL = """
        INSERT INTO batch_activations (batch_key, position, sales_order_id, subscription_id, sales_order_status,
            subscription_status, service_start, service_end)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    func insertActivation(_ row: ActivationRow, position: Int64, batchKey: Int64) throws {
        try db.cachedStatement(sql: Self.activationSQL).run(
            batchKey, position, row.salesOrderId, row.subscriptionId, row.salesOrderStatus.rawValue,
            row.subscriptionStatus?.rawValue, row.serviceStart?.description, row.serviceEnd?.description)
    }

    static let chargeSQL = """
        INSERT INTO batch_charges (batch_key, position, subscription_id, sales_order_id, service_start,
            service_end, currency, net, tax, total)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    func insertCharge(_ row: ChargeRow, position: Int64, batchKey: Int64) throws {
        try db.cachedStatement(sql: Self.chargeSQL).run(
            batchKey, position, row.subscriptionId, row.salesOrderId, row.serviceStart.description,
            row.serviceEnd.description, row.total.currency.code, row.net.minorUnits, row.tax.minorUnits,
            row.total.minorUnits)
    }

    static let eventSQL = """
        INSERT INTO batch_events (batch_key, position, event, sales_order_id, subscription_id, account_id,
            product, plan, domain, setup)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT setup FROM subscriptions WHERE id = ?))
        """

    func insertEvent(_ row: ProvisioningRow, position: Int64, batchKey: Int64) throws {
        try db.cachedStatement(sql: Self.eventSQL).run(
            batchKey, position, row.event.rawValue, row.salesOrderId, row.subscriptionId, row.accountId,
            row.product, row.plan, row.domain, row.subscriptionId)
    }

    static let suspensionSQL = """
        INSERT INTO batch_suspensions (batch_key, position, subscription_id, account_id, debt, currency, threshold)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """

    func insertSuspension(_ standing: DebtStanding, debt: Int64, position: Int64, batchKey: Int64) throws {
        try db.execute(
            sql: Self.suspensionSQL,
            arguments: [
                batchKey, position, standing.subscriptionId, standing.accountId, debt, standing.currency,
                standing.threshold,
            ])
    }
}
