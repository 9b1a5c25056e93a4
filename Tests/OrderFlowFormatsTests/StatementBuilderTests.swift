import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// The shared statement builders (OrderFlowTestSupport) write what the readers read back, in every
/// camt.053 version, and what ISO's schemas accept. (StatementVersionTests covers every field of
/// ``StatementBuilder`` the same way.)
@Suite struct StatementBuilderTests {
    static let first = StatementFixtures.reference("PAY-3001")
    static let second = StatementFixtures.reference("PAY-3002")

    static let credits = [
        StatementCredit(reference: first, minorUnits: 12050, bankReference: "TX-1", payer: "Müller & Söhne <AG>"),
        StatementCredit(
            reference: second, minorUnits: 1200, currency: "JPY", bookingDate: "2026-03-03T09:15:00+01:00",
            bankReference: "TX-2"),
        StatementCredit(reference: first, minorUnits: -1500, bankReference: "TX-3"),
        StatementCredit(reference: "", minorUnits: 500, payer: "No \"Reference\", Ltd"),
    ]

    /// The credits, then a second statement of an account without an IBAN, in `version`.
    static func builder(version: Int) -> StatementBuilder {
        var builder = StatementBuilder.credits(credits, version: version, statementId: "STMT-A")
        let other = [StatementCredit(reference: second, minorUnits: 9995, currency: "CHF", bankReference: "TX-1")]
        builder.statements.append(StatementBuilder.Statement(
            id: "STMT-B", iban: nil, otherAccountId: "ACC-7", accountCurrency: "CHF",
            entries: StatementBuilder.credits(other).entries))
        return builder
    }

    @Test(arguments: 2...10)
    func camt053ReadsBackInEveryVersion(version: Int) throws {
        let (headers, lines) = try StatementFixtures.read(Self.builder(version: version).xml())
        #expect(headers.map(\.messageVersion) == [version, version])
        #expect(headers.first?.namespace == StatementBuilder(version: version).isoNamespace)
        #expect(headers.map(\.statementId) == ["STMT-A", "STMT-B"])
        #expect(headers.map(\.account) == ["CH9300762011623852957", "ACC-7"])
        #expect(headers.map(\.accountCurrency) == ["EUR", "CHF"])
        let money = StatementFixtures.money
        #expect(lines.map(\.amount) == [
            money(12050, "EUR"), money(1200, "JPY"), money(1500, "EUR"), money(500, "EUR"), money(9995, "CHF"),
        ])
        #expect(lines.map(\.treatment) == [.credit, .credit, .ignored(.debit), .credit, .credit])
        #expect(lines.map(\.creditorReference) == [Self.first, Self.second, Self.first, nil, Self.second])
        #expect(lines.map(\.debtorName) == ["Müller & Söhne <AG>", nil, nil, "No \"Reference\", Ltd", nil])
        #expect(lines.map(\.bookingDate) == [
            BankDate(iso: "2026-03-02"), BankDate(iso: "2026-03-03T09:15:00+01:00"), BankDate(iso: "2026-03-02"),
            BankDate(iso: "2026-03-02"), BankDate(iso: "2026-03-02"),
        ])
        let iban = "CH9300762011623852957"
        #expect(lines.map(\.identity) == [
            .transactionReference(account: iban, reference: "TX-1"),
            .transactionReference(account: iban, reference: "TX-2"),
            .transactionReference(account: iban, reference: "TX-3"),
            .position(statementId: "STMT-A", entry: 4, transaction: 1),
            .transactionReference(account: "ACC-7", reference: "TX-1"),
        ])
        #expect(lines.allSatisfy { $0.problems.isEmpty }, "\(lines.flatMap(\.problems))")
    }

    @Test func camt053IsValidAgainstISOsSchemas() throws {
        let judged = try StatementFixtures.judgedBySchemas { Self.builder(version: $0).xml() }
        #expect(judged == [2, 3, 4, 8], "the standards folder holds the XSDs of .02, .03, .04 and .08")
    }

    @Test func csvQuotesAsRFC4180AndReadsBack() throws {
        let text = StatementCSVBuilder.credits(Self.credits).csv()
        #expect(text == """
            booking_date,amount,currency,reference,payer,bank_reference
            2026-03-02,120.50,EUR,\(Self.first),Müller & Söhne <AG>,TX-1
            2026-03-03T09:15:00+01:00,1200,JPY,\(Self.second),,TX-2
            2026-03-02,-15.00,EUR,\(Self.first),,TX-3
            2026-03-02,5.00,EUR,,"No ""Reference"", Ltd",

            """)
        let (header, lines) = try StatementCSVReader(text: text, statementId: "stmt").readAll()
        #expect(header.statementId == "stmt")
        #expect(lines.map(\.amount) == [
            StatementFixtures.money(12050, "EUR"), StatementFixtures.money(1200, "JPY"),
            StatementFixtures.money(1500, "EUR"), StatementFixtures.money(500, "EUR"),
        ])
        #expect(lines.map(\.treatment) == [.credit, .credit, .ignored(.debit), .credit])
        #expect(lines.map(\.creditorReference) == [Self.first, Self.second, Self.first, nil])
        #expect(lines.map(\.debtorName) == ["Müller & Söhne <AG>", nil, nil, "No \"Reference\", Ltd"])
        #expect(lines.map(\.bookingDate) == Self.credits.map { BankDate(iso: $0.bookingDate) })
        #expect(lines.prefix(3).map(\.identity) == ["TX-1", "TX-2", "TX-3"].map { .csvBankReference($0) })
        #expect(lines.allSatisfy { $0.problems.isEmpty }, "\(lines.flatMap(\.problems))")
    }
}
