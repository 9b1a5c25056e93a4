import OrderFlowCore

/// The `billing` job's month runs (Billing.md): the commit in the one transaction of every batch
/// under the lease fence (`commitDrop`), and what a published month is rendered from, through
/// SQLiteLedger's queries (PostgresSpelling).
extension PostgresLedger {
    public func commitBillingMonth(
        reseller: String, month: BillingMonth, runDate: CalendarDate, catalog: Catalog, under lease: ResellerLease
    ) throws -> BatchRecord {
        try commitMonth(reseller: reseller, month: month, runDate: runDate, catalog: catalog, under: lease)
    }

    private static let lastBilledQuery = PostgresSpelling.of(SQLiteLedger.lastBilledQuery)
    private static let firstServiceStartQuery = PostgresSpelling.of(SQLiteLedger.firstServiceStartQuery)
    private static let unpublishedQuery = PostgresSpelling.of(SQLiteLedger.unpublishedQuery)
    private static let markPublishedQuery = PostgresSpelling.of(SQLiteLedger.markPublishedQuery)
    private static let billsQuery = PostgresSpelling.of(SQLiteLedger.billsQuery)
    private static let suspensionsQuery = PostgresSpelling.of(SQLiteLedger.suspensionsQuery)

    public func billingStart(reseller: String) throws -> BillingStart {
        try read("reading the billed months of \(reseller)") { connection in
            let last = try connection.execute(Self.lastBilledQuery, [.string(reseller)]).first?.string("month")
            let first = try connection.execute(Self.firstServiceStartQuery, [.string(reseller)]).first?.string("day")
            let unpublished = try connection.execute(Self.unpublishedQuery, [.string(reseller)])
                .map { try $0.requiredString("month") }
            return BillingStart(
                lastBilled: last.flatMap { BillingMonth($0) }, firstServiceStart: first.flatMap { CalendarDate(iso: $0) },
                unpublished: unpublished.compactMap { BillingMonth($0) })
        }
    }

    public func markPublished(reseller: String, month: BillingMonth, under lease: ResellerLease) throws {
        try transaction("recording that \(BillingMonthBatch.batchId(month)) of \(reseller) is published") { connection in
            try PostgresLeases(connection: connection).checkToken(of: lease)
            try connection.execute(Self.markPublishedQuery, [.string(reseller), .string(month.description)])
        }
    }

    public func streamBills(ofBatch key: Int64, _ body: (BillRow) throws -> Void) throws {
        try read("reading the bills of batch \(key)") { connection in
            try connection.stream(Self.billsQuery, [.int(key)]) { row in
                let text = try row.requiredString("month")
                guard let month = BillingMonth(text) else {
                    throw LedgerColumns.CorruptValue(column: "subscription_bills.month", value: text)
                }
                var bill = BillRow(
                    subscriptionId: try row.requiredString("subscription_id"), accountId: try row.string("account_id"),
                    month: month)
                bill.outcome = try row.requiredString("outcome")
                bill.salesOrderId = try row.string("sales_order_id")
                bill.currency = try row.string("currency")
                bill.net = try row.int64("net")
                bill.tax = try row.int64("tax")
                bill.total = try row.int64("total")
                bill.paymentId = try row.string("payment_id")
                bill.invoiceNumber = try row.string("invoice_number")
                bill.errorCode = try row.string("error_code")
                bill.errorMessage = try row.string("error_message")
                try body(bill)
            }
        }
    }

    public func streamSuspensions(ofBatch key: Int64, _ body: (SuspensionRow) throws -> Void) throws {
        try read("reading the suspensions of batch \(key)") { connection in
            try connection.stream(Self.suspensionsQuery, [.int(key)]) { row in
                let currency = try LedgerColumns.currency(try row.requiredString("currency"))
                try body(SuspensionRow(
                    subscriptionId: try row.requiredString("subscription_id"), accountId: try row.string("account_id"),
                    debt: Money(minorUnits: try row.requiredInt64("debt"), currency: currency),
                    threshold: Money(minorUnits: try row.requiredInt64("threshold"), currency: currency)))
            }
        }
    }
}
