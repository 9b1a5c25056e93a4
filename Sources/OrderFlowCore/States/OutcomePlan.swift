/// What an accepted request leaves, by case (StatesAndIds.md's table; Pricing.md, steps 5–7):
/// statuses, the payment to request, whether it is invoiced, and the amounts `results.csv` shows.
public struct OutcomePlan: Sendable, Hashable {
    public var salesOrderStatus: SalesOrderStatus
    public var subscriptionStatus: SubscriptionStatus
    /// The payment to create (id not yet allocated).
    public var payment: PaymentRecord?
    public var invoiced: Bool
    /// Sales order amounts (0 for a pay-as-you-go prepay order: the top-up is a payment, not a sale).
    public var net: Int64
    public var tax: Int64
    public var total: Int64
    /// Postpaid subscriptions only: given, or the plan's converted and rounded.
    public var blockingThreshold: Money?

    public static func forNewOrder(
        facts: OrderFacts, product: Product, plan: Plan, period: Period, priced: PricedOrder, topUp: Int64,
        context: JudgeContext
    ) throws(PricingError) -> OutcomePlan {
        let currency = priced.currency
        let reseller = context.reseller
        let payg = plan.billing == .payg
        let prepay = facts.paymentModel == .prepay
        var net = priced.net
        var tax = priced.tax
        var total = priced.total
        if payg {
            net = 0
            tax = 0
            total = 0
        }
        var payment: PaymentRecord?
        var waitsForPayment = false
        var invoiced = false
        if payg && prepay && topUp > 0 {
            waitsForPayment = true
            payment = PaymentRecord(
                id: nil, kind: .topup, status: .waitingForPayment, amount: Money(minorUnits: topUp, currency: currency),
                dueDate: Pricing.dueDate(orderDate: context.asOf, reseller: reseller))
        } else if !payg && prepay && !period.trial && total > 0 {
            invoiced = true
            if facts.request.postponedBilling == true {
                payment = PaymentRecord(
                    id: nil, kind: .order, status: .waitingForPayment, amount: Money(minorUnits: total, currency: currency),
                    dueDate: Pricing.postponedDueDate(provisioningDate: facts.provisioningDate), postponed: true)
            } else {
                waitsForPayment = true
                payment = PaymentRecord(
                    id: nil, kind: .order, status: .waitingForPayment, amount: Money(minorUnits: total, currency: currency),
                    dueDate: Pricing.dueDate(orderDate: context.asOf, reseller: reseller))
            }
        }
        let (salesOrderStatus, subscriptionStatus) = statuses(
            waitsForPayment: waitsForPayment, delayed: facts.provisioningDate > context.asOf,
            manualApproval: product.manualApproval)
        let threshold = try blockingThreshold(facts: facts, plan: plan, currency: currency, context: context)
        return OutcomePlan(
            salesOrderStatus: salesOrderStatus, subscriptionStatus: subscriptionStatus, payment: payment,
            invoiced: invoiced, net: net, tax: tax, total: total, blockingThreshold: threshold)
    }

    /// A renewal's or upgrade's own sales order: prepay with a total above 0 waits for its payment
    /// and is invoiced; otherwise it is completed at once. The subscription stays `Active`.
    public static func forSubscriptionChange(
        subscription: SubscriptionRecord, priced: PricedOrder, context: JudgeContext
    ) -> OutcomePlan {
        let currency = priced.currency
        var payment: PaymentRecord?
        var status = SalesOrderStatus.completed
        if subscription.paymentModel == .prepay && priced.total > 0 {
            status = .waitingForPayment
            payment = PaymentRecord(
                id: nil, kind: .order, status: .waitingForPayment,
                amount: Money(minorUnits: priced.total, currency: currency),
                dueDate: Pricing.dueDate(orderDate: context.asOf, reseller: context.reseller))
        }
        return OutcomePlan(
            salesOrderStatus: status, subscriptionStatus: subscription.status, payment: payment,
            invoiced: payment != nil, net: priced.net, tax: priced.tax, total: priced.total,
            blockingThreshold: subscription.blockingThreshold)
    }

    /// StatesAndIds.md: waiting for a payment, else for the date, else for a manager, else done.
    static func statuses(waitsForPayment: Bool, delayed: Bool, manualApproval: Bool)
        -> (SalesOrderStatus, SubscriptionStatus)
    {
        if waitsForPayment { return (.waitingForPayment, .waitingForPayment) }
        if delayed { return (.waitingForProvisioning, .waitingForProvisioning) }
        if manualApproval { return (.installing, .installing) }
        return (.completed, .active)
    }

    /// A postpaid subscription's blocking threshold: the one given (in the billing currency), or
    /// the plan's converted at the order's rate and rounded once; nil for prepay. A plan threshold
    /// beyond what OrderFlow holds in the billing currency is `AMOUNT_TOO_LARGE` (give a smaller one).
    public static func blockingThreshold(facts: OrderFacts, plan: Plan, currency: Currency, context: JudgeContext)
        throws(PricingError) -> Money?
    {
        guard facts.paymentModel == .postpay else { return nil }
        if let given = facts.request.blockingThreshold {
            guard let units = minorUnits(given, currency) else {
                throw .amountTooLarge(currency: currency, resourceId: nil, field: .blockingThreshold)
            }
            return Money(minorUnits: units, currency: currency)
        }
        guard let planThreshold = plan.blockingThreshold,
            let rate = context.catalog.exchangeRate(from: plan.currency.code, to: currency.code, on: context.asOf)
        else { return nil }
        do {
            return Money(
                minorUnits: try PricingArithmetic.convert(
                    planThreshold, rate: rate.rate, to: currency, mode: context.reseller.rounding),
                currency: currency)
        } catch {
            throw .amountTooLarge(currency: currency, resourceId: nil, field: .blockingThreshold)
        }
    }

    /// A threshold already checked to fit the currency's decimals, in minor units; nil beyond `Int64`.
    static func minorUnits(_ value: ScaledDecimal, _ currency: Currency) -> Int64? {
        let shift = value.scale - currency.minorUnits
        if shift >= 0 { return Int64(exactly: Int128(value.units) / ExactDivision.pow10(shift)) }
        let (scaled, overflow) = Int128(value.units).multipliedReportingOverflow(by: ExactDivision.pow10(-shift))
        return overflow ? nil : Int64(exactly: scaled)
    }
}
