extension BatchJudge {
    /// `<renewal>` and `<upgrade>` of an `Active` subscription (Rules.md; Pricing.md, step 9): their
    /// own sales order, priced from the subscription's plan, period and amounts, in its billing
    /// currency and payment model, with the account's stored address for taxes.
    mutating func judgeSubscriptionChange(
        _ request: DecodedRequest, raw: RawRequest, findings: inout [Diagnostic], ids: inout some IdentifierSource
    ) -> (RequestResult, AcceptedEffects)? {
        let reseller = context.reseller
        guard let subscriptionId = request.subscription else { return nil }
        let subscriptionField = RequestField.subscription.name
        let location = raw.location(of: .subscription)
        guard let subscription = history.subscription(id: subscriptionId, reseller: reseller.id) else {
            findings.append(context.unresolved(
                .unknownOrder, field: subscriptionField,
                "\(reseller.id) has no subscription \(subscriptionId): use the subscription_id of an accepted order.",
                at: location))
            return nil
        }
        if let account = request.account, account != subscription.accountId {
            findings.append(Diagnostic(
                .unknownOrder, field: subscriptionField,
                "Subscription \(subscriptionId) does not belong to account \(account): check both ids.", at: location))
            return nil
        }
        if subscription.status != .active {
            findings.append(Diagnostic(
                .subscriptionNotActive, field: subscriptionField,
                "Subscription \(subscriptionId) is \(subscription.status.rawValue): only an Active subscription can "
                    + "be renewed or upgraded.", at: location))
        }
        guard let (product, plan) = context.catalog.plan(id: subscription.planId) else {
            findings.append(Diagnostic(
                .unknownPlan, field: subscriptionField,
                "The plan \(subscription.planId) of subscription \(subscriptionId) is no longer in the catalog.",
                at: location))
            return nil
        }
        let periodId = request.action == .renewal ? (request.period ?? subscription.periodId) : subscription.periodId
        guard let period = plan.period(id: periodId), !period.trial else {
            let offered = plan.periods.filter { !$0.trial }.map(\.id).joined(separator: ", ")
            findings.append(Diagnostic(
                .unknownPeriod, field: RequestField.period.name,
                "'\(periodId)' is not a paid period of plan \(plan.id): renew for one of \(offered).",
                at: raw.location(of: .period)))
            return nil
        }
        var newAmounts: [ResourceQuantity]?
        if request.action == .upgrade {
            newAmounts = upgradedAmounts(request, plan: plan, subscription: subscription, findings: &findings)
        }
        guard findings.errors.isEmpty else { return nil }
        guard let account = history.account(id: subscription.accountId, reseller: reseller.id) else {
            findings.append(context.unresolved(
                .unknownAccount, field: RequestField.account.name,
                "The account \(subscription.accountId) of subscription \(subscriptionId) is not in the ledger.",
                at: raw.location))
            return nil
        }
        let customer = TaxCustomer(
            country: account.country, region: account.region,
            isCompanyWithVatId: account.accountType == "company" && account.vatId != nil)
        let pricing: Result<PricedOrder, PricingError>
        if let newAmounts {
            pricing = Pricing.priceUpgrade(
                catalog: context.catalog, reseller: reseller, plan: plan, period: period, subscription: subscription,
                newAmounts: newAmounts, orderDate: context.asOf, customer: customer)
        } else {
            pricing = Pricing.priceRenewal(
                catalog: context.catalog, reseller: reseller, plan: plan, period: period, subscription: subscription,
                orderDate: context.asOf, customer: customer)
        }
        let priced: PricedOrder
        switch pricing {
        case .success(let value): priced = value
        case .failure(let error):
            findings.append(error.diagnostic(raw: raw))
            return nil
        }
        let outcome = OutcomePlan.forSubscriptionChange(subscription: subscription, priced: priced, context: context)
        let salesOrderId = ids.nextId(.salesOrder)
        var payment = outcome.payment
        if payment != nil { payment!.id = ids.nextId(.payment) }
        let invoiceNumber = outcome.invoiced ? ids.nextDocumentNumber(reseller: reseller, year: context.asOf.year) : nil
        let currency = priced.currency
        let order = OrderRecord(
            ref: request.ref ?? "", reseller: reseller.id, salesOrderId: salesOrderId, status: outcome.salesOrderStatus,
            accountId: subscription.accountId, subscriptionId: subscription.id,
            subscriptionStatus: subscription.status, productId: product.id,
            net: Money(minorUnits: outcome.net, currency: currency), tax: Money(minorUnits: outcome.tax, currency: currency),
            total: Money(minorUnits: outcome.total, currency: currency), payment: payment,
            provisioningDate: context.asOf, activationDate: nil, invoiceNumber: invoiceNumber, domain: nil)
        var effects = AcceptedEffects(action: request.action)
        effects.priced = priced
        effects.salesOrder = order
        if request.action == .renewal {
            let start = subscription.currentPeriodEnd
            effects.subscriptionChange = SubscriptionChange(
                subscriptionId: subscription.id,
                renewal: (periodId: period.id, start: start, end: period.duration.end(from: start)))
        } else {
            effects.subscriptionChange = SubscriptionChange(subscriptionId: subscription.id, newAmounts: newAmounts)
        }
        var result = RequestResult(
            ref: order.ref, line: raw.location.line, action: request.action.rawValue, outcome: .accepted)
        result.accountId = order.accountId
        result.salesOrderId = salesOrderId
        result.salesOrderStatus = order.status
        result.subscriptionId = subscription.id
        result.subscriptionStatus = subscription.status
        result.fill(amountsOf: order)
        result.paymentId = payment?.id
        result.invoiceNumber = invoiceNumber
        return (result, effects)
    }

    /// An upgrade's new totals: known resources, never lower, within `[min, max]` (no `max`: no upper limit).
    private func upgradedAmounts(
        _ request: DecodedRequest, plan: Plan, subscription: SubscriptionRecord, findings: inout [Diagnostic]
    ) -> [ResourceQuantity]? {
        var complete = true
        for given in request.resources where plan.resource(id: given.id) == nil {
            complete = false
            findings.append(Diagnostic(
                .unknownResource, field: given.field,
                "Plan \(plan.id) has no resource '\(given.id)': remove it or check its id.", at: given.location))
        }
        var amounts: [ResourceQuantity] = []
        for resource in plan.resources {
            let current = subscription.amount(of: resource.id) ?? resource.included
            guard let given = request.amount(of: resource.id) else {
                amounts.append(ResourceQuantity(id: resource.id, amount: current))
                continue
            }
            if let amount = given.amount, amount < current {
                complete = false
                findings.append(Diagnostic(
                    .downgradeNotAllowed, field: given.field,
                    "An upgrade cannot lower \(resource.name) from \(current) to \(amount): give the new total, at "
                        + "least \(current).", at: given.location))
            } else if let finding = ResourceAmountRule.limitFinding(
                resource, amount: given.amount, field: given.field, at: given.location)
            {
                complete = false
                findings.append(finding)
            }
            amounts.append(ResourceQuantity(id: resource.id, amount: given.amount ?? current))
        }
        return complete ? amounts : nil
    }
}
