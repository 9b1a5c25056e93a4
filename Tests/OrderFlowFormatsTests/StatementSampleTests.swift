import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// The four real camt.053 files in `../shared/standards/camt053/samples` (read where they are),
/// read line by line: what each holds was worked out from the files by hand.
@Suite struct StatementSampleTests {
    static func read(_ name: String) throws -> (headers: [StatementHeader], lines: [StatementLine]) {
        try Camt053Reader(path: try StatementFixtures.sample(name).path).readAll()
    }

    @Test func genkgoVersion2TakesTheEntryAmountForItsOnlyTransaction() throws {
        let (headers, lines) = try Self.read("genkgo_v02_minimal.xml")
        let header = try #require(headers.first)
        #expect(headers.count == 1)
        #expect(header.messageVersion == 2)
        #expect(header.statementId == "253EURNL26VAYB8060476890")
        #expect(header.accountIBAN == "NL26VAYB8060476890")
        #expect(header.messageId == "CAMT053RIB000000000001")
        #expect(header.creationDate == BankDate(iso: "2015-03-10T18:43:50+00:00"))
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        // The TxDtls has no amount (version .02 has no TxDtls/Amt): the entry's, as it holds one transaction.
        #expect(line.amount == StatementFixtures.money(885, "EUR"))
        #expect(line.treatment == .credit)
        #expect(line.bookingDate == BankDate(iso: "2014-12-31"))
        #expect(line.debtorName == "NAME NAME")
        // A Belgian structured reference, not an ISO 11649 one: shown, never matched.
        #expect(line.reference == "4654654654654654")
        #expect(line.creditorReference == nil)
        // No AcctSvcrRef, no NtryRef: the statement's id and the positions.
        #expect(line.identity == .position(statementId: "253EURNL26VAYB8060476890", entry: 1, transaction: 1))
        #expect(line.location.line == 107)
    }

    @Test func genkgoVersion8ReadsTheStatusChoiceAndThePartyChoice() throws {
        let (headers, lines) = try Self.read("genkgo_v08.xml")
        let header = try #require(headers.first)
        #expect(header.messageVersion == 8)
        #expect(header.accountIBAN == nil)
        #expect(header.accountOtherId == "NL26VAYB8060476890")
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        #expect(line.status == "BOOK")
        #expect(line.debtorName == "NAME NAME")
        // The transaction's own amount wins over the entry's, even in another currency.
        #expect(line.amount == StatementFixtures.money(0, "SEK"))
        #expect(line.bookingDate == BankDate(iso: "2014-12-31T13:15:00+01:00"))
        #expect(line.identity == .entryReference(account: "NL26VAYB8060476890", reference: "AAAASESS-FP-CN_98765/01", transaction: 1))
        #expect(line.treatment == .credit)
    }

    @Test func isoBusinessSampleVersion4() throws {
        let (headers, lines) = try Self.read("dvbern_v04_ISO_SR2013_Business_Sample_camt.053.001.04.xml")
        #expect(headers.first?.accountOtherId == "50000000054910000003")
        #expect(headers.first?.statementId == "AAAASESS-FP-STAT001")
        #expect(lines.count == 3)
        guard lines.count == 3 else { return }
        #expect(lines.map(\.amount) == [
            StatementFixtures.money(0, "SEK"),
            // A batch entry without TxDtls is one line, with the entry's amount.
            StatementFixtures.money(20_000_000, "SEK"),
            // "3255" EUR: a transaction amount in another currency than its entry's.
            StatementFixtures.money(325_500, "EUR"),
        ])
        #expect(lines.map(\.treatment) == [.credit, .ignored(.debit), .credit])
        #expect(lines.map(\.bankReference) == ["AAAASESS-FP-CN_98765/01", "AAAASESS-FP-ACCR-01", "AAAASESS-FP-CONF-FX"])
        #expect(lines[0].debtorName == "MUELLER")
        #expect(lines.allSatisfy { $0.problems.isEmpty && $0.creditorReference == nil })
    }

    @Test func postFinanceVersion4BatchesReversalsAndDebits() throws {
        let (headers, lines) = try Self.read(
            "dvbern_v04_PostFinance_camt.053_P_CH0309000000250090342_380000000_0_2016053100163801.xml")
        #expect(headers.first?.accountIBAN == "CH0309000000250090342")
        #expect(headers.first?.statementId == "20160430375204000008574")
        // 13 entries holding 32 transactions.
        #expect(lines.count == 32)
        #expect(Set(lines.map(\.entryIndex)) == Set(1...13))
        let credits = lines.filter { $0.treatment == .credit }
        #expect(credits.count == 24)
        #expect(lines.filter { $0.treatment == .ignored(.debit) }.count == 6)
        #expect(lines.filter { $0.treatment == .ignored(.reversal) }.count == 2)
        // The transactions of each batch add up to its entry: 1000.00 + 620.00 + 110.00 + 24.00 + 56.56.
        #expect(credits.reduce(Int64(0)) { $0 + ($1.amount?.minorUnits ?? 0) } == 181_056)
        #expect(credits.allSatisfy { $0.amount?.currency.code == "CHF" })
        // Every transaction carries its own AcctSvcrRef: identities are the account's and that reference.
        #expect(Set(lines.compactMap(\.identity)).count == 32)
        #expect(lines[6].identity == .transactionReference(account: "CH0309000000250090342", reference: "160527CH00T3L0GE"))
        #expect(lines[6].entryReference == "010000004")
        // Swiss ISR references (27 digits) are not creditor references; the Ustrd lines carry none either.
        #expect(lines.allSatisfy { $0.creditorReference == nil })
        #expect(lines[6].reference == "000000000002015110002913192")
        #expect(lines.first { $0.debtorName == "Rutschmann Pia" }?.transactionIndex == 2)
        // An Ustrd of several lines: the first is shown.
        #expect(lines[18].reference == "MUSTER MITTEILUNG 1")
        #expect(lines.allSatisfy { $0.problems.isEmpty })
        #expect(lines.map(\.location.line) == lines.map(\.location.line).sorted())
    }

    @Test func everySampleReadsWithoutAnUnreadableLine() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: StatementFixtures.samples.path)
            .filter { $0.hasSuffix(".xml") }.sorted()
        #expect(names.count == 4)
        for name in names {
            let (headers, lines) = try Self.read(name)
            #expect(headers.count == 1, "\(name)")
            #expect(!lines.isEmpty && lines.allSatisfy { $0.treatment != .unreadable }, "\(name)")
        }
    }
}
