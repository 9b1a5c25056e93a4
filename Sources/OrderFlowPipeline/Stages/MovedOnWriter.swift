import GRDB
import OrderFlowCore

/// What the jobs after the import write as they move orders on (a statement, an approval drop, a
/// provisioning run): their output rows as committed, and the changes to payments, balances, sales
/// orders and subscriptions, each with its state change.
struct MovedOnWriter {
    let db: Database
    let batchKey: Int64
    let rows: LedgerRows<SQLiteBatchStore>
    /// Positions of the batch's activations, charges and events (file order).
    private let positions = Positions()

    final class Positions {
        var activation: Int64 = 0, charge: Int64 = 0, event: Int64 = 0
    }

    init(db: Database, batchKey: Int64, asOf: CalendarDate, recordedAt: Int64) {
        self.db = db
        self.batchKey = batchKey
        self.rows = LedgerRows(db: db, batchKey: batchKey, asOf: asOf, recordedAt: recordedAt)
    }

    func store(_ row: ReconciliationRow, seq: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO reconciliation_rows (batch_key, seq, line, booking_date, amount, currency, minor_units,
                    reference, payer, bank_reference, outcome, payment_id, sales_order_id, account_id, amount_applied,
                    balance_credited, payment_status, due_date, message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(
            batchKey, seq, row.line, row.bookingDate?.description, row.amount, row.currency, row.minorUnits, row.reference,
            row.payer, row.bankReference, row.outcome.rawValue, row.paymentId, row.salesOrderId, row.accountId,
            row.amountApplied, row.balanceCredited, row.paymentStatus?.rawValue, row.dueDate?.description, row.message)
    }

    /// Records a credit line's identity; when it was recorded before, the earlier statement's batch
    /// id and the line there, and nothing is recorded.
    func recordLine(_ identity: String, reseller: String, seq: Int64) throws -> (batchId: String, line: Int)? {
        let insert = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO statement_lines (reseller, identity, batch_key, seq) VALUES (?, ?, ?, ?)")
        try insert.run(reseller, identity, batchKey, seq)
        if db.changesCount > 0 { return nil }
        let earlier = try db.cachedStatement(
            sql: """
                SELECT b.batch_id, r.line FROM statement_lines s JOIN batches b ON b.key = s.batch_key
                LEFT JOIN reconciliation_rows r ON r.batch_key = s.batch_key AND r.seq = s.seq
                WHERE s.reseller = ? AND s.identity = ?
                """)
        let row = try Row.fetchOne(earlier, arguments: [reseller, identity])
        return (row?["batch_id"] ?? "", row?["line"] ?? 0)
    }

    func creditBalance(account: String, currency: String, amount: Int64) throws {
        try rows.creditBalance(account: account, currency: currency, amount: amount)
    }

    func updatePayment(_ payment: OpenPayment, paid: Int64, status: PaymentStatus, paidOn: CalendarDate) throws {
        let statement = try db.cachedStatement(
            sql: "UPDATE payments SET paid = ?, status = ?, paid_on = CASE WHEN ? = 'Paid' THEN ? END WHERE id = ?")
        try statement.run(paid, status.rawValue, status.rawValue, paidOn.description, payment.id)
        if status != payment.state.status {
            try rows.recordChange(.payment, payment.id, from: payment.state.status.rawValue, to: status.rawValue)
        }
        let record = PaymentRecord(
            id: payment.id, kind: payment.kind, status: status, amount: payment.state.amount, dueDate: payment.dueDate,
            postponed: payment.postponed)
        try rows.listInBatch(record, id: payment.id, salesOrderId: payment.salesOrderId, accountId: payment.accountId)
    }

    func setStatus(
        ofSalesOrder id: String, from: SalesOrderStatus, to: SalesOrderStatus, activatedOn: CalendarDate?
    ) throws {
        let statement = try db.cachedStatement(
            sql: "UPDATE sales_orders SET status = ?, activation_date = COALESCE(?, activation_date) WHERE id = ?")
        try statement.run(to.rawValue, activatedOn?.description, id)
        try rows.recordChange(.salesOrder, id, from: from.rawValue, to: to.rawValue)
    }

    /// The subscription's new status; with a period, its service starts now: the period and the
    /// activation date are set from it.
    func setStatus(ofSubscription id: String, to status: SubscriptionStatus, period: ServicePeriod?) throws {
        let from = try String.fetchOne(db, sql: "SELECT status FROM subscriptions WHERE id = ?", arguments: [id])
        let statement = try db.cachedStatement(
            sql: """
                UPDATE subscriptions SET status = ?, period_start = COALESCE(?, period_start),
                    period_end = COALESCE(?, period_end), activation_date = COALESCE(?, activation_date)
                WHERE id = ?
                """)
        try statement.run(
            status.rawValue, period?.start.description, period?.end.description, period?.start.description, id)
        try rows.recordChange(.subscription, id, from: from, to: status.rawValue)
    }

    func addActivation(_ row: ActivationRow) throws {
        positions.activation += 1
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO batch_activations (batch_key, position, sales_order_id, subscription_id, sales_order_status,
                    subscription_status, service_start, service_end)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(
            batchKey, positions.activation, row.salesOrderId, row.subscriptionId, row.salesOrderStatus.rawValue,
            row.subscriptionStatus?.rawValue, row.serviceStart?.description, row.serviceEnd?.description)
    }

    func addCharge(_ row: ChargeRow) throws {
        positions.charge += 1
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO batch_charges (batch_key, position, subscription_id, sales_order_id, service_start,
                    service_end, currency, net, tax, total)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(
            batchKey, positions.charge, row.subscriptionId, row.salesOrderId, row.serviceStart.description,
            row.serviceEnd.description, row.total.currency.code, row.net.minorUnits, row.tax.minorUnits,
            row.total.minorUnits)
    }

    /// The event, with the subscription's service setup as it stands (copied, so a re-render stays
    /// byte-identical).
    func addEvent(_ row: ProvisioningRow) throws {
        positions.event += 1
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO batch_events (batch_key, position, event, sales_order_id, subscription_id, account_id,
                    product, plan, domain, setup)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT setup FROM subscriptions WHERE id = ?))
                """)
        try statement.run(
            batchKey, positions.event, row.event.rawValue, row.salesOrderId, row.subscriptionId, row.accountId,
            row.product, row.plan, row.domain, row.subscriptionId)
    }
}
