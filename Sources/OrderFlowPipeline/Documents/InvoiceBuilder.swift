import OrderFlowCore
import OrderFlowFormats

/// Turns what the ledger holds for one document (``DocumentSource``) and the catalog's reseller
/// into the EN 16931 invoice or credit note (Invoices.md, where each field comes from).
///
/// The amounts are pricing's, never computed again: the lines as charged, the document's net,
/// tax and total. Only a tax-inclusive reseller's lines are restated without tax, since EN 16931
/// wants net line amounts: the order's net is shared out over the lines in proportion to what
/// each cost, exactly, so that lines, allowances and the VAT breakdown add up to the cent.
struct InvoiceBuilder {
    let catalog: Catalog

    struct BuildError: Error, CustomStringConvertible {
        var description: String
    }

    func build(_ source: DocumentSource) throws -> EInvoice {
        guard let reseller = catalog.reseller(id: source.reseller) else {
            throw BuildError(description: "document \(source.number): the catalog has no reseller \(source.reseller)")
        }
        let priced = source.priced
        let tax = Self.taxCategory(priced)
        let notSubject = tax.category == .notSubject
        let restated = reseller.taxMode == .inclusive ? Self.restatedWithoutTax(priced) : nil
        var lines: [EInvoice.Line] = []
        for (index, line) in priced.lines.enumerated() {
            let amount = restated?.lines[index].amount ?? line.amount
            let discount = restated?.lines[index].discount ?? line.discount
            lines.append(
                EInvoice.Line(
                    id: String(index + 1), name: line.description, sellerItemId: line.resourceId ?? source.planId,
                    quantity: line.quantity, price: EInvoice.UnitPrice(lineAmount: amount, quantity: line.quantity),
                    allowance: discount > 0
                        ? EInvoice.LineAllowance(amount: discount, baseAmount: amount, reason: Self.promoReason(priced)) : nil,
                    netAmount: amount - discount, tax: tax))
        }
        let documentDiscount = restated?.documentDiscount ?? priced.documentDiscount
        let allowances =
            documentDiscount > 0
            ? [EInvoice.DocumentAllowance(amount: documentDiscount, reason: Self.promoReason(priced), tax: tax)] : []
        let lineNet = lines.reduce(0) { $0 + $1.netAmount }
        let breakdown =
            tax.category.charges || tax.category == .zeroRated
            ? EInvoice.VATBreakdown(
                tax: tax, taxable: priced.net, amount: priced.tax,
                components: priced.taxes.count > 1
                    ? priced.taxes.map { EInvoice.TaxComponent(name: $0.name, rate: $0.rate, amount: $0.amount) } : [])
            : Self.untaxed(tax.category, taxable: priced.net, taxes: priced.taxes)
        return EInvoice(
            kind: source.kind == .invoice ? .invoice : .creditNote, number: source.number, issueDate: source.issueDate,
            dueDate: source.kind == .invoice ? source.payment?.dueDate : nil, currency: priced.currency,
            conversion: try conversion(priced, planId: source.planId),
            note: ([Self.note(source)] + [Self.otherRegistrations(reseller)].compactMap { $0 }).joined(separator: ". "),
            orderReference: source.salesOrderId,
            precedingInvoice: source.correctedInvoice.map {
                EInvoice.PrecedingInvoice(number: $0.number, issueDate: $0.issueDate)
            },
            period: source.servicePeriod.map { EInvoice.Period(start: $0.start, endExclusive: $0.end) },
            seller: Self.seller(reseller, notSubject: notSubject),
            buyer: Self.buyer(source.buyer, notSubject: notSubject),
            paymentMeans: source.kind == .invoice ? Self.paymentMeans(reseller, source.payment) : nil,
            paymentTerms: Self.paymentTerms(source, reseller: reseller),
            lines: lines, allowances: allowances, vatBreakdown: [breakdown],
            totals: EInvoice.Totals(
                lineNet: lineNet, allowances: documentDiscount, taxExclusive: priced.net, tax: priced.tax,
                taxInclusive: priced.total, paid: source.prepaid, payable: priced.total - source.prepaid))
    }

    // MARK: Taxes

    /// One category and rate for the whole document: pricing taxes the document's net, so every
    /// line carries the same taxes; two taxes on one base (GST and QST) are one rate, their sum.
    static func taxCategory(_ priced: PricedOrder) -> EInvoice.TaxCategory {
        let category = EInvoice.VATCategory(rawValue: priced.vatCategory) ?? .standard
        guard category.hasRate else { return EInvoice.TaxCategory(category) }
        guard category.charges else { return EInvoice.TaxCategory(category) }
        let scale = priced.taxes.map(\.rate.scale).max() ?? ScaledDecimal.Scale.rate
        var units: Int64 = 0
        for tax in priced.taxes { units += tax.rate.units * Self.power10(scale - tax.rate.scale) }
        return EInvoice.TaxCategory(category, rate: ScaledDecimal(units: units, scale: scale))
    }

    private static func power10(_ exponent: Int) -> Int64 {
        var value: Int64 = 1
        for _ in 0..<max(exponent, 0) { value *= 10 }
        return value
    }

    /// A category that charges nothing, with why: reverse charge and not subject have the
    /// standard wording; an exempt rule gives its own name as the reason.
    static func untaxed(_ category: EInvoice.VATCategory, taxable: Int64, taxes: [TaxLine]) -> EInvoice.VATBreakdown {
        var entry = EInvoice.VATBreakdown.untaxed(category, taxable: taxable)
        if entry.exemptionReason == nil, entry.exemptionReasonCode == nil, category.needsExemptionReason {
            entry.exemptionReason = taxes.first.map { "Exempt from VAT (\($0.name))" } ?? "Exempt from VAT"
        }
        return entry
    }

    // MARK: Tax-inclusive prices

    struct Restated {
        var lines: [(amount: Int64, discount: Int64)]
        var documentDiscount: Int64
    }

    /// Lines and allowances without tax for a tax-inclusive reseller (Pricing.md, step 4): the
    /// order's net N is shared out over the lines in proportion to each line's gross after its
    /// discount (largest remainder, ties to the earlier line); a fixed promo is restated as
    /// round(discount × N / G) and added to the lines' share so that lines − allowance = N.
    static func restatedWithoutTax(_ priced: PricedOrder) -> Restated {
        let grossLines = priced.lines.map { $0.amount - $0.discount }
        let gross = Int128(grossLines.reduce(0, +) - priced.documentDiscount)
        guard gross > 0 else {
            return Restated(lines: priced.lines.map { ($0.amount, $0.discount) }, documentDiscount: priced.documentDiscount)
        }
        let net = Int128(priced.net)
        let allowance = priced.documentDiscount > 0 ? Self.rounded(Int128(priced.documentDiscount) * net, gross) : 0
        let target = net + allowance
        let linesGross = Int128(grossLines.reduce(0, +))
        var shares = grossLines.map { linesGross > 0 ? Int128($0) * target / linesGross : 0 }
        var left = target - shares.reduce(0, +)
        let order = grossLines.indices.sorted { lhs, rhs in
            let l = linesGross > 0 ? Int128(grossLines[lhs]) * target % linesGross : 0
            let r = linesGross > 0 ? Int128(grossLines[rhs]) * target % linesGross : 0
            return l != r ? l > r : lhs < rhs
        }
        for index in order where left > 0 {
            shares[index] += 1
            left -= 1
        }
        var lines: [(amount: Int64, discount: Int64)] = []
        for (index, line) in priced.lines.enumerated() {
            let share = Int64(shares[index])
            // A discounted line keeps its discount in the same proportion, so price − discount = share.
            let discount = line.discount > 0 && line.amount > 0
                ? Int64(Self.rounded(Int128(line.discount) * Int128(share), Int128(line.amount - line.discount))) : 0
            lines.append((share + discount, discount))
        }
        return Restated(lines: lines, documentDiscount: Int64(allowance))
    }

    /// `numerator / denominator` rounded half up (both ≥ 0, denominator > 0).
    private static func rounded(_ numerator: Int128, _ denominator: Int128) -> Int128 {
        guard denominator > 0 else { return 0 }
        return (2 * numerator + denominator) / (2 * denominator)
    }

    // MARK: Parties and payment

    /// The reseller as seller. A `vatId` that starts with two letters (`DE811907980`) is a VAT id
    /// (BT-31, which must carry its country prefix: BR-CO-09); another form, such as a Canadian
    /// business number or a Japanese registration (`T1234567890123`), is the seller's tax
    /// registration (BT-32), and then `taxRegistrationId` is named in a note instead.
    static func seller(_ reseller: Reseller, notSubject: Bool) -> EInvoice.Party {
        var vatId: String?, registration: String?
        if let id = reseller.vatId, hasCountryPrefix(id) {
            (vatId, registration) = (id, reseller.taxRegistrationId)
        } else {
            registration = reseller.vatId ?? reseller.taxRegistrationId
        }
        return EInvoice.Party(
            name: reseller.name,
            address: EInvoice.Address(
                street: reseller.address.street, city: reseller.address.city, postcode: reseller.address.postalCode,
                region: reseller.address.region, country: reseller.country),
            // Not subject to VAT: no VAT id may appear (BR-O-02); the register number identifies the seller.
            vatId: notSubject ? nil : vatId, taxRegistrationId: notSubject ? nil : registration,
            companyId: reseller.companyId, identifier: reseller.id)
    }

    /// The registrations printed only in the note: a second one when the first took BT-32.
    static func otherRegistrations(_ reseller: Reseller) -> String? {
        guard let id = reseller.vatId, !hasCountryPrefix(id), let second = reseller.taxRegistrationId else { return nil }
        return "Seller's tax registrations: \(id), \(second)"
    }

    static func hasCountryPrefix(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        return bytes.count > 2 && bytes[0...1].allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }

    static func buyer(_ buyer: DocumentSource.Buyer, notSubject: Bool) -> EInvoice.Party {
        EInvoice.Party(
            name: buyer.companyName ?? buyer.contactName ?? buyer.accountId ?? "",
            address: EInvoice.Address(
                street: buyer.addressLine1, city: buyer.city, postcode: buyer.postalCode, region: buyer.region,
                country: buyer.country),
            vatId: notSubject ? nil : buyer.vatId, identifier: buyer.accountId)
    }

    /// A SEPA transfer to an IBAN, another transfer to an account elsewhere, and without an
    /// account on file the creditor reference alone.
    static func paymentMeans(_ reseller: Reseller, _ payment: DocumentSource.Payment?) -> EInvoice.PaymentMeans? {
        guard let payment else { return nil }
        guard let account = reseller.bankAccount else {
            return EInvoice.PaymentMeans(code: .notDefined, remittanceReference: payment.remittanceReference)
        }
        return EInvoice.PaymentMeans(
            code: IBAN.isValid(account) ? .sepaCreditTransfer : .creditTransfer,
            remittanceReference: payment.remittanceReference,
            payeeAccount: EInvoice.PayeeAccount(id: account, name: reseller.name, bic: reseller.bankId))
    }

    static func paymentTerms(_ source: DocumentSource, reseller: Reseller) -> String? {
        switch source.kind {
        case .invoice:
            let fromBalance = source.prepaid > 0
                ? " \(Money.format(source.prepaid, minorUnits: source.priced.currency.minorUnits)) was paid from the balance of account \(source.buyer.accountId ?? "")."
                : ""
            guard let payment = source.payment else {
                return fromBalance.isEmpty ? nil : "Nothing is due:" + fromBalance
            }
            return "Payable by \(payment.dueDate) quoting \(payment.remittanceReference)." + fromBalance
        case .creditNote:
            let invoice = source.correctedInvoice.map { " invoice \($0.number)" } ?? " the invoice"
            return "Cancels\(invoice): an open payment is voided, what was paid is credited to account \(source.buyer.accountId ?? "")."
        }
    }

    static func note(_ source: DocumentSource) -> String {
        var parts = ["\(source.action.capitalized) \(source.ref)", "sales order \(source.salesOrderId)"]
        if let subscription = source.subscriptionId { parts.append("subscription \(subscription)") }
        return parts.joined(separator: ", ")
    }

    static func promoReason(_ priced: PricedOrder) -> String {
        priced.promoCode.map { "Promo \($0)" } ?? "Discount"
    }

    /// The plan's price-list currency and the rate pricing used, when it is not the document's.
    func conversion(_ priced: PricedOrder, planId: String) throws -> EInvoice.Conversion? {
        guard let effective = priced.rateEffective else { return nil }
        guard let plan = catalog.plan(id: planId) else {
            throw BuildError(description: "the catalog has no plan \(planId) to name the currency it was priced in")
        }
        return EInvoice.Conversion(from: plan.plan.currency.code, rate: priced.exchangeRate, effective: effective)
    }
}
