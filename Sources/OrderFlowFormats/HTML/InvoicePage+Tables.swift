import OrderFlowCore

extension InvoicePage.Page {
    // MARK: Lines

    /// BG-25: description (with the seller's item id and the line's own period), quantity, unit
    /// price (per base quantity when it is not 1), the line's allowance, VAT, net.
    func lines(_ out: inout HTMLOutput) {
        out.raw("<h2>Lines</h2>\n<table>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Description</th>")
        out.raw("<th scope=\"col\" class=\"n\">Quantity</th><th scope=\"col\" class=\"n\">Unit price</th>")
        out.raw(
            "<th scope=\"col\" class=\"n\">Allowance</th><th scope=\"col\">VAT</th><th scope=\"col\" class=\"n\">Net (")
        out.shortText(invoice.currency.code)
        out.raw(")</th></tr></thead>\n<tbody>\n")
        for line in invoice.lines {
            out.raw("<tr><td>")
            out.shortText(line.id)
            out.raw("</td><td class=\"t\">")
            out.text(line.name)
            if line.sellerItemId != nil || line.period != nil {
                out.raw("<br><span class=\"s\">")
                if let item = line.sellerItemId {
                    out.raw("<span class=\"m\">")
                    out.text(item)
                    out.raw("</span>")
                    if line.period != nil { out.raw(" · ") }
                }
                if let period = line.period { Self.period(period, &out) }
                out.raw("</span>")
            }
            out.raw("</td><td class=\"n\">")
            Self.quantity(line.quantity, unitCode: line.unitCode, &out)
            out.raw("</td><td class=\"n\">")
            out.amount(line.price.amount, digits: digits)
            if line.price.baseQuantity != 1 {
                out.raw("<br><span class=\"s\">per ")
                Self.quantity(line.price.baseQuantity, unitCode: line.unitCode, &out)
                out.raw("</span>")
            }
            out.raw("</td><td class=\"n\">")
            if let allowance = line.allowance {
                out.amount(-Int128(allowance.amount), digits: digits)
                out.raw("<br><span class=\"s\">")
                out.text(allowance.reason)
                if let percent = allowance.percent {
                    out.raw(" · ")
                    out.decimal(percent)
                    out.raw(" %")
                    if let base = allowance.baseAmount {
                        out.raw(" of ")
                        out.amount(base, digits: digits)
                    }
                }
                out.raw("</span>")
            } else {
                out.raw("—")
            }
            out.raw("</td><td class=\"nw\">")
            Self.taxShort(line.tax, &out)
            out.raw("</td><td class=\"n\">")
            out.amount(line.netAmount, digits: digits)
            out.raw("</td></tr>\n")
        }
        out.raw("</tbody>\n</table>\n")
    }

    /// `15`, `1 year`, `3 months`; a unit code the page has no word for is written as it is.
    static func quantity(_ quantity: Int64, unitCode: String, _ out: inout HTMLOutput) {
        out.integer(quantity)
        let one = quantity == 1
        switch unitCode {
        case "C62", "H87", "EA": return
        case "ANN": out.raw(one ? " year" : " years")
        case "MON": out.raw(one ? " month" : " months")
        case "WEE": out.raw(one ? " week" : " weeks")
        case "DAY": out.raw(one ? " day" : " days")
        case "HUR": out.raw(one ? " hour" : " hours")
        default:
            out.raw(" ")
            out.shortText(unitCode)
        }
    }

    /// `S 19 %`, `AE 0 %`, `O`: the category code (its name on hover) and the rate.
    static func taxShort(_ tax: EInvoice.TaxCategory, _ out: inout HTMLOutput) {
        out.raw("<abbr title=\"")
        out.raw(categoryName(tax.category))
        out.raw("\">")
        out.text(tax.category.rawValue)
        out.raw("</abbr>")
        if tax.category.hasRate {
            out.raw(" ")
            out.percent(rate: tax.rate)
            out.raw(" %")
        }
    }

    /// UNCL 5305 names, as EN 16931 uses them.
    static func categoryName(_ category: EInvoice.VATCategory) -> StaticString {
        switch category {
        case .standard: return "Standard rate"
        case .zeroRated: return "Zero rated"
        case .exempt: return "Exempt from VAT"
        case .reverseCharge: return "Reverse charge"
        case .intraCommunity: return "Intra-Community supply"
        case .export: return "Export outside the EU"
        case .notSubject: return "Not subject to VAT"
        case .canaryIslands: return "Canary Islands IGIC"
        case .ceutaMelilla: return "Ceuta and Melilla IPSI"
        }
    }

    // MARK: Document allowances

    /// BG-20: the fixed-amount promos on the whole document.
    func allowances(_ out: inout HTMLOutput) {
        guard !invoice.allowances.isEmpty else { return }
        out.raw("<h2>Allowances on the whole ")
        out.raw(isCredit ? "credit note" : "invoice")
        out.raw("</h2>\n<table>\n<thead><tr><th scope=\"col\">Reason</th><th scope=\"col\">VAT</th>")
        out.raw("<th scope=\"col\" class=\"n\">Amount (")
        out.shortText(invoice.currency.code)
        out.raw(")</th></tr></thead>\n<tbody>\n")
        for allowance in invoice.allowances {
            out.raw("<tr><td class=\"t\">")
            out.textOrDash(allowance.reason)
            out.raw("</td><td class=\"nw\">")
            Self.taxShort(allowance.tax, &out)
            out.raw("</td><td class=\"n\">")
            out.amount(-Int128(allowance.amount), digits: digits)
            out.raw("</td></tr>\n")
        }
        out.raw("</tbody>\n</table>\n")
    }

    // MARK: VAT breakdown

    /// BG-23, one row per category and rate, each combined rate followed by the taxes it adds up
    /// (Quebec: GST and QST), and the reverse-charge statement with both VAT ids.
    func breakdown(_ out: inout HTMLOutput) {
        out.raw("<h2>VAT breakdown</h2>\n<table>\n<thead><tr><th scope=\"col\">Category</th>")
        out.raw("<th scope=\"col\" class=\"n\">Rate</th><th scope=\"col\" class=\"n\">Taxable (")
        out.shortText(invoice.currency.code)
        out.raw(")</th><th scope=\"col\" class=\"n\">VAT (")
        out.shortText(invoice.currency.code)
        out.raw(")</th><th scope=\"col\">Exemption reason</th></tr></thead>\n<tbody>\n")
        for entry in invoice.vatBreakdown {
            out.raw("<tr><td>")
            out.raw(Self.categoryName(entry.tax.category))
            out.raw(" (")
            out.text(entry.tax.category.rawValue)
            out.raw(")</td><td class=\"n\">")
            if entry.tax.category.hasRate {
                out.percent(rate: entry.tax.rate)
                out.raw(" %")
            } else {
                out.raw("—")
            }
            out.raw("</td><td class=\"n\">")
            out.amount(entry.taxable, digits: digits)
            out.raw("</td><td class=\"n\">")
            out.amount(entry.amount, digits: digits)
            out.raw("</td><td class=\"t\">")
            if entry.exemptionReason == nil && entry.exemptionReasonCode == nil { out.raw("—") }
            if let reason = entry.exemptionReason { out.text(reason) }
            if let code = entry.exemptionReasonCode {
                out.raw(entry.exemptionReason == nil ? "<span class=\"m\">" : " <span class=\"m s\">")
                out.text(code)
                out.raw("</span>")
            }
            out.raw("</td></tr>\n")
            for component in entry.components {
                // of which GST 5 %: 62.50
                out.raw("<tr class=\"s\"><td class=\"t\">of which ")
                out.text(component.name)
                out.raw("</td><td class=\"n\">")
                out.percent(rate: component.rate)
                out.raw(" %</td><td></td><td class=\"n\">")
                out.amount(component.amount, digits: digits)
                out.raw("</td><td></td></tr>\n")
            }
        }
        out.raw("</tbody>\n</table>\n")
        let categories = invoice.vatBreakdown.map(\.tax.category) + invoice.lines.map(\.tax.category)
        if categories.contains(.reverseCharge) {
            out.raw(
                "<p class=\"note\"><strong>Reverse charge</strong>: the buyer accounts for the VAT. Seller's VAT id ")
            out.raw("<span class=\"m\">")
            out.textOrDash(invoice.seller.vatId)
            out.raw("</span>, buyer's VAT id <span class=\"m\">")
            out.textOrDash(invoice.buyer.vatId)
            out.raw("</span>.</p>\n")
        }
    }
}
