import OrderFlowCore

/// The sales orders and the subscription of `orderflow ledger show` on PostgreSQL, read as
/// SQLiteLedger+Show.swift reads them.
extension PostgresLedger {
    static func salesOrderEntry(_ row: PostgresRow) throws -> SalesOrderEntry {
        let currency = try row.requiredString("currency")
        var rate: String?
        if let units = try row.int64("exchange_rate_units"), let scale = try row.int64("exchange_rate_scale") {
            rate = SQLiteLedger.decimalText(units: units, scale: Int(scale))
        }
        return SalesOrderEntry(
            id: try row.requiredString("id"), ref: try row.requiredString("ref"), action: try row.requiredString("action"),
            status: try row.requiredString("status"), accountId: try row.string("account_id"),
            subscriptionId: try row.string("subscription_id"), productId: try row.requiredString("product_id"),
            planId: try row.requiredString("plan_id"), periodId: try row.requiredString("period_id"), currency: currency,
            net: try row.money("net", currency: currency).text, tax: try row.money("tax", currency: currency).text,
            total: try row.money("total", currency: currency).text, vatCategory: try row.string("vat_category"),
            exchangeRate: rate, rateEffective: try row.string("rate_effective"), paymentId: try row.string("payment_id"),
            invoiceNumber: try row.string("invoice_number"), creditNoteNumber: try row.string("credit_note_number"),
            provisioningDate: try row.requiredString("provisioning_date"),
            activationDate: try row.string("activation_date"), domain: try row.string("domain"),
            batchId: try row.requiredString("batch_id"))
    }

    static func subscriptionEntry(
        id: String, reseller: String, _ connection: PostgresConnection
    ) throws -> SubscriptionEntry? {
        guard
            let row = try connection.execute(
                """
                SELECT s.*, b.batch_id FROM subscriptions s JOIN batches b ON b.key = s.batch_key
                WHERE s.id = $1 AND s.reseller = $2
                """,
                [.string(id), .string(reseller)]
            ).first
        else { return nil }
        let currency = try row.requiredString("currency")
        return SubscriptionEntry(
            id: try row.requiredString("id"), accountId: try row.requiredString("account_id"),
            productId: try row.requiredString("product_id"), planId: try row.requiredString("plan_id"),
            periodId: try row.requiredString("period_id"), periodStart: try row.requiredString("period_start"),
            periodEnd: try row.requiredString("period_end"),
            resources: try SubscriptionRecord.resources(of: id, connection), currency: currency,
            paymentModel: try row.requiredString("payment_model"),
            blockingThreshold: try LedgerColumns.moneyText(try row.int64("blocking_threshold"), currency: currency),
            status: try row.requiredString("status"), domain: try row.string("domain"),
            activationDate: try row.string("activation_date"), batchId: try row.requiredString("batch_id"))
    }
}
