import OrderFlowCore

/// What the `provision` job reads and stores beyond ``MovedOnStore``, in the pipeline's own terms:
/// the orders, payments and subscriptions a run for a date moves on (``ProvisionDay``,
/// ``TrialEnds``, Provisioning.md), and an approval drop's rows (``ApprovalCommit``).
///
/// ```
///  ProvisionDay ─┬─► TrialEnds ─┬─► MovedOnWriter ─┐
///  ApprovalCommit┴──────────────┴─► lookups ───────┴─► ProvisionStore ─┬─ SQLiteBatchStore
///                                                                       └─ PostgresBatchStore
/// ```
///
/// The lists are read whole before the stage writes (there are as many as one reseller's due
/// orders or trials on one day), in the order of their ids' numbers. Every method runs inside the
/// batch's one transaction; the caller commits or rolls it back.
protocol ProvisionStore: MovedOnStore {
    // MARK: A run for a date

    /// The reseller's sales orders `WaitingForProvisioning` whose provisioning date is `onOrBefore`
    /// or earlier: their ids.
    func dueDelayedOrders(reseller: String, onOrBefore day: CalendarDate) throws -> [String]
    /// The refs of the reseller's new orders (not canceled) whose postponed payment is still open
    /// past its due date, `dueBefore` excluded.
    func unpaidPostponedOrders(reseller: String, dueBefore day: CalendarDate) throws -> [String]
    /// The reseller's sales orders (not canceled) whose own order or top-up payment, not
    /// postponed, is still open and was due before `dueBefore`.
    func unpaidOrders(reseller: String, dueBefore day: CalendarDate) throws -> [UnpaidOrder]
    /// The reseller's `Active` subscriptions whose trial end is not recorded yet, with the period
    /// their order was made for.
    func activeTrials(reseller: String) throws -> [ActiveTrial]
    /// The subscription of the first accepted new order of `plan` by `account`, other than
    /// `excluding`, in a batch run from `from` through `through`.
    func paidOrder(
        account: String, plan: String, excluding subscriptionId: String, from: CalendarDate, through: CalendarDate
    ) throws -> String?
    /// The reseller's `Active` prepaid subscriptions whose paid span ended on or before `day`.
    func endedPrepaidPeriods(reseller: String, onOrBefore day: CalendarDate) throws -> [EndedPeriod]
    /// The booking date of the sales order's payment, when it has one and it was paid.
    func paidOn(salesOrder id: String) throws -> CalendarDate?
    /// Ends the subscription's period at `to` when it still ends at `from`.
    func shortenPeriod(ofSubscription id: String, from: CalendarDate, to: CalendarDate) throws
    /// One line of the run's `trial-ends.csv`, and the mark that the trial ended.
    func insertTrialEnd(_ row: TrialEndRow, position: Int64, batchKey: Int64) throws

    // MARK: Approval drops

    /// The ref of the reseller's sales order `id`; nil when it is not the reseller's.
    func salesOrderRef(_ id: String, reseller: String) throws -> String?
    /// One line of the drop's `results.csv` as committed, so a re-render gives the same bytes.
    func insertApprovalRow(_ result: ApprovalResult, batchKey: Int64, seq: Int64) throws
}

/// A sales order whose payment was not made in time (``ProvisionStore/unpaidOrders(reseller:dueBefore:)``).
struct UnpaidOrder {
    var ref: String
    var salesOrderId: String
    var action: String
    var subscriptionId: String?
}

/// An `Active` subscription that may be a trial (``ProvisionStore/activeTrials(reseller:)``).
struct ActiveTrial {
    var id: String
    var accountId: String?
    var productId: String
    var planId: String
    var periodStart: CalendarDate?
    var domain: String?
    /// The period its new order was made for: a renewal changes the subscription's.
    var trialPeriod: String
}

/// A prepaid subscription whose paid span ended (``ProvisionStore/endedPrepaidPeriods(reseller:onOrBefore:)``).
struct EndedPeriod {
    var id: String
    var accountId: String?
    var productId: String
    var planId: String
    var periodId: String
    var domain: String?
}
