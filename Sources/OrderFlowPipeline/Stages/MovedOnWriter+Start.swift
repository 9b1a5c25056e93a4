import OrderFlowCore

extension MovedOnWriter {
    /// The subscription's new status; with a service start, its first period, charge and
    /// `activate` event; else its `install` event.
    func start(
        _ order: StoredSalesOrder, salesOrderId: String, status: SubscriptionStatus, serviceStart: CalendarDate?,
        salesOrderStatus: SalesOrderStatus, catalog: Catalog
    ) throws {
        guard let subscriptionId = order.subscriptionId else { return }
        let duration = catalog.plan(id: order.planId)?.plan.period(id: order.periodId)?.duration
        let period = serviceStart.flatMap { start in duration.map { ServicePeriod(start: start, end: $0.end(from: start)) } }
        try setStatus(ofSubscription: subscriptionId, to: status, period: period)
        if let period {
            try addCharge(ChargeRow(
                subscriptionId: subscriptionId, salesOrderId: salesOrderId, serviceStart: period.start,
                serviceEnd: period.end.adding(days: -1), net: order.net, tax: order.tax, total: order.total))
        }
        if let event = PaidOrderStep<Store>.event(for: status) {
            try addEvent(ProvisioningRow(
                event: event, salesOrderId: salesOrderId, subscriptionId: subscriptionId, accountId: order.accountId,
                product: order.productId, plan: order.planId, domain: order.domain))
        }
        try addActivation(ActivationRow(
            salesOrderId: salesOrderId, subscriptionId: subscriptionId, salesOrderStatus: salesOrderStatus,
            subscriptionStatus: status, serviceStart: period?.start, serviceEnd: period?.end.adding(days: -1)))
    }
}
