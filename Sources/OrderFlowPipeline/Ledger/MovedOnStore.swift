import OrderFlowCore

/// What the jobs after the import store as they move orders on, in the pipeline's own terms: a
/// statement's lines and lookups (``StatementCommit``), the payments, sales orders and
/// subscriptions a paid payment moves on (``PaidOrderStep``), the batch's activations, charges and
/// events (``MovedOnWriter``), and the debts a statement may clear (``DebtCheck``). Beside
/// ``BatchStore``, whose payments list, balances and state changes these stages share:
///
/// ```
///  StatementCommit ─┬─► PaidOrderStep ─┐
///                   ├─► DebtCheck ─────┼─► MovedOnWriter ─► LedgerRows ─┐
///                   ├──────────────────┘                                ├─► MovedOnStore ─┬─ SQLiteBatchStore
///                   └─► lookups ────────────────────────────────────────┘                 └─ PostgresBatchStore
/// ```
///
/// Every method runs inside the batch's one transaction; the caller commits or rolls it back.
protocol MovedOnStore: BatchStore {
    // MARK: Statements (Reconciliation.md)

    /// One line of `reconciliation.csv` as committed, so a re-render gives the same bytes.
    func storeReconciliation(_ row: ReconciliationRow, batchKey: Int64, seq: Int64) throws
    /// Records a credit line's identity; false, recording nothing, when it was recorded before.
    func recordStatementLine(_ identity: String, reseller: String, batchKey: Int64, seq: Int64) throws -> Bool
    /// The statement and line that first recorded `identity`.
    func reconciledLine(_ identity: String, reseller: String) throws -> ReconciledLine?
    /// The reseller's payment filed under `remittanceReference`, whatever its status.
    func openPayment(remittanceReference: String, reseller: String) throws -> OpenPayment?
    /// The reseller's payments still open whose due date is before `dueBefore`, by payment number;
    /// streamed (there may be any number), while `body` writes other rows.
    func overduePayments(reseller: String, dueBefore: CalendarDate, _ body: (OverduePayment) throws -> Void) throws

    // MARK: Payments, sales orders and subscriptions

    /// What is paid of the payment and its status; `paidOn` is kept only when it is `Paid`.
    func updatePayment(_ id: String, paid: Int64, status: PaymentStatus, paidOn: CalendarDate) throws
    func salesOrder(_ id: String) throws -> StoredSalesOrder?
    /// The status; an activation date, when given, replaces the stored one.
    func setStatus(ofSalesOrder id: String, to status: SalesOrderStatus, activatedOn: CalendarDate?) throws
    func subscriptionStatus(_ id: String) throws -> String?
    /// The status; a period, when given, sets the service period and the activation date.
    func setStatus(ofSubscription id: String, to status: SubscriptionStatus, period: ServicePeriod?) throws

    // MARK: The batch's moved-on rows, by position

    func insertActivation(_ row: ActivationRow, position: Int64, batchKey: Int64) throws
    func insertCharge(_ row: ChargeRow, position: Int64, batchKey: Int64) throws
    /// The event with the subscription's service setup as stored now (copied, so a re-render
    /// stays byte-identical).
    func insertEvent(_ row: ProvisioningRow, position: Int64, batchKey: Int64) throws

    // MARK: Debt (Billing.md)

    /// The reseller's subscriptions with a blocking threshold whose status is one of `statuses`,
    /// with their account's balance and what is due on their open `postpaid` payments due before
    /// `dueBefore`, in no particular order; memory must not grow with the debtors.
    func debtStandings(
        reseller: String, statuses: [SubscriptionStatus], dueBefore: CalendarDate,
        _ body: (DebtStanding) throws -> Void
    ) throws
    /// One line of the billing run's `suspensions.csv`.
    func insertSuspension(_ standing: DebtStanding, debt: Int64, position: Int64, batchKey: Int64) throws
}
