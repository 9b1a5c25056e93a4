import Foundation
import OrderFlowCore
import Testing

@testable import OrderFlowFormats

/// The page of a statement, an approval drop and a provisioning run (Reconciliation.md,
/// Provisioning.md): every value escaped, amounts with their currency's decimals, the sections a
/// kind of batch has and only those.
@Suite struct StatementReportPageTests {
    static func statement(hostile: String = "x") -> StatementReport {
        var eur = StatementReport.CurrencySums(currency: "EUR", minorUnits: 2)
        eur.received = 61271
        eur.applied = 58582
        eur.toBalances = 1489
        eur.unmatched = 1200
        eur.overdue = 27780
        var jpy = StatementReport.CurrencySums(currency: "JPY", minorUnits: 0)
        jpy.received = 49081
        jpy.applied = 49081
        return StatementReport(
            resellerId: "R-ACME", resellerName: "Acme \(hostile)", batchId: "stmt-2026-12-01",
            fileName: "stmt-\(hostile).csv", asOf: CalendarDate(iso: "2026-12-10")!, sha256: "ab12",
            lines: 9, outcomes: [.init(outcome: "matched", count: 1), .init(outcome: "ignored", count: 0)],
            sums: [eur, jpy], activations: 2, charges: 2,
            attention: [.init(line: 7, outcome: "unmatched", amount: "12.00", currency: "EUR", reference: hostile, message: "Find it \(hostile)")],
            attentionTotal: 1)
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func hostileValuesStayText() {
        let page = Self.text(StatementReportPage.render(Self.statement(hostile: "<script>alert(1)</script>\u{7}\u{2067}")))
        HTMLPageTests.expectSafe(page)
        #expect(page.contains("Acme &lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test func amountsHaveTheirCurrencysDecimalsAndOutcomesWithoutRowsAreLeftOut() {
        let page = Self.text(StatementReportPage.render(Self.statement()))
        #expect(page.contains("<td class=\"n\">612.71</td><td class=\"n\">585.82</td><td class=\"n\">14.89</td>"))
        #expect(page.contains("<td class=\"n\">49081</td>"))
        #expect(page.contains(">matched</th><td class=\"n\">1</td>"))
        #expect(!page.contains(">ignored<"))
        #expect(page.contains("<h2>Lines to look at</h2>") && page.contains(">7</td><td>unmatched</td>"))
        #expect(page.contains("href=\"reconciliation.csv\""))
    }

    @Test func aProvisioningRunHasNoFileMoneyOrLinesToLookAt() {
        var report = Self.statement()
        report.kind = "Provisioning run"
        report.fileName = ""
        report.outcomeColumn = "Event"
        report.showsAttention = false
        report.files = ["expired.csv"]
        report.facts = [.init("Credit notes", "ACME-2027-000001")]
        let page = Self.text(StatementReportPage.render(report))
        #expect(page.contains("<h1>Provisioning run stmt-2026-12-01</h1>"))
        #expect(!page.contains("<dt>File</dt>") && !page.contains("SHA-256") && !page.contains("<h2>Money</h2>"))
        #expect(!page.contains("to look at"))
        #expect(page.contains("<dt>Credit notes</dt><dd>ACME-2027-000001</dd>"))
        #expect(page.contains("<th scope=\"col\">Event</th>") && page.contains("href=\"expired.csv\""))
    }
}
