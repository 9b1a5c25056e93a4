/// One `results.csv` row (Outputs.md), as committed and as `quote` prints it.
public struct RequestResult: Sendable, Hashable, Codable {
    public var ref: String
    public var line: Int
    public var action: String
    public var outcome: RequestOutcomeKind
    public var accountId: String?
    public var salesOrderId: String?
    public var salesOrderStatus: SalesOrderStatus?
    public var subscriptionId: String?
    public var subscriptionStatus: SubscriptionStatus?
    public var currency: String?
    /// Amounts as text in the currency's minor units (`12.30`); nil when not applicable.
    public var net: String?
    public var tax: String?
    public var total: String?
    public var paymentId: String?
    public var invoiceNumber: String?
    public var errorCode: ErrorCode?
    public var errorField: String?
    public var errorMessage: String?

    public init(ref: String, line: Int, action: String, outcome: RequestOutcomeKind) {
        self.ref = ref
        self.line = line
        self.action = action
        self.outcome = outcome
    }

    /// The column names, in order.
    public static let columns = [
        "ref", "line", "action", "outcome", "account_id", "sales_order_id", "sales_order_status", "subscription_id",
        "subscription_status", "currency", "net", "tax", "total", "payment_id", "invoice_number", "error_code",
        "error_field", "error_message",
    ]

    /// The cells, in ``columns`` order; absent values are empty.
    public var cells: [String] {
        [
            ref, String(line), action, outcome.rawValue, accountId ?? "", salesOrderId ?? "",
            salesOrderStatus?.rawValue ?? "", subscriptionId ?? "", subscriptionStatus?.rawValue ?? "",
            currency ?? "", net ?? "", tax ?? "", total ?? "", paymentId ?? "", invoiceNumber ?? "",
            errorCode?.rawValue ?? "", errorField ?? "", errorMessage ?? "",
        ]
    }
}
