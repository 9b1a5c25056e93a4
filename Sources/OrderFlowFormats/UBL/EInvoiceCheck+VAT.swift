import OrderFlowCore

extension EInvoice.VATCategory {
    /// The prefix of CEN's rules for this category: `BR-S`, `BR-AE`, `BR-IC` (K), `BR-AF` (L), …
    var rulePrefix: String {
        switch self {
        case .standard: return "BR-S"
        case .zeroRated: return "BR-Z"
        case .exempt: return "BR-E"
        case .reverseCharge: return "BR-AE"
        case .intraCommunity: return "BR-IC"
        case .export: return "BR-G"
        case .notSubject: return "BR-O"
        case .canaryIslands: return "BR-AF"
        case .ceutaMelilla: return "BR-AG"
        }
    }
}

extension EInvoiceCheck {
    // MARK: BG-23 sums and BR-CO-17

    static func checkBreakdown(_ invoice: EInvoice, _ findings: inout [EInvoiceFinding]) {
        let money = MoneyText(currency: invoice.currency)
        let breakdown = invoice.vatBreakdown
        if breakdown.isEmpty {
            findings.append(EInvoiceFinding(rule: "BR-CO-18", message: "a document needs a VAT breakdown (BG-23)"))
        }
        for (index, entry) in breakdown.enumerated() {
            let label = BreakdownLabel(tax: entry.tax)
            if breakdown[..<index].contains(where: { $0.tax.matches(entry.tax) }) {
                findings.append(EInvoiceFinding(rule: "OF-VAT-UNIQUE", message: "\(label) appears twice"))
                continue
            }
            // BR-S-08 and its siblings: taxable = Σ line nets − Σ allowances of this category and rate.
            var expected: Int128 = 0
            for line in invoice.lines where line.tax.matches(entry.tax) { expected += Int128(line.netAmount) }
            for allowance in invoice.allowances where allowance.tax.matches(entry.tax) {
                expected -= Int128(allowance.amount)
            }
            if Int128(entry.taxable) != expected {
                findings.append(
                    EInvoiceFinding(
                        rule: entry.tax.category.rulePrefix + "-08",
                        message: "\(label)'s taxable amount (BT-116) is \(money(entry.taxable)), but its lines less "
                            + "its allowances come to \(money(expected))"))
            }
            checkTaxAmount(entry, label, money, &findings)
            checkComponents(entry, label, money, &findings)
        }
        var categories: [EInvoice.TaxCategory] = invoice.lines.map(\.tax)
        categories += invoice.allowances.map(\.tax)
        for (index, tax) in categories.enumerated()
        where !categories[..<index].contains(where: { $0.matches(tax) })
            && !breakdown.contains(where: { $0.tax.matches(tax) })
        {
            findings.append(
                EInvoiceFinding(
                    rule: tax.category.rulePrefix + "-01",
                    message: "lines or allowances of category \(tax.category.rawValue) at \(percentText(tax.rate)) % "
                        + "have no VAT breakdown"))
        }
    }

    /// BR-CO-17, twice: as the CEN artifact checks it (the tax within one whole currency unit of the
    /// taxable amount × rate rounded to two decimals), and as tightly as OrderFlow's pricing
    /// guarantees (`OF-TAX-ROUNDING`). Each of k taxes is rounded once: exclusive, |tax − taxable ×
    /// rate| ≤ k/2 minor units; inclusive (Pricing.md, step 4: the net is what the taxes leave of the
    /// gross), ≤ k/2 × (1 + rate). The looser bound holds for both.
    private static func checkTaxAmount(
        _ entry: EInvoice.VATBreakdown, _ label: BreakdownLabel, _ money: MoneyText, _ findings: inout [EInvoiceFinding]
    ) {
        let category = entry.tax.category
        guard category.charges else {
            if entry.amount != 0 {
                findings.append(
                    EInvoiceFinding(
                        rule: category.rulePrefix + "-09",
                        message: "\(label) charges no tax, but states \(money(entry.amount))"))
            }
            return
        }
        let rate = entry.tax.rate
        let scale = ExactDivision.pow10(rate.scale)
        let rateUnits = Int128(rate.units)
        let digits = money.currency.minorUnits

        // The CEN test, on magnitudes, in units of 10^-m with m = max(digits, 2).
        let m = max(digits, 2)
        let widen = ExactDivision.pow10(m - digits)
        let taxM = Int128(entry.amount.magnitude) * widen
        let step = ExactDivision.pow10(m - 2)  // one hundredth of a currency unit
        let numerator = Int128(entry.taxable.magnitude) * widen * rateUnits
        let rounded = (ExactDivision.rounded(numerator, scale * step, .halfUp) ?? 0) * step
        if (taxM - rounded).magnitude >= UInt128(ExactDivision.pow10(m)) {
            findings.append(
                EInvoiceFinding(
                    rule: "BR-CO-17",
                    message: "\(label)'s tax (BT-117) is \(money(entry.amount)), more than one \(money.currency.code) "
                        + "away from \(money(entry.taxable)) × \(percentText(rate)) %"))
            return
        }

        // OrderFlow's bound: 2 × |tax × 10^s − taxable × rate| ≤ k × (10^s + rate).
        let taxes = Int128(max(entry.components.count, 1))
        let deviation = Int128(entry.amount) * scale - Int128(entry.taxable) * rateUnits
        if 2 * deviation.magnitude > UInt128(taxes * (scale + rateUnits)) {
            findings.append(
                EInvoiceFinding(
                    rule: "OF-TAX-ROUNDING",
                    message: "\(label)'s tax (BT-117) is \(money(entry.amount)), not \(money(entry.taxable)) × "
                        + "\(percentText(rate)) % rounded"))
        }
    }

    /// A combined entry (GST + QST) is exactly the sum of its taxes, in amount and in rate.
    private static func checkComponents(
        _ entry: EInvoice.VATBreakdown, _ label: BreakdownLabel, _ money: MoneyText, _ findings: inout [EInvoiceFinding]
    ) {
        guard !entry.components.isEmpty else { return }
        var sum: Int128 = 0
        for component in entry.components { sum += Int128(component.amount) }
        if sum != Int128(entry.amount) {
            findings.append(
                EInvoiceFinding(
                    rule: "OF-TAX-COMPONENTS",
                    message: "\(label)'s tax is \(money(entry.amount)), but its taxes add up to \(money(sum))"))
        }
        let rates = ScaledRate.sum(entry.components.map(\.rate))
        if rates.map({ ScaledRate.compare($0, entry.tax.rate) != 0 }) ?? true {
            findings.append(
                EInvoiceFinding(
                    rule: "OF-TAX-COMPONENTS", message: "\(label)'s rate is not the sum of its taxes' rates"))
        }
    }

    // MARK: Category rules

    static func checkCategories(_ invoice: EInvoice, _ findings: inout [EInvoiceFinding]) {
        var used: [EInvoice.VATCategory] = []
        for tax in invoice.lines.map(\.tax) + invoice.allowances.map(\.tax) + invoice.vatBreakdown.map(\.tax)
        where !used.contains(tax.category) {
            used.append(tax.category)
        }
        let seller = invoice.seller
        let buyer = invoice.buyer
        let sellerTaxId = nonEmpty(seller.vatId) ?? nonEmpty(seller.taxRegistrationId)
        for category in used {
            let prefix = category.rulePrefix
            switch category {
            case .notSubject:
                if seller.vatId != nil || buyer.vatId != nil {
                    findings.append(
                        EInvoiceFinding(
                            rule: "BR-O-02",
                            message: "a document not subject to VAT carries no VAT id, of the seller or the buyer"))
                }
                if used.count > 1 {
                    findings.append(
                        EInvoiceFinding(rule: "BR-O-11", message: "category O cannot share a document with another"))
                }
            case .reverseCharge:
                if sellerTaxId == nil || (nonEmpty(buyer.vatId) == nil && nonEmpty(buyer.companyId) == nil) {
                    findings.append(
                        EInvoiceFinding(
                            rule: prefix + "-02",
                            message: "category AE needs the seller's VAT id and the buyer's VAT id or registration"))
                }
            case .intraCommunity:
                if nonEmpty(seller.vatId) == nil || nonEmpty(buyer.vatId) == nil {
                    findings.append(
                        EInvoiceFinding(
                            rule: prefix + "-02",
                            message: "category \(category.rawValue) needs the seller's VAT id and the buyer's VAT id"))
                }
            case .standard, .zeroRated, .exempt, .export, .canaryIslands, .ceutaMelilla:
                if sellerTaxId == nil {
                    findings.append(
                        EInvoiceFinding(
                            rule: prefix + "-02", message: "category \(category.rawValue) needs the seller's VAT id"))
                }
            }
            if category == .intraCommunity, invoice.period == nil {
                findings.append(
                    EInvoiceFinding(
                        rule: "BR-IC-11", message: "category K needs the invoice period as its delivery date"))
            }
        }
        for tax in invoice.lines.map(\.tax) + invoice.allowances.map(\.tax) + invoice.vatBreakdown.map(\.tax)
        where !tax.category.charges && !tax.rate.isZero {
            findings.append(
                EInvoiceFinding(
                    rule: tax.category.rulePrefix + "-05",
                    message: "category \(tax.category.rawValue) has rate 0, not \(percentText(tax.rate)) %"))
        }
        for entry in invoice.vatBreakdown {
            let hasReason = nonEmpty(entry.exemptionReason) != nil || nonEmpty(entry.exemptionReasonCode) != nil
            let category = entry.tax.category
            if category.needsExemptionReason != hasReason {
                findings.append(
                    EInvoiceFinding(
                        rule: category.rulePrefix + "-10",
                        message: category.needsExemptionReason
                            ? "category \(category.rawValue) states why no VAT is charged (BT-120 or BT-121)"
                            : "category \(category.rawValue) takes no exemption reason"))
            }
        }
        if nonEmpty(seller.vatId) == nil && nonEmpty(seller.companyId) == nil && nonEmpty(seller.identifier) == nil {
            findings.append(
                EInvoiceFinding(
                    rule: "BR-CO-26",
                    message: "the seller needs an identifier (BT-29), a VAT id (BT-31) or a legal registration id (BT-30)"))
        }
        for (vatId, who) in [(seller.vatId, "seller"), (buyer.vatId, "buyer")] {
            guard let vatId else { continue }
            let prefix = String(vatId.prefix(2))
            if !(ISO3166.isCountry(prefix) || prefix == "EL" || prefix == "XI") {
                findings.append(
                    EInvoiceFinding(
                        rule: "BR-CO-09", message: "the \(who)'s VAT id '\(vatId)' does not start with a country code"))
            }
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    /// `0.19` → `19`, for messages.
    static func percentText(_ rate: ScaledDecimal) -> String {
        var output = UBLOutput(bytes: [])
        output.percentText(rate: rate)
        return String(decoding: output.bytes, as: UTF8.self)
    }
}
