import OrderFlowCore

/// One rule an ``EInvoice`` breaks.
public struct EInvoiceFinding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The EN 16931 rule (`BR-CO-10`, `BR-AE-02`, `BR-DEC`) or, for what EN 16931 leaves to the
    /// seller, OrderFlow's own (`OF-LINE-NET`).
    public var rule: String
    public var message: String

    public init(rule: String, message: String) {
        self.rule = rule
        self.message = message
    }

    public var description: String { "[\(rule)] \(message)" }
}

/// The rules an ``EInvoice`` must keep before ``UBLWriter`` writes it, checked in exact integers.
///
/// The arithmetic mirrors EN 16931's BR-CO-10 … BR-CO-17 (BR-CO-12 has nothing to check: OrderFlow
/// writes no charges) and the per-category taxable sums (BR-S-08 …), but to the minor unit, where
/// CEN's validation tolerates up to one whole currency unit; the category rules (VAT ids, rates,
/// exemption reasons) follow the CEN rule of the same name. A document that passes here passes the
/// CEN validation artifacts too (Invoices.md, "Checks"); the tests hold both against each other.
public enum EInvoiceCheck {
    /// Every rule `invoice` breaks, in a stable order; empty when it can be written.
    public static func findings(_ invoice: EInvoice) -> [EInvoiceFinding] {
        var findings: [EInvoiceFinding] = []
        checkDocument(invoice, &findings)
        checkLines(invoice, &findings)
        checkTotals(invoice, &findings)
        checkBreakdown(invoice, &findings)
        checkCategories(invoice, &findings)
        checkDecimals(invoice, &findings)
        return findings
    }

    // MARK: BR-CO-10 … BR-CO-16

    static func checkTotals(_ invoice: EInvoice, _ findings: inout [EInvoiceFinding]) {
        let totals = invoice.totals
        let money = MoneyText(currency: invoice.currency)
        var lineNet: Int128 = 0
        for line in invoice.lines { lineNet += Int128(line.netAmount) }
        var allowances: Int128 = 0
        for allowance in invoice.allowances { allowances += Int128(allowance.amount) }
        var tax: Int128 = 0
        for entry in invoice.vatBreakdown { tax += Int128(entry.amount) }

        func expect(_ rule: String, _ term: String, _ stated: Int64, _ expected: Int128, _ how: String) {
            guard Int128(stated) != expected else { return }
            findings.append(
                EInvoiceFinding(rule: rule, message: "\(term) is \(money(stated)), but \(how) is \(money(expected))"))
        }
        expect("BR-CO-10", "the sum of line net amounts (BT-106)", totals.lineNet, lineNet, "Σ line net amounts")
        expect("BR-CO-11", "the sum of allowances (BT-107)", totals.allowances, allowances, "Σ document allowances")
        expect(
            "BR-CO-13", "the total without VAT (BT-109)", totals.taxExclusive,
            Int128(totals.lineNet) - Int128(totals.allowances), "BT-106 − BT-107")
        expect("BR-CO-14", "the total VAT (BT-110)", totals.tax, tax, "Σ VAT breakdown tax amounts")
        expect(
            "BR-CO-15", "the total with VAT (BT-112)", totals.taxInclusive,
            Int128(totals.taxExclusive) + Int128(totals.tax), "BT-109 + BT-110")
        expect(
            "BR-CO-16", "the amount due (BT-115)", totals.payable,
            Int128(totals.taxInclusive) - Int128(totals.paid), "BT-112 − BT-113")
    }

    // MARK: Lines

    static func checkLines(_ invoice: EInvoice, _ findings: inout [EInvoiceFinding]) {
        let money = MoneyText(currency: invoice.currency)
        if invoice.lines.isEmpty {
            findings.append(EInvoiceFinding(rule: "BR-16", message: "a document needs at least one line"))
        }
        var seen: Set<String> = []
        for line in invoice.lines {
            let label = LineLabel(id: line.id)  // a message is built only for a finding
            if line.id.isEmpty { findings.append(EInvoiceFinding(rule: "BR-21", message: "a line has no id")) }
            if !seen.insert(line.id).inserted {
                findings.append(EInvoiceFinding(rule: "OF-LINE-ID", message: "\(label) appears twice"))
            }
            if line.name.isEmpty { findings.append(EInvoiceFinding(rule: "BR-25", message: "\(label) has no name")) }
            if line.unitCode.isEmpty {
                findings.append(EInvoiceFinding(rule: "BR-23", message: "\(label) has no unit code"))
            }
            if line.price.amount < 0 {
                findings.append(EInvoiceFinding(rule: "BR-27", message: "\(label) has a negative price"))
            }
            guard line.price.baseQuantity >= 1 else {
                findings.append(EInvoiceFinding(rule: "OF-LINE-NET", message: "\(label) has a base quantity below 1"))
                continue
            }
            if let period = line.period, period.end < period.start {
                findings.append(EInvoiceFinding(rule: "BR-30", message: "\(label)'s period ends before it starts"))
            }
            // BT-131 = BT-129 × BT-146 / BT-149 − BT-136, to the minor unit (CEN leaves it unchecked;
            // receivers that recompute it, Peppol among them, would reject a line that is off).
            let extended = Int128(line.quantity) * Int128(line.price.amount)
            let base = Int128(line.price.baseQuantity)
            guard extended % base == 0 else {
                findings.append(
                    EInvoiceFinding(
                        rule: "OF-LINE-NET",
                        message: "\(label): \(line.quantity) × \(money(line.price.amount)) per \(base) "
                            + "is not a whole number of minor units"))
                continue
            }
            let gross = extended / base
            let discount = Int128(line.allowance?.amount ?? 0)
            if gross - discount != Int128(line.netAmount) {
                findings.append(
                    EInvoiceFinding(
                        rule: "OF-LINE-NET",
                        message: "\(label)'s net amount (BT-131) is \(money(line.netAmount)), but quantity × price "
                            + "− allowance is \(money(gross - discount))"))
            }
            if let allowance = line.allowance { checkLineAllowance(allowance, gross: gross, label, money, &findings) }
        }
    }

    /// A percent allowance is the percentage of its base, rounded once (Pricing.md, step 3), and its
    /// base is the line before the allowance.
    private static func checkLineAllowance(
        _ allowance: EInvoice.LineAllowance, gross: Int128, _ label: LineLabel, _ money: MoneyText,
        _ findings: inout [EInvoiceFinding]
    ) {
        if allowance.reason.isEmpty && allowance.reasonCode.isEmpty {
            findings.append(EInvoiceFinding(rule: "BR-42", message: "\(label)'s allowance has no reason"))
        }
        if let base = allowance.baseAmount, Int128(base) != gross {
            findings.append(
                EInvoiceFinding(
                    rule: "OF-LINE-ALLOWANCE",
                    message:
                        "\(label)'s allowance base (BT-137) is \(money(base)), but the line comes to \(money(gross))"
                ))
        }
        if let base = allowance.baseAmount, let percent = allowance.percent {
            // |amount − base × percent / 100| ≤ ½ minor unit, in integers: × 2 × 100 × 10^scale.
            let scale = ExactDivision.pow10(percent.scale)
            let deviation = Int128(allowance.amount) * 100 * scale - Int128(base) * Int128(percent.units)
            if 2 * deviation.magnitude > UInt128(100 * scale) {
                findings.append(
                    EInvoiceFinding(
                        rule: "OF-LINE-ALLOWANCE",
                        message: "\(label)'s allowance is \(money(allowance.amount)), not \(percent.text) % of "
                            + "\(money(base)) rounded"))
            }
        }
    }

    // MARK: Document

    static func checkDocument(_ invoice: EInvoice, _ findings: inout [EInvoiceFinding]) {
        func require(_ text: String?, _ rule: String, _ what: String) {
            if text?.isEmpty ?? true { findings.append(EInvoiceFinding(rule: rule, message: "\(what) is missing")) }
        }
        require(invoice.number, "BR-02", "the document number (BT-1)")
        require(invoice.seller.name, "BR-06", "the seller's name (BT-27)")
        require(invoice.buyer.name, "BR-07", "the buyer's name (BT-44)")
        for (party, rule, who) in [(invoice.seller, "BR-09", "seller"), (invoice.buyer, "BR-11", "buyer")]
        where !ISO3166.isCountry(party.address.country) {
            findings.append(
                EInvoiceFinding(
                    rule: rule, message: "the \(who)'s country '\(party.address.country)' is no ISO 3166 code"))
        }
        if ISO4217.minorUnits(of: invoice.currency.code) == nil {
            findings.append(
                EInvoiceFinding(rule: "BR-CL-04", message: "'\(invoice.currency.code)' is no ISO 4217 code"))
        }
        if invoice.buyer.taxRegistrationId != nil {
            findings.append(
                EInvoiceFinding(
                    rule: "OF-BUYER-TAX-REGISTRATION", message: "EN 16931 has no term for a buyer's tax registration"))
        }
        if let period = invoice.period, period.end < period.start {
            findings.append(EInvoiceFinding(rule: "BR-29", message: "the invoice period ends before it starts"))
        }
        if invoice.kind == .creditNote, invoice.precedingInvoice == nil {
            findings.append(
                EInvoiceFinding(
                    rule: "OF-CREDIT-REFERENCE", message: "a credit note names the invoice it corrects (BT-25)"))
        }
        if let preceding = invoice.precedingInvoice, preceding.number.isEmpty {
            findings.append(EInvoiceFinding(rule: "BR-55", message: "the preceding invoice has no number"))
        }
        if invoice.kind == .creditNote, invoice.dueDate != nil, invoice.paymentMeans == nil {
            findings.append(
                EInvoiceFinding(
                    rule: "OF-CREDIT-DUE", message: "a credit note's due date (BT-9) is written in its payment means"))
        }
        if let means = invoice.paymentMeans {
            if means.code != .notDefined, means.payeeAccount?.id.isEmpty ?? true {
                findings.append(
                    EInvoiceFinding(
                        rule: "BR-61",
                        message:
                            "payment means \(means.code.rawValue) (credit transfer) needs the payee's account (BT-84)"))
            }
            if let reference = means.remittanceReference, reference.hasPrefix("RF"),
                !CreditorReference.isValid(reference)
            {
                findings.append(
                    EInvoiceFinding(rule: "OF-RF", message: "'\(reference)' is no valid ISO 11649 creditor reference"))
            }
        }
        if let taxCurrency = invoice.taxCurrency, taxCurrency.currency.code == invoice.currency.code {
            findings.append(
                EInvoiceFinding(rule: "OF-TAX-CURRENCY", message: "the VAT accounting currency (BT-6) repeats BT-5"))
        }
    }

    // MARK: BR-DEC

    /// EN 16931 allows at most two decimals in every amount (BR-DEC-01 … BR-DEC-28). A currency with
    /// three (BHD, KWD, OMR) can therefore only carry amounts whose third decimal is 0.
    static func checkDecimals(_ invoice: EInvoice, _ findings: inout [EInvoiceFinding]) {
        func check(_ amount: Int64, _ currency: Currency, _ term: String) {
            guard currency.minorUnits > 2, Int128(amount) % ExactDivision.pow10(currency.minorUnits - 2) != 0
            else { return }
            let text = Money.format(amount, minorUnits: currency.minorUnits)
            findings.append(
                EInvoiceFinding(
                    rule: "BR-DEC",
                    message: "\(term) is \(text) \(currency.code): EN 16931 allows at most 2 decimals in an amount"))
        }
        let currency = invoice.currency
        for line in invoice.lines {
            check(line.netAmount, currency, "line \(line.id)'s net amount (BT-131)")
            if let allowance = line.allowance {
                check(allowance.amount, currency, "line \(line.id)'s allowance (BT-136)")
                if let base = allowance.baseAmount {
                    check(base, currency, "line \(line.id)'s allowance base (BT-137)")
                }
            }
        }
        for allowance in invoice.allowances { check(allowance.amount, currency, "a document allowance (BT-92)") }
        for entry in invoice.vatBreakdown {
            check(entry.taxable, currency, "the \(entry.tax.category.rawValue) taxable amount (BT-116)")
            check(entry.amount, currency, "the \(entry.tax.category.rawValue) tax amount (BT-117)")
        }
        let totals = invoice.totals
        check(totals.lineNet, currency, "BT-106")
        check(totals.allowances, currency, "BT-107")
        check(totals.taxExclusive, currency, "BT-109")
        check(totals.tax, currency, "BT-110")
        check(totals.taxInclusive, currency, "BT-112")
        check(totals.paid, currency, "BT-113")
        check(totals.payable, currency, "BT-115")
        if let taxCurrency = invoice.taxCurrency { check(taxCurrency.tax, taxCurrency.currency, "BT-111") }
    }

    /// `line 3`, in messages.
    struct LineLabel: CustomStringConvertible {
        let id: String
        var description: String { "line \(id)" }
    }

    /// `the S 19 % breakdown`, in messages.
    struct BreakdownLabel: CustomStringConvertible {
        let tax: EInvoice.TaxCategory
        var description: String { "the \(tax.category.rawValue) \(percentText(tax.rate)) % breakdown" }
    }

    /// Amounts in messages: `12.30 EUR`.
    struct MoneyText {
        let currency: Currency

        func callAsFunction(_ minorUnits: Int64) -> String { callAsFunction(Int128(minorUnits)) }

        func callAsFunction(_ minorUnits: Int128) -> String {
            Money.format(minorUnits, minorUnits: currency.minorUnits) + " " + currency.code
        }
    }
}
