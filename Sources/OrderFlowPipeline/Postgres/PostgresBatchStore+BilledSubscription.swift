import OrderFlowCore

/// ``BillingStore``'s reads of one subscription as it is billed, on PostgreSQL: SQLiteBatchStore's
/// query texts in PostgreSQL's spelling (PostgresSpelling), prepared.
extension PostgresBatchStore {
    private static let billedSubscriptionSQL = PostgresSpelling.of(SQLiteBatchStore.billedSubscriptionSQL)
    private static let canceledOnSQL = PostgresSpelling.of(SQLiteBatchStore.canceledOnSQL)
    private static let subscriptionHistorySQL = PostgresSpelling.of(SQLiteBatchStore.subscriptionHistorySQL)
    private static let usageMaxSQL = PostgresSpelling.of(SQLiteBatchStore.usageMaxSQL)
    private static let wasBilledSQL = PostgresSpelling.of(SQLiteBatchStore.wasBilledSQL)

    func billedSubscription(_ id: String) throws -> StoredBilledSubscription? {
        guard let row = try connection.execute(prepared: "billed_subscription", Self.billedSubscriptionSQL, [.string(id)]).first
        else { return nil }
        return StoredBilledSubscription(
            accountId: try row.requiredString("account_id"), productId: try row.requiredString("product_id"),
            planId: try row.requiredString("plan_id"), periodId: try row.requiredString("period_id"),
            currency: try LedgerColumns.currency(try row.requiredString("currency")),
            paymentModel: try row.status("payment_model", "subscriptions.payment_model"),
            status: try row.status("status", "subscriptions.status"), domain: try row.string("domain"),
            activationDate: try row.date("activation_date"), batchKind: try row.requiredString("batch_kind"),
            batchAsOf: try row.requiredDate("batch_as_of"),
            customer: TaxCustomer(
                country: try row.requiredString("country"), region: try row.string("region"),
                isCompanyWithVatId: try row.requiredString("account_type") == "company" && row.string("vat_id") != nil))
    }

    func canceledOn(_ subscriptionId: String) throws -> CalendarDate? {
        try connection.execute(prepared: "billed_canceled_on", Self.canceledOnSQL, [.string(subscriptionId)])
            .first?.date("as_of")
    }

    func resources(of subscriptionId: String) throws -> [ResourceQuantity] {
        try SubscriptionRecord.resources(of: subscriptionId, connection)
    }

    func subscriptionHistory(of subscriptionId: String) throws -> [BillingTimeline.Change] {
        try connection.execute(prepared: "billed_history", Self.subscriptionHistorySQL, [.string(subscriptionId)]).map {
            row in
            BillingTimeline.Change(
                until: try row.requiredDate("until"), cause: try row.status("cause", "subscription_history.cause"),
                state: BillingTimeline.State(
                    periodId: try row.requiredString("period_id"),
                    amounts: try SubscriptionAmounts.decode(try row.requiredString("amounts"))))
        }
    }

    func usageMax(of subscriptionId: String, within days: ClosedRange<CalendarDate>) throws -> [String: Int64] {
        var found: [String: Int64] = [:]
        let rows = try connection.execute(
            prepared: "billed_usage_max", Self.usageMaxSQL,
            [.string(subscriptionId), .string(days.lowerBound.description), .string(days.upperBound.description)])
        for row in rows { found[try row.requiredString("resource_id")] = try row.requiredInt64("q") }
        return found
    }

    func wasBilled(_ subscriptionId: String) throws -> Bool {
        try !connection.execute(prepared: "billed_before", Self.wasBilledSQL, [.string(subscriptionId)]).isEmpty
    }
}
