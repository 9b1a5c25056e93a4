import OrderFlowCore

/// What the jobs after the import write as they move orders on (a statement, an approval drop, a
/// provisioning run): their output rows as committed, and the changes to payments, balances, sales
/// orders and subscriptions, each with its state change. Through ``MovedOnStore``, so a statement
/// commits on either engine.
struct MovedOnWriter<Store: MovedOnStore> {
    let store: Store
    let batchKey: Int64
    let rows: LedgerRows<Store>
    /// Positions of the batch's activations, charges and events (file order).
    private let positions = Positions()

    final class Positions {
        var activation: Int64 = 0, charge: Int64 = 0, event: Int64 = 0
    }

    init(store: Store, batchKey: Int64, asOf: CalendarDate, recordedAt: Int64) {
        self.store = store
        self.batchKey = batchKey
        self.rows = LedgerRows(store: store, batchKey: batchKey, asOf: asOf, recordedAt: recordedAt)
    }

    func store(_ row: ReconciliationRow, seq: Int64) throws {
        try store.storeReconciliation(row, batchKey: batchKey, seq: seq)
    }

    /// Records a credit line's identity; when it was recorded before, the earlier statement's batch
    /// id and the line there, and nothing is recorded.
    func recordLine(_ identity: String, reseller: String, seq: Int64) throws -> ReconciledLine? {
        if try store.recordStatementLine(identity, reseller: reseller, batchKey: batchKey, seq: seq) { return nil }
        return try store.reconciledLine(identity, reseller: reseller) ?? ReconciledLine(batchId: "", line: 0)
    }

    func creditBalance(account: String, currency: String, amount: Int64) throws {
        try rows.creditBalance(account: account, currency: currency, amount: amount)
    }

    func updatePayment(_ payment: OpenPayment, paid: Int64, status: PaymentStatus, paidOn: CalendarDate) throws {
        try store.updatePayment(payment.id, paid: paid, status: status, paidOn: paidOn)
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
        try store.setStatus(ofSalesOrder: id, to: to, activatedOn: activatedOn)
        try rows.recordChange(.salesOrder, id, from: from.rawValue, to: to.rawValue)
    }

    /// The subscription's new status; with a period, its service starts now: the period and the
    /// activation date are set from it.
    func setStatus(ofSubscription id: String, to status: SubscriptionStatus, period: ServicePeriod?) throws {
        let from = try store.subscriptionStatus(id)
        try store.setStatus(ofSubscription: id, to: status, period: period)
        try rows.recordChange(.subscription, id, from: from, to: status.rawValue)
    }

    func addActivation(_ row: ActivationRow) throws {
        positions.activation += 1
        try store.insertActivation(row, position: positions.activation, batchKey: batchKey)
    }

    func addCharge(_ row: ChargeRow) throws {
        positions.charge += 1
        try store.insertCharge(row, position: positions.charge, batchKey: batchKey)
    }

    /// The event, with the subscription's service setup as it stands.
    func addEvent(_ row: ProvisioningRow) throws {
        positions.event += 1
        try store.insertEvent(row, position: positions.event, batchKey: batchKey)
    }
}
