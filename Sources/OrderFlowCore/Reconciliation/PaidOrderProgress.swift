/// What a payment that just became `Paid` moves on (StatesAndIds.md; Reconciliation.md, what a
/// paid payment moves on).
public struct PaidOrderProgress: Sendable, Hashable {
    public var salesOrderStatus: SalesOrderStatus
    /// nil: the subscription's status does not change (a renewal's or upgrade's payment).
    public var subscriptionStatus: SubscriptionStatus?
    /// Set when the subscription became `Active` now: its service start, the latest of its
    /// provisioning date and the payment's booking date.
    public var serviceStart: CalendarDate?

    public init(salesOrderStatus: SalesOrderStatus, subscriptionStatus: SubscriptionStatus?, serviceStart: CalendarDate?) {
        self.salesOrderStatus = salesOrderStatus
        self.subscriptionStatus = subscriptionStatus
        self.serviceStart = serviceStart
    }

    /// The step for a sales order waiting for its payment; nil when the payment moves nothing
    /// (a postponed payment: its order went on at the import; an order no longer waiting).
    ///
    /// - Parameters:
    ///   - action: the sales order's request (`order`, `renewal`, `upgrade`).
    ///   - bookedOn: the booking date of the line that completed the payment.
    public static func after(
        paymentPostponed: Bool, action: RequestAction, salesOrderStatus: SalesOrderStatus,
        provisioningDate: CalendarDate, bookedOn: CalendarDate, manualApproval: Bool
    ) -> PaidOrderProgress? {
        guard !paymentPostponed, salesOrderStatus == .waitingForPayment else { return nil }
        guard action == .order else {
            // A renewal or upgrade charges a subscription that runs on: only its own order completes.
            return PaidOrderProgress(salesOrderStatus: .completed, subscriptionStatus: nil, serviceStart: nil)
        }
        let (order, subscription) = OutcomePlan.statuses(
            waitsForPayment: false, delayed: provisioningDate > bookedOn, manualApproval: manualApproval)
        return PaidOrderProgress(
            salesOrderStatus: order, subscriptionStatus: subscription,
            serviceStart: subscription == .active ? max(provisioningDate, bookedOn) : nil)
    }
}
