import GRDB
import OrderFlowCore

/// A row of a billing batch's `results.csv`, as stored (`subscription_bills`).
public struct BillRow: Sendable, Hashable {
    /// The outcomes a row can have, in the order the receipt and the page list them.
    public static let outcomes = ["billed", "nothing", "rejected"]

    public var subscriptionId: String
    public var accountId: String?
    public var month: BillingMonth
    public var outcome = "nothing"
    public var salesOrderId: String?
    public var currency: String?
    public var net: Int64?
    public var tax: Int64?
    public var total: Int64?
    public var paymentId: String?
    public var invoiceNumber: String?
    public var errorCode: String?
    public var errorMessage: String?

    func store(_ db: Database, batchKey: Int64, position: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO subscription_bills (batch_key, position, subscription_id, account_id, month, outcome,
                    sales_order_id, currency, net, tax, total, payment_id, invoice_number, error_code, error_message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(
            batchKey, position, subscriptionId, accountId, month.description, outcome, salesOrderId, currency, net, tax,
            total, paymentId, invoiceNumber, errorCode, errorMessage)
    }
}
