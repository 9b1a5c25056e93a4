import OrderFlowCore

/// What a payment that a statement line just completed moves on (Reconciliation.md): a top-up's
/// balance, its sales order and subscription (``PaidOrderProgress``), the service period that
/// starts, and the event the service side consumes.
struct PaidOrderStep<Store: MovedOnStore> {
    let store: Store
    let catalog: Catalog
    let writer: MovedOnWriter<Store>

    func run(payment: OpenPayment, bookedOn: CalendarDate) throws {
        if payment.kind == .topup, let account = payment.accountId {
            // The money is the customer's to spend: a top-up becomes balance once it is paid.
            try writer.creditBalance(
                account: account, currency: payment.state.amount.currency.code, amount: payment.state.amount.minorUnits)
        }
        // A month's bill is `Completed` when it is made: paying it lowers a debt, which the
        // statement's ``DebtCheck`` looks at once all its lines are applied.
        if payment.kind == .postpaid || payment.kind == .balance { return }
        guard let salesOrderId = payment.salesOrderId, let order = try store.salesOrder(salesOrderId) else { return }
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
