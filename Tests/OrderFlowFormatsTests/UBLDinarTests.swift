import Foundation
import OrderFlowTestSupport
import OrderFlowCore
import Testing
@testable import OrderFlowFormats

/// Invoices.md, Currencies: a dinar amount with a third decimal cannot be written under EN 16931
/// (BR-DEC) and is never rounded, so the document is a plain UBL 2.1 document instead: valid
/// against the UBL schema, without the EN 16931 customization id.
@Suite struct UBLDinarTests {
    static var filsInvoice: EInvoice {
        var dinar = UBLCases.dinar
        dinar.lines[1].price = EInvoice.UnitPrice(amount: 805)  // 3 × 0.805 = 2.415
        dinar.lines[1].netAmount = 2_415
        dinar.vatBreakdown[0].taxable = 27_915
        dinar.vatBreakdown[0].amount = 2_792  // 27.915 × 10 % = 2.7915 → 2.792
        dinar.totals = EInvoice.Totals(
            lineNet: 27_915, allowances: 0, taxExclusive: 27_915, tax: 2_792, taxInclusive: 30_707, payable: 30_707)
        return dinar
    }

    @Test func aDinarInvoiceWithFilsIsPlainUBLWithItsThreeDecimals() throws {
        let text = String(decoding: try UBLWriter().render(Self.filsInvoice), as: UTF8.self)
        #expect(!text.contains("CustomizationID"))
        #expect(text.contains(">30.707</cbc:PayableAmount>") && text.contains(">2.415</cbc:LineExtensionAmount>"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dinar-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(text.utf8).write(to: file)
        #expect(try UBLJudges.schemaErrors([file], schema: UBLJudges.invoiceSchema) == "")
    }

    @Test func aDinarInvoiceInWholeFilsTensStillClaimsEN16931() throws {
        let text = String(decoding: try UBLWriter().render(UBLCases.dinar), as: UTF8.self)
        #expect(text.contains("<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>"))
    }

    @Test func anotherFindingBesideBRDECStillRefusesTheDocument() {
        var broken = Self.filsInvoice
        broken.totals.payable += 1
        #expect(throws: UBLWriteError.self) { try UBLWriter().render(broken) }
    }
}
