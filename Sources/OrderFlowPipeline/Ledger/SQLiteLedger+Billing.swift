import GRDB
import OrderFlowCore

/// The `billing` job's month runs (Billing.md).
extension SQLiteLedger {
    public func commitBillingMonth(
        reseller: String, month: BillingMonth, runDate: CalendarDate, catalog: Catalog, under lease: ResellerLease
    ) throws -> BatchRecord {
        try commitMonth(reseller: reseller, month: month, runDate: runDate, catalog: catalog, under: lease)
    }

    // The queries of billingStart and markPublished, PostgresLedger's too (PostgresSpelling):
    // `published` is a boolean there, an integer here, which `NOT` and `TRUE` read alike.
    static let lastBilledQuery = "SELECT MAX(month) AS month FROM billing_months WHERE reseller = ?"
    static let firstServiceStartQuery = "SELECT MIN(activation_date) AS day FROM subscriptions WHERE reseller = ?"
    static let unpublishedQuery = "SELECT month FROM billing_months WHERE reseller = ? AND NOT published ORDER BY month"
    static let markPublishedQuery = "UPDATE billing_months SET published = TRUE WHERE reseller = ? AND month = ?"

    public func billingStart(reseller: String) throws -> BillingStart {
        try read("reading the billed months of \(reseller)") { db in
            let last = try String.fetchOne(db, sql: Self.lastBilledQuery, arguments: [reseller])
            let first = try String.fetchOne(db, sql: Self.firstServiceStartQuery, arguments: [reseller])
            let unpublished = try String.fetchAll(db, sql: Self.unpublishedQuery, arguments: [reseller])
            return BillingStart(
                lastBilled: last.flatMap { BillingMonth($0) }, firstServiceStart: first.flatMap { CalendarDate(iso: $0) },
                unpublished: unpublished.compactMap { BillingMonth($0) })
        }
    }

    public func markPublished(reseller: String, month: BillingMonth, under lease: ResellerLease) throws {
        try write("recording that \(BillingMonthBatch.batchId(month)) of \(reseller) is published") { db in
            try Self.checkToken(of: lease, db)
            try db.execute(sql: Self.markPublishedQuery, arguments: [reseller, month.description])
        }
    }

    static let billsQuery = """
        SELECT subscription_id, account_id, month, outcome, sales_order_id, currency, net, tax, total,
            payment_id, invoice_number, error_code, error_message
        FROM subscription_bills WHERE batch_key = ? ORDER BY position
        """

    public func streamBills(ofBatch key: Int64, _ body: (BillRow) throws -> Void) throws {
        try read("reading the bills of batch \(key)") { db in
            let rows = try Row.fetchCursor(db, sql: Self.billsQuery, arguments: [key])
            while let row = try rows.next() {
                guard let month = BillingMonth(row["month"] as String) else {
                    throw LedgerColumns.CorruptValue(column: "subscription_bills.month", value: row["month"])
                }
                var bill = BillRow(subscriptionId: row["subscription_id"], accountId: row["account_id"], month: month)
                bill.outcome = row["outcome"]
                bill.salesOrderId = row["sales_order_id"]
                bill.currency = row["currency"]
                bill.net = row["net"]
                bill.tax = row["tax"]
                bill.total = row["total"]
                bill.paymentId = row["payment_id"]
                bill.invoiceNumber = row["invoice_number"]
                bill.errorCode = row["error_code"]
                bill.errorMessage = row["error_message"]
                try body(bill)
            }
        }
    }

    static let suspensionsQuery = """
        SELECT subscription_id, account_id, debt, currency, threshold FROM batch_suspensions
        WHERE batch_key = ? ORDER BY position
        """

    public func streamSuspensions(ofBatch key: Int64, _ body: (SuspensionRow) throws -> Void) throws {
        try read("reading the suspensions of batch \(key)") { db in
            let rows = try Row.fetchCursor(db, sql: Self.suspensionsQuery, arguments: [key])
            while let row = try rows.next() {
                let currency = try LedgerColumns.currency(row["currency"])
                try body(SuspensionRow(
                    subscriptionId: row["subscription_id"], accountId: row["account_id"],
                    debt: Money(minorUnits: row["debt"], currency: currency),
                    threshold: Money(minorUnits: row["threshold"], currency: currency)))
            }
        }
    }
}

/// Where a reseller's billing stands: the last month billed, and the first day any of its
/// subscriptions started (the first month to bill).
public struct BillingStart: Sendable, Hashable {
    public var lastBilled: BillingMonth?
    public var firstServiceStart: CalendarDate?
    /// Months committed whose outputs are not all in place yet (a run stopped between the two).
    public var unpublished: [BillingMonth] = []

    /// The months due on `runDate`, oldest first (Billing.md, which months).
    public func monthsDue(runDate: CalendarDate, graceDays: Int) -> [BillingMonth] {
        guard var month = lastBilled?.next ?? firstServiceStart.map({ BillingMonth(containing: $0) }) else { return [] }
        var due: [BillingMonth] = []
        while BillingMonth.isBillable(month, runDate: runDate, graceDays: graceDays) {
            due.append(month)
            month = month.next
        }
        return due
    }
}

/// A row of `suspensions.csv`.
public struct SuspensionRow: Sendable, Hashable {
    public var subscriptionId: String
    public var accountId: String?
    public var debt: Money
    public var threshold: Money
}

/// What a `billing-<YYYY-MM>` batch is in the `batches` table: no file, so its file name is empty
/// and its "SHA-256" its batch id; its date is the first day after the month, the date of its
/// invoices (the day it was run on is in `billing_months`).
public enum BillingMonthBatch {
    public static func batchId(_ month: BillingMonth) -> String { "billing-\(month)" }

    static func batch(reseller: String, month: BillingMonth) -> NewBatch {
        NewBatch(
            reseller: reseller, batchId: batchId(month), fileName: "", format: .csv, sha256: batchId(month),
            asOf: month.dayAfter, policy: .rejectOrder)
    }

    /// The batch, and what its run judges with; a reseller the catalog lacks is refused.
    static func batch(reseller: String, month: BillingMonth, catalog: Catalog) throws -> (NewBatch, JudgeContext) {
        let batch = batch(reseller: reseller, month: month)
        guard let known = catalog.reseller(id: reseller) else {
            throw BatchCommitError(.unknownReseller, reseller: reseller, batchId: batch.batchId)
        }
        return (batch, JudgeContext(catalog: catalog, reseller: known, asOf: batch.asOf))
    }
}
