import OrderFlowCore

/// Results, accepted requests, accounts, subscriptions and sales orders (SQLiteBatchStore+Orders).
extension PostgresBatchStore {
    func storeResult(_ row: ResultRow, batchKey: Int64, seq: Int64) throws {
        let diagnostics = row.diagnostics.isEmpty ? "[]" : try LedgerColumns.json(row.diagnostics)
        try connection.send(
            prepared: "store_result",
            """
            INSERT INTO results (batch_key, seq, \(RequestResult.storedColumns), diagnostics, content_digest, source)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
            """,
            [.int(batchKey), .int(seq)] + row.result.postgresValues
                + [.string(diagnostics), .string(row.contentDigest), .string(row.source)])
    }

    func insertAcceptedRequest(_ request: AcceptedRequestRow, batchKey: Int64, seq: Int64) throws {
        try connection.send(
            prepared: "store_accepted",
            """
            INSERT INTO accepted_requests (reseller, ref, action, content_digest, batch_key, seq)
            VALUES ($1, $2, $3, $4, $5, $6)
            """,
            [
                .string(request.reseller), .string(request.ref), .string(request.action.rawValue),
                .string(request.contentDigest), .int(batchKey), .int(seq),
            ])
    }

    func insertAccount(_ account: AccountRecord, batchKey: Int64) throws {
        try connection.send(
            prepared: "store_account",
            """
            INSERT INTO accounts (id, reseller, account_type, registration, company_name, vat_id, contact_name,
                contact_email, country, region, city, postal_code, address_line1, batch_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            """,
            [
                .string(account.id), .string(account.reseller), .string(account.accountType),
                .string(account.registration.rawValue), .string(account.companyName), .string(account.vatId),
                .string(account.contactName), .string(account.contactEmail), .string(account.country),
                .string(account.region), .string(account.city), .string(account.postalCode),
                .string(account.addressLine1), .int(batchKey),
            ])
    }

    func insertSubscription(
        _ subscription: SubscriptionRecord, activationDate: CalendarDate?, setup: String?, batchKey: Int64
    ) throws {
        try connection.send(
            prepared: "store_subscription",
            """
            INSERT INTO subscriptions (id, reseller, account_id, product_id, plan_id, period_id, period_start,
                period_end, currency, payment_model, status, blocking_threshold, domain, activation_date, batch_key,
                setup)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            """,
            [
                .string(subscription.id), .string(subscription.reseller), .string(subscription.accountId),
                .string(subscription.productId), .string(subscription.planId), .string(subscription.periodId),
                .string(subscription.currentPeriodStart.description), .string(subscription.currentPeriodEnd.description),
                .string(subscription.currency.code), .string(subscription.paymentModel.rawValue),
                .string(subscription.status.rawValue), .int(subscription.blockingThreshold?.minorUnits),
                .string(subscription.domain), .string(activationDate?.description), .int(batchKey), .string(setup),
            ])
        try insertAmounts(subscription.resources, of: subscription.id)
    }

    private func insertAmounts(_ amounts: [ResourceQuantity], of subscriptionId: String) throws {
        for (position, amount) in amounts.enumerated() {
            try connection.send(
                prepared: "store_amount",
                "INSERT INTO subscription_resources (subscription_id, position, resource_id, amount) VALUES ($1, $2, $3, $4)",
                [.string(subscriptionId), .int(position), .string(amount.id), .int(amount.amount)])
        }
    }

    func subscriptionTerms(id: String, reseller: String) throws -> SubscriptionTerms? {
        let rows = try connection.execute(
            prepared: "subscription_terms",
            "SELECT plan_id, period_id, period_end FROM subscriptions WHERE id = $1 AND reseller = $2",
            [.string(id), .string(reseller)])
        guard let stored = rows.first else { return nil }
        return SubscriptionTerms(
            planId: try stored.requiredString("plan_id"), periodId: try stored.requiredString("period_id"),
            periodEnd: CalendarDate(iso: try stored.requiredString("period_end")))
    }

    func recordHistory(
        of subscriptionId: String, periodId: String, until: CalendarDate, cause: String, batchKey: Int64, seq: Int64
    ) throws {
        let amounts = try SubscriptionRecord.resources(of: subscriptionId, connection)
        try connection.send(
            prepared: "store_subscription_history",
            """
            INSERT INTO subscription_history (subscription_id, until, cause, period_id, amounts, batch_key, seq)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            [
                .string(subscriptionId), .string(until.description), .string(cause), .string(periodId),
                .string(SubscriptionAmounts.text(amounts)), .int(batchKey), .int(seq),
            ])
    }

    func renewSubscription(_ id: String, periodId: String, periodEnd: CalendarDate) throws {
        try connection.send(
            prepared: "renew_subscription", "UPDATE subscriptions SET period_id = $1, period_end = $2 WHERE id = $3",
            [.string(periodId), .string(periodEnd.description), .string(id)])
    }

    func replaceAmounts(of subscriptionId: String, with amounts: [ResourceQuantity]) throws {
        try connection.send(
            prepared: "delete_amounts", "DELETE FROM subscription_resources WHERE subscription_id = $1",
            [.string(subscriptionId)])
        try insertAmounts(amounts, of: subscriptionId)
    }

    func cancelSubscription(_ id: String) throws {
        try connection.send(
            prepared: "cancel_subscription", "UPDATE subscriptions SET status = 'Canceled' WHERE id = $1", [.string(id)])
    }

    func trialUse(_ use: TrialUse, subscriptionId: String) throws {
        try connection.send(
            prepared: "store_trial_use",
            """
            INSERT INTO trial_uses (reseller, email, plan_id, subscription_id) VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING
            """,
            [.string(use.reseller), .string(use.email), .string(use.planId), .string(subscriptionId)])
    }

    func promoUse(code: String, reseller: String, salesOrderId: String, batchKey: Int64) throws {
        try connection.send(
            prepared: "store_promo_use",
            "INSERT INTO promo_uses (code, reseller, sales_order_id, batch_key) VALUES ($1, $2, $3, $4)",
            [.string(code), .string(reseller), .string(salesOrderId), .int(batchKey)])
    }

    func insertSalesOrder(_ row: SalesOrderRow, batchKey: Int64) throws {
        let order = row.order, priced = row.priced
        try connection.send(
            prepared: "store_sales_order",
            """
            INSERT INTO sales_orders (id, reseller, ref, action, status, account_id, subscription_id, product_id,
                plan_id, period_id, currency, net, tax, total, vat_category, exchange_rate_units,
                exchange_rate_scale, rate_effective, payment_id, invoice_number, provisioning_date,
                activation_date, domain, batch_key, seq, priced)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)
            """,
            [
                .string(row.salesOrderId), .string(order.reseller), .string(order.ref), .string(row.action),
                .string(order.status.rawValue), .string(order.accountId), .string(order.subscriptionId),
                .string(order.productId), .string(row.planId), .string(row.periodId),
                .string(order.total.currency.code), .int(order.net.minorUnits), .int(order.tax.minorUnits),
                .int(order.total.minorUnits), .string(priced?.vatCategory), .int(priced?.exchangeRate.units),
                .int(priced.map { Int64($0.exchangeRate.scale) }), .string(priced?.rateEffective?.description),
                .string(order.payment?.id), .string(order.invoiceNumber), .string(order.provisioningDate.description),
                .string(order.activationDate?.description), .string(order.domain), .int(batchKey), .int(row.seq),
                .string(row.pricedText),
            ])
    }

    func cancelSalesOrder(_ id: String, creditNoteNumber: String?) throws {
        try connection.send(
            prepared: "cancel_sales_order",
            "UPDATE sales_orders SET status = 'Canceled', credit_note_number = $1 WHERE id = $2",
            [.string(creditNoteNumber), .string(id)])
    }
}
