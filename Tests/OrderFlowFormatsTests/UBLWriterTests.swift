import OrderFlowCore
import Testing

@testable import OrderFlowFormats

/// What UBLWriter promises beyond the golden documents: same value, same bytes; appending to a
/// reused buffer; text that cannot break the XML; amounts and rates written exactly.
@Suite struct UBLWriterTests {
    static func text(_ write: (inout UBLOutput) -> Void) -> String {
        var output = UBLOutput(bytes: [])
        write(&output)
        return String(decoding: output.bytes, as: UTF8.self)
    }

    @Test func theSameValueGivesTheSameBytes() throws {
        var generator = UBLGenerator(seed: 7)
        for index in 0..<40 {
            let invoice = generator.document(index)
            let first = try UBLWriter().render(invoice)
            let second = try UBLWriter().render(invoice)
            #expect(first == second)
        }
    }

    @Test func writesAfterWhatTheBufferHolds() throws {
        var sink = Array("previous".utf8)
        try UBLWriter().write(UBLCases.domestic, to: &sink)
        #expect(sink.starts(with: Array("previous<?xml".utf8)))
        #expect(Array(sink.dropFirst(8)) == (try UBLWriter().render(UBLCases.domestic)))
    }

    @Test func aDocumentThatBreaksARuleIsNotWritten() {
        var invoice = UBLCases.domestic
        invoice.totals.payable += 1
        var sink = Array("kept".utf8)
        #expect(throws: UBLWriteError.self) { try UBLWriter().write(invoice, to: &sink) }
        #expect(sink == Array("kept".utf8))
        do {
            try UBLWriter().write(invoice, to: &sink)
        } catch {
            #expect(error.findings.map(\.rule) == ["BR-CO-16"])
            #expect(error.description.contains("EINVOICE_INVALID: e-invoice ACME-2026-000001 breaks [BR-CO-16]"))
        }
    }

    @Test func amountsUseTheCurrencysDigitsAndNeverMoreThanEN16931Allows() {
        #expect(Self.text { $0.amount(1230, digits: 2) } == "12.30")
        #expect(Self.text { $0.amount(5, digits: 2) } == "0.05")
        #expect(Self.text { $0.amount(-5, digits: 2) } == "-0.05")
        #expect(Self.text { $0.amount(0, digits: 2) } == "0.00")
        #expect(Self.text { $0.amount(1234, digits: 0) } == "1234")
        #expect(Self.text { $0.amount(-1234, digits: 0) } == "-1234")
        // Three decimals: two when the third is 0 (the same number), else all three.
        #expect(Self.text { $0.amount(1250, digits: 3) } == "1.25")
        #expect(Self.text { $0.amount(1255, digits: 3) } == "1.255")
        #expect(Self.text { $0.amount(0, digits: 3) } == "0.00")
        #expect(Self.text { $0.amount(Int64.max, digits: 2) } == "92233720368547758.07")
        #expect(Self.text { $0.amount(Int64.min, digits: 2) } == "-92233720368547758.08")
    }

    @Test func ratesAreWrittenAsPercentages() {
        #expect(Self.text { $0.percentText(rate: UBLCases.rate("0.19")) } == "19")
        #expect(Self.text { $0.percentText(rate: UBLCases.rate("0.09975")) } == "9.975")
        #expect(Self.text { $0.percentText(rate: UBLCases.rate("0.14975")) } == "14.975")
        #expect(Self.text { $0.percentText(rate: UBLCases.rate("0.055")) } == "5.5")
        #expect(Self.text { $0.percentText(rate: UBLCases.rate("0")) } == "0")
        #expect(Self.text { $0.percentText(rate: ScaledDecimal(units: 2, scale: 1)) } == "20")
        #expect(Self.text { $0.percentText(rate: ScaledDecimal(units: 1, scale: 0)) } == "100")
        #expect(Self.text { $0.decimal("x", UBLCases.percent("12.5")) } == "\n<x>12.5</x>")
    }

    @Test func textCannotBreakTheDocument() {
        #expect(Self.text { $0.escaped("a & b < c > d \"e\" 'f'") } == "a &amp; b &lt; c &gt; d &quot;e&quot; 'f'")
        #expect(Self.text { $0.escaped("]]>") } == "]]&gt;")
        #expect(Self.text { $0.escaped("tab\tlf\ncr\r") } == "tab\tlf\ncr&#13;")
        // C0 controls and U+FFFE / U+FFFF have no place in XML 1.0.
        #expect(Self.text { $0.escaped("a\u{0}b\u{1F}c\u{FFFE}d\u{FFFF}e") } == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e")
        // Everything else passes as UTF-8, including U+FFFD itself, U+EFBF and emoji.
        #expect(
            Self.text { $0.escaped("Köln ☕ 😀 \u{FFFD} \u{EFBF} \u{FFEF}") } == "Köln ☕ 😀 \u{FFFD} \u{EFBF} \u{FFEF}")
    }

    @Test func dates() {
        #expect(Self.text { $0.leaf("d", UBLCases.date("0987-01-09")) } == "\n<d>0987-01-09</d>")
    }

    /// A credit note keeps its due date in its payment means, and its lines are `CreditNoteLine`s.
    @Test func creditNoteElements() throws {
        var note = UBLCases.reverseChargeCreditNote
        note.dueDate = UBLCases.date("2026-11-24")
        note.paymentMeans = EInvoice.PaymentMeans(
            code: .sepaCreditTransfer, remittanceReference: nil, payeeAccount: UBLCases.acmeAccount)
        let text = String(decoding: try UBLWriter().render(note), as: UTF8.self)
        #expect(!text.contains("<cbc:DueDate>"))
        let means = "<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>"
        #expect(text.contains(means + "<cbc:PaymentDueDate>2026-11-24</cbc:PaymentDueDate>"))
        #expect(text.contains("<cac:CreditNoteLine>") && !text.contains("<cac:InvoiceLine>"))
        #expect(text.contains("<cbc:CreditedQuantity unitCode=\"C62\">20</cbc:CreditedQuantity>"))
    }

    @Test func unitPricesStayExact() {
        #expect(EInvoice.UnitPrice(lineAmount: 4000, quantity: 20) == EInvoice.UnitPrice(amount: 200))
        #expect(EInvoice.UnitPrice(lineAmount: 922, quantity: 10) == EInvoice.UnitPrice(amount: 922, baseQuantity: 10))
        #expect(EInvoice.UnitPrice(lineAmount: 0, quantity: 3) == EInvoice.UnitPrice(amount: 0))
        #expect(EInvoice.UnitPrice(lineAmount: 5, quantity: 0) == EInvoice.UnitPrice(amount: 5, baseQuantity: 1))
    }

    @Test func periodsEndTheDayBeforeTheNextTermStarts() {
        let period = EInvoice.Period(start: UBLCases.date("2026-11-01"), endExclusive: UBLCases.date("2027-11-01"))
        #expect(period.end == UBLCases.date("2027-10-31"))
    }
}
