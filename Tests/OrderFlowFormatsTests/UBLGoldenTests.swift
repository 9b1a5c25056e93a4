import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// Golden documents: the hand-worked cases of ``UBLCases`` rendered byte for byte. A change here is a
/// change of what customers receive; `ORDERFLOW_UBL_DUMP=<folder>` writes the actual documents there
/// to compare.
@Suite struct UBLGoldenTests {
    static func check(_ invoice: EInvoice, _ expected: String, _ name: String) throws {
        #expect(EInvoiceCheck.findings(invoice).isEmpty, "\(name) is consistent: \(EInvoiceCheck.findings(invoice))")
        let bytes = try UBLWriter().render(invoice)
        if let folder = ProcessInfo.processInfo.environment["ORDERFLOW_UBL_DUMP"] {
            try Data(bytes).write(to: URL(fileURLWithPath: folder).appendingPathComponent("\(name).xml"))
        }
        let actual = String(decoding: bytes, as: UTF8.self)
        let expected = Self.compact(expected)
        #expect(actual == expected, "\(name) differs from its golden document")
        if actual != expected {
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            for (index, (left, right)) in zip(actualLines, expectedLines).enumerated() where left != right {
                Issue.record("line \(index + 1): got \(left) expected \(right)")
                break
            }
        }
    }

    /// The goldens are written indented, one element per line, for a person to read; the writer
    /// breaks lines only around the root element: an indented line joins the one before it.
    static func compact(_ indented: String) -> String {
        var result = ""
        for line in indented.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(" ") {
                result += line.drop { $0 == " " }
            } else {
                if !result.isEmpty { result += "\n" }
                result += line
            }
        }
        return result
    }

    @Test func domestic() throws {
        try Self.check(UBLCases.domestic, Self.domesticGolden + "\n", "domestic")
    }

    @Test func reverseChargeCreditNote() throws {
        try Self.check(
            UBLCases.reverseChargeCreditNote, Self.reverseChargeCreditNoteGolden + "\n", "reverse-charge-credit-note")
    }

    @Test func yen() throws {
        try Self.check(UBLCases.yen, Self.yenGolden + "\n", "yen")
    }

    @Test func quebec() throws {
        try Self.check(UBLCases.quebec, Self.quebecGolden + "\n", "quebec")
    }

    @Test func dinar() throws {
        try Self.check(UBLCases.dinar, Self.dinarGolden + "\n", "dinar")
    }

    // MARK: Goldens

    static let domesticGolden = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" \
        xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" \
        xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
          <cbc:ID>ACME-2026-000001</cbc:ID>
          <cbc:IssueDate>2026-11-02</cbc:IssueDate>
          <cbc:DueDate>2026-11-16</cbc:DueDate>
          <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
          <cbc:Note>Thank you for your order &lt;Globex&gt; &amp; welcome!</cbc:Note>
          <cbc:Note>Amounts converted from USD: 1 USD = 0.9215 EUR (rate effective 2026-11-01).</cbc:Note>
          <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
          <cbc:BuyerReference>PO-4711</cbc:BuyerReference>
          <cac:InvoicePeriod>
            <cbc:StartDate>2026-11-02</cbc:StartDate>
            <cbc:EndDate>2027-11-01</cbc:EndDate>
          </cac:InvoicePeriod>
          <cac:OrderReference>
            <cbc:ID>SO-1</cbc:ID>
          </cac:OrderReference>
          <cac:AccountingSupplierParty>
            <cac:Party>
              <cac:PostalAddress>
                <cbc:StreetName>Friedrichstraße 68</cbc:StreetName>
                <cbc:CityName>Berlin</cbc:CityName>
                <cbc:PostalZone>10117</cbc:PostalZone>
                <cac:Country>
                  <cbc:IdentificationCode>DE</cbc:IdentificationCode>
                </cac:Country>
              </cac:PostalAddress>
              <cac:PartyTaxScheme>
                <cbc:CompanyID>DE811907980</cbc:CompanyID>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:PartyTaxScheme>
              <cac:PartyLegalEntity>
                <cbc:RegistrationName>Acme Cloud GmbH &amp; Co. KG</cbc:RegistrationName>
                <cbc:CompanyID>HRB 123456 B</cbc:CompanyID>
              </cac:PartyLegalEntity>
            </cac:Party>
          </cac:AccountingSupplierParty>
          <cac:AccountingCustomerParty>
            <cac:Party>
              <cac:PostalAddress>
                <cbc:StreetName>Hohe Straße 1</cbc:StreetName>
                <cbc:CityName>Köln</cbc:CityName>
                <cbc:PostalZone>50667</cbc:PostalZone>
                <cac:Country>
                  <cbc:IdentificationCode>DE</cbc:IdentificationCode>
                </cac:Country>
              </cac:PostalAddress>
              <cac:PartyTaxScheme>
                <cbc:CompanyID>DE123456789</cbc:CompanyID>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:PartyTaxScheme>
              <cac:PartyLegalEntity>
                <cbc:RegistrationName>Globex GmbH</cbc:RegistrationName>
              </cac:PartyLegalEntity>
            </cac:Party>
          </cac:AccountingCustomerParty>
          <cac:PaymentMeans>
            <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
            <cbc:PaymentID>RF32PAY1</cbc:PaymentID>
            <cac:PayeeFinancialAccount>
              <cbc:ID>DE89370400440532013000</cbc:ID>
              <cbc:Name>Acme Cloud GmbH &amp; Co. KG</cbc:Name>
              <cac:FinancialInstitutionBranch>
                <cbc:ID>COBADEFFXXX</cbc:ID>
              </cac:FinancialInstitutionBranch>
            </cac:PayeeFinancialAccount>
          </cac:PaymentMeans>
          <cac:PaymentTerms>
            <cbc:Note>Payable by 2026-11-16.</cbc:Note>
          </cac:PaymentTerms>
          <cac:AllowanceCharge>
            <cbc:ChargeIndicator>false</cbc:ChargeIndicator>
            <cbc:AllowanceChargeReasonCode>95</cbc:AllowanceChargeReasonCode>
            <cbc:AllowanceChargeReason>Promo FIVEOFF</cbc:AllowanceChargeReason>
            <cbc:Amount currencyID="EUR">5.00</cbc:Amount>
            <cac:TaxCategory>
              <cbc:ID>S</cbc:ID>
              <cbc:Percent>19</cbc:Percent>
              <cac:TaxScheme>
                <cbc:ID>VAT</cbc:ID>
              </cac:TaxScheme>
            </cac:TaxCategory>
          </cac:AllowanceCharge>
          <cac:TaxTotal>
            <cbc:TaxAmount currencyID="EUR">57.88</cbc:TaxAmount>
            <cac:TaxSubtotal>
              <cbc:TaxableAmount currencyID="EUR">304.62</cbc:TaxableAmount>
              <cbc:TaxAmount currencyID="EUR">57.88</cbc:TaxAmount>
              <cac:TaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>19</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:TaxCategory>
            </cac:TaxSubtotal>
          </cac:TaxTotal>
          <cac:LegalMonetaryTotal>
            <cbc:LineExtensionAmount currencyID="EUR">309.62</cbc:LineExtensionAmount>
            <cbc:TaxExclusiveAmount currencyID="EUR">304.62</cbc:TaxExclusiveAmount>
            <cbc:TaxInclusiveAmount currencyID="EUR">362.50</cbc:TaxInclusiveAmount>
            <cbc:AllowanceTotalAmount currencyID="EUR">5.00</cbc:AllowanceTotalAmount>
            <cbc:PayableAmount currencyID="EUR">362.50</cbc:PayableAmount>
          </cac:LegalMonetaryTotal>
          <cac:InvoiceLine>
            <cbc:ID>1</cbc:ID>
            <cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
            <cbc:LineExtensionAmount currencyID="EUR">82.93</cbc:LineExtensionAmount>
            <cac:AllowanceCharge>
              <cbc:ChargeIndicator>false</cbc:ChargeIndicator>
              <cbc:AllowanceChargeReasonCode>95</cbc:AllowanceChargeReasonCode>
              <cbc:AllowanceChargeReason>Promo WELCOME10</cbc:AllowanceChargeReason>
              <cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric>
              <cbc:Amount currencyID="EUR">9.22</cbc:Amount>
              <cbc:BaseAmount currencyID="EUR">92.15</cbc:BaseAmount>
            </cac:AllowanceCharge>
            <cac:Item>
              <cbc:Name>Mail Standard 1Y</cbc:Name>
              <cac:ClassifiedTaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>19</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:ClassifiedTaxCategory>
            </cac:Item>
            <cac:Price>
              <cbc:PriceAmount currencyID="EUR">92.15</cbc:PriceAmount>
            </cac:Price>
          </cac:InvoiceLine>
          <cac:InvoiceLine>
            <cbc:ID>2</cbc:ID>
            <cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
            <cbc:LineExtensionAmount currencyID="EUR">18.43</cbc:LineExtensionAmount>
            <cac:Item>
              <cbc:Name>Mail Standard 1Y setup</cbc:Name>
              <cac:ClassifiedTaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>19</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:ClassifiedTaxCategory>
            </cac:Item>
            <cac:Price>
              <cbc:PriceAmount currencyID="EUR">18.43</cbc:PriceAmount>
            </cac:Price>
          </cac:InvoiceLine>
          <cac:InvoiceLine>
            <cbc:ID>3</cbc:ID>
            <cbc:InvoicedQuantity unitCode="C62">10</cbc:InvoicedQuantity>
            <cbc:LineExtensionAmount currencyID="EUR">9.22</cbc:LineExtensionAmount>
            <cac:Item>
              <cbc:Name>Mailbox setup × 10</cbc:Name>
              <cac:SellersItemIdentification>
                <cbc:ID>MAILBOX</cbc:ID>
              </cac:SellersItemIdentification>
              <cac:ClassifiedTaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>19</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:ClassifiedTaxCategory>
            </cac:Item>
            <cac:Price>
              <cbc:PriceAmount currencyID="EUR">9.22</cbc:PriceAmount>
              <cbc:BaseQuantity unitCode="C62">10</cbc:BaseQuantity>
            </cac:Price>
          </cac:InvoiceLine>
          <cac:InvoiceLine>
            <cbc:ID>4</cbc:ID>
            <cbc:InvoicedQuantity unitCode="C62">10</cbc:InvoicedQuantity>
            <cbc:LineExtensionAmount currencyID="EUR">199.04</cbc:LineExtensionAmount>
            <cac:AllowanceCharge>
              <cbc:ChargeIndicator>false</cbc:ChargeIndicator>
              <cbc:AllowanceChargeReasonCode>95</cbc:AllowanceChargeReasonCode>
              <cbc:AllowanceChargeReason>Promo WELCOME10</cbc:AllowanceChargeReason>
              <cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric>
              <cbc:Amount currencyID="EUR">22.12</cbc:Amount>
              <cbc:BaseAmount currencyID="EUR">221.16</cbc:BaseAmount>
            </cac:AllowanceCharge>
            <cac:Item>
              <cbc:Name>Mailbox × 10</cbc:Name>
              <cac:SellersItemIdentification>
                <cbc:ID>MAILBOX</cbc:ID>
              </cac:SellersItemIdentification>
              <cac:ClassifiedTaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>19</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:ClassifiedTaxCategory>
            </cac:Item>
            <cac:Price>
              <cbc:PriceAmount currencyID="EUR">221.16</cbc:PriceAmount>
              <cbc:BaseQuantity unitCode="C62">10</cbc:BaseQuantity>
            </cac:Price>
          </cac:InvoiceLine>
        </Invoice>
        """

    static let reverseChargeCreditNoteGolden = """
        <?xml version="1.0" encoding="UTF-8"?>
        <CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2" \
        xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" \
        xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
          <cbc:ID>ACME-2026-000009</cbc:ID>
          <cbc:IssueDate>2026-11-10</cbc:IssueDate>
          <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
          <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
          <cac:InvoicePeriod>
            <cbc:StartDate>2026-11-03</cbc:StartDate>
            <cbc:EndDate>2026-12-02</cbc:EndDate>
          </cac:InvoicePeriod>
          <cac:OrderReference>
            <cbc:ID>SO-5</cbc:ID>
          </cac:OrderReference>
          <cac:BillingReference>
            <cac:InvoiceDocumentReference>
              <cbc:ID>ACME-2026-000005</cbc:ID>
              <cbc:IssueDate>2026-11-03</cbc:IssueDate>
            </cac:InvoiceDocumentReference>
          </cac:BillingReference>
          <cac:AccountingSupplierParty>
            <cac:Party>
              <cac:PostalAddress>
                <cbc:StreetName>Friedrichstraße 68</cbc:StreetName>
                <cbc:CityName>Berlin</cbc:CityName>
                <cbc:PostalZone>10117</cbc:PostalZone>
                <cac:Country>
                  <cbc:IdentificationCode>DE</cbc:IdentificationCode>
                </cac:Country>
              </cac:PostalAddress>
              <cac:PartyTaxScheme>
                <cbc:CompanyID>DE811907980</cbc:CompanyID>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:PartyTaxScheme>
              <cac:PartyLegalEntity>
                <cbc:RegistrationName>Acme Cloud GmbH &amp; Co. KG</cbc:RegistrationName>
                <cbc:CompanyID>HRB 123456 B</cbc:CompanyID>
              </cac:PartyLegalEntity>
            </cac:Party>
          </cac:AccountingSupplierParty>
          <cac:AccountingCustomerParty>
            <cac:Party>
              <cac:PostalAddress>
                <cbc:StreetName>12 Rue de la Paix</cbc:StreetName>
                <cbc:CityName>Paris</cbc:CityName>
                <cbc:PostalZone>75002</cbc:PostalZone>
                <cac:Country>
                  <cbc:IdentificationCode>FR</cbc:IdentificationCode>
                </cac:Country>
              </cac:PostalAddress>
              <cac:PartyTaxScheme>
                <cbc:CompanyID>FR40303265045</cbc:CompanyID>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:PartyTaxScheme>
              <cac:PartyLegalEntity>
                <cbc:RegistrationName>Société Générale Informatique SARL</cbc:RegistrationName>
                <cbc:CompanyID>303265045</cbc:CompanyID>
              </cac:PartyLegalEntity>
            </cac:Party>
          </cac:AccountingCustomerParty>
          <cac:PaymentTerms>
            <cbc:Note>Credited to the balance of account ACC-7 on 2026-11-10.</cbc:Note>
          </cac:PaymentTerms>
          <cac:TaxTotal>
            <cbc:TaxAmount currencyID="EUR">0.00</cbc:TaxAmount>
            <cac:TaxSubtotal>
              <cbc:TaxableAmount currencyID="EUR">49.00</cbc:TaxableAmount>
              <cbc:TaxAmount currencyID="EUR">0.00</cbc:TaxAmount>
              <cac:TaxCategory>
                <cbc:ID>AE</cbc:ID>
                <cbc:Percent>0</cbc:Percent>
                <cbc:TaxExemptionReasonCode>VATEX-EU-AE</cbc:TaxExemptionReasonCode>
                <cbc:TaxExemptionReason>Reverse charge</cbc:TaxExemptionReason>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:TaxCategory>
            </cac:TaxSubtotal>
          </cac:TaxTotal>
          <cac:LegalMonetaryTotal>
            <cbc:LineExtensionAmount currencyID="EUR">49.00</cbc:LineExtensionAmount>
            <cbc:TaxExclusiveAmount currencyID="EUR">49.00</cbc:TaxExclusiveAmount>
            <cbc:TaxInclusiveAmount currencyID="EUR">49.00</cbc:TaxInclusiveAmount>
            <cbc:PayableAmount currencyID="EUR">49.00</cbc:PayableAmount>
          </cac:LegalMonetaryTotal>
          <cac:CreditNoteLine>
            <cbc:ID>1</cbc:ID>
            <cbc:CreditedQuantity unitCode="C62">1</cbc:CreditedQuantity>
            <cbc:LineExtensionAmount currencyID="EUR">9.00</cbc:LineExtensionAmount>
            <cac:Item>
              <cbc:Name>Mail Standard 1M</cbc:Name>
              <cac:ClassifiedTaxCategory>
                <cbc:ID>AE</cbc:ID>
                <cbc:Percent>0</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:ClassifiedTaxCategory>
            </cac:Item>
            <cac:Price>
              <cbc:PriceAmount currencyID="EUR">9.00</cbc:PriceAmount>
            </cac:Price>
          </cac:CreditNoteLine>
          <cac:CreditNoteLine>
            <cbc:ID>2</cbc:ID>
            <cbc:CreditedQuantity unitCode="C62">20</cbc:CreditedQuantity>
            <cbc:LineExtensionAmount currencyID="EUR">40.00</cbc:LineExtensionAmount>
            <cac:Item>
              <cbc:Name>Mailbox × 20</cbc:Name>
              <cac:SellersItemIdentification>
                <cbc:ID>MAILBOX</cbc:ID>
              </cac:SellersItemIdentification>
              <cac:ClassifiedTaxCategory>
                <cbc:ID>AE</cbc:ID>
                <cbc:Percent>0</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:ClassifiedTaxCategory>
            </cac:Item>
            <cac:Price>
              <cbc:PriceAmount currencyID="EUR">2.00</cbc:PriceAmount>
            </cac:Price>
          </cac:CreditNoteLine>
        </CreditNote>
        """

    static let yenGolden = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" \
        xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" \
        xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
          <cbc:ID>ACME-2026-000010</cbc:ID>
          <cbc:IssueDate>2026-11-02</cbc:IssueDate>
          <cbc:DueDate>2026-11-16</cbc:DueDate>
          <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
          <cbc:Note>VAT in EUR: 1 JPY = 0.0061 EUR (rate of 2026-11-01).</cbc:Note>
          <cbc:DocumentCurrencyCode>JPY</cbc:DocumentCurrencyCode>
          <cbc:TaxCurrencyCode>EUR</cbc:TaxCurrencyCode>
          <cac:InvoicePeriod>
            <cbc:StartDate>2026-11-02</cbc:StartDate>
            <cbc:EndDate>2026-12-01</cbc:EndDate>
          </cac:InvoicePeriod>
          <cac:OrderReference>
            <cbc:ID>SO-10</cbc:ID>
          </cac:OrderReference>
          <cac:AccountingSupplierParty>
            <cac:Party>
              <cac:PostalAddress>
                <cbc:StreetName>Friedrichstraße 68</cbc:StreetName>
                <cbc:CityName>Berlin</cbc:CityName>
                <cbc:PostalZone>10117</cbc:PostalZone>
                <cac:Country>
                  <cbc:IdentificationCode>DE</cbc:IdentificationCode>
                </cac:Country>
              </cac:PostalAddress>
              <cac:PartyTaxScheme>
                <cbc:CompanyID>DE811907980</cbc:CompanyID>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:PartyTaxScheme>
              <cac:PartyLegalEntity>
                <cbc:RegistrationName>Acme Cloud GmbH &amp; Co. KG</cbc:RegistrationName>
                <cbc:CompanyID>HRB 123456 B</cbc:CompanyID>
              </cac:PartyLegalEntity>
            </cac:Party>
          </cac:AccountingSupplierParty>
          <cac:AccountingCustomerParty>
            <cac:Party>
              <cac:PostalAddress>
                <cbc:StreetName>Leopoldstraße 20</cbc:StreetName>
                <cbc:CityName>München</cbc:CityName>
                <cbc:PostalZone>80802</cbc:PostalZone>
                <cac:Country>
                  <cbc:IdentificationCode>DE</cbc:IdentificationCode>
                </cac:Country>
              </cac:PostalAddress>
              <cac:PartyLegalEntity>
                <cbc:RegistrationName>Sakura Software GmbH</cbc:RegistrationName>
              </cac:PartyLegalEntity>
            </cac:Party>
          </cac:AccountingCustomerParty>
          <cac:PaymentMeans>
            <cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>
            <cbc:PaymentID>RF90PAY10</cbc:PaymentID>
            <cac:PayeeFinancialAccount>
              <cbc:ID>DE89370400440532013000</cbc:ID>
              <cbc:Name>Acme Cloud GmbH &amp; Co. KG</cbc:Name>
              <cac:FinancialInstitutionBranch>
                <cbc:ID>COBADEFFXXX</cbc:ID>
              </cac:FinancialInstitutionBranch>
            </cac:PayeeFinancialAccount>
          </cac:PaymentMeans>
          <cac:PaymentTerms>
            <cbc:Note>Payable by 2026-11-16.</cbc:Note>
          </cac:PaymentTerms>
          <cac:TaxTotal>
            <cbc:TaxAmount currencyID="JPY">3135</cbc:TaxAmount>
            <cac:TaxSubtotal>
              <cbc:TaxableAmount currencyID="JPY">16500</cbc:TaxableAmount>
              <cbc:TaxAmount currencyID="JPY">3135</cbc:TaxAmount>
              <cac:TaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>19</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:TaxCategory>
            </cac:TaxSubtotal>
          </cac:TaxTotal>
          <cac:TaxTotal>
            <cbc:TaxAmount currencyID="EUR">19.12</cbc:TaxAmount>
          </cac:TaxTotal>
          <cac:LegalMonetaryTotal>
            <cbc:LineExtensionAmount currencyID="JPY">16500</cbc:LineExtensionAmount>
            <cbc:TaxExclusiveAmount currencyID="JPY">16500</cbc:TaxExclusiveAmount>
            <cbc:TaxInclusiveAmount currencyID="JPY">19635</cbc:TaxInclusiveAmount>
            <cbc:PayableAmount currencyID="JPY">19635</cbc:PayableAmount>
          </cac:LegalMonetaryTotal>
          <cac:InvoiceLine>
            <cbc:ID>1</cbc:ID>
            <cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
            <cbc:LineExtensionAmount currencyID="JPY">12000</cbc:LineExtensionAmount>
            <cac:Item>
              <cbc:Name>Cloud Server Pro 1M</cbc:Name>
              <cac:ClassifiedTaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>19</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:ClassifiedTaxCategory>
            </cac:Item>
            <cac:Price>
              <cbc:PriceAmount currencyID="JPY">12000</cbc:PriceAmount>
            </cac:Price>
          </cac:InvoiceLine>
          <cac:InvoiceLine>
            <cbc:ID>2</cbc:ID>
            <cbc:InvoicedQuantity unitCode="C62">3</cbc:InvoicedQuantity>
            <cbc:LineExtensionAmount currencyID="JPY">4500</cbc:LineExtensionAmount>
            <cac:Item>
              <cbc:Name>vCPU × 3</cbc:Name>
              <cac:SellersItemIdentification>
                <cbc:ID>VCPU</cbc:ID>
              </cac:SellersItemIdentification>
              <cac:ClassifiedTaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>19</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:ClassifiedTaxCategory>
            </cac:Item>
            <cac:Price>
              <cbc:PriceAmount currencyID="JPY">1500</cbc:PriceAmount>
            </cac:Price>
          </cac:InvoiceLine>
        </Invoice>
        """

    static let quebecGolden = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" \
        xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" \
        xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
          <cbc:ID>MAPLE-2026-000001</cbc:ID>
          <cbc:IssueDate>2026-11-02</cbc:IssueDate>
          <cbc:DueDate>2026-12-02</cbc:DueDate>
          <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
          <cbc:Note>VAT 14.975 % on 1250.10 CAD: GST 5 % 62.51 CAD + QST 9.975 % 124.70 CAD.</cbc:Note>
          <cbc:DocumentCurrencyCode>CAD</cbc:DocumentCurrencyCode>
          <cac:InvoicePeriod>
            <cbc:StartDate>2026-11-02</cbc:StartDate>
            <cbc:EndDate>2027-11-01</cbc:EndDate>
          </cac:InvoicePeriod>
          <cac:OrderReference>
            <cbc:ID>SO-20</cbc:ID>
          </cac:OrderReference>
          <cac:AccountingSupplierParty>
            <cac:Party>
              <cac:PostalAddress>
                <cbc:StreetName>1000 Rue Sherbrooke Ouest</cbc:StreetName>
                <cbc:CityName>Montréal</cbc:CityName>
                <cbc:PostalZone>H3A 3G4</cbc:PostalZone>
                <cbc:CountrySubentity>QC</cbc:CountrySubentity>
                <cac:Country>
                  <cbc:IdentificationCode>CA</cbc:IdentificationCode>
                </cac:Country>
              </cac:PostalAddress>
              <cac:PartyTaxScheme>
                <cbc:CompanyID>CA123456789RT0001</cbc:CompanyID>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:PartyTaxScheme>
              <cac:PartyTaxScheme>
                <cbc:CompanyID>1234567890TQ0001</cbc:CompanyID>
                <cac:TaxScheme>
                  <cbc:ID>TAX</cbc:ID>
                </cac:TaxScheme>
              </cac:PartyTaxScheme>
              <cac:PartyLegalEntity>
                <cbc:RegistrationName>Maple Cloud Inc.</cbc:RegistrationName>
              </cac:PartyLegalEntity>
            </cac:Party>
          </cac:AccountingSupplierParty>
          <cac:AccountingCustomerParty>
            <cac:Party>
              <cac:PostalAddress>
                <cbc:StreetName>2 Rue des Jardins</cbc:StreetName>
                <cbc:CityName>Québec</cbc:CityName>
                <cbc:PostalZone>G1R 4S9</cbc:PostalZone>
                <cbc:CountrySubentity>QC</cbc:CountrySubentity>
                <cac:Country>
                  <cbc:IdentificationCode>CA</cbc:IdentificationCode>
                </cac:Country>
              </cac:PostalAddress>
              <cac:PartyLegalEntity>
                <cbc:RegistrationName>Érable Conseil Inc.</cbc:RegistrationName>
              </cac:PartyLegalEntity>
            </cac:Party>
          </cac:AccountingCustomerParty>
          <cac:PaymentMeans>
            <cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>
            <cbc:PaymentID>RF14PAY20</cbc:PaymentID>
            <cac:PayeeFinancialAccount>
              <cbc:ID>CA0031234512345678</cbc:ID>
              <cbc:Name>Maple Cloud Inc.</cbc:Name>
            </cac:PayeeFinancialAccount>
          </cac:PaymentMeans>
          <cac:PaymentTerms>
            <cbc:Note>Payable by 2026-12-02.</cbc:Note>
          </cac:PaymentTerms>
          <cac:TaxTotal>
            <cbc:TaxAmount currencyID="CAD">187.21</cbc:TaxAmount>
            <cac:TaxSubtotal>
              <cbc:TaxableAmount currencyID="CAD">1250.10</cbc:TaxableAmount>
              <cbc:TaxAmount currencyID="CAD">187.21</cbc:TaxAmount>
              <cac:TaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>14.975</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:TaxCategory>
            </cac:TaxSubtotal>
          </cac:TaxTotal>
          <cac:LegalMonetaryTotal>
            <cbc:LineExtensionAmount currencyID="CAD">1250.10</cbc:LineExtensionAmount>
            <cbc:TaxExclusiveAmount currencyID="CAD">1250.10</cbc:TaxExclusiveAmount>
            <cbc:TaxInclusiveAmount currencyID="CAD">1437.31</cbc:TaxInclusiveAmount>
            <cbc:PayableAmount currencyID="CAD">1437.31</cbc:PayableAmount>
          </cac:LegalMonetaryTotal>
          <cac:InvoiceLine>
            <cbc:ID>1</cbc:ID>
            <cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
            <cbc:LineExtensionAmount currencyID="CAD">1200.00</cbc:LineExtensionAmount>
            <cac:Item>
              <cbc:Name>Office Suite 1Y</cbc:Name>
              <cac:ClassifiedTaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>14.975</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:ClassifiedTaxCategory>
            </cac:Item>
            <cac:Price>
              <cbc:PriceAmount currencyID="CAD">1200.00</cbc:PriceAmount>
            </cac:Price>
          </cac:InvoiceLine>
          <cac:InvoiceLine>
            <cbc:ID>2</cbc:ID>
            <cbc:InvoicedQuantity unitCode="HUR">3</cbc:InvoicedQuantity>
            <cbc:LineExtensionAmount currencyID="CAD">50.10</cbc:LineExtensionAmount>
            <cac:Item>
              <cbc:Name>Support hours × 3</cbc:Name>
              <cac:SellersItemIdentification>
                <cbc:ID>SUPPORT</cbc:ID>
              </cac:SellersItemIdentification>
              <cac:ClassifiedTaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>14.975</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:ClassifiedTaxCategory>
            </cac:Item>
            <cac:Price>
              <cbc:PriceAmount currencyID="CAD">16.70</cbc:PriceAmount>
            </cac:Price>
          </cac:InvoiceLine>
        </Invoice>
        """

    static let dinarGolden = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" \
        xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" \
        xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
          <cbc:ID>PEARL-2026-000001</cbc:ID>
          <cbc:IssueDate>2026-11-02</cbc:IssueDate>
          <cbc:DueDate>2026-11-09</cbc:DueDate>
          <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
          <cbc:DocumentCurrencyCode>BHD</cbc:DocumentCurrencyCode>
          <cac:OrderReference>
            <cbc:ID>SO-30</cbc:ID>
          </cac:OrderReference>
          <cac:AccountingSupplierParty>
            <cac:Party>
              <cac:PostalAddress>
                <cbc:StreetName>Road 1702, Block 317</cbc:StreetName>
                <cbc:CityName>Manama</cbc:CityName>
                <cac:Country>
                  <cbc:IdentificationCode>BH</cbc:IdentificationCode>
                </cac:Country>
              </cac:PostalAddress>
              <cac:PartyTaxScheme>
                <cbc:CompanyID>BH200000000000002</cbc:CompanyID>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:PartyTaxScheme>
              <cac:PartyLegalEntity>
                <cbc:RegistrationName>Pearl Hosting W.L.L.</cbc:RegistrationName>
              </cac:PartyLegalEntity>
            </cac:Party>
          </cac:AccountingSupplierParty>
          <cac:AccountingCustomerParty>
            <cac:Party>
              <cac:PostalAddress>
                <cbc:CityName>Muharraq</cbc:CityName>
                <cac:Country>
                  <cbc:IdentificationCode>BH</cbc:IdentificationCode>
                </cac:Country>
              </cac:PostalAddress>
              <cac:PartyLegalEntity>
                <cbc:RegistrationName>Dilmun Trading</cbc:RegistrationName>
              </cac:PartyLegalEntity>
            </cac:Party>
          </cac:AccountingCustomerParty>
          <cac:PaymentMeans>
            <cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>
            <cbc:PaymentID>RF35PAY30</cbc:PaymentID>
            <cac:PayeeFinancialAccount>
              <cbc:ID>BH67BMAG00001299123456</cbc:ID>
            </cac:PayeeFinancialAccount>
          </cac:PaymentMeans>
          <cac:PaymentTerms>
            <cbc:Note>Payable by 2026-11-09.</cbc:Note>
          </cac:PaymentTerms>
          <cac:TaxTotal>
            <cbc:TaxAmount currencyID="BHD">2.79</cbc:TaxAmount>
            <cac:TaxSubtotal>
              <cbc:TaxableAmount currencyID="BHD">27.90</cbc:TaxableAmount>
              <cbc:TaxAmount currencyID="BHD">2.79</cbc:TaxAmount>
              <cac:TaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>10</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:TaxCategory>
            </cac:TaxSubtotal>
          </cac:TaxTotal>
          <cac:LegalMonetaryTotal>
            <cbc:LineExtensionAmount currencyID="BHD">27.90</cbc:LineExtensionAmount>
            <cbc:TaxExclusiveAmount currencyID="BHD">27.90</cbc:TaxExclusiveAmount>
            <cbc:TaxInclusiveAmount currencyID="BHD">30.69</cbc:TaxInclusiveAmount>
            <cbc:PayableAmount currencyID="BHD">30.69</cbc:PayableAmount>
          </cac:LegalMonetaryTotal>
          <cac:InvoiceLine>
            <cbc:ID>1</cbc:ID>
            <cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
            <cbc:LineExtensionAmount currencyID="BHD">25.50</cbc:LineExtensionAmount>
            <cac:Item>
              <cbc:Name>Web Hosting 1Y</cbc:Name>
              <cac:ClassifiedTaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>10</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:ClassifiedTaxCategory>
            </cac:Item>
            <cac:Price>
              <cbc:PriceAmount currencyID="BHD">25.50</cbc:PriceAmount>
            </cac:Price>
          </cac:InvoiceLine>
          <cac:InvoiceLine>
            <cbc:ID>2</cbc:ID>
            <cbc:InvoicedQuantity unitCode="C62">3</cbc:InvoicedQuantity>
            <cbc:LineExtensionAmount currencyID="BHD">2.40</cbc:LineExtensionAmount>
            <cac:Item>
              <cbc:Name>Mailbox setup × 3</cbc:Name>
              <cac:ClassifiedTaxCategory>
                <cbc:ID>S</cbc:ID>
                <cbc:Percent>10</cbc:Percent>
                <cac:TaxScheme>
                  <cbc:ID>VAT</cbc:ID>
                </cac:TaxScheme>
              </cac:ClassifiedTaxCategory>
            </cac:Item>
            <cac:Price>
              <cbc:PriceAmount currencyID="BHD">0.80</cbc:PriceAmount>
            </cac:Price>
          </cac:InvoiceLine>
        </Invoice>
        """
}
