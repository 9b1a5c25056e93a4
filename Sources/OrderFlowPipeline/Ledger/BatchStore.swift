import OrderFlowCore

/// What a batch's commit stores in the ledger, in the pipeline's own terms: the rows its results
/// and accepted requests write, the history its judge reads, and the counters its ids come from.
/// The commit stages (``BatchCommit``, ``EffectsWriter``, ``LedgerRows``, ``LedgerIdentifiers``)
/// speak only to this, so one engine or another can serve them: ``SQLiteBatchStore`` today.
///
/// ```
///  BatchCommit ─► EffectsWriter ─► LedgerRows ─┐
///       │                                      ├─► BatchStore ─► SQLiteBatchStore (GRDB)
///       └──────► LedgerIdentifiers ────────────┘
/// ```
///
/// Every method runs inside the batch's one transaction; the caller commits or rolls it back.
protocol BatchStore: IdentifierStore {
    associatedtype History: CommitHistory

    /// Earlier batches as the judge reads them, through this store's transaction; the promo uses of
    /// batch `batchKey` are left out (the judge counts its own batch's).
    func history(excludingBatch batchKey: Int64) -> History

    /// Runs `body` in a savepoint: kept when it returns true, rolled back when it returns false.
    func savepoint(_ body: () throws -> Bool) throws

    // MARK: Results and requests

    /// The `results` row of one request, with its diagnostics and, when rejected, its source.
    func storeResult(_ row: ResultRow, batchKey: Int64, seq: Int64) throws
    /// An accepted request's ref, so a later batch knows it (idempotency).
    func insertAcceptedRequest(_ request: AcceptedRequestRow, batchKey: Int64, seq: Int64) throws

    // MARK: Accounts and subscriptions

    func insertAccount(_ account: AccountRecord, batchKey: Int64) throws
    /// The subscription with its resource amounts.
    func insertSubscription(
        _ subscription: SubscriptionRecord, activationDate: CalendarDate?, setup: String?, batchKey: Int64
    ) throws
    /// The plan and paid period a renewal or an upgrade changes; nil when not the reseller's.
    func subscriptionTerms(id: String, reseller: String) throws -> SubscriptionTerms?
    /// What the subscription was until `until` (its period and amounts now), before a change.
    func recordHistory(
        of subscriptionId: String, periodId: String, until: CalendarDate, cause: String, batchKey: Int64, seq: Int64
    ) throws
    func renewSubscription(_ id: String, periodId: String, periodEnd: CalendarDate) throws
    func replaceAmounts(of subscriptionId: String, with amounts: [ResourceQuantity]) throws
    func cancelSubscription(_ id: String) throws
    /// Kept only when it is the first of its e-mail and plan.
    func trialUse(_ use: TrialUse, subscriptionId: String) throws
    func promoUse(code: String, reseller: String, salesOrderId: String, batchKey: Int64) throws

    // MARK: Sales orders, payments and documents

    func insertSalesOrder(_ row: SalesOrderRow, batchKey: Int64) throws
    func cancelSalesOrder(_ id: String, creditNoteNumber: String?) throws
    func insertPayment(_ payment: StoredPayment, reseller: String, batchKey: Int64) throws
    func voidPayment(_ id: String) throws
    /// Marks the payment voided in the batch's payments list; false when the batch does not list it.
    func voidListedPayment(_ id: String, batchKey: Int64) throws -> Bool
    /// The payment as it stands after the batch (`payments.csv`); listed again, only its status changes.
    func listInBatch(_ payment: StoredPayment, position: Int64, batchKey: Int64) throws
    /// Adds `amount` to what the account holds with the platform in `currency`.
    func creditBalance(account: String, currency: String, amount: Int64) throws
    func insertDocument(_ document: DocumentRow, batchKey: Int64) throws
    /// One state change, at the batch's run date and commit time.
    func recordChange(_ change: StateChange, batchKey: Int64, asOf: CalendarDate, recordedAt: Int64) throws

    // MARK: Batches without a drop

    /// The batch row of a subscription import (``BatchKind/subscriptionImport``): its key. Its
    /// batch id is `subscription-import:<n>`, the reseller's n-th, and its SHA-256 the file's after
    /// that id; both hold a ':', which no drop's can (DropFiles.md, batch ids), so they never
    /// collide with a drop's.
    func insertSubscriptionImportBatch(
        reseller: String, file: SubscriptionImportFile, asOf: CalendarDate, recordedAt: Int64
    ) throws -> Int64
}

/// The history a commit judges against: ``OrderHistory`` cannot throw, so the first error a lookup
/// (or an id) met is kept by ``fail(_:)`` and rethrown by ``check()``; ``close()`` ends its loan of
/// the store's connection before the transaction ends.
protocol CommitHistory: OrderHistory {
    func fail(_ error: any Error)
    func check() throws
    func close()
}

/// The ledger's sequences (StatesAndIds.md): the last id of each kind and the last number of each
/// document series, read and written back inside the batch's transaction.
protocol IdentifierStore {
    func lastIds() throws -> [IdKind: Int64]
    /// 0 for a series that printed nothing yet.
    func lastNumber(of series: DocumentNumber.Series) throws -> Int64
    func saveCounters(lastIds: [IdKind: Int64], series: [DocumentNumber.Series: Int64]) throws
}
