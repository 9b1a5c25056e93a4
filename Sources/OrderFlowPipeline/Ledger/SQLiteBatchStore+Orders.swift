import GRDB
import OrderFlowCore

/// Results, accepted requests, accounts, subscriptions and sales orders.
extension SQLiteBatchStore {
    /// Every column, all diagnostics as JSON.
    func storeResult(_ row: ResultRow, batchKey: Int64, seq: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO results (batch_key, seq, \(RequestResult.storedColumns), diagnostics, content_digest, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let diagnostics = row.diagnostics.isEmpty ? "[]" : try LedgerColumns.json(row.diagnostics)
        try row.result.store(
            with: statement, batchKey: batchKey, seq: seq, diagnostics: diagnostics, contentDigest: row.contentDigest,
            source: row.source)
    }

    func insertAcceptedRequest(_ request: AcceptedRequestRow, batchKey: Int64, seq: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO accepted_requests (reseller, ref, action, content_digest, batch_key, seq)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
        try statement.run(request.reseller, request.ref, request.action.rawValue, request.contentDigest, batchKey, seq)
    }

    func insertAccount(_ account: AccountRecord, batchKey: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO accounts (id, reseller, account_type, registration, company_name, vat_id, contact_name,
                    contact_email, country, region, city, postal_code, address_line1, batch_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(
            account.id, account.reseller, account.accountType, account.registration.rawValue, account.companyName,
            account.vatId, account.contactName, account.contactEmail, account.country, account.region, account.city,
            account.postalCode, account.addressLine1, batchKey)
    }

    func insertSubscription(
        _ subscription: SubscriptionRecord, activationDate: CalendarDate?, setup: String?, batchKey: Int64
    ) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO subscriptions (id, reseller, account_id, product_id, plan_id, period_id, period_start,
                    period_end, currency, payment_model, status, blocking_threshold, domain, activation_date, batch_key,
                    setup)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(
            subscription.id, subscription.reseller, subscription.accountId, subscription.productId,
            subscription.planId, subscription.periodId, subscription.currentPeriodStart.description,
            subscription.currentPeriodEnd.description, subscription.currency.code,
            subscription.paymentModel.rawValue, subscription.status.rawValue,
            subscription.blockingThreshold?.minorUnits, subscription.domain, activationDate?.description,
            batchKey, setup)
        try insertAmounts(subscription.resources, of: subscription.id)
    }

    private func insertAmounts(_ amounts: [ResourceQuantity], of subscriptionId: String) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO subscription_resources (subscription_id, position, resource_id, amount) VALUES (?, ?, ?, ?)")
        for (position, amount) in amounts.enumerated() {
            try statement.run(subscriptionId, position, amount.id, amount.amount)
        }
    }

    /// Only its plan and current period: not the whole record with its resources, which the judge
    /// has just read.
    func subscriptionTerms(id: String, reseller: String) throws -> SubscriptionTerms? {
        let lookup = try db.cachedStatement(
            sql: "SELECT plan_id, period_id, period_end FROM subscriptions WHERE id = ? AND reseller = ?")
        guard let stored = try Row.fetchOne(lookup, arguments: [id, reseller]) else { return nil }
        return SubscriptionTerms(
            planId: stored["plan_id"], periodId: stored["period_id"], periodEnd: CalendarDate(iso: stored["period_end"] as String))
    }

    func recordHistory(
        of subscriptionId: String, periodId: String, until: CalendarDate, cause: String, batchKey: Int64, seq: Int64
    ) throws {
        let amounts = try SubscriptionRecord.resources(of: subscriptionId, db)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO subscription_history (subscription_id, until, cause, period_id, amounts, batch_key, seq)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(subscriptionId, until.description, cause, periodId, SubscriptionAmounts.text(amounts), batchKey, seq)
    }

    func renewSubscription(_ id: String, periodId: String, periodEnd: CalendarDate) throws {
        let statement = try db.cachedStatement(sql: "UPDATE subscriptions SET period_id = ?, period_end = ? WHERE id = ?")
        try statement.run(periodId, periodEnd.description, id)
    }

    func replaceAmounts(of subscriptionId: String, with amounts: [ResourceQuantity]) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM subscription_resources WHERE subscription_id = ?")
        try statement.run(subscriptionId)
        try insertAmounts(amounts, of: subscriptionId)
    }

    func cancelSubscription(_ id: String) throws {
        let update = try db.cachedStatement(sql: "UPDATE subscriptions SET status = 'Canceled' WHERE id = ?")
        try update.run(id)
    }

    func trialUse(_ use: TrialUse, subscriptionId: String) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO trial_uses (reseller, email, plan_id, subscription_id) VALUES (?, ?, ?, ?)")
        try statement.run(use.reseller, use.email, use.planId, subscriptionId)
    }

    func promoUse(code: String, reseller: String, salesOrderId: String, batchKey: Int64) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO promo_uses (code, reseller, sales_order_id, batch_key) VALUES (?, ?, ?, ?)")
        try statement.run(code, reseller, salesOrderId, batchKey)
    }

    func insertSalesOrder(_ row: SalesOrderRow, batchKey: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO sales_orders (id, reseller, ref, action, status, account_id, subscription_id, product_id,
                    plan_id, period_id, currency, net, tax, total, vat_category, exchange_rate_units,
                    exchange_rate_scale, rate_effective, payment_id, invoice_number, provisioning_date,
                    activation_date, domain, batch_key, seq, priced)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let order = row.order, priced = row.priced
        try statement.run(
            row.salesOrderId, order.reseller, order.ref, row.action, order.status.rawValue, order.accountId,
            order.subscriptionId, order.productId, row.planId, row.periodId, order.total.currency.code,
            order.net.minorUnits, order.tax.minorUnits, order.total.minorUnits, priced?.vatCategory,
            priced?.exchangeRate.units, priced?.exchangeRate.scale, priced?.rateEffective?.description,
            order.payment?.id, order.invoiceNumber, order.provisioningDate.description,
            order.activationDate?.description, order.domain, batchKey, row.seq, row.pricedText)
    }

    func cancelSalesOrder(_ id: String, creditNoteNumber: String?) throws {
        let orderUpdate = try db.cachedStatement(
            sql: "UPDATE sales_orders SET status = 'Canceled', credit_note_number = ? WHERE id = ?")
        try orderUpdate.run(creditNoteNumber, id)
    }
}
