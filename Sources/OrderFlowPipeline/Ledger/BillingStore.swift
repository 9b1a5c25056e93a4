import OrderFlowCore

/// What the `billing` job reads and stores (Billing.md), in the pipeline's own terms: the month
/// run's billed month, retries, candidates and promo codes (``BillingRun``), one subscription as
/// it is billed (``BilledSubscription``), its bill's rows, and a usage drop's rows
/// (``UsageCommit``). Beside ``MovedOnStore``, whose balances, suspensions and debts the run
/// shares:
///
/// ```
///  BillingRun ─┬─► BilledSubscription ─┐
///              ├─► EffectsWriter ──────┤
///              └─► DebtCheck ──────────┼─► BillingStore ─┬─ SQLiteBatchStore
///  UsageCommit ────────────────────────┘                 └─ PostgresBatchStore
/// ```
///
/// Every method runs inside the batch's one transaction; the caller commits or rolls it back.
protocol BillingStore: MovedOnStore {
    // MARK: The month run

    /// Records `month` as billed for the reseller, by this batch, on `runDate`.
    func recordBilledMonth(reseller: String, month: BillingMonth, runDate: CalendarDate, batchKey: Int64) throws
    /// Subscriptions a month of which before `month` was rejected and not billed since: oldest
    /// month first, then by subscription number.
    func billingRetries(reseller: String, before month: BillingMonth) throws -> [(String, BillingMonth)]
    /// The ids of the reseller's subscriptions that may have active days in `month`: postpaid, or
    /// of one of `paygPlans`, started by its last day and not canceled before it; streamed in no
    /// particular order (there may be a million).
    func billingCandidates(
        reseller: String, month: BillingMonth, paygPlans: [String], _ body: (String) throws -> Void
    ) throws
    /// The promo code each of the reseller's new orders was quoted with, by subscription.
    func promoCodes(reseller: String, _ body: (_ subscriptionId: String, _ code: String) throws -> Void) throws

    // MARK: One subscription

    /// The subscription's row, its account's tax address and the batch that brought it in.
    func billedSubscription(_ id: String) throws -> StoredBilledSubscription?
    /// The day of its last change to `Canceled`.
    func canceledOn(_ subscriptionId: String) throws -> CalendarDate?
    /// Its resource amounts now, in catalog order.
    func resources(of subscriptionId: String) throws -> [ResourceQuantity]
    /// What it was before each renewal and upgrade, oldest first.
    func subscriptionHistory(of subscriptionId: String) throws -> [BillingTimeline.Change]
    /// The largest quantity per resource in its usage rows dated within `days`.
    func usageMax(of subscriptionId: String, within days: ClosedRange<CalendarDate>) throws -> [String: Int64]
    /// True when a month of it was billed before (a bill made, or nothing to bill).
    func wasBilled(_ subscriptionId: String) throws -> Bool

    // MARK: Its bill

    /// What the account holds with the platform in `currency`; 0 when nothing.
    func balance(account: String, currency: String) throws -> Int64
    /// The payment a bill paid from the balance is filed under.
    func setPayment(ofSalesOrder id: String, to paymentId: String) throws
    /// One row of the batch's `results.csv`.
    func storeBill(_ row: BillRow, batchKey: Int64, position: Int64) throws

    // MARK: Usage drops

    /// The plan of the reseller's subscription `id`; nil when it has none.
    func planOfSubscription(_ id: String, reseller: String) throws -> String?
    /// The run date and batch id of the reseller's billed `month` (`YYYY-MM`); nil when not billed.
    func billedMonth(reseller: String, month: String) throws -> BilledMonth?
    /// An accepted usage row.
    func storeUsage(_ usage: StoredUsage, reseller: String, batchKey: Int64, seq: Int64) throws
    /// The row's `results.csv` row; a rejected one with its error, its source and every problem.
    func storeUsageResult(
        _ row: UsageRow, outcome: RequestOutcomeKind, error: Diagnostic?, diagnostics: String?, batchKey: Int64, seq: Int64
    ) throws
}

/// A subscription's row as the billing run reads it, with its account's tax address.
struct StoredBilledSubscription {
    var accountId: String
    var productId: String
    var planId: String
    var periodId: String
    var currency: Currency
    var paymentModel: PaymentModel
    var status: SubscriptionStatus
    var domain: String?
    var activationDate: CalendarDate?
    /// The kind and date of the batch that brought it in (an import's date starts its billing).
    var batchKind: String
    var batchAsOf: CalendarDate
    var customer: TaxCustomer
}

/// When a reseller's month was billed, and by which batch.
struct BilledMonth {
    var runDate: String
    var batchId: String
}

/// An accepted usage row's values.
struct StoredUsage {
    var subscriptionId: String
    var date: CalendarDate
    var resourceId: String
    var quantity: Int64
}
