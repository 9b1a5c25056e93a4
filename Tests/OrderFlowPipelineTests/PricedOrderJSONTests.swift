import Foundation
import OrderFlowCore
import Testing

@testable import OrderFlowPipeline

/// The hand-written `sales_orders.priced` JSON must be the bytes `JSONEncoder` (`.sortedKeys`)
/// wrote before it, so ledgers written before and after the change read the same.
@Suite struct PricedOrderJSONTests {
    static let eur = Currency(code: "EUR")!

    static func order(description: String, promoCode: String?, rateEffective: CalendarDate?, taxes: Int) -> PricedOrder {
        PricedOrder(
            currency: eur, exchangeRate: ScaledDecimal(units: 1_085_000, scale: 6), rateEffective: rateEffective,
            lines: [
                PricedLine(kind: .recurring, description: description, resourceId: nil, quantity: 1, amount: 1299),
                PricedLine(
                    kind: .setup, description: "Mailbox setup × 15", resourceId: "MAILBOX", quantity: 15, amount: 0,
                    discount: 0),
                PricedLine(
                    kind: .recurring, description: "Mailbox × 10 (184/365 days)", resourceId: "MAILBOX",
                    quantity: 10, amount: -Int64.max, discount: Int64.max),
            ],
            documentDiscount: 100, discountTotal: 250, promoCode: promoCode, promoUsed: promoCode != nil,
            taxes: (0..<taxes).map {
                TaxLine(
                    name: "VAT \($0) \"DE\"", rate: ScaledDecimal(units: 190_000, scale: 6), category: "S",
                    taxable: 10_000, amount: 1_900)
            },
            vatCategory: taxes == 0 ? "AE" : "S", net: 10_000, tax: -1, total: Int64.min + 1)
    }

    @Test(arguments: [
        "Mail Standard 1Y", "", "quote \" back\\slash /slash", "tab\t nl\n cr\r bs\u{8} ff\u{c} nul\u{0} us\u{1f}",
        "Ünïcödé ✓ 🇩🇪", "del \u{7f} nbsp \u{a0} ls \u{2028}",
    ])
    func matchesJSONEncoder(description: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for (promo, date, taxes) in [
            (nil, nil, 0), ("SPRING/26", CalendarDate(iso: "2026-01-31"), 1), ("X", nil, 2),
        ] as [(String?, CalendarDate?, Int)] {
            let order = Self.order(description: description, promoCode: promo, rateEffective: date, taxes: taxes)
            let expected = String(decoding: try encoder.encode(order), as: UTF8.self)
            #expect(PricedOrderJSON.text(order) == expected)
        }
    }
}
