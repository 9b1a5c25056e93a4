import OrderFlowCore

extension UBLWriter {
    /// BG-4 / BG-7: `cac:Party` with its address, tax schemes and legal entity, in `PartyType` order.
    func writeParty(_ element: StaticString, _ party: EInvoice.Party, _ out: inout UBLOutput) {
        out.open(element)
        out.open("cac:Party")
        if let identifier = party.identifier {
            out.open("cac:PartyIdentification")
            out.leaf("cbc:ID", identifier)
            out.close("cac:PartyIdentification")
        }
        out.open("cac:PostalAddress")
        let address = party.address
        if let street = address.street { out.leaf("cbc:StreetName", street) }
        if let additional = address.additionalStreet { out.leaf("cbc:AdditionalStreetName", additional) }
        if let city = address.city { out.leaf("cbc:CityName", city) }
        if let postcode = address.postcode { out.leaf("cbc:PostalZone", postcode) }
        if let region = address.region { out.leaf("cbc:CountrySubentity", region) }
        out.open("cac:Country")
        out.leaf("cbc:IdentificationCode", address.country)
        out.close("cac:Country")
        out.close("cac:PostalAddress")
        if let vatId = party.vatId { writeTaxScheme(companyId: vatId, scheme: "VAT", &out) }
        // BT-32 is the seller's only; EInvoiceCheck refuses a buyer's.
        if let registration = party.taxRegistrationId { writeTaxScheme(companyId: registration, scheme: "TAX", &out) }
        out.open("cac:PartyLegalEntity")
        out.leaf("cbc:RegistrationName", party.name)
        if let companyId = party.companyId { out.leaf("cbc:CompanyID", companyId) }
        out.close("cac:PartyLegalEntity")
        out.close("cac:Party")
        out.close(element)
    }

    private func writeTaxScheme(companyId: String, scheme: StaticString, _ out: inout UBLOutput) {
        out.open("cac:PartyTaxScheme")
        out.leaf("cbc:CompanyID", companyId)
        out.open("cac:TaxScheme")
        out.startLeaf("cbc:ID")
        out.raw(scheme)
        out.endTag("cbc:ID")
        out.close("cac:TaxScheme")
        out.close("cac:PartyTaxScheme")
    }

    /// BG-15: only an intra-community supply of goods (`K`) needs it, for the deliver-to country
    /// (BR-IC-12), which is the buyer's; its delivery date is the invoice period (BR-IC-11).
    func writeDelivery(_ invoice: EInvoice, _ out: inout UBLOutput) {
        guard invoice.vatBreakdown.contains(where: { $0.tax.category == .intraCommunity }) else { return }
        out.open("cac:Delivery")
        out.open("cac:DeliveryLocation")
        out.open("cac:Address")
        out.open("cac:Country")
        out.leaf("cbc:IdentificationCode", invoice.buyer.address.country)
        out.close("cac:Country")
        out.close("cac:Address")
        out.close("cac:DeliveryLocation")
        out.close("cac:Delivery")
    }

    /// BG-16 and BT-20. A credit note's due date (BT-9) lives in its payment means, the only place
    /// `CreditNoteType` has for it.
    func writePayment(_ invoice: EInvoice, _ out: inout UBLOutput) {
        if let means = invoice.paymentMeans {
            out.open("cac:PaymentMeans")
            out.leaf("cbc:PaymentMeansCode", means.code.rawValue)
            if invoice.kind == .creditNote, let due = invoice.dueDate { out.leaf("cbc:PaymentDueDate", due) }
            if let reference = means.remittanceReference { out.leaf("cbc:PaymentID", reference) }
            if let account = means.payeeAccount {
                out.open("cac:PayeeFinancialAccount")
                out.leaf("cbc:ID", account.id)
                if let name = account.name { out.leaf("cbc:Name", name) }
                if let bic = account.bic {
                    out.open("cac:FinancialInstitutionBranch")
                    out.leaf("cbc:ID", bic)
                    out.close("cac:FinancialInstitutionBranch")
                }
                out.close("cac:PayeeFinancialAccount")
            }
            out.close("cac:PaymentMeans")
        }
        if let terms = invoice.paymentTerms {
            out.open("cac:PaymentTerms")
            out.leaf("cbc:Note", terms)
            out.close("cac:PaymentTerms")
        }
    }

    /// BT-22: the caller's note, then what the model holds that EN 16931 has no term for, each its
    /// own `cbc:Note`: the price-list conversion, the taxes a combined VAT rate adds up (Quebec), and
    /// the rate behind the VAT accounting currency.
    func writeNotes(_ invoice: EInvoice, _ out: inout UBLOutput) {
        if let note = invoice.note { out.leaf("cbc:Note", note) }
        if let conversion = invoice.conversion {
            // Amounts converted from USD: 1 USD = 0.9215 EUR (rate effective 2026-11-01).
            out.startLeaf("cbc:Note")
            out.raw("Amounts converted from ")
            out.escaped(conversion.from)
            out.raw(": 1 ")
            out.escaped(conversion.from)
            out.raw(" = ")
            out.trimmed(Int128(conversion.rate.units), scale: conversion.rate.scale)
            out.raw(" ")
            out.escaped(invoice.currency.code)
            out.raw(" (rate effective ")
            writeDateText(conversion.effective, &out)
            out.raw(").")
            out.endTag("cbc:Note")
        }
        for entry in invoice.vatBreakdown where !entry.components.isEmpty {
            // VAT 14.975 % on 1250.00 CAD: GST 5 % 62.50 CAD + QST 9.975 % 124.69 CAD.
            out.startLeaf("cbc:Note")
            out.raw("VAT ")
            out.percentText(rate: entry.tax.rate)
            out.raw(" % on ")
            out.amount(entry.taxable, digits: invoice.currency.minorUnits)
            out.raw(" ")
            out.escaped(invoice.currency.code)
            out.raw(":")
            for (index, component) in entry.components.enumerated() {
                out.raw(index == 0 ? " " : " + ")
                out.escaped(component.name)
                out.raw(" ")
                out.percentText(rate: component.rate)
                out.raw(" % ")
                out.amount(component.amount, digits: invoice.currency.minorUnits)
                out.raw(" ")
                out.escaped(invoice.currency.code)
            }
            out.raw(".")
            out.endTag("cbc:Note")
        }
        if let taxCurrency = invoice.taxCurrency, let rate = taxCurrency.rate {
            // VAT in EUR: 1 USD = 0.92 EUR (rate of 2026-11-01).
            out.startLeaf("cbc:Note")
            out.raw("VAT in ")
            out.escaped(taxCurrency.currency.code)
            out.raw(": 1 ")
            out.escaped(invoice.currency.code)
            out.raw(" = ")
            out.trimmed(Int128(rate.units), scale: rate.scale)
            out.raw(" ")
            out.escaped(taxCurrency.currency.code)
            if let date = taxCurrency.rateDate {
                out.raw(" (rate of ")
                writeDateText(date, &out)
                out.raw(")")
            }
            out.raw(".")
            out.endTag("cbc:Note")
        }
    }

    private func writeDateText(_ date: CalendarDate, _ out: inout UBLOutput) {
        out.signed(Int128(date.year), fractionDigits: 0)
        out.raw("-")
        if date.month < 10 { out.raw("0") }
        out.signed(Int128(date.month), fractionDigits: 0)
        out.raw("-")
        if date.day < 10 { out.raw("0") }
        out.signed(Int128(date.day), fractionDigits: 0)
    }
}
