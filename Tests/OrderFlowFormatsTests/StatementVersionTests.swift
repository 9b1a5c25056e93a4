import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// One statement written in every camt.053 message version from .02 to .10 (and a later one), each
/// judged by ISO's XSD where the standards folder has it (.02, .03, .04, .08), must read to the
/// same lines: credits, debits, a reversal, an entry not booked, a batch entry of several
/// transactions, structured and unstructured references, an entry without transaction details.
@Suite struct StatementVersionTests {
    static let versions = Array(2...10)

    static let paid = StatementFixtures.reference("PAY-1001")
    static let typed = StatementFixtures.reference("PAY-1002")
    static let batchFirst = StatementFixtures.reference("PAY-1003")

    /// The statement, in `version`.
    static func builder(version: Int) -> StatementBuilder {
        typealias Entry = StatementBuilder.Entry
        typealias Transaction = StatementBuilder.Transaction
        var builder = StatementBuilder(version: version)
        builder.entries = [
            // 1: a credit with a structured reference.
            Entry(
                amount: "120.50", bankReference: "BANK-1",
                transactions: [Transaction(amount: "120.50", bankReference: "TX-1", debtor: "Alpine Hosting AG", structured: [paid])]),
            // 2: a credit whose reference a person typed, spaced and in lower case, after a line of words.
            Entry(
                amount: "80.00", bankReference: "BANK-2", entryReference: "NREF-2",
                transactions: [
                    Transaction(
                        amount: "80.00", debtor: "Maple Ltd",
                        unstructured: ["Invoice 2026-7, thanks", StatementFixtures.spaced(typed).lowercased()])
                ]),
            // 3: a debit.
            Entry(
                amount: "15.00", creditDebit: "DBIT", bankReference: "BANK-3",
                transactions: [Transaction(amount: "15.00", creditDebit: "DBIT", bankReference: "TX-3")]),
            // 4: a reversal of an earlier credit.
            Entry(
                amount: "42.00", creditDebit: "DBIT", reversal: true, bankReference: "BANK-4",
                transactions: [Transaction(amount: "42.00", creditDebit: "DBIT", bankReference: "TX-4", structured: [paid])]),
            // 5: pending, not booked.
            Entry(
                amount: "33.00", status: "PDNG", bookingDate: "2026-03-03", bankReference: "BANK-5",
                transactions: [Transaction(amount: "33.00", bankReference: "TX-5", structured: [typed])]),
            // 6: a batch of three transactions, one line each.
            Entry(
                amount: "60.00", bookingDateTime: "2026-03-02T23:30:00+01:00", bankReference: "BANK-6",
                transactions: [
                    Transaction(amount: "10.00", bankReference: "TX-6a", debtor: "One", structured: [batchFirst]),
                    Transaction(amount: "20.00", bankReference: "TX-6b", debtor: "Two", unstructured: ["no reference here"]),
                    Transaction(amount: "30.00", bankReference: "TX-6c", debtor: "Three", structured: ["RF00 INVALID"]),
                ]),
            // 7: an entry without transaction details, in yen.
            Entry(amount: "1200", currency: "JPY", bankReference: "BANK-7"),
        ]
        return builder
    }

    /// What every version must read.
    static func expectLines(_ lines: [StatementLine], version: Int) {
        #expect(lines.count == 9, "version \(version)")
        guard lines.count == 9 else { return }
        let money = StatementFixtures.money
        #expect(lines.map(\.amount) == [
            money(12050, "EUR"), money(8000, "EUR"), money(1500, "EUR"), money(4200, "EUR"), money(3300, "EUR"),
            money(1000, "EUR"), money(2000, "EUR"), money(3000, "EUR"), money(1200, "JPY"),
        ], "version \(version)")
        #expect(lines.map(\.treatment) == [
            .credit, .credit, .ignored(.debit), .ignored(.reversal), .ignored(.notBooked), .credit, .credit, .credit, .credit,
        ], "version \(version)")
        #expect(lines.map(\.creditorReference) == [paid, typed, nil, paid, typed, batchFirst, nil, nil, nil], "version \(version)")
        #expect(lines.map(\.entryIndex) == [1, 2, 3, 4, 5, 6, 6, 6, 7])
        #expect(lines.map(\.transactionIndex) == [1, 1, 1, 1, 1, 1, 2, 3, 1])
        #expect(lines.map(\.bankReference) == ["TX-1", "BANK-2", "TX-3", "TX-4", "TX-5", "TX-6a", "TX-6b", "TX-6c", "BANK-7"])
        #expect(lines.map(\.debtorName) == ["Alpine Hosting AG", "Maple Ltd", nil, nil, nil, "One", "Two", "Three", nil])
        #expect(lines[6].reference == "no reference here")
        #expect(lines[7].reference == "RF00 INVALID")
        let account = "CH9300762011623852957"
        #expect(lines[0].identity == .transactionReference(account: account, reference: "TX-1"))
        #expect(lines[1].identity == .entryReference(account: account, reference: "BANK-2", transaction: 1))
        #expect(lines[1].entryReference == "NREF-2")
        #expect(lines[8].identity == .entryReference(account: account, reference: "BANK-7", transaction: 1))
        #expect(lines[0].bookingDate == BankDate(iso: "2026-03-02"))
        #expect(lines[4].bookingDate == BankDate(iso: "2026-03-03"))
        // 23:30 at +01:00 is the next day in Tokyo, the same day in Zurich.
        #expect(lines[5].bookingDate?.day(in: TimeZone(identifier: "Europe/Zurich")!) == CalendarDate(iso: "2026-03-02"))
        #expect(lines[5].bookingDate?.day(in: TimeZone(identifier: "Asia/Tokyo")!) == CalendarDate(iso: "2026-03-03"))
        #expect(lines.allSatisfy { $0.problems.isEmpty }, "\(lines.flatMap(\.problems))")
        #expect(Set(lines.compactMap(\.identity?.key)).count == 9, "every line has its own identity")
    }

    @Test(arguments: versions)
    func everyVersionReadsTheSameLines(version: Int) throws {
        let (headers, lines) = try StatementFixtures.read(Self.builder(version: version).xml())
        #expect(headers.count == 1)
        #expect(headers.first?.messageVersion == version)
        #expect(headers.first?.statementId == "STMT-2026-03-02")
        #expect(headers.first?.messageId == "MSG-2026-03-02")
        #expect(headers.first?.account == "CH9300762011623852957")
        #expect(headers.first?.accountCurrency == "EUR")
        #expect(headers.first?.creationDate == BankDate(iso: "2026-03-02T18:00:00+01:00"))
        Self.expectLines(lines, version: version)
    }

    @Test func theGeneratedStatementsAreValidAgainstISOsSchemas() throws {
        let judged = try StatementFixtures.judgedBySchemas { Self.builder(version: $0).xml() }
        #expect(judged == [2, 3, 4, 8], "the standards folder holds the XSDs of .02, .03, .04 and .08")
    }

    @Test func theSchemaJudgeSeesAnInvalidStatement() throws {
        // Without this, a silent xmllint would prove nothing: .04 requires TxDtls/Amt.
        let schema = try #require(StatementFixtures.schema(version: 4))
        var builder = Self.builder(version: 4)
        builder.entries[0].transactions[0].amount = nil
        let folder = try TestPaths.temporaryFolder("camt053-invalid")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("invalid.xml")
        try Data(builder.xml().utf8).write(to: file)
        #expect(try !StatementFixtures.schemaErrors([file], schema: schema).isEmpty)
        // The reader still reads it: the one transaction takes its entry's amount.
        let lines = try StatementFixtures.read(builder.xml()).lines
        #expect(lines.first?.amount == StatementFixtures.money(12050, "EUR"))
        #expect(lines.first?.problems == [])
    }

    @Test func aLaterVersionIsReadByTheSameNames() throws {
        // camt.053.001.13 (not written when this reader was): same names, same lines.
        var builder = Self.builder(version: 8)
        builder.namespace = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.13"
        let (headers, lines) = try StatementFixtures.read(builder.xml())
        #expect(headers.first?.messageVersion == 13)
        Self.expectLines(lines, version: 13)
    }

    @Test func theFileCanBeReadFromDisk() throws {
        let folder = try TestPaths.temporaryFolder("camt053-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("statement.xml")
        try Data(Self.builder(version: 4).xml().utf8).write(to: file)
        let reader = try Camt053Reader(path: file.path)
        Self.expectLines(try reader.readAll().lines, version: 4)
        // A second read starts over.
        Self.expectLines(try reader.readAll().lines, version: 4)
    }
}
