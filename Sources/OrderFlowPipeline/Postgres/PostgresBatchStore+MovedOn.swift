import OrderFlowCore

/// ``MovedOnStore``'s writes on PostgreSQL: SQLiteBatchStore's query texts in PostgreSQL's
/// spelling (PostgresSpelling), as prepared statements; the writes pipelined, as the import's
/// (``PostgresConnection/send(prepared:_:_:)``), the lookups waiting for them.
extension PostgresBatchStore: MovedOnStore {
    private static let updatePaymentSQL = PostgresSpelling.of(SQLiteBatchStore.updatePaymentSQL)
    private static let salesOrderSQL = PostgresSpelling.of(SQLiteBatchStore.salesOrderSQL)
    private static let salesOrderStatusSQL = PostgresSpelling.of(SQLiteBatchStore.salesOrderStatusSQL)
    private static let subscriptionStatusSQL = PostgresSpelling.of(SQLiteBatchStore.subscriptionStatusSQL)
    private static let setSubscriptionStatusSQL = PostgresSpelling.of(SQLiteBatchStore.setSubscriptionStatusSQL)
    private static let activationSQL = PostgresSpelling.of(SQLiteBatchStore.activationSQL)
    private static let chargeSQL = PostgresSpelling.of(SQLiteBatchStore.chargeSQL)
    private static let eventSQL = PostgresSpelling.of(SQLiteBatchStore.eventSQL)
    private static let suspensionSQL = PostgresSpelling.of(SQLiteBatchStore.suspensionSQL)

    func updatePayment(_ id: String, paid: Int64, status: PaymentStatus, paidOn: CalendarDate) throws {
        try connection.send(
            prepared: "moved_on_payment", Self.updatePaymentSQL,
            [.int(paid), .string(status.rawValue), .string(status.rawValue), .string(paidOn.description), .string(id)])
    }

    func salesOrder(_ id: String) throws -> StoredSalesOrder? {
        guard let row = try connection.execute(prepared: "moved_on_sales_order", Self.salesOrderSQL, [.string(id)]).first
        else { return nil }
        let currency = try row.requiredString("currency")
        let action: RequestAction = try row.status("action", "sales_orders.action")
        return StoredSalesOrder(
            status: try row.status("status", "sales_orders.status"), action: action,
            subscriptionId: try row.string("subscription_id"), accountId: try row.string("account_id"),
            productId: try row.requiredString("product_id"), planId: try row.requiredString("plan_id"),
            periodId: try row.requiredString("period_id"), provisioningDate: try row.requiredDate("provisioning_date"),
            net: try row.money("net", currency: currency), tax: try row.money("tax", currency: currency),
            total: try row.money("total", currency: currency), domain: try row.string("domain"),
            servicePeriod: try StoredSalesOrder.servicePeriod(action: action) { try row.string("priced") })
    }

    func setStatus(ofSalesOrder id: String, to status: SalesOrderStatus, activatedOn: CalendarDate?) throws {
        try connection.send(
            prepared: "moved_on_sales_order_status", Self.salesOrderStatusSQL,
            [.string(status.rawValue), .string(activatedOn?.description), .string(id)])
    }

    func subscriptionStatus(_ id: String) throws -> String? {
        try connection.execute(prepared: "moved_on_subscription", Self.subscriptionStatusSQL, [.string(id)])
            .first?.string("status")
    }

    func setStatus(ofSubscription id: String, to status: SubscriptionStatus, period: ServicePeriod?) throws {
        try connection.send(
            prepared: "moved_on_subscription_status", Self.setSubscriptionStatusSQL,
            [
                .string(status.rawValue), .string(period?.start.description), .string(period?.end.description),
                .string(period?.start.description), .string(id),
            ])
    }

    func insertActivation(_ row: ActivationRow, position: Int64, batchKey: Int64) throws {
        try connection.send(
            prepared: "moved_on_activation", Self.activationSQL,
            [
                .int(batchKey), .int(position), .string(row.salesOrderId), .string(row.subscriptionId),
                .string(row.salesOrderStatus.rawValue), .string(row.subscriptionStatus?.rawValue),
                .string(row.serviceStart?.description), .string(row.serviceEnd?.description),
            ])
    }

    func insertCharge(_ row: ChargeRow, position: Int64, batchKey: Int64) throws {
        try connection.send(
            prepared: "moved_on_charge", Self.chargeSQL,
            [
                .int(batchKey), .int(position), .string(row.subscriptionId), .string(row.salesOrderId),
                .string(row.serviceStart.description), .string(row.serviceEnd.description),
                .string(row.total.currency.code), .int(row.net.minorUnits), .int(row.tax.minorUnits),
                .int(row.total.minorUnits),
            ])
    }

    func insertEvent(_ row: ProvisioningRow, position: Int64, batchKey: Int64) throws {
        try connection.send(
            prepared: "moved_on_event", Self.eventSQL,
            [
                .int(batchKey), .int(position), .string(row.event.rawValue), .string(row.salesOrderId),
                .string(row.subscriptionId), .string(row.accountId), .string(row.product), .string(row.plan),
                .string(row.domain), .string(row.subscriptionId),
            ])
    }

    func insertSuspension(_ standing: DebtStanding, debt: Int64, position: Int64, batchKey: Int64) throws {
        try connection.send(
            prepared: "moved_on_suspension", Self.suspensionSQL,
            [
                .int(batchKey), .int(position), .string(standing.subscriptionId), .string(standing.accountId),
                .int(debt), .string(standing.currency), .int(standing.threshold),
            ])
    }
}
