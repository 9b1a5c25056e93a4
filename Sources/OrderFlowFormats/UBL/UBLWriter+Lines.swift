import OrderFlowCore

extension UBLWriter {
    /// BG-20: a document-level allowance (`cac:AllowanceCharge`, `AllowanceChargeType` order).
    func writeAllowance(_ allowance: EInvoice.DocumentAllowance, _ currency: Currency, _ out: inout UBLOutput) {
        out.open("cac:AllowanceCharge")
        out.leaf("cbc:ChargeIndicator", "false")
        out.leaf("cbc:AllowanceChargeReasonCode", allowance.reasonCode)
        out.leaf("cbc:AllowanceChargeReason", allowance.reason)
        out.amount("cbc:Amount", allowance.amount, currency)
        writeTaxCategory("cac:TaxCategory", allowance.tax, &out)
        out.close("cac:AllowanceCharge")
    }

    /// BG-25: `cac:InvoiceLine` or `cac:CreditNoteLine`.
    ///
    /// The two line types order their children alike up to the allowance, which `InvoiceLineType`
    /// places before `cac:TaxTotal` and `CreditNoteLineType` after it; neither line carries a
    /// `cac:TaxTotal` here, so the allowance sits right before `cac:Item` in both.
    func writeLine(_ line: EInvoice.Line, kind: EInvoice.Kind, _ currency: Currency, _ out: inout UBLOutput) {
        let isInvoice = kind == .invoice
        if isInvoice { out.open("cac:InvoiceLine") } else { out.open("cac:CreditNoteLine") }
        out.leaf("cbc:ID", line.id)
        if isInvoice {
            out.quantity("cbc:InvoicedQuantity", line.quantity, unitCode: line.unitCode)
        } else {
            out.quantity("cbc:CreditedQuantity", line.quantity, unitCode: line.unitCode)
        }
        out.amount("cbc:LineExtensionAmount", line.netAmount, currency)
        if let period = line.period { writePeriod(period, &out) }
        if let allowance = line.allowance {
            out.open("cac:AllowanceCharge")
            out.leaf("cbc:ChargeIndicator", "false")
            out.leaf("cbc:AllowanceChargeReasonCode", allowance.reasonCode)
            out.leaf("cbc:AllowanceChargeReason", allowance.reason)
            if let percent = allowance.percent { out.decimal("cbc:MultiplierFactorNumeric", percent) }
            out.amount("cbc:Amount", allowance.amount, currency)
            if let base = allowance.baseAmount { out.amount("cbc:BaseAmount", base, currency) }
            out.close("cac:AllowanceCharge")
        }
        out.open("cac:Item")
        out.leaf("cbc:Name", line.name)
        if let itemId = line.sellerItemId {
            out.open("cac:SellersItemIdentification")
            out.leaf("cbc:ID", itemId)
            out.close("cac:SellersItemIdentification")
        }
        writeTaxCategory("cac:ClassifiedTaxCategory", line.tax, &out)
        out.close("cac:Item")
        out.open("cac:Price")
        out.amount("cbc:PriceAmount", line.price.amount, currency)
        if line.price.baseQuantity != 1 {
            out.quantity("cbc:BaseQuantity", line.price.baseQuantity, unitCode: line.unitCode)
        }
        out.close("cac:Price")
        if isInvoice { out.close("cac:InvoiceLine") } else { out.close("cac:CreditNoteLine") }
    }
}
