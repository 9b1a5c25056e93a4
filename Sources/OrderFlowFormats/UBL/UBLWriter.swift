import OrderFlowCore

/// Renders an ``EInvoice`` as a UBL 2.1 `Invoice` or `CreditNote` that conforms to EN 16931
/// (Invoices.md).
///
/// ```
///   EInvoice ──EInvoiceCheck──▶ findings? ──yes──▶ throws UBLWriteError (nothing appended)
///                                   │ no
///                                   ▼
///   UBLOutput: header · parties · payment · allowances · VAT · totals · lines ──▶ sink (UTF-8)
/// ```
///
/// - Deterministic: the same value gives the same bytes (no clock, no ids, no dictionary order).
/// - Element order is the UBL 2.1 schema's `xsd:sequence` for `InvoiceType` / `CreditNoteType` and
///   each aggregate; where the two documents differ (`cbc:DueDate`, the line's quantity element, the
///   order of a line's `cac:AllowanceCharge`), each writes its own.
/// - `CustomizationID` is `urn:cen.eu:en16931:2017`: the core EN 16931 rules, no CIUS.
/// - Amounts come from minor units with the currency's digits (``UBLOutput/amount(_:digits:)``).
public struct UBLWriter: Sendable {
    public static let customizationID = "urn:cen.eu:en16931:2017"

    public init() {}

    /// The document as UTF-8 bytes.
    public func render(_ invoice: EInvoice) throws(UBLWriteError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096 + invoice.lines.count * 1024)
        try write(invoice, to: &bytes)
        return bytes
    }

    /// Appends the document to `sink` (a buffer reused across a batch), after ``EInvoiceCheck``
    /// found nothing wrong with it; on a finding nothing is appended.
    ///
    /// A currency with three decimals (BHD, KWD, OMR) is the one exception: EN 16931 cannot hold
    /// an amount such as 1.255 (BR-DEC), and OrderFlow never rounds an amount pricing made. A
    /// document whose only findings are BR-DEC is written as a plain UBL 2.1 document, valid
    /// against the UBL schema, without claiming EN 16931 (no `cbc:CustomizationID`): EN 16931 is
    /// the EU's rule, and no EU member state bills in such a currency (Invoices.md, Currencies).
    public func write(_ invoice: EInvoice, to sink: inout [UInt8]) throws(UBLWriteError) {
        let findings = EInvoiceCheck.findings(invoice)
        let onlyDecimals = !findings.isEmpty && findings.allSatisfy { $0.rule == "BR-DEC" }
        guard findings.isEmpty || onlyDecimals else { throw UBLWriteError(number: invoice.number, findings: findings) }
        writeChecked(invoice, to: &sink, claimingEN16931: !onlyDecimals)
    }

    /// The rendering itself, for a document ``EInvoiceCheck`` has passed (or, in the tests, one made
    /// wrong on purpose to show that the external validators catch what the check catches).
    func writeChecked(_ invoice: EInvoice, to sink: inout [UInt8], claimingEN16931: Bool = true) {
        var out = UBLOutput(bytes: [])
        swap(&out.bytes, &sink)  // writes straight into the caller's storage, no copy
        defer { swap(&out.bytes, &sink) }
        out.xmlDeclaration()
        let isInvoice = invoice.kind == .invoice
        if isInvoice {
            out.openRoot("Invoice", namespace: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2")
        } else {
            out.openRoot("CreditNote", namespace: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2")
        }
        writeHeader(invoice, claimingEN16931: claimingEN16931, &out)
        writeParty("cac:AccountingSupplierParty", invoice.seller, &out)
        writeParty("cac:AccountingCustomerParty", invoice.buyer, &out)
        writeDelivery(invoice, &out)
        writePayment(invoice, &out)
        for allowance in invoice.allowances { writeAllowance(allowance, invoice.currency, &out) }
        writeTaxTotals(invoice, &out)
        writeTotals(invoice.totals, hasAllowances: !invoice.allowances.isEmpty, invoice.currency, &out)
        for line in invoice.lines { writeLine(line, kind: invoice.kind, invoice.currency, &out) }
        out.closeRoot(isInvoice ? "Invoice" : "CreditNote")
    }

    /// `cbc:CustomizationID` … `cac:BillingReference`.
    private func writeHeader(_ invoice: EInvoice, claimingEN16931: Bool, _ out: inout UBLOutput) {
        if claimingEN16931 { out.leaf("cbc:CustomizationID", Self.customizationID) }
        out.leaf("cbc:ID", invoice.number)
        out.leaf("cbc:IssueDate", invoice.issueDate)
        switch invoice.kind {
        case .invoice:
            if let due = invoice.dueDate { out.leaf("cbc:DueDate", due) }
            out.leaf("cbc:InvoiceTypeCode", invoice.kind.rawValue)
        case .creditNote:
            out.leaf("cbc:CreditNoteTypeCode", invoice.kind.rawValue)
        }
        writeNotes(invoice, &out)
        out.leaf("cbc:DocumentCurrencyCode", invoice.currency.code)
        if let taxCurrency = invoice.taxCurrency { out.leaf("cbc:TaxCurrencyCode", taxCurrency.currency.code) }
        if let reference = invoice.buyerReference { out.leaf("cbc:BuyerReference", reference) }
        if let period = invoice.period { writePeriod(period, &out) }
        if let order = invoice.orderReference {
            out.open("cac:OrderReference")
            out.leaf("cbc:ID", order)
            out.close("cac:OrderReference")
        }
        if let preceding = invoice.precedingInvoice {
            out.open("cac:BillingReference")
            out.open("cac:InvoiceDocumentReference")
            out.leaf("cbc:ID", preceding.number)
            if let date = preceding.issueDate { out.leaf("cbc:IssueDate", date) }
            out.close("cac:InvoiceDocumentReference")
            out.close("cac:BillingReference")
        }
    }

    func writePeriod(_ period: EInvoice.Period, _ out: inout UBLOutput) {
        out.open("cac:InvoicePeriod")
        out.leaf("cbc:StartDate", period.start)
        out.leaf("cbc:EndDate", period.end)
        out.close("cac:InvoicePeriod")
    }

    /// BG-23 in the document currency, then BT-111 alone in the VAT accounting currency (BR-53).
    private func writeTaxTotals(_ invoice: EInvoice, _ out: inout UBLOutput) {
        out.open("cac:TaxTotal")
        out.amount("cbc:TaxAmount", invoice.totals.tax, invoice.currency)
        for entry in invoice.vatBreakdown {
            out.open("cac:TaxSubtotal")
            out.amount("cbc:TaxableAmount", entry.taxable, invoice.currency)
            out.amount("cbc:TaxAmount", entry.amount, invoice.currency)
            writeTaxCategory(
                "cac:TaxCategory", entry.tax, exemptionCode: entry.exemptionReasonCode,
                exemptionReason: entry.exemptionReason, &out)
            out.close("cac:TaxSubtotal")
        }
        out.close("cac:TaxTotal")
        if let taxCurrency = invoice.taxCurrency {
            out.open("cac:TaxTotal")
            out.amount("cbc:TaxAmount", taxCurrency.tax, taxCurrency.currency)
            out.close("cac:TaxTotal")
        }
    }

    /// `cac:TaxCategory` / `cac:ClassifiedTaxCategory`: code, rate (not for `O`), exemption, scheme.
    func writeTaxCategory(
        _ element: StaticString, _ tax: EInvoice.TaxCategory, exemptionCode: String? = nil,
        exemptionReason: String? = nil, _ out: inout UBLOutput
    ) {
        out.open(element)
        out.leaf("cbc:ID", tax.category.rawValue)
        if tax.category.hasRate { out.percent("cbc:Percent", rate: tax.rate) }
        if let code = exemptionCode { out.leaf("cbc:TaxExemptionReasonCode", code) }
        if let reason = exemptionReason { out.leaf("cbc:TaxExemptionReason", reason) }
        out.open("cac:TaxScheme")
        out.leaf("cbc:ID", "VAT")
        out.close("cac:TaxScheme")
        out.close(element)
    }

    /// BG-22 (`cac:LegalMonetaryTotal`), in the schema's order; BT-107 exactly when there are allowances
    /// (BR-CO-11 accepts its absence only then).
    private func writeTotals(
        _ totals: EInvoice.Totals, hasAllowances: Bool, _ currency: Currency, _ out: inout UBLOutput
    ) {
        out.open("cac:LegalMonetaryTotal")
        out.amount("cbc:LineExtensionAmount", totals.lineNet, currency)
        out.amount("cbc:TaxExclusiveAmount", totals.taxExclusive, currency)
        out.amount("cbc:TaxInclusiveAmount", totals.taxInclusive, currency)
        if hasAllowances { out.amount("cbc:AllowanceTotalAmount", totals.allowances, currency) }
        if totals.paid != 0 { out.amount("cbc:PrepaidAmount", totals.paid, currency) }
        out.amount("cbc:PayableAmount", totals.payable, currency)
        out.close("cac:LegalMonetaryTotal")
    }
}

/// A document ``UBLWriter`` refused because ``EInvoiceCheck`` found it inconsistent: writing it
/// would hand a customer an invoice their validator rejects.
public struct UBLWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    public static let code = "EINVOICE_INVALID"
    /// BT-1 of the document.
    public var number: String
    public var findings: [EInvoiceFinding]

    public init(number: String, findings: [EInvoiceFinding]) {
        self.number = number
        self.findings = findings
    }

    public var description: String {
        "\(Self.code): e-invoice \(number) breaks "
            + findings.map { "[\($0.rule)] \($0.message)" }.joined(separator: "; ")
    }
}
