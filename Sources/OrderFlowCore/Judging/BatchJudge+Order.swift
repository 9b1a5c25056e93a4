extension BatchJudge {
    /// A new order: resolve, run every rule, and when nothing fails, price it and plan its outcome.
    mutating func judgeOrder(
        _ request: DecodedRequest, raw: RawRequest, findings: inout [Diagnostic], ids: inout some IdentifierSource
    ) -> (RequestResult, AcceptedEffects)? {
        let facts = OrderFacts.resolve(request, raw: raw, context: context, history: history, findings: &findings)
        for rule in OrderRules.all { rule.check(facts, context, history, into: &findings) }
        guard !findings.contains(where: { $0.severity == .error }), !facts.accountUnchecked,
            let product = facts.product, let plan = facts.plan, let period = facts.period,
            let amounts = facts.amounts, let currency = facts.billingCurrency, let country = facts.country
        else { return nil }

        let promo = request.promoCode.flatMap { context.catalog.promo(code: $0) }
        let customer = TaxCustomer(
            country: country, region: facts.region,
            isCompanyWithVatId: facts.accountType == "company" && (facts.account?.vatId ?? request.company?.vatId) != nil)
        let priced: PricedOrder
        switch Pricing.priceOrder(
            catalog: context.catalog, reseller: context.reseller, plan: plan, period: period, amounts: amounts,
            billingCurrency: currency, orderDate: context.asOf, promo: plan.billing == .payg ? nil : promo,
            customer: customer)
        {
        case .success(let value): priced = value
        case .failure(let error):
            findings.append(error.diagnostic(raw: raw))
            return nil
        }
        var topUp: Int64 = 0
        if plan.billing == .payg && facts.paymentModel == .prepay {
            switch Pricing.topUp(
                catalog: context.catalog, reseller: context.reseller, plan: plan, amounts: amounts,
                billingCurrency: currency, orderDate: context.asOf)
            {
            case .success(let value): topUp = value
            case .failure(let error):
                findings.append(error.diagnostic(raw: raw))
                return nil
            }
        }

        let plan_: OutcomePlan
        do {
            plan_ = try OutcomePlan.forNewOrder(
                facts: facts, product: product, plan: plan, period: period, priced: priced, topUp: topUp,
                context: context)
        } catch {
            findings.append(error.diagnostic(raw: raw))
            return nil
        }
        var effects = AcceptedEffects(action: .order)
        effects.priced = priced

        // Ids in request order: account, sales order, subscription, payment (StatesAndIds.md).
        var accountId = facts.account?.id
        if let company = request.company {
            let id = ids.nextId(.account)
            accountId = id
            effects.newAccount = AccountRecord(
                id: id ?? "", reseller: context.reseller.id, accountType: company.accountType ?? "",
                registration: facts.registration, companyName: company.name, vatId: company.vatId,
                contactName: company.contactName, contactEmail: company.contactEmail, country: country,
                region: company.region, city: company.city, postalCode: company.postalCode,
                addressLine1: company.addressLine1)
        }
        let salesOrderId = ids.nextId(.salesOrder)
        let subscriptionId = ids.nextId(.subscription)
        var payment = plan_.payment
        if payment != nil { payment!.id = ids.nextId(.payment) }
        let invoiceNumber = plan_.invoiced
            ? ids.nextDocumentNumber(reseller: context.reseller, year: context.asOf.year) : nil

        let domain = request.domain?.lowercased()
        let order = OrderRecord(
            ref: request.ref ?? "", reseller: context.reseller.id, salesOrderId: salesOrderId,
            status: plan_.salesOrderStatus, accountId: accountId, subscriptionId: subscriptionId,
            subscriptionStatus: plan_.subscriptionStatus, productId: product.id,
            net: Money(minorUnits: plan_.net, currency: currency), tax: Money(minorUnits: plan_.tax, currency: currency),
            total: Money(minorUnits: plan_.total, currency: currency), payment: payment,
            provisioningDate: facts.provisioningDate,
            activationDate: plan_.subscriptionStatus == .active ? facts.provisioningDate : nil,
            invoiceNumber: invoiceNumber, domain: domain)
        effects.salesOrder = order
        effects.newSubscription = SubscriptionRecord(
            id: subscriptionId ?? "", reseller: context.reseller.id, accountId: accountId ?? "", productId: product.id,
            planId: plan.id, periodId: period.id, resources: amounts, currentPeriodStart: facts.provisioningDate,
            currentPeriodEnd: period.duration.end(from: facts.provisioningDate), currency: currency,
            paymentModel: facts.paymentModel, status: plan_.subscriptionStatus,
            blockingThreshold: plan_.blockingThreshold, domain: domain)
        let setup = ServiceSetup(
            dataLocation: request.dataLocation, adminUser: request.adminUser, sendCredentials: request.sendCredentials,
            unitParameters: request.unitParameters)
        if !setup.isEmpty { effects.serviceSetup = setup }
        effects.trialUse = TrialDropRule.use(facts, context)
        if priced.promoUsed, let code = priced.promoCode { effects.promoUse = code }

        var result = RequestResult(ref: order.ref, line: raw.location.line, action: "order", outcome: .accepted)
        result.accountId = accountId
        result.salesOrderId = salesOrderId
        result.salesOrderStatus = order.status
        result.subscriptionId = subscriptionId
        result.subscriptionStatus = order.subscriptionStatus
        result.fill(amountsOf: order)
        result.paymentId = payment?.id
        result.invoiceNumber = invoiceNumber
        return (result, effects)
    }
}

extension PricingError {
    /// `CURRENCY_NOT_AVAILABLE` for a rate pricing needed and did not find, or `AMOUNT_TOO_LARGE`,
    /// on the error's field (a resource's amount where the request gave one).
    func diagnostic(raw: RawRequest) -> Diagnostic {
        var location = raw.location(of: requestField)
        if case .amountTooLarge(_, let resourceId?, _) = self,
            let given = raw.resources.first(where: { $0.id == resourceId })
        {
            location = given.location
        }
        return Diagnostic(code, field: field, message, at: location)
    }
}
