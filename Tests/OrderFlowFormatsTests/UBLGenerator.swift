import OrderFlowCore
import OrderFlowFormats

/// SplitMix64: a small seeded generator, so a failing generated document is found again by its seed.
struct UBLRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }

    mutating func pick<Element>(_ elements: [Element]) -> Element { elements[Int(next() % UInt64(elements.count))] }
}

/// Varied documents over the cases OrderFlow bills: every VAT category it writes, exclusive and
/// inclusive pricing, currencies with 0, 2 and 3 decimals, percent and fixed promos, converted
/// prices, a VAT accounting currency, credit notes, and hostile text. The amounts are computed the
/// way pricing computes them (Pricing.md), each rounded once.
struct UBLGenerator {
    enum Scenario: CaseIterable {
        case domestic, mixedRates, inclusive, reverseCharge, notSubject, zeroRated, exempt, export, quebec
        case quebecInclusive, intraCommunity, canaryIslands, ceutaMelilla
    }

    var random: UBLRandom

    init(seed: UInt64) {
        random = UBLRandom(seed: seed)
    }

    static func rate(_ text: String) -> ScaledDecimal { UBLCases.rate(text) }

    static let names = [
        "Acme Cloud GmbH", "O'Brien & Söhne <Test>", "Ünïcödé \"Quoted\" Ltd", "Café ☕ Zürich AG",
        "Tab\tand\nnewline Oy",
        "Control\u{1}Char SARL", "Emoji 😀 B.V.", "]]> Closing CDATA S.p.A.",
    ]
    static let items = [
        "Mail Standard 1Y", "Mailbox × 15", "Storage (GB) & backup", "Setup <initial>", "Support \"gold\"",
        "Hébergement",
        "Mailbox × 10 (184/365 days)",
    ]
    static let euCountries = ["DE", "FR", "NL", "AT", "IT", "ES", "BE", "PL", "SE", "GR"]

    static func vatId(_ country: String, _ number: Int64) -> String {
        (ISO3166.vatPrefix(of: country) ?? country) + String(100_000_000 + number)
    }

    mutating func document(_ index: Int) -> EInvoice {
        let scenario = Scenario.allCases[index % Scenario.allCases.count]
        let isCredit = random.chance(25)
        let currency = pickCurrency(scenario)
        let digits = currency.minorUnits
        let step: Int64 = digits == 3 ? 1000 : 1  // 3 decimals: every amount a whole dinar (BR-DEC)
        let roundMode: RoundingMode = random.chance(50) ? .halfUp : .halfEven

        // Parties.
        let sellerCountry = scenario == .quebec || scenario == .quebecInclusive ? "CA" : random.pick(Self.euCountries)
        var seller = EInvoice.Party(
            name: random.pick(Self.names),
            address: EInvoice.Address(
                street: "Street \(index)", city: random.pick(["Berlin", "Paris & Co", "Montréal"]),
                postcode: String(10_000 + index), region: sellerCountry == "CA" ? "QC" : nil, country: sellerCountry),
            vatId: Self.vatId(sellerCountry, Int64(index)), companyId: random.chance(50) ? "REG-\(index)" : nil)
        var buyerCountry = sellerCountry
        var buyerVat: String? = random.chance(50) ? Self.vatId(sellerCountry, Int64(index + 7)) : nil
        switch scenario {
        case .reverseCharge, .intraCommunity:
            buyerCountry = random.pick(Self.euCountries.filter { $0 != sellerCountry })
            buyerVat = Self.vatId(buyerCountry, Int64(index + 11))
        case .export:
            buyerCountry = random.pick(["US", "CH", "JP", "NO"])
            buyerVat = nil
        case .notSubject:
            buyerCountry = random.pick(["US", "CH", "AU", "BR"])
            buyerVat = nil
            seller.vatId = nil
            seller.companyId = "REG-\(index)"
        case .quebec, .quebecInclusive:
            seller.vatId = "CA\(100_000_000 + index)RT0001"
            seller.taxRegistrationId = "\(1_000_000_000 + index)TQ0001"
            buyerVat = nil
        case .canaryIslands, .ceutaMelilla:
            seller.address.country = "ES"
            seller.vatId = Self.vatId("ES", Int64(index))
            buyerCountry = "ES"
        case .domestic, .mixedRates, .inclusive, .zeroRated, .exempt:
            break
        }
        let buyer = EInvoice.Party(
            name: random.pick(Self.names),
            address: EInvoice.Address(
                street: random.chance(70) ? "Buyer Road \(index)" : nil,
                city: random.chance(80) ? "City \(index)" : nil,
                postcode: random.chance(70) ? String(20_000 + index) : nil, country: buyerCountry),
            vatId: buyerVat)

        // Tax categories of the lines.
        let categories: [EInvoice.TaxCategory]
        var components: [EInvoice.TaxComponent] = []  // rates of a combined entry, amounts filled in later
        switch scenario {
        case .domestic, .inclusive:
            let rates = digits == 3 ? ["0.10"] : ["0.19", "0.20", "0.21", "0.07", "0.10", "0.25", "0.055", "0.17"]
            categories = [EInvoice.TaxCategory(.standard, rate: Self.rate(random.pick(rates)))]
        case .mixedRates:
            let rates = digits == 3 ? ["0.10", "0.20"] : ["0.19", "0.07"]
            categories = rates.map { EInvoice.TaxCategory(.standard, rate: Self.rate($0)) }
        case .quebec, .quebecInclusive:
            categories = [EInvoice.TaxCategory(.standard, rate: Self.rate("0.14975"))]
            components = [
                EInvoice.TaxComponent(name: "GST", rate: Self.rate("0.05"), amount: 0),
                EInvoice.TaxComponent(name: "QST", rate: Self.rate("0.09975"), amount: 0),
            ]
        case .reverseCharge: categories = [EInvoice.TaxCategory(.reverseCharge)]
        case .notSubject: categories = [EInvoice.TaxCategory(.notSubject)]
        case .zeroRated: categories = [EInvoice.TaxCategory(.zeroRated)]
        case .exempt: categories = [EInvoice.TaxCategory(.exempt)]
        case .export: categories = [EInvoice.TaxCategory(.export)]
        case .intraCommunity: categories = [EInvoice.TaxCategory(.intraCommunity)]
        case .canaryIslands:
            categories = [EInvoice.TaxCategory(.canaryIslands, rate: Self.rate(digits == 3 ? "0.10" : "0.07"))]
        case .ceutaMelilla:
            categories = [EInvoice.TaxCategory(.ceutaMelilla, rate: Self.rate(digits == 3 ? "0.10" : "0.04"))]
        }
        let inclusive = scenario == .inclusive || scenario == .quebecInclusive

        // Lines: gross amounts, then percent promos (exclusive only: an inclusive price has its own).
        var lines: [EInvoice.Line] = []
        let count = Int(random.int(1...5))
        for number in 1...count {
            let quantity = random.int(1...40)
            let tax = categories[(number - 1) % categories.count]
            var gross: Int64
            var price: EInvoice.UnitPrice
            if random.chance(50) {
                // A converted line: one rounded amount for the whole quantity.
                gross = random.int(1...200_000) * step
                price = EInvoice.UnitPrice(lineAmount: gross, quantity: quantity)
            } else {
                let unit = random.int(0...50_000) * step
                gross = unit * quantity
                price = EInvoice.UnitPrice(amount: unit)
            }
            var allowance: EInvoice.LineAllowance?
            if !inclusive, gross > 0, random.chance(30) {
                let percents = digits == 3 ? ["10", "20", "50"] : ["5", "10", "12.5", "15", "20", "33.3333"]
                let percent = UBLCases.percent(random.pick(percents))
                let discount = Int64(
                    ExactDivision.rounded(
                        Int128(gross) * Int128(percent.units), 100 * ExactDivision.pow10(percent.scale), roundMode)!)
                allowance = EInvoice.LineAllowance(
                    amount: discount, baseAmount: gross, percent: percent, reason: "Promo P\(index)")
            }
            if inclusive { price = EInvoice.UnitPrice(amount: 0) }  // set once the net is known
            lines.append(
                EInvoice.Line(
                    id: String(number), name: random.pick(Self.items),
                    sellerItemId: random.chance(50) ? "RES-\(number)" : nil,
                    quantity: quantity, unitCode: random.pick(["C62", "MON", "ANN", "HUR"]), price: price,
                    allowance: allowance, netAmount: gross - (allowance?.amount ?? 0), tax: tax))
        }

        var allowances: [EInvoice.DocumentAllowance] = []
        var breakdown: [EInvoice.VATBreakdown] = []
        if inclusive {
            breakdown = [inclusiveBreakdown(&lines, categories[0], components, roundMode)]
        } else {
            let first = categories[0]
            let groupNet = lines.filter { $0.tax.matches(first) }.reduce(0) { $0 + $1.netAmount }
            if groupNet >= step, random.chance(35) {
                let amount = random.int(1...max(groupNet / step / 3, 1)) * step
                allowances.append(EInvoice.DocumentAllowance(amount: amount, reason: "Promo FIXED\(index)", tax: first))
            }
            for tax in categories where lines.contains(where: { $0.tax.matches(tax) }) {
                let taxable =
                    lines.filter { $0.tax.matches(tax) }.reduce(0) { $0 + $1.netAmount }
                    - allowances.filter { $0.tax.matches(tax) }.reduce(0) { $0 + $1.amount }
                breakdown.append(exclusiveEntry(tax, taxable: taxable, components, roundMode))
            }
        }

        let lineNet = lines.reduce(0) { $0 + $1.netAmount }
        let allowanceTotal = allowances.reduce(0) { $0 + $1.amount }
        let taxTotal = breakdown.reduce(0) { $0 + $1.amount }
        let issue = CalendarDate(dayNumber: CalendarDate(iso: "2026-01-01")!.dayNumber + Int(random.int(0...700)))
        let prefix = "GEN\(index % 7)"
        let number = "\(prefix)-\(issue.year)-\(String(100_000 + index).dropFirst())"

        var taxCurrency: EInvoice.TaxCurrency?
        if sellerCountry != "CA", currency.code != "EUR", taxTotal > 0, random.chance(60) {
            let rate = Self.rate(random.pick(["0.9215", "0.0061", "2.439", "3.012", "1.1"]))
            let euros = ExactDivision.rounded(
                Int128(taxTotal) * Int128(rate.units) * 100,
                ExactDivision.pow10(rate.scale) * ExactDivision.pow10(digits), .halfUp)!
            taxCurrency = EInvoice.TaxCurrency(
                currency: UBLCases.eur, tax: Int64(euros), rate: rate, rateDate: random.chance(70) ? issue : nil)
        }
        var conversion: EInvoice.Conversion?
        if random.chance(30) {
            conversion = EInvoice.Conversion(
                from: currency.code == "USD" ? "EUR" : "USD",
                rate: ScaledDecimal(units: random.int(100_000...2_000_000), scale: 6),
                effective: issue.adding(days: -Int(random.int(0...30))))
        }

        var means: EInvoice.PaymentMeans?
        var due: CalendarDate? = issue.adding(days: 14)
        let reference = CreditorReference.make(paymentId: "PAY-\(index + 1)")
        if isCredit && random.chance(50) {
            due = nil
        } else if random.chance(15) {
            means = EInvoice.PaymentMeans(code: .notDefined, remittanceReference: reference)
        } else {
            let sepa = currency.code == "EUR" && sellerCountry != "CA"
            means = EInvoice.PaymentMeans(
                code: sepa ? .sepaCreditTransfer : .creditTransfer, remittanceReference: isCredit ? nil : reference,
                payeeAccount: EInvoice.PayeeAccount(
                    id: "DE89370400440532013000", name: random.chance(50) ? seller.name : nil,
                    bic: random.chance(50) ? "COBADEFFXXX" : nil))
        }
        let periodMonths = random.pick([1, 3, 12])
        return EInvoice(
            kind: isCredit ? .creditNote : .invoice, number: number, issueDate: issue, dueDate: due, currency: currency,
            taxCurrency: taxCurrency, conversion: conversion,
            note: random.chance(30) ? "Generated <\(index)> & \"noted\"" : nil,
            buyerReference: random.chance(30) ? "PO-\(index)'s" : nil,
            orderReference: random.chance(80) ? "SO-\(index + 1)" : nil,
            precedingInvoice: isCredit
                ? EInvoice.PrecedingInvoice(
                    number: "\(prefix)-\(issue.year)-000001", issueDate: random.chance(70) ? issue : nil)
                : nil,
            period: scenario == .intraCommunity || random.chance(80)
                ? EInvoice.Period(start: issue, endExclusive: issue.adding(months: periodMonths)) : nil,
            seller: seller, buyer: buyer, paymentMeans: means,
            paymentTerms: due.map { "Payable by \($0)." } ?? "Credited to the account balance.",
            lines: lines, allowances: allowances, vatBreakdown: breakdown,
            totals: EInvoice.Totals(
                lineNet: lineNet, allowances: allowanceTotal, taxExclusive: lineNet - allowanceTotal, tax: taxTotal,
                taxInclusive: lineNet - allowanceTotal + taxTotal, payable: lineNet - allowanceTotal + taxTotal))
    }

    private mutating func pickCurrency(_ scenario: Scenario) -> Currency {
        switch scenario {
        case .quebec, .quebecInclusive:
            return UBLCases.cad
        case .inclusive:
            return random.pick([UBLCases.eur, UBLCases.jpy, Currency(code: "GBP", minorUnits: 2)])
        case .domestic, .mixedRates, .reverseCharge, .notSubject, .zeroRated, .exempt, .export, .intraCommunity,
            .canaryIslands, .ceutaMelilla:
            return random.pick([
                UBLCases.eur, UBLCases.eur, Currency(code: "USD", minorUnits: 2), UBLCases.jpy, UBLCases.bhd,
                Currency(code: "KWD", minorUnits: 3),
            ])
        }
    }

    /// Exclusive (Pricing.md, step 4): each tax = round(taxable × rate).
    private func exclusiveEntry(
        _ tax: EInvoice.TaxCategory, taxable: Int64, _ components: [EInvoice.TaxComponent], _ mode: RoundingMode
    ) -> EInvoice.VATBreakdown {
        guard tax.category.charges else {
            var entry = EInvoice.VATBreakdown.untaxed(tax.category, taxable: taxable)
            if tax.category == .exempt {
                entry.exemptionReason = "Exempt under Article 135(1)(g) of Directive 2006/112/EC"
            }
            return entry
        }
        func round(_ rate: ScaledDecimal) -> Int64 {
            Int64(ExactDivision.rounded(Int128(taxable) * Int128(rate.units), ExactDivision.pow10(rate.scale), mode)!)
        }
        if components.isEmpty { return EInvoice.VATBreakdown(tax: tax, taxable: taxable, amount: round(tax.rate)) }
        let parts = components.map { EInvoice.TaxComponent(name: $0.name, rate: $0.rate, amount: round($0.rate)) }
        return EInvoice.VATBreakdown(
            tax: tax, taxable: taxable, amount: parts.reduce(0) { $0 + $1.amount }, components: parts)
    }

    /// Inclusive (Pricing.md, step 4): the lines are gross; each tax = round(G × rate / (1 + Σ rates)),
    /// the net = G − Σ taxes, split over the lines in proportion to their gross amounts.
    private func inclusiveBreakdown(
        _ lines: inout [EInvoice.Line], _ tax: EInvoice.TaxCategory, _ components: [EInvoice.TaxComponent],
        _ mode: RoundingMode
    ) -> EInvoice.VATBreakdown {
        let gross = lines.reduce(Int128(0)) { $0 + Int128($1.netAmount) }
        let rates = components.isEmpty ? [tax.rate] : components.map(\.rate)
        let scale = ExactDivision.pow10(ScaledDecimal.Scale.rate)
        let denominator = scale + Int128(tax.rate.units)
        let amounts = rates.map { Int64(ExactDivision.rounded(gross * Int128($0.units), denominator, mode)!) }
        let net = gross - Int128(amounts.reduce(0, +))
        var given: Int128 = 0
        for index in lines.indices {
            let share = gross == 0 ? 0 : Int128(lines[index].netAmount) * net / gross
            lines[index].netAmount = Int64(share)
            given += share
        }
        lines[lines.count - 1].netAmount += Int64(net - given)
        for index in lines.indices {
            lines[index].price = EInvoice.UnitPrice(lineAmount: lines[index].netAmount, quantity: lines[index].quantity)
        }
        let parts =
            components.isEmpty
            ? [] : zip(components, amounts).map { EInvoice.TaxComponent(name: $0.name, rate: $0.rate, amount: $1) }
        return EInvoice.VATBreakdown(tax: tax, taxable: Int64(net), amount: amounts.reduce(0, +), components: parts)
    }
}
