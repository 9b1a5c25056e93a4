import OrderFlowCore

/// One invoice or credit note a batch allocated, with what the ledger holds to render it
/// (Invoices.md): the sales order it bills or corrects, its priced lines, its payment and the
/// buyer's account as stored.
public struct DocumentSource: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case invoice
        case creditNote
    }

    public var number: String
    public var kind: Kind
    public var reseller: String
    /// The run date of the batch that allocated it.
    public var issueDate: CalendarDate
    public var salesOrderId: String
    /// The request's ref, as the buyer's order reference.
    public var ref: String
    /// The sales order's action as stored: `order`, `renewal`, `upgrade`, or `bill` for a month's
    /// bill of the billing run (Billing.md).
    public var action: String
    public var subscriptionId: String?
    public var planId: String
    public var periodId: String
    public var priced: PricedOrder
    /// The period charged; nil for orders invoiced by versions that did not keep it.
    public var servicePeriod: ServicePeriod?
    /// For a credit note: the invoice it corrects.
    public var correctedInvoice: CorrectedInvoice?
    /// The payment still to be made; nil when nothing is (a bill paid from the balance in full).
    public var payment: Payment?
    /// What was paid before the invoice was issued (BT-113): a monthly bill's part drawn from the
    /// account's balance (Billing.md); 0 otherwise.
    public var prepaid: Int64 = 0
    public var buyer: Buyer

    public struct CorrectedInvoice: Sendable, Hashable {
        public var number: String
        public var issueDate: CalendarDate
    }

    public struct Payment: Sendable, Hashable {
        public var id: String
        public var dueDate: CalendarDate
        /// ISO 11649 (`RF55PAY1234`).
        public var remittanceReference: String
    }

    public struct Buyer: Sendable, Hashable {
        public var accountId: String?
        public var accountType: String?
        public var companyName: String?
        public var contactName: String?
        public var vatId: String?
        public var country: String
        public var region: String?
        public var city: String?
        public var postalCode: String?
        public var addressLine1: String?
    }
}

/// The days an invoice charges, [start, end): `end` is the first day not charged.
public struct ServicePeriod: Sendable, Hashable {
    public var start: CalendarDate
    public var end: CalendarDate

    public init(start: CalendarDate, end: CalendarDate) {
        self.start = start
        self.end = end
    }
}
