import OrderFlowCore

/// Renders an ``EInvoice`` as the page a person reads and prints beside its UBL document:
/// `invoices/<number>.html` (Outputs.md).
///
/// ```
///   EInvoice ──▶ head · title · seller │ buyer │ dates · lines · allowances · VAT breakdown
///                · totals · payment · notes · footer ──▶ UTF-8 bytes (self-contained HTML5)
/// ```
///
/// - The same data as ``UBLWriter``'s document, from the same value; nothing is computed here but
///   the text of what the model states (amounts, rates, dates), so the page and the XML cannot
///   disagree. It does not check the value: ``UBLWriter`` refuses an invalid one first.
/// - Amounts have exactly the currency's decimals (`1234` JPY, `12.30` EUR, `1.250` BHD), written
///   from integer minor units (``HTMLOutput/amount(_:digits:)``).
/// - Every value is escaped (``HTMLText``); no script, no external asset, one short style sheet
///   (``HTMLPage``), A4 print rules.
/// - Deterministic: the same value gives the same bytes (no clock, no ids, no dictionary order).
public enum InvoicePage {
    /// `invoices/<number>.html`: where the page goes in the batch folder (the number as it is; the
    /// pipeline only allocates numbers that are safe file names).
    public static func path(forNumber number: String) -> String { "invoices/" + number + ".html" }

    /// The page as UTF-8 bytes.
    public static func render(_ invoice: EInvoice) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(6144 + invoice.lines.count * 640)
        write(invoice, to: &bytes)
        return bytes
    }

    /// Appends the page to `sink` (a buffer reused across a batch).
    public static func write(_ invoice: EInvoice, to sink: inout [UInt8]) {
        var out = HTMLOutput()
        swap(&out.bytes, &sink)  // writes straight into the caller's storage, no copy
        defer { swap(&out.bytes, &sink) }
        let page = Page(invoice: invoice)
        HTMLPage.begin(title: page.title, &out)
        page.header(&out)
        page.parties(&out)
        page.lines(&out)
        page.allowances(&out)
        page.breakdown(&out)
        page.totals(&out)
        page.payment(&out)
        page.notes(&out)
        page.footer(&out)
        HTMLPage.end(&out)
    }

    /// One invoice's page, section by section.
    struct Page {
        let invoice: EInvoice
        var digits: Int { invoice.currency.minorUnits }
        var isCredit: Bool { invoice.kind == .creditNote }

        /// `Invoice ACME-2026-000001` or `Credit note ACME-2026-000007`.
        func title(_ out: inout HTMLOutput) {
            out.raw(isCredit ? "Credit note " : "Invoice ")
            out.text(invoice.number)
        }

        /// `12.30 EUR`; `Int128`, so that a negated amount never overflows.
        func money(_ minorUnits: Int128, _ out: inout HTMLOutput) {
            out.amount(minorUnits, digits: digits)
            out.raw(" ")
            out.shortText(invoice.currency.code)
        }

        // MARK: Title, parties, dates

        /// The title and, for a credit note, the invoice it corrects.
        func header(_ out: inout HTMLOutput) {
            out.raw("<header>\n<h1>")
            title(&out)
            out.raw("</h1>\n")
            if let preceding = invoice.precedingInvoice {
                out.raw("<p>Corrects invoice <strong>")
                out.text(preceding.number)
                out.raw("</strong>")
                if let date = preceding.issueDate {
                    out.raw(" of ")
                    out.date(date)
                }
                out.raw(".</p>\n")
            }
            out.raw("</header>\n")
        }

        /// Dates, references, currency and exchange rate: the third column beside the parties.
        func details(_ out: inout HTMLOutput) {
            out.raw("<section>\n<h2>Details</h2>\n<dl>\n<dt>Issue date</dt><dd>")
            out.date(invoice.issueDate)
            out.raw("</dd>\n")
            if let due = invoice.dueDate {
                out.raw(isCredit ? "<dt>Settlement date</dt><dd>" : "<dt>Due date</dt><dd>")
                out.date(due)
                out.raw("</dd>\n")
            }
            if let period = invoice.period {
                out.raw("<dt>Service period</dt><dd>")
                Self.period(period, &out)
                out.raw("</dd>\n")
            }
            if let order = invoice.orderReference {
                out.raw("<dt>Order</dt><dd>")
                out.text(order)
                out.raw("</dd>\n")
            }
            if let reference = invoice.buyerReference {
                out.raw("<dt>Your reference</dt><dd>")
                out.text(reference)
                out.raw("</dd>\n")
            }
            out.raw("<dt>Currency</dt><dd>")
            out.shortText(invoice.currency.code)
            out.raw("</dd>\n")
            if let conversion = invoice.conversion {
                // Exchange rate: 1 USD = 0.9215 EUR (effective 2026-11-01)
                out.raw("<dt>Exchange rate</dt><dd>1 ")
                out.text(conversion.from)
                out.raw(" = ")
                out.decimal(conversion.rate)
                out.raw(" ")
                out.shortText(invoice.currency.code)
                out.raw(" (effective ")
                out.date(conversion.effective)
                out.raw("); the amounts are converted from the ")
                out.text(conversion.from)
                out.raw(" price list</dd>\n")
            }
            out.raw("</dl>\n</section>\n")
        }

        /// `2026-11-22 – 2027-11-21` (both days included); a narrow column breaks it at the dash,
        /// never inside a date.
        static func period(_ period: EInvoice.Period, _ out: inout HTMLOutput) {
            out.raw("<span class=\"nw\">")
            out.date(period.start)
            out.raw("</span> – <span class=\"nw\">")
            out.date(period.end)
            out.raw("</span>")
        }

        // MARK: Parties

        func parties(_ out: inout HTMLOutput) {
            out.raw("<div class=\"cols\">\n")
            party("Seller", invoice.seller, &out)
            party("Buyer", invoice.buyer, &out)
            details(&out)
            out.raw("</div>\n")
        }

        private func party(_ role: StaticString, _ party: EInvoice.Party, _ out: inout HTMLOutput) {
            out.raw("<section>\n<h2>")
            out.raw(role)
            out.raw("</h2>\n<p><strong>")
            out.text(party.name)
            out.raw("</strong>")
            let address = party.address
            for line in [address.street, address.additionalStreet] {
                guard let line, !line.isEmpty else { continue }
                out.raw("<br>")
                out.text(line)
            }
            var region = address.region.flatMap { $0.isEmpty ? nil : $0 }
            // `80331 München`; North America and Australia write `Montréal QC H2X 1Z4`.
            let parts =
                Self.cityFirst.contains(address.country)
                ? [address.city, region, address.postcode] : [address.postcode, address.city]
            if Self.cityFirst.contains(address.country) { region = nil }
            var first = true
            for part in parts {
                guard let part, !part.isEmpty else { continue }
                out.raw(first ? "<br>" : " ")
                out.text(part)
                first = false
            }
            out.raw("<br>")
            if let region {
                out.text(region)
                out.raw(", ")
            }
            out.text(address.country)
            out.raw("</p>\n")
            if party.vatId != nil || party.taxRegistrationId != nil || party.companyId != nil {
                out.raw("<dl>\n")
                if let vatId = party.vatId {
                    out.raw("<dt>VAT id</dt><dd class=\"m\">")
                    out.text(vatId)
                    out.raw("</dd>\n")
                }
                if let registration = party.taxRegistrationId {
                    out.raw("<dt>Tax registration</dt><dd class=\"m\">")
                    out.text(registration)
                    out.raw("</dd>\n")
                }
                if let companyId = party.companyId {
                    out.raw("<dt>Company id</dt><dd class=\"m\">")
                    out.text(companyId)
                    out.raw("</dd>\n")
                }
                out.raw("</dl>\n")
            }
            out.raw("</section>\n")
        }

        /// Countries whose addresses put the city before the region and the postcode.
        static let cityFirst: Set<String> = ["US", "CA", "AU"]

        // MARK: Totals

        func totals(_ out: inout HTMLOutput) {
            let totals = invoice.totals
            out.raw("<h2>Totals</h2>\n<table class=\"sum\">\n<tbody>\n")
            row("Sum of line net amounts", Int128(totals.lineNet), &out)
            if !invoice.allowances.isEmpty || totals.allowances != 0 {
                row("Allowances", -Int128(totals.allowances), &out)
            }
            row("Total without VAT", Int128(totals.taxExclusive), &out)
            row("VAT", Int128(totals.tax), &out)
            if let taxCurrency = invoice.taxCurrency {
                out.raw("<tr><th scope=\"row\">VAT in ")
                out.shortText(taxCurrency.currency.code)
                out.raw("</th><td class=\"n\">")
                out.amount(taxCurrency.tax, digits: taxCurrency.currency.minorUnits)
                out.raw(" ")
                out.shortText(taxCurrency.currency.code)
                out.raw("</td></tr>\n")
            }
            row("Total with VAT", Int128(totals.taxInclusive), &out)
            if totals.paid != 0 { row("Paid", -Int128(totals.paid), &out) }
            out.raw("<tr class=\"due\"><th scope=\"row\">")
            out.raw(isCredit ? "Amount credited" : "Amount due")
            out.raw("</th><td class=\"n\">")
            money(Int128(totals.payable), &out)
            out.raw("</td></tr>\n</tbody>\n</table>\n")
        }

        private func row(_ label: StaticString, _ amount: Int128, _ out: inout HTMLOutput) {
            out.raw("<tr><th scope=\"row\">")
            out.raw(label)
            out.raw("</th><td class=\"n\">")
            money(amount, &out)
            out.raw("</td></tr>\n")
        }

        // MARK: Payment

        func payment(_ out: inout HTMLOutput) {
            guard invoice.paymentMeans != nil || invoice.paymentTerms != nil else { return }
            out.raw("<h2>Payment</h2>\n")
            if !isCredit, let reference = invoice.paymentMeans?.remittanceReference {
                // Pay 539.74 EUR by 2026-12-06 with the reference RF… (the sentence a payer acts on).
                out.raw("<p class=\"note\">Please pay <strong>")
                money(Int128(invoice.totals.payable), &out)
                out.raw("</strong>")
                if let due = invoice.dueDate {
                    out.raw(" by <strong>")
                    out.date(due)
                    out.raw("</strong>")
                }
                out.raw(" quoting the reference <strong class=\"m\">")
                out.text(reference)
                out.raw("</strong>.</p>\n")
            }
            out.raw("<dl class=\"two\">\n")
            if let terms = invoice.paymentTerms {
                out.raw("<dt>Terms</dt><dd>")
                out.text(terms)
                out.raw("</dd>\n")
            }
            if let means = invoice.paymentMeans {
                out.raw("<dt>Means</dt><dd>")
                switch means.code {
                case .sepaCreditTransfer: out.raw("SEPA credit transfer")
                case .creditTransfer: out.raw("Credit transfer")
                case .notDefined: out.raw("Not specified")
                }
                out.raw("</dd>\n")
                if let account = means.payeeAccount {
                    out.raw("<dt>Account</dt><dd class=\"m\">")
                    out.text(account.id)
                    out.raw("</dd>\n")
                    if let name = account.name {
                        out.raw("<dt>Account holder</dt><dd>")
                        out.text(name)
                        out.raw("</dd>\n")
                    }
                    if let bic = account.bic {
                        out.raw("<dt>BIC</dt><dd class=\"m\">")
                        out.text(bic)
                        out.raw("</dd>\n")
                    }
                }
                if let reference = means.remittanceReference {
                    out.raw("<dt>Reference</dt><dd class=\"m\">")
                    out.text(reference)
                    out.raw("</dd>\n")
                }
            }
            out.raw("</dl>\n")
        }

        // MARK: Notes and footer

        /// BT-22 and what the UBL document writes as notes: the caller's note, the taxes a combined
        /// rate adds up (written with the breakdown) and the VAT accounting currency's rate.
        func notes(_ out: inout HTMLOutput) {
            let rate = invoice.taxCurrency.flatMap { tax in tax.rate.map { (tax, $0) } }
            guard invoice.note != nil || rate != nil else { return }
            out.raw("<h2>Notes</h2>\n")
            if let note = invoice.note {
                out.raw("<p>")
                out.text(note)
                out.raw("</p>\n")
            }
            if let (taxCurrency, rate) = rate {
                // VAT in EUR: 1 USD = 0.92 EUR (rate of 2026-11-01).
                out.raw("<p>VAT in ")
                out.shortText(taxCurrency.currency.code)
                out.raw(": 1 ")
                out.shortText(invoice.currency.code)
                out.raw(" = ")
                out.decimal(rate)
                out.raw(" ")
                out.shortText(taxCurrency.currency.code)
                if let date = taxCurrency.rateDate {
                    out.raw(" (rate of ")
                    out.date(date)
                    out.raw(")")
                }
                out.raw(".</p>\n")
            }
        }

        func footer(_ out: inout HTMLOutput) {
            out.raw("<footer>\n<p class=\"s\">")
            out.raw(isCredit ? "This credit note" : "This invoice")
            out.raw(" is also the e-invoice <a href=\"")
            out.pathSegment(invoice.number)
            out.raw(".xml\">")
            out.text(invoice.number)
            out.raw(".xml</a> (UBL 2.1, EN 16931); this page shows the same data for reading and printing.</p>\n")
            out.raw("</footer>\n")
        }
    }
}
