import OrderFlowCore

/// An invoice or credit note as EN 16931 describes it, ready for ``UBLWriter`` (Invoices.md).
///
/// A value: it holds no reference to the ledger or the catalog, so the same value always renders to
/// the same bytes. Every amount is an `Int64` count of ``currency``'s minor units and every rate a
/// ``ScaledDecimal``; nothing is computed here. The totals are stated, not derived, so that
/// ``EInvoiceCheck`` can hold them against the lines, allowances and VAT breakdown the way a
/// receiver's validator will (BR-CO-10 … BR-CO-17).
///
/// The `BT-`/`BG-` numbers in the comments are EN 16931 business terms and groups.
public struct EInvoice: Sendable, Hashable, Codable {
    /// The document type code (BT-3): what the UBL root element is.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// `Invoice`, type code 380 (commercial invoice).
        case invoice = "380"
        /// `CreditNote`, type code 381: positive amounts that the seller owes back.
        case creditNote = "381"
    }

    public var kind: Kind
    /// BT-1: the allocated invoice or credit-note number (`ACME-2026-000001`).
    public var number: String
    /// BT-2.
    public var issueDate: CalendarDate
    /// BT-9. An invoice writes it as `cbc:DueDate`; a credit note has no such element, so there it goes
    /// into its payment means (`cac:PaymentMeans/cbc:PaymentDueDate`), which it then needs.
    public var dueDate: CalendarDate?
    /// BT-5, with the minor-unit digits every amount is written with.
    public var currency: Currency
    /// BT-6 and BT-111: the VAT also stated in the seller's VAT accounting currency.
    public var taxCurrency: TaxCurrency?
    /// The conversion from the plan's price-list currency that produced the amounts (Pricing.md,
    /// step 2); nil when the plan is priced in ``currency``. Written as a note (BT-22).
    public var conversion: Conversion?
    /// BT-22: free text for the reader, written before the notes derived from the model.
    public var note: String?
    /// BT-10: the buyer's own reference, when the buyer gave one.
    public var buyerReference: String?
    /// BT-13: the order this document bills (the sales order id, `SO-42`).
    public var orderReference: String?
    /// BT-25 and BT-26: the invoice a credit note corrects.
    public var precedingInvoice: PrecedingInvoice?
    /// BG-14: the service period billed.
    public var period: Period?
    /// BG-4: the reseller.
    public var seller: Party
    /// BG-7: the paying account's company or person.
    public var buyer: Party
    /// BG-16; nil when nothing is to be paid by transfer (a credit note settled on the balance).
    public var paymentMeans: PaymentMeans?
    /// BT-20, e.g. `Payable by 2026-11-15`.
    public var paymentTerms: String?
    /// BG-25, at least one.
    public var lines: [Line]
    /// BG-20: fixed-amount promos.
    public var allowances: [DocumentAllowance]
    /// BG-23: one entry per VAT category and rate.
    public var vatBreakdown: [VATBreakdown]
    /// BG-22.
    public var totals: Totals

    public init(
        kind: Kind, number: String, issueDate: CalendarDate, dueDate: CalendarDate? = nil, currency: Currency,
        taxCurrency: TaxCurrency? = nil, conversion: Conversion? = nil, note: String? = nil,
        buyerReference: String? = nil, orderReference: String? = nil, precedingInvoice: PrecedingInvoice? = nil,
        period: Period? = nil, seller: Party, buyer: Party, paymentMeans: PaymentMeans? = nil,
        paymentTerms: String? = nil, lines: [Line], allowances: [DocumentAllowance] = [],
        vatBreakdown: [VATBreakdown], totals: Totals
    ) {
        self.kind = kind
        self.number = number
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.currency = currency
        self.taxCurrency = taxCurrency
        self.conversion = conversion
        self.note = note
        self.buyerReference = buyerReference
        self.orderReference = orderReference
        self.precedingInvoice = precedingInvoice
        self.period = period
        self.seller = seller
        self.buyer = buyer
        self.paymentMeans = paymentMeans
        self.paymentTerms = paymentTerms
        self.lines = lines
        self.allowances = allowances
        self.vatBreakdown = vatBreakdown
        self.totals = totals
    }
}

extension EInvoice {
    /// BG-22, in minor units of the document currency. Charges (BT-108) and rounding (BT-114) are
    /// not part of OrderFlow's pricing and are never written.
    public struct Totals: Sendable, Hashable, Codable {
        /// BT-106: Σ line net amounts.
        public var lineNet: Int64
        /// BT-107: Σ document-level allowances (written only when there are some).
        public var allowances: Int64
        /// BT-109: lineNet − allowances.
        public var taxExclusive: Int64
        /// BT-110: Σ VAT breakdown tax amounts.
        public var tax: Int64
        /// BT-112: taxExclusive + tax.
        public var taxInclusive: Int64
        /// BT-113: already paid (written only when above 0).
        public var paid: Int64
        /// BT-115: taxInclusive − paid.
        public var payable: Int64

        public init(
            lineNet: Int64, allowances: Int64, taxExclusive: Int64, tax: Int64, taxInclusive: Int64, paid: Int64 = 0,
            payable: Int64
        ) {
            self.lineNet = lineNet
            self.allowances = allowances
            self.taxExclusive = taxExclusive
            self.tax = tax
            self.taxInclusive = taxInclusive
            self.paid = paid
            self.payable = payable
        }
    }

    /// BG-14 / BG-26: both days belong to the period (EN 16931 dates are inclusive).
    public struct Period: Sendable, Hashable, Codable {
        /// BT-73.
        public var start: CalendarDate
        /// BT-74: the last day billed.
        public var end: CalendarDate

        public init(start: CalendarDate, end: CalendarDate) {
            self.start = start
            self.end = end
        }

        /// The period of an OrderFlow subscription term `[start, end)` (StatesAndIds.md): it ends the
        /// day before `end`, the day the next term starts.
        public init(start: CalendarDate, endExclusive: CalendarDate) {
            self.init(start: start, end: endExclusive.adding(days: -1))
        }
    }

    /// BG-3: the invoice a credit note corrects.
    public struct PrecedingInvoice: Sendable, Hashable, Codable {
        /// BT-25.
        public var number: String
        /// BT-26.
        public var issueDate: CalendarDate?

        public init(number: String, issueDate: CalendarDate?) {
            self.number = number
            self.issueDate = issueDate
        }
    }

    /// How the amounts came from a plan priced in another currency: `amount × rate`, rounded once per
    /// line (Pricing.md, step 2).
    public struct Conversion: Sendable, Hashable, Codable {
        /// The plan's currency (ISO 4217).
        public var from: String
        /// Plan currency → document currency, as the catalog states it.
        public var rate: ScaledDecimal
        /// The rate's `effective` date.
        public var effective: CalendarDate

        public init(from: String, rate: ScaledDecimal, effective: CalendarDate) {
            self.from = from
            self.rate = rate
            self.effective = effective
        }
    }

    /// BT-6 and BT-111: the seller accounts for VAT in another currency than the document's (an EU
    /// seller invoicing in USD states the VAT in EUR too).
    public struct TaxCurrency: Sendable, Hashable, Codable {
        /// BT-6.
        public var currency: Currency
        /// BT-111: the total VAT in that currency, minor units.
        public var tax: Int64
        /// Document currency → VAT accounting currency; EN 16931 has no term for it, so it is a note.
        public var rate: ScaledDecimal?
        /// The day of that rate.
        public var rateDate: CalendarDate?

        public init(currency: Currency, tax: Int64, rate: ScaledDecimal? = nil, rateDate: CalendarDate? = nil) {
            self.currency = currency
            self.tax = tax
            self.rate = rate
            self.rateDate = rateDate
        }
    }
}
