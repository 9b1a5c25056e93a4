import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// `Fixtures/statements/`: the small statements Statements.md shows (and the fuzzer starts from),
/// read through ``StatementReader`` as a drop would be, line by line as the article describes them.
@Suite struct StatementFixtureFilesTests {
    static let folder = TestPaths.fixtures.appendingPathComponent("statements")
    static let iban = "CH9300762011623852957"

    static func read(_ name: String) throws -> (headers: [StatementHeader], lines: [StatementLine]) {
        let url = folder.appendingPathComponent(name)
        var headers: [StatementHeader] = []
        var lines: [StatementLine] = []
        try StatementReader.read(
            path: url.path, fileName: name, header: { headers.append($0) }, line: { lines.append($0) })
        return (headers, lines)
    }

    @Test func theFolderHoldsTheFilesThisSuiteReads() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).sorted()
        #expect(names == [
            "camt053-v02-credit-and-debit.xml", "camt053-v04-batch.xml", "camt053-v08-credit.xml",
            "statement-2026-03-05.csv",
        ])
    }

    @Test func version8OneCreditWithAStructuredReference() throws {
        let (headers, lines) = try Self.read("camt053-v08-credit.xml")
        #expect(headers.map(\.messageVersion) == [8])
        #expect(headers.first?.statementId == "STMT-20260302" && headers.first?.account == Self.iban)
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        #expect(line.treatment == .credit)
        #expect(line.amount == Money(minorUnits: 12050, currency: Currency(code: "EUR")!))
        #expect(line.bookingDate == BankDate(iso: "2026-03-02"))
        #expect(line.creditorReference == "RF18539007547034")
        #expect(line.debtorName == "Alpine Hosting AG")
        #expect(line.bankReference == "TX-0001")
        #expect(line.identity?.key == "tx|\(Self.iban)|TX-0001")
        #expect(line.location.line == 29)
    }

    @Test func version2TakesTheTransactionAmountFromAmtDtlsAndIgnoresTheDebit() throws {
        let (headers, lines) = try Self.read("camt053-v02-credit-and-debit.xml")
        #expect(headers.map(\.messageVersion) == [2])
        #expect(lines.map(\.treatment) == [.credit, .ignored(.debit)])
        #expect(lines.map(\.amount?.minorUnits) == [4500, 1500])
        // A word of the Ustrd.
        #expect(lines.first?.creditorReference == "RF07PAY2001")
        #expect(lines.first?.debtorName == "Maple Ltd")
        #expect(lines.map { $0.identity?.key } == ["ntryref|STMT-20260303|1|1", "ntryref|STMT-20260303|2|1"])
    }

    @Test func version4ABatchEntryIsOneLinePerTransaction() throws {
        let (_, lines) = try Self.read("camt053-v04-batch.xml")
        #expect(lines.map(\.treatment) == [.credit, .credit])
        #expect(lines.map(\.amount?.minorUnits) == [6000, 4000])
        // Structured, and an Ustrd in lower case with a space: the whole text normalized.
        #expect(lines.map(\.creditorReference) == ["RF77PAY2002", "RF50PAY2003"])
        #expect(lines.map { $0.identity?.key } == ["ntry|\(Self.iban)|BATCH-0304|1", "ntry|\(Self.iban)|BATCH-0304|2"])
        #expect(lines.first?.bookingDate == BankDate(iso: "2026-03-04T09:30:00+01:00"))
    }

    @Test func theCSVHasACreditAndADebit() throws {
        let (headers, lines) = try Self.read("statement-2026-03-05.csv")
        #expect(headers.map(\.statementId) == ["statement-2026-03-05"])
        #expect(lines.map(\.treatment) == [.credit, .ignored(.debit)])
        #expect(lines.map(\.amount?.minorUnits) == [12050, 1500])
        #expect(lines.first?.creditorReference == "RF18539007547034")
        #expect(lines.map { $0.identity?.key } == ["csv|CSV-0001", "row|2026-03-05|-15.00|EUR||Account fee|0"])
        #expect(lines.map(\.location.line) == [2, 3])
    }
}
