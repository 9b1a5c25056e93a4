import OrderFlowCore

/// The records PostgresHistory and ``PostgresLedger/entry(ref:reseller:)`` read: LedgerHistory's
/// queries (Ledger/LedgerHistory.swift) in PostgreSQL's spelling.
extension AccountRecord {
    static func fetch(id: String, reseller: String, _ connection: PostgresConnection) throws -> AccountRecord? {
        let rows = try connection.execute(
            prepared: "account_by_id",
            """
            SELECT id, reseller, account_type, registration, company_name, vat_id, contact_name, contact_email,
                country, region, city, postal_code, address_line1
            FROM accounts WHERE id = $1 AND reseller = $2
            """,
            [.string(id), .string(reseller)])
        return try rows.first.map { row in
            AccountRecord(
                id: try row.requiredString("id"), reseller: try row.requiredString("reseller"),
                accountType: try row.requiredString("account_type"),
                registration: try row.status("registration", "accounts.registration"),
                companyName: try row.string("company_name"), vatId: try row.string("vat_id"),
                contactName: try row.string("contact_name"), contactEmail: try row.string("contact_email"),
                country: try row.requiredString("country"), region: try row.string("region"), city: try row.string("city"),
                postalCode: try row.string("postal_code"), addressLine1: try row.string("address_line1"))
        }
    }
}

extension OrderRecord {
    /// LedgerHistory's queries of a sales order with its subscription's status and its payment.
    static let postgresQuery = PostgresSpelling.of(storedQuery)

    static let postgresChangesQuery = PostgresSpelling.of(renewalsAndUpgradesQuery)

    init(postgres row: PostgresRow) throws {
        let currency = try row.requiredString("currency")
        var payment: PaymentRecord?
        if let paymentId = try row.string("payment_id") {
            payment = PaymentRecord(
                id: paymentId, kind: try row.status("payment_kind", "payments.kind"),
                status: try row.status("payment_status", "payments.status"),
                amount: try row.money("payment_amount", currency: try row.requiredString("payment_currency")),
                dueDate: try row.requiredDate("payment_due_date"), postponed: try row.requiredBool("payment_postponed"),
                paid: try row.requiredInt64("payment_paid"))
        }
        self.init(
            ref: try row.requiredString("ref"), reseller: try row.requiredString("reseller"),
            salesOrderId: try row.requiredString("id"), status: try row.status("status", "sales_orders.status"),
            accountId: try row.string("account_id"), subscriptionId: try row.string("subscription_id"),
            subscriptionStatus: try row.status("subscription_status", "subscriptions.status"),
            productId: try row.requiredString("product_id"), net: try row.money("net", currency: currency),
            tax: try row.money("tax", currency: currency), total: try row.money("total", currency: currency),
            payment: payment, provisioningDate: try row.requiredDate("provisioning_date"),
            activationDate: try row.date("activation_date"), invoiceNumber: try row.string("invoice_number"),
            domain: try row.string("domain"))
        if let drawn = try row.int64("balance_drawn"), drawn > 0 {
            balanceDrawn = try LedgerColumns.money(drawn, currency)
        }
    }
}

extension SubscriptionRecord {
    static func fetch(id: String, reseller: String, _ connection: PostgresConnection) throws -> SubscriptionRecord? {
        let rows = try connection.execute(
            prepared: "subscription_by_id",
            """
            SELECT id, reseller, account_id, product_id, plan_id, period_id, period_start, period_end, currency,
                payment_model, status, blocking_threshold, domain
            FROM subscriptions WHERE id = $1 AND reseller = $2
            """,
            [.string(id), .string(reseller)])
        guard let row = rows.first else { return nil }
        let currency = try LedgerColumns.currency(try row.requiredString("currency"))
        return SubscriptionRecord(
            id: try row.requiredString("id"), reseller: try row.requiredString("reseller"),
            accountId: try row.requiredString("account_id"), productId: try row.requiredString("product_id"),
            planId: try row.requiredString("plan_id"), periodId: try row.requiredString("period_id"),
            resources: try resources(of: id, connection), currentPeriodStart: try row.requiredDate("period_start"),
            currentPeriodEnd: try row.requiredDate("period_end"), currency: currency,
            paymentModel: try row.status("payment_model", "subscriptions.payment_model"),
            status: try row.status("status", "subscriptions.status"),
            blockingThreshold: try row.int64("blocking_threshold").map { Money(minorUnits: $0, currency: currency) },
            domain: try row.string("domain"))
    }

    /// The subscription's resource amounts, in catalog order.
    static func resources(of subscriptionId: String, _ connection: PostgresConnection) throws -> [ResourceQuantity] {
        try connection.execute(
            prepared: "subscription_resources",
            "SELECT resource_id, amount FROM subscription_resources WHERE subscription_id = $1 ORDER BY position",
            [.string(subscriptionId)]
        ).map { ResourceQuantity(id: try $0.requiredString("resource_id"), amount: try $0.requiredInt64("amount")) }
    }
}
