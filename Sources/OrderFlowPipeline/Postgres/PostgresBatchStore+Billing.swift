import OrderFlowCore

/// ``BillingStore``'s month run on PostgreSQL: SQLiteBatchStore's query texts in PostgreSQL's
/// spelling (PostgresSpelling), the writes pipelined, the lookups prepared.
extension PostgresBatchStore: BillingStore {
    private static let billedMonthInsertSQL = PostgresSpelling.of(SQLiteBatchStore.billedMonthInsertSQL)
    private static let retriesSQL = PostgresSpelling.of(SQLiteBatchStore.retriesSQL)
    private static let promoCodesSQL = PostgresSpelling.of(SQLiteBatchStore.promoCodesSQL)
    private static let balanceSQL = PostgresSpelling.of(SQLiteBatchStore.balanceSQL)
    private static let salesOrderPaymentSQL = PostgresSpelling.of(SQLiteBatchStore.salesOrderPaymentSQL)
    private static let billSQL = PostgresSpelling.of(SQLiteBatchStore.billSQL)

    func recordBilledMonth(reseller: String, month: BillingMonth, runDate: CalendarDate, batchKey: Int64) throws {
        try connection.send(
            prepared: "billing_month", Self.billedMonthInsertSQL,
            [.string(reseller), .string(month.description), .int(batchKey), .string(runDate.description)])
    }

    func billingRetries(reseller: String, before month: BillingMonth) throws -> [(String, BillingMonth)] {
        try connection.execute(
            prepared: "billing_retries", Self.retriesSQL, [.string(reseller), .string(month.description)]
        ).compactMap { row in
            let subscriptionId = try row.requiredString("subscription_id")
            return BillingMonth(try row.requiredString("month")).map { (subscriptionId, $0) }
        }
    }

    /// Through a cursor, a thousand ids at a time: a million subscriptions are never held as rows.
    func billingCandidates(
        reseller: String, month: BillingMonth, paygPlans: [String], _ body: (String) throws -> Void
    ) throws {
        let parameters = [reseller, month.lastDay.description, month.firstDay.description] + paygPlans
        try connection.stream(
            PostgresSpelling.of(SQLiteBatchStore.candidatesSQL(paygPlans: paygPlans.count)), parameters.map { .string($0) }
        ) { row in try body(try row.requiredString("id")) }
    }

    func promoCodes(reseller: String, _ body: (String, String) throws -> Void) throws {
        try connection.stream(Self.promoCodesSQL, [.string(reseller)]) { row in
            try body(try row.requiredString("subscription_id"), try row.requiredString("code"))
        }
    }

    // MARK: Its bill

    func balance(account: String, currency: String) throws -> Int64 {
        try connection.execute(prepared: "billing_balance", Self.balanceSQL, [.string(account), .string(currency)])
            .first?.requiredInt64("amount") ?? 0
    }

    func setPayment(ofSalesOrder id: String, to paymentId: String) throws {
        try connection.send(
            prepared: "billing_sales_order_payment", Self.salesOrderPaymentSQL, [.string(paymentId), .string(id)])
    }

    func storeBill(_ row: BillRow, batchKey: Int64, position: Int64) throws {
        try connection.send(
            prepared: "billing_bill", Self.billSQL,
            [
                .int(batchKey), .int(position), .string(row.subscriptionId), .string(row.accountId),
                .string(row.month.description), .string(row.outcome), .string(row.salesOrderId), .string(row.currency),
                .int(row.net), .int(row.tax), .int(row.total), .string(row.paymentId), .string(row.invoiceNumber),
                .string(row.errorCode), .string(row.errorMessage),
            ])
    }
}
