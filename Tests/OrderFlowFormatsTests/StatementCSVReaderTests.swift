import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// A bank statement written as CSV: the drop files' CSV rules, a statement's columns, exact
/// amounts with the currency's decimals, and rows that cannot be read delivered with their reasons.
@Suite struct StatementCSVReaderTests {
    static let paid = StatementFixtures.reference("PAY-3001")

    static func read(_ text: String, readSize: Int? = nil) throws -> (header: StatementHeader, lines: [StatementLine]) {
        var reader = StatementCSVReader(text: text, statementId: "stmt-2026-03-02")
        if let readSize { reader.readSize = readSize }
        return try reader.readAll()
    }

    static func fileError(_ text: String) -> FileError? {
        XMLFixtures.fileError { _ = try read(text) }
    }

    @Test func aStatementReadsLineByLine() throws {
        let text = """
            booking_date,amount,currency,reference,payer
            2026-03-02,120.50,EUR,\(Self.paid),Alpine Hosting AG
            2026-03-02,-15.00,EUR,,Bank fee
            2026-03-03,1200,JPY,"Invoice 7, \(StatementFixtures.spaced(Self.paid).lowercased())",

            """ + #"2026-03-03,80.00,EUR,"payment ""march""",Maple Ltd"# + "\n"
        let (header, lines) = try Self.read(text)
        #expect(header.format == .csv && header.statementId == "stmt-2026-03-02" && header.location.line == 1)
        #expect(lines.count == 4)
        guard lines.count == 4 else { return }
        #expect(lines.map(\.amount) == [
            StatementFixtures.money(12050, "EUR"), StatementFixtures.money(1500, "EUR"),
            StatementFixtures.money(1200, "JPY"), StatementFixtures.money(8000, "EUR"),
        ])
        #expect(lines.map(\.treatment) == [.credit, .ignored(.debit), .credit, .credit])
        #expect(lines.map(\.creditDebit) == [.credit, .debit, .credit, .credit])
        // A reference spaced over words is not one word of them: the whole cell is not valid either.
        #expect(lines.map(\.creditorReference) == [Self.paid, nil, nil, nil])
        #expect(lines[2].reference == "Invoice 7, \(StatementFixtures.spaced(Self.paid).lowercased())")
        #expect(lines[3].reference == "payment \"march\"")
        #expect(lines.map(\.debtorName) == ["Alpine Hosting AG", "Bank fee", nil, "Maple Ltd"])
        #expect(lines.map(\.location.line) == [2, 3, 4, 5])
        #expect(lines.map(\.entryIndex) == [1, 2, 3, 4])
        #expect(lines.allSatisfy { $0.isBooked && !$0.isReversal && $0.problems.isEmpty })
        #expect(lines[0].bookingDate == BankDate(iso: "2026-03-02"))
    }

    @Test func columnsInAnyOrderWithABankReferenceAndCRLF() throws {
        let text = "\u{FEFF}reference,bank_reference,currency,amount,booking_date\r\n"
            + "\(StatementFixtures.spaced(Self.paid)),B-1,CHF,5.05,2026-03-02\r\n"
            + "x,,CHF,5.05,2026-03-02\r\n"
        let (_, lines) = try Self.read(text)
        #expect(lines.map(\.creditorReference) == [Self.paid, nil])
        #expect(lines[0].identity == .csvBankReference("B-1"))
        #expect(lines[0].bankReference == "B-1")
        #expect(lines[1].identity == .csvRow(cells: ["2026-03-02", "5.05", "CHF", "x", ""], occurrence: 0))
    }

    @Test func identicalRowsHaveTheirOwnIdentitiesAndTheSameOnesWhenReadAgain() throws {
        let row = "2026-03-02,10.00,EUR,\(Self.paid),Payer\n"
        let text = "booking_date,amount,currency,reference,payer\n" + row + row + "2026-03-02,10.00,EUR,other,Payer\n" + row
        let first = try Self.read(text).lines.map { $0.identity?.key }
        #expect(first.map { $0?.split(separator: "|").last } == ["0", "1", "0", "2"])
        #expect(Set(first).count == 4)
        // The same file again, read in one-byte chunks: the same identities, so a second delivery is recognized.
        #expect(try Self.read(text, readSize: 1).lines.map { $0.identity?.key } == first)
    }

    @Test func unreadableRowsCarryTheirReasonsAndTheRestGoOn() throws {
        let long = String(repeating: "p", count: DropLimits.maxValueBytes + 1)
        let text = """
            booking_date,amount,currency,reference,payer
            2026-03-02,12.505,EUR,r,p
            2026-03-02,12.50000,EUR,r,p
            2026-03-02,1.2e3,EUR,r,p
            2026-02-30,1.00,EUR,r,p
            2026-03-02,1.00,EURO,r,p
            ,,,,
            2026-03-02,99999999999999999999,EUR,r,p
            2026-03-02,1.00,EUR,r
            2026-03-02,1.00,EUR,r"x,p
            2026-03-02,1.00,EUR,r,\(long)
            2026-03-02,+1.00,EUR,r,p
            2026-03-02,1.00,EUR,r,p

            """
        let lines = try Self.read(text).lines
        let codes = lines.map { $0.problems.map(\.code) }
        #expect(codes == [
            [.invalidValue], [.invalidValue], [.invalidValue], [.invalidValue], [.invalidValue],
            [.missingField, .missingField, .missingField], [.amountTooLarge], [.csvMalformed], [.csvMalformed],
            [.valueTooLong], [.invalidValue], [],
        ])
        #expect(lines.map { $0.problems.first?.field ?? "" } == [
            "amount", "amount", "amount", "booking_date", "currency", "booking_date", "amount", "", "reference",
            "payer", "amount", "",
        ])
        #expect(lines[0].problems.first?.message.contains("has 3 decimals; EUR has 2") == true)
        #expect(lines[0].problems.first?.location == OrderFlowCore.SourceLocation(line: 2, column: 2))
        #expect(lines.map(\.treatment).filter { $0 == .unreadable }.count == 11)
    }

    @Test func headerProblemsFailTheFileAllAtOnce() throws {
        let error = try #require(Self.fileError("booking_date,amount,amount,note,\n"))
        #expect(error.diagnostics.map(\.code) == [.csvMalformed, .unknownColumn, .unknownColumn, .missingField, .missingField])
        #expect(error.diagnostics.map(\.field) == ["amount", "note", "", "currency", "reference"])
        #expect(Self.fileError("")?.diagnostics.first?.message.contains("empty") == true)
        #expect(Self.fileError("\n\n")?.diagnostics.first?.code == .csvMalformed)
    }

    @Test func theCSVRulesHold() throws {
        // Invalid UTF-8 and an unbalanced quote fail the file; a NUL byte too.
        let header = "booking_date,amount,currency,reference\n"
        var bytes = Array((header + "2026-03-02,1.00,EUR,caf\u{E9}\n").utf8)
        bytes[bytes.count - 2] = 0xFF
        #expect(XMLFixtures.fileError { _ = try StatementCSVReader(bytes: bytes, statementId: nil).readAll() }?.diagnostics.first?.code == .csvMalformed)
        #expect(Self.fileError(header + "2026-03-02,1.00,EUR,\"open\n")?.diagnostics.first?.code == .csvMalformed)
        #expect(Self.fileError(header + "2026-03-02,1.00,EUR,a\u{0}b\n")?.diagnostics.first?.code == .csvMalformed)
        // A quoted cell may hold commas and line breaks; its line is where the row starts.
        let lines = try Self.read(header + "2026-03-02,1.00,EUR,\"a,\nb\"\n2026-03-02,2.00,EUR,c\n").lines
        #expect(lines.map(\.reference) == ["a,\nb", "c"])
        #expect(lines.map(\.location.line) == [2, 4])
    }

    @Test func aStatementFileIsReadFromDisk() throws {
        let folder = try TestPaths.temporaryFolder("statement-csv")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("stmt.csv")
        try Data("booking_date,amount,currency,reference\n2026-03-02,1.00,EUR,\(Self.paid)\n".utf8).write(to: file)
        let (header, lines) = try StatementCSVReader(path: file.path, statementId: "stmt").readAll()
        #expect(header.statementId == "stmt")
        #expect(lines.first?.creditorReference == Self.paid)
    }
}
