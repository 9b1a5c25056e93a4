import Foundation
import FoundationXML
import OrderFlowTestSupport
import Testing

/// The demo's e-invoices (`Fixtures/golden/demo/*/*/invoices/`, which `DemoRunTests` compares
/// byte for byte with a real run): amounts worked out here by hand from the demo catalog and the
/// drops (Fixtures/README.md has the same orders' totals), and the EN 16931 sums (BR-CO-10 to
/// BR-CO-16) checked over every document (Invoices.md).
@Suite struct DemoInvoiceTests {
    static let golden = TestPaths.fixtures.appendingPathComponent("golden/demo")

    static func document(_ relative: String) throws -> XMLDocument {
        try XMLDocument(contentsOf: golden.appendingPathComponent(relative), options: [])
    }

    /// The texts at `path` (local names, any namespace), in document order.
    static func texts(_ document: XMLDocument, _ path: String) throws -> [String] {
        let xpath = path.split(separator: "/").map { "*[local-name()='\($0)']" }.joined(separator: "/")
        return try document.nodes(forXPath: "/*/" + xpath).map { $0.stringValue ?? "" }
    }

    static func text(_ document: XMLDocument, _ path: String) throws -> String? { try texts(document, path).first }

    static func cents(_ text: String?) -> Int64? {
        guard let text else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = Int64(parts[0]) else { return nil }
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let scale = (0..<fraction.count).reduce(Int64(1)) { value, _ in value * 10 }
        return whole * scale + (Int64(fraction) ?? 0)
    }

    /// A-2001 (Globex GmbH, Berlin; R-ACME, EUR, 19 %, exclusive): Mail Standard 1Y priced in
    /// USD, 1 USD = 0.9215 EUR on 2026-11-22 (the 2026-11-01 rate).
    ///   fee 100.00 × 0.9215 = 92.15, promo WELCOME10 10 % of it = 9.215 → 9.22, net 82.93;
    ///   setup 20.00 × 0.9215 = 18.43;
    ///   lines − allowances = the order's net 453.56 (Fixtures/README.md); VAT 453.56 × 19 % =
    ///   86.1764 → 86.18; total 539.74. Paid by SEPA transfer to the catalog's IBAN, quoting the
    ///   payment's creditor reference RF32PAY1 (PAY-1), due 2026-11-22 + 14 days = 2026-12-06.
    @Test func acmeFirstInvoiceIsTheOrderAsPricedByHand() throws {
        let doc = try Self.document("R-ACME/ACME-20261122-01/invoices/ACME-2026-000001.xml")
        #expect(try Self.text(doc, "ID") == "ACME-2026-000001")
        #expect(try Self.text(doc, "IssueDate") == "2026-11-22")
        #expect(try Self.text(doc, "DueDate") == "2026-12-06")
        #expect(try Self.texts(doc, "InvoiceLine/LineExtensionAmount").prefix(2) == ["82.93", "18.43"])
        #expect(try Self.texts(doc, "InvoiceLine/AllowanceCharge/Amount").first == "9.22")
        #expect(try Self.text(doc, "LegalMonetaryTotal/TaxExclusiveAmount") == "453.56")
        #expect(try Self.text(doc, "TaxTotal/TaxAmount") == "86.18")
        #expect(try Self.text(doc, "TaxTotal/TaxSubtotal/TaxCategory/Percent") == "19")
        #expect(try Self.text(doc, "LegalMonetaryTotal/PayableAmount") == "539.74")
        #expect(try Self.text(doc, "PaymentMeans/PaymentMeansCode") == "58")
        #expect(try Self.text(doc, "PaymentMeans/PaymentID") == "RF32PAY1")
        #expect(try Self.text(doc, "PaymentMeans/PayeeFinancialAccount/ID") == "DE89370400440532013000")
        #expect(try Self.text(doc, "InvoicePeriod/StartDate") == "2026-11-22")
        // A year from 2026-11-22: the last day billed is 2027-11-21.
        #expect(try Self.text(doc, "InvoicePeriod/EndDate") == "2027-11-21")
        #expect(try Self.texts(doc, "AccountingSupplierParty/Party/PartyTaxScheme/CompanyID") == ["DE811907980"])
        #expect(try Self.texts(doc, "AccountingCustomerParty/Party/PartyTaxScheme/CompanyID") == ["DE123456788"])
    }

    /// M-3003 (Prairie Analytics, Calgary AB; R-MAPLE, CAD, tax-inclusive, GST 5 %): the customer
    /// pays G = 22.68 + 54.44 = 77.12 (CRM Team 1M 15.00 EUR × 1.5123 = 22.6845 → 22.68, half-even;
    /// three seats 3 × 12.00 EUR × 1.5123 = 54.4428 → 54.44). GST = 77.12 × 0.05 / 1.05 = 3.6724 →
    /// 3.67, net 73.45. Lines without tax, shared in proportion: 22.68 × 73.45 / 77.12 = 21.6010 and
    /// 54.44 × 73.45 / 77.12 = 51.8489; 21.60 + 51.84 = 73.44, the cent left goes to the larger
    /// remainder (0.89 > 0.01): 21.60 and 51.85. Three seats at 51.85 do not divide into cents, so
    /// the price is stated for the base quantity 3.
    @Test func mapleInclusiveInvoiceStatesNetLinesThatAddUpToTheCent() throws {
        let doc = try Self.document("R-MAPLE/MAPLE-20261122-01/invoices/MAPLE-2026-000001.xml")
        #expect(try Self.texts(doc, "InvoiceLine/LineExtensionAmount") == ["21.60", "51.85"])
        #expect(try Self.texts(doc, "InvoiceLine/Price/BaseQuantity") == ["3"])
        #expect(try Self.text(doc, "LegalMonetaryTotal/TaxExclusiveAmount") == "73.45")
        #expect(try Self.text(doc, "TaxTotal/TaxAmount") == "3.67")
        #expect(try Self.text(doc, "LegalMonetaryTotal/PayableAmount") == "77.12")
        // A Canadian business number is not an EU VAT id: the seller's tax registration (BT-32).
        #expect(try Self.texts(doc, "AccountingSupplierParty/Party/PartyTaxScheme/TaxScheme/ID") == ["TAX"])
    }

    /// N-4001 (R-NIPPON, JPY, no decimals, 10 %): net 44619, tax 44619 × 10 % = 4461.9 → 4462,
    /// total 49081 (Fixtures/README.md). Seven mailboxes' setup 1059 yen do not divide by 7.
    @Test func nipponInvoiceHasNoDecimals() throws {
        let doc = try Self.document("R-NIPPON/NIPPON-20261122-01/invoices/NIPPON-2026-000001.xml")
        #expect(try Self.text(doc, "LegalMonetaryTotal/TaxExclusiveAmount") == "44619")
        #expect(try Self.text(doc, "TaxTotal/TaxAmount") == "4462")
        #expect(try Self.text(doc, "LegalMonetaryTotal/PayableAmount") == "49081")
        #expect(try Self.texts(doc, "InvoiceLine/LineExtensionAmount").allSatisfy { !$0.contains(".") })
    }

    /// The cancel of A-2104 in the same file: credit note ACME-2026-000011 corrects invoice
    /// ACME-2026-000010 with the same amounts, positive (294.00 + 19 % = 349.86).
    @Test func theCancelsCreditNoteCorrectsTheOrdersInvoice() throws {
        let doc = try Self.document("R-ACME/ACME-20261122-02/invoices/ACME-2026-000011.xml")
        #expect(doc.rootElement()?.localName == "CreditNote")
        #expect(try Self.text(doc, "CreditNoteTypeCode") == "381")
        #expect(try Self.text(doc, "BillingReference/InvoiceDocumentReference/ID") == "ACME-2026-000010")
        #expect(try Self.text(doc, "LegalMonetaryTotal/TaxExclusiveAmount") == "294.00")
        #expect(try Self.text(doc, "LegalMonetaryTotal/PayableAmount") == "349.86")
        let invoice = try Self.document("R-ACME/ACME-20261122-02/invoices/ACME-2026-000010.xml")
        #expect(try Self.texts(invoice, "InvoiceLine/LineExtensionAmount") == Self.texts(doc, "CreditNoteLine/LineExtensionAmount"))
    }

    /// BR-CO-10 … BR-CO-16 over every demo document, in minor units.
    @Test func everyDemoDocumentAddsUp() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.golden.path).filter {
            $0.contains("/invoices/") && $0.hasSuffix(".xml")
        }
        #expect(files.count == 17)
        for file in files {
            let doc = try Self.document(file)
            let line = doc.rootElement()?.localName == "CreditNote" ? "CreditNoteLine" : "InvoiceLine"
            let lines = try Self.texts(doc, "\(line)/LineExtensionAmount").compactMap(Self.cents).reduce(0, +)
            let allowances = try Self.texts(doc, "AllowanceCharge/Amount").compactMap(Self.cents).reduce(0, +)
            let lineTotal = try Self.cents(Self.text(doc, "LegalMonetaryTotal/LineExtensionAmount"))
            let exclusive = try Self.cents(Self.text(doc, "LegalMonetaryTotal/TaxExclusiveAmount"))
            let tax = try Self.cents(Self.text(doc, "TaxTotal/TaxAmount")) ?? 0
            let subtotals = try Self.texts(doc, "TaxTotal/TaxSubtotal/TaxAmount").compactMap(Self.cents).reduce(0, +)
            let taxable = try Self.texts(doc, "TaxTotal/TaxSubtotal/TaxableAmount").compactMap(Self.cents).reduce(0, +)
            let inclusive = try Self.cents(Self.text(doc, "LegalMonetaryTotal/TaxInclusiveAmount"))
            let payable = try Self.cents(Self.text(doc, "LegalMonetaryTotal/PayableAmount"))
            #expect(lineTotal == lines, "\(file): BR-CO-10")
            #expect(exclusive == lines - allowances, "\(file): BR-CO-13")
            #expect(tax == subtotals && taxable == exclusive, "\(file): BR-CO-14")
            #expect(inclusive == (exclusive ?? 0) + tax, "\(file): BR-CO-15")
            #expect(payable == inclusive, "\(file): BR-CO-16")
        }
    }
}
