import OrderFlowCore

/// One request's `results` row as ``BatchStore/storeResult(_:batchKey:seq:)`` takes it.
struct ResultRow {
    var result: RequestResult
    var diagnostics: [Diagnostic]
    var contentDigest: String
    /// The request's source text: kept for a rejected request only.
    var source: String?
}

/// An accepted request by its reseller and ref (`accepted_requests`).
struct AcceptedRequestRow {
    var reseller: String
    var ref: String
    var action: RequestAction
    var contentDigest: String
}

/// What a renewal or an upgrade reads of the subscription it changes.
struct SubscriptionTerms {
    var planId: String
    var periodId: String
    /// The end of the paid span; nil if the stored date cannot be read.
    var periodEnd: CalendarDate?
}

/// A sales order as it is stored: the order with what its request or bill adds.
struct SalesOrderRow {
    var salesOrderId: String
    var order: OrderRecord
    /// The request's action, or `bill` for a month's bill (Billing.md).
    var action: String
    var planId: String
    var periodId: String
    var priced: PricedOrder?
    /// ``PricedOrderText`` of the order, for orders with an invoice (Invoices.md).
    var pricedText: String?
    var seq: Int64
}

/// A payment with the ids and the reference it is filed under.
struct StoredPayment {
    var record: PaymentRecord
    var id: String
    var salesOrderId: String?
    var accountId: String?
    var remittanceReference: String

    /// What is paid of it: all of a payment made `Paid`.
    var paid: Int64 { record.status == .paid ? record.amount.minorUnits : record.paid }
}

/// An invoice or credit note numbered by the batch, in the order the batch numbered them.
struct DocumentRow {
    var number: String
    var reseller: String
    var year: Int
    /// `invoice` or `creditNote`.
    var kind: String
    var salesOrderId: String
    var position: Int64
}

/// One state change of a sales order, a subscription or a payment.
struct StateChange {
    var kind: StateChangeKind
    var id: String
    var from: String?
    var to: String
}

enum StateChangeKind: String {
    case salesOrder = "sales_order"
    case subscription
    case payment
}
