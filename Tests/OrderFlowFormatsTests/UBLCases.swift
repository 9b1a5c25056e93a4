import OrderFlowCore
import OrderFlowFormats

/// The hand-worked documents of the UBL tests: every amount below is computed in the comment next
/// to it, the way Pricing.md computes it, so that a golden file is checked against arithmetic a
/// person can redo, not against the writer's own output.
enum UBLCases {
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
    static func rate(_ text: String) -> ScaledDecimal { ScaledDecimal.parse(text, scale: ScaledDecimal.Scale.rate)! }
    static func percent(_ text: String) -> ScaledDecimal {
        ScaledDecimal.parse(text, scale: ScaledDecimal.Scale.percent)!
    }

    static let eur = Currency(code: "EUR", minorUnits: 2)
    static let jpy = Currency(code: "JPY", minorUnits: 0)
    static let cad = Currency(code: "CAD", minorUnits: 2)
    static let bhd = Currency(code: "BHD", minorUnits: 3)

    static let acme = EInvoice.Party(
        name: "Acme Cloud GmbH & Co. KG",
        address: EInvoice.Address(street: "Friedrichstraße 68", city: "Berlin", postcode: "10117", country: "DE"),
        vatId: "DE811907980", companyId: "HRB 123456 B")
    static let acmeAccount = EInvoice.PayeeAccount(
        id: "DE89370400440532013000", name: "Acme Cloud GmbH & Co. KG", bic: "COBADEFFXXX")
    static let vat19 = EInvoice.TaxCategory(.standard, rate: rate("0.19"))

    /// Domestic B2B in Germany at 19 %, a plan priced in USD billed in EUR at 0.9215, a 10 % promo on
    /// the recurring lines (WELCOME10) and a fixed 5.00 EUR promo (FIVEOFF).
    static var domestic: EInvoice {
        let promoCode = "WELCOME10"
        let lines = [
            // 100.00 USD × 0.9215 = 92.15 EUR; 10 % = 9.215 → 9.22 (half-up); net 92.15 − 9.22 = 82.93.
            EInvoice.Line(
                id: "1", name: "Mail Standard 1Y", quantity: 1, unitCode: "C62",
                price: EInvoice.UnitPrice(amount: 92_15),
                allowance: EInvoice.LineAllowance(
                    amount: 9_22, baseAmount: 92_15, percent: percent("10"), reason: "Promo \(promoCode)"),
                netAmount: 82_93, tax: vat19),
            // 20.00 USD × 0.9215 = 18.43 EUR.
            EInvoice.Line(
                id: "2", name: "Mail Standard 1Y setup", quantity: 1, price: EInvoice.UnitPrice(amount: 18_43),
                netAmount: 18_43, tax: vat19),
            // 10 × 1.00 USD = 10.00 USD × 0.9215 = 9.215 → 9.22 EUR; 922 / 10 is no whole cent, so the
            // price is 9.22 per 10 units.
            EInvoice.Line(
                id: "3", name: "Mailbox setup × 10", sellerItemId: "MAILBOX", quantity: 10,
                price: EInvoice.UnitPrice(lineAmount: 9_22, quantity: 10), netAmount: 9_22, tax: vat19),
            // 10 × 2.00 USD × 12 months = 240.00 USD × 0.9215 = 221.16 EUR (per 10 units);
            // 10 % = 22.116 → 22.12; net 221.16 − 22.12 = 199.04.
            EInvoice.Line(
                id: "4", name: "Mailbox × 10", sellerItemId: "MAILBOX", quantity: 10,
                price: EInvoice.UnitPrice(lineAmount: 221_16, quantity: 10),
                allowance: EInvoice.LineAllowance(
                    amount: 22_12, baseAmount: 221_16, percent: percent("10"), reason: "Promo \(promoCode)"),
                netAmount: 199_04, tax: vat19),
        ]
        // Σ nets = 82.93 + 18.43 + 9.22 + 199.04 = 309.62; − 5.00 = 304.62;
        // VAT 304.62 × 0.19 = 57.8778 → 57.88; total 304.62 + 57.88 = 362.50.
        return EInvoice(
            kind: .invoice, number: "ACME-2026-000001", issueDate: date("2026-11-02"), dueDate: date("2026-11-16"),
            currency: eur,
            conversion: EInvoice.Conversion(from: "USD", rate: rate("0.9215"), effective: date("2026-11-01")),
            note: "Thank you for your order <Globex> & welcome!", buyerReference: "PO-4711", orderReference: "SO-1",
            period: EInvoice.Period(start: date("2026-11-02"), endExclusive: date("2027-11-02")),
            seller: acme,
            buyer: EInvoice.Party(
                name: "Globex GmbH",
                address: EInvoice.Address(street: "Hohe Straße 1", city: "Köln", postcode: "50667", country: "DE"),
                vatId: "DE123456789"),
            paymentMeans: EInvoice.PaymentMeans(
                code: .sepaCreditTransfer, remittanceReference: CreditorReference.make(paymentId: "PAY-1"),
                payeeAccount: acmeAccount),
            paymentTerms: "Payable by 2026-11-16.",
            lines: lines,
            allowances: [EInvoice.DocumentAllowance(amount: 5_00, reason: "Promo FIVEOFF", tax: vat19)],
            vatBreakdown: [EInvoice.VATBreakdown(tax: vat19, taxable: 304_62, amount: 57_88)],
            totals: EInvoice.Totals(
                lineNet: 309_62, allowances: 5_00, taxExclusive: 304_62, tax: 57_88, taxInclusive: 362_50,
                payable: 362_50))
    }

    /// A credit note for a canceled order billed under EU reverse charge: a German seller, a French
    /// company with a VAT id, no VAT charged.
    static var reverseChargeCreditNote: EInvoice {
        let ae = EInvoice.TaxCategory(.reverseCharge)
        return EInvoice(
            kind: .creditNote, number: "ACME-2026-000009", issueDate: date("2026-11-10"), currency: eur,
            orderReference: "SO-5",
            precedingInvoice: EInvoice.PrecedingInvoice(number: "ACME-2026-000005", issueDate: date("2026-11-03")),
            period: EInvoice.Period(start: date("2026-11-03"), endExclusive: date("2026-12-03")),
            seller: acme,
            buyer: EInvoice.Party(
                name: "Société Générale Informatique SARL",
                address: EInvoice.Address(street: "12 Rue de la Paix", city: "Paris", postcode: "75002", country: "FR"),
                vatId: "FR40303265045", companyId: "303265045"),
            paymentTerms: "Credited to the balance of account ACC-7 on 2026-11-10.",
            lines: [
                // The period fee: 9.00 EUR.
                EInvoice.Line(
                    id: "1", name: "Mail Standard 1M", quantity: 1, price: EInvoice.UnitPrice(amount: 9_00),
                    netAmount: 9_00, tax: ae),
                // 20 × 2.00 EUR × 1 month = 40.00 EUR, 2.00 each.
                EInvoice.Line(
                    id: "2", name: "Mailbox × 20", sellerItemId: "MAILBOX", quantity: 20,
                    price: EInvoice.UnitPrice(lineAmount: 40_00, quantity: 20), netAmount: 40_00, tax: ae),
            ],
            // 9.00 + 40.00 = 49.00, no VAT: the buyer accounts for it.
            vatBreakdown: [.untaxed(.reverseCharge, taxable: 49_00)],
            totals: EInvoice.Totals(
                lineNet: 49_00, allowances: 0, taxExclusive: 49_00, tax: 0, taxInclusive: 49_00, payable: 49_00))
    }

    /// Yen, which has no minor unit, billed by a German seller, so the VAT is stated in EUR as well.
    static var yen: EInvoice {
        EInvoice(
            kind: .invoice, number: "ACME-2026-000010", issueDate: date("2026-11-02"), dueDate: date("2026-11-16"),
            currency: jpy,
            taxCurrency: EInvoice.TaxCurrency(
                // 3135 JPY × 0.0061 = 19.1235 → 19.12 EUR.
                currency: eur, tax: 19_12, rate: rate("0.0061"), rateDate: date("2026-11-01")),
            orderReference: "SO-10",
            period: EInvoice.Period(start: date("2026-11-02"), endExclusive: date("2026-12-02")),
            seller: acme,
            buyer: EInvoice.Party(
                name: "Sakura Software GmbH",
                address: EInvoice.Address(street: "Leopoldstraße 20", city: "München", postcode: "80802", country: "DE")
            ),
            paymentMeans: EInvoice.PaymentMeans(
                code: .creditTransfer, remittanceReference: CreditorReference.make(paymentId: "PAY-10"),
                payeeAccount: acmeAccount),
            paymentTerms: "Payable by 2026-11-16.",
            lines: [
                EInvoice.Line(
                    id: "1", name: "Cloud Server Pro 1M", quantity: 1, price: EInvoice.UnitPrice(amount: 12_000),
                    netAmount: 12_000, tax: vat19),
                // 3 × 1500 JPY = 4500 JPY.
                EInvoice.Line(
                    id: "2", name: "vCPU × 3", sellerItemId: "VCPU", quantity: 3,
                    price: EInvoice.UnitPrice(amount: 1_500),
                    netAmount: 4_500, tax: vat19),
            ],
            // 12000 + 4500 = 16500; VAT 16500 × 0.19 = 3135 exactly; total 19635.
            vatBreakdown: [EInvoice.VATBreakdown(tax: vat19, taxable: 16_500, amount: 3_135)],
            totals: EInvoice.Totals(
                lineNet: 16_500, allowances: 0, taxExclusive: 16_500, tax: 3_135, taxInclusive: 19_635, payable: 19_635)
        )
    }

    /// Quebec: GST 5 % and QST 9.975 % on the same base, one breakdown entry at 14.975 % whose tax is
    /// the two taxes as pricing rounded them, one cent more than the combined rate rounded once.
    static var quebec: EInvoice {
        let gstQst = EInvoice.TaxCategory(.standard, rate: rate("0.14975"))
        return EInvoice(
            kind: .invoice, number: "MAPLE-2026-000001", issueDate: date("2026-11-02"), dueDate: date("2026-12-02"),
            currency: cad, orderReference: "SO-20",
            period: EInvoice.Period(start: date("2026-11-02"), endExclusive: date("2027-11-02")),
            seller: EInvoice.Party(
                name: "Maple Cloud Inc.",
                address: EInvoice.Address(
                    street: "1000 Rue Sherbrooke Ouest", city: "Montréal", postcode: "H3A 3G4", region: "QC",
                    country: "CA"),
                vatId: "CA123456789RT0001", taxRegistrationId: "1234567890TQ0001"),
            buyer: EInvoice.Party(
                name: "Érable Conseil Inc.",
                address: EInvoice.Address(
                    street: "2 Rue des Jardins", city: "Québec", postcode: "G1R 4S9", region: "QC", country: "CA")),
            paymentMeans: EInvoice.PaymentMeans(
                code: .creditTransfer, remittanceReference: CreditorReference.make(paymentId: "PAY-20"),
                payeeAccount: EInvoice.PayeeAccount(id: "CA0031234512345678", name: "Maple Cloud Inc.")),
            paymentTerms: "Payable by 2026-12-02.",
            lines: [
                EInvoice.Line(
                    id: "1", name: "Office Suite 1Y", quantity: 1, price: EInvoice.UnitPrice(amount: 1_200_00),
                    netAmount: 1_200_00, tax: gstQst),
                // 3 × 16.70 = 50.10.
                EInvoice.Line(
                    id: "2", name: "Support hours × 3", sellerItemId: "SUPPORT", quantity: 3, unitCode: "HUR",
                    price: EInvoice.UnitPrice(amount: 16_70), netAmount: 50_10, tax: gstQst),
            ],
            // Net 1200.00 + 50.10 = 1250.10. GST 1250.10 × 0.05 = 62.505 → 62.51; QST 1250.10 × 0.09975 =
            // 124.697475 → 124.70; tax 187.21 (the combined rate once would give 187.202475 → 187.20).
            // Total 1250.10 + 187.21 = 1437.31.
            vatBreakdown: [
                EInvoice.VATBreakdown(
                    tax: gstQst, taxable: 1_250_10, amount: 187_21,
                    components: [
                        EInvoice.TaxComponent(name: "GST", rate: rate("0.05"), amount: 62_51),
                        EInvoice.TaxComponent(name: "QST", rate: rate("0.09975"), amount: 124_70),
                    ])
            ],
            totals: EInvoice.Totals(
                lineNet: 1_250_10, allowances: 0, taxExclusive: 1_250_10, tax: 187_21, taxInclusive: 1_437_31,
                payable: 1_437_31))
    }

    /// Bahraini dinar, three decimals, 10 % VAT. EN 16931 allows two decimals in an amount, so every
    /// amount here ends in 0 fils and is written with two.
    static var dinar: EInvoice {
        let vat10 = EInvoice.TaxCategory(.standard, rate: rate("0.10"))
        return EInvoice(
            kind: .invoice, number: "PEARL-2026-000001", issueDate: date("2026-11-02"), dueDate: date("2026-11-09"),
            currency: bhd, orderReference: "SO-30",
            seller: EInvoice.Party(
                name: "Pearl Hosting W.L.L.",
                address: EInvoice.Address(street: "Road 1702, Block 317", city: "Manama", country: "BH"),
                vatId: "BH200000000000002"),
            buyer: EInvoice.Party(
                name: "Dilmun Trading", address: EInvoice.Address(city: "Muharraq", country: "BH")),
            paymentMeans: EInvoice.PaymentMeans(
                code: .creditTransfer, remittanceReference: CreditorReference.make(paymentId: "PAY-30"),
                payeeAccount: EInvoice.PayeeAccount(id: "BH67BMAG00001299123456")),
            paymentTerms: "Payable by 2026-11-09.",
            lines: [
                EInvoice.Line(
                    id: "1", name: "Web Hosting 1Y", quantity: 1, price: EInvoice.UnitPrice(amount: 25_500),
                    netAmount: 25_500, tax: vat10),
                // 3 × 0.800 = 2.400.
                EInvoice.Line(
                    id: "2", name: "Mailbox setup × 3", quantity: 3, price: EInvoice.UnitPrice(amount: 800),
                    netAmount: 2_400, tax: vat10),
            ],
            // 25.500 + 2.400 = 27.900; VAT 2.790; total 30.690.
            vatBreakdown: [EInvoice.VATBreakdown(tax: vat10, taxable: 27_900, amount: 2_790)],
            totals: EInvoice.Totals(
                lineNet: 27_900, allowances: 0, taxExclusive: 27_900, tax: 2_790, taxInclusive: 30_690, payable: 30_690)
        )
    }

    static var all: [(name: String, invoice: EInvoice)] {
        [
            ("domestic", domestic), ("reverse-charge-credit-note", reverseChargeCreditNote), ("yen", yen),
            ("quebec", quebec), ("dinar", dinar),
        ]
    }
}
