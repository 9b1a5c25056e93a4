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
}
