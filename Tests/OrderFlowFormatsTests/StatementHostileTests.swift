import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// Statements written to hurt (Operations.md, hostile input): no DTD or entity is ever followed,
/// markup that costs libxml2 more than linear time is refused before it parses, and whatever an
/// entry holds, the reader's memory stays bounded. Big inputs are generated here.
@Suite struct StatementHostileTests {
    static let document = StatementLenientTests.document
    static let entry = StatementLenientTests.entry

    static func expectFailure(
        _ text: String, _ code: ErrorCode, containing words: String, line: Int? = nil, field: String? = nil,
        nothingDelivered: Bool = true, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let (error, delivered) = StatementFixtures.failure(text)
        guard let diagnostic = error?.diagnostics.first else {
            Issue.record("no file error", sourceLocation: sourceLocation)
            return
        }
        #expect(diagnostic.code == code, "\(diagnostic)", sourceLocation: sourceLocation)
        #expect(diagnostic.message.contains(words), "\(diagnostic.message)", sourceLocation: sourceLocation)
        if let line { #expect(diagnostic.location.line == line, sourceLocation: sourceLocation) }
        if let field { #expect(diagnostic.field == field, sourceLocation: sourceLocation) }
        #expect(!nothingDelivered || delivered == 0, "nothing is delivered from a file that fails before its first statement", sourceLocation: sourceLocation)
    }

    // MARK: - DTDs and entities

    @Test func anyDoctypeFailsTheFileBeforeLibXML2ReadsIt() {
        let body = Self.entry("<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>&xxe;</Nm></Dbtr></RltdPties></TxDtls></NtryDtls>", StatementLenientTests.entryHead)
        let xxe = Self.document(body, StatementLenientTests.v4, "<Id>S</Id>").replacingOccurrences(
            of: "<Document", with: "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<Document")
        Self.expectFailure(xxe, .xmlMalformed, containing: "DOCTYPE", line: 2)
        var laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        for level in 1...9 { laughs += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1 == 0 ? "" : String(level - 1));", count: 10) + "\">" }
        laughs += "]>\n<Document><BkToCstmrStmt><Stmt><Id>&lol9;</Id></Stmt></BkToCstmrStmt></Document>"
        Self.expectFailure(laughs, .xmlMalformed, containing: "DOCTYPE", line: 2)
        // After a byte order mark, and after a comment.
        Self.expectFailure("\u{FEFF}<!DOCTYPE Document><Document/>", .xmlMalformed, containing: "DOCTYPE", line: 1)
        Self.expectFailure("<!-- bank -->\n<!DOCTYPE Document SYSTEM \"http://bank.example/camt.dtd\"><Document/>", .xmlMalformed, containing: "DOCTYPE", line: 2)
    }

    @Test func theHostileOrderFixturesFailAsStatementsToo() throws {
        // Refused before libxml2 reads them: their DOCTYPE, their encoding, their emptiness.
        let refused: Set = ["billion-laughs.xml", "doctype-xxe.xml", "utf16.xml", "latin1.xml", "empty.xml"]
        let folder = TestPaths.fixtures.appendingPathComponent("hostile")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".xml") }
        #expect(refused.isSubset(of: names))
        for name in names {
            let path = folder.appendingPathComponent(name).path
            let error = XMLFixtures.fileError { try Camt053Reader(path: path).read(header: { _ in }, line: { _ in }) }
            // The others are order drops, not statements (or not well-formed before that shows).
            let expected: Set<ErrorCode> = refused.contains(name) ? [.xmlMalformed] : [.xmlMalformed, .missingField]
            #expect(error.flatMap { $0.diagnostics.first }.map { expected.contains($0.code) } == true, "\(name): \(String(describing: error))")
        }
    }

    // MARK: - Markup bounds

    @Test func manyAttributesFailTheFileAtTheSixtyFifth() throws {
        var attributes = ""
        for index in 0..<20_000 { attributes += " a\(index)=\"1\"" }
        let text = Self.document(Self.entry("<AcctSvcrRef\(attributes)>B</AcctSvcrRef>", StatementLenientTests.entryHead), StatementLenientTests.v4, "<Id>S</Id>")
        let (error, delivered) = StatementFixtures.failure(text)
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.code == .limitExceeded)
        #expect(diagnostic.field == "AcctSvcrRef")
        #expect(diagnostic.message.contains("more than 64 attributes"))
        #expect(delivered == 0)
        // Namespace declarations count as attributes too.
        var declarations = ""
        for index in 0..<100 { declarations += " xmlns:p\(index)=\"urn:p:\(index)\"" }
        Self.expectFailure("<Document\(declarations)/>", .limitExceeded, containing: "attributes", line: 1)
        // Sixty-four are still read.
        let sixtyFour = Self.document(
            Self.entry("<AcctSvcrRef\(attributes.split(separator: " ").prefix(64).map { " " + $0 }.joined())>B</AcctSvcrRef>", StatementLenientTests.entryHead),
            StatementLenientTests.v4, "<Id>S</Id>")
        #expect(try StatementFixtures.read(sixtyFour).lines.first?.bankReference == "B")
    }

    @Test func deepNestingAndLongNamesFailTheFile() {
        let deep = String(repeating: "<x>", count: 100) + String(repeating: "</x>", count: 100)
        Self.expectFailure(
            Self.document(Self.entry(deep, StatementLenientTests.entryHead), StatementLenientTests.v4, "<Id>S</Id>"),
            .limitExceeded, containing: "nested more than 64 deep", line: 7)
        let name = String(repeating: "N", count: StatementLimits.maxNameBytes + 1)
        Self.expectFailure(
            Self.document("<\(name)/>", StatementLenientTests.v4, "<Id>S</Id>"), .valueTooLong, containing: "longer than 1024 bytes")
    }

    @Test func markupScanWorkIsTheFileSize() throws {
        let bytes = Array(StatementVersionTests.builder(version: 8).xml().utf8)
        #expect(try Camt053Reader(bytes: bytes).checkMarkup() == bytes.count)
    }

    // MARK: - Not a statement

    @Test func filesThatAreNoStatementFailWithWordsThatSaySo() {
        Self.expectFailure("", .xmlMalformed, containing: "empty", line: 1)
        Self.expectFailure(" \n\t\n", .xmlMalformed, containing: "empty", line: 1)
        Self.expectFailure("booking_date,amount\n2026-03-02,10.00\n", .xmlMalformed, containing: "not well-formed")
        Self.expectFailure("<Document><BkToCstmrStmt><Stmt>", .xmlMalformed, containing: "not well-formed")
        Self.expectFailure(
            "<orderBatch xmlns=\"urn:orderflow:orders:1\"><order ref=\"A\"/></orderBatch>", .missingField,
            containing: "root element is <orderBatch>", field: "Stmt")
        // A camt.054 notification, and a statement message with no Stmt.
        Self.expectFailure(
            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.08\"><BkToCstmrDbtCdtNtfctn/></Document>",
            .missingField, containing: "holds no statement", field: "Stmt")
        Self.expectFailure("<Document><BkToCstmrStmt><GrpHdr/></BkToCstmrStmt></Document>", .missingField, containing: "holds no statement")
        Self.expectFailure(
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Document/>", .xmlMalformed, containing: "encoding=\"ISO-8859-1\"")
        Self.expectFailure(
            Self.document("<Ntry><AddtlNtryInf>caf\u{E9}</AddtlNtryInf></Ntry>", StatementLenientTests.v4, "<Id>S</Id>")
                .replacingOccurrences(of: "caf\u{E9}", with: "caf\u{1}"),
            .xmlMalformed, containing: "not well-formed", nothingDelivered: false)
    }

    @Test func invalidUTF8InAValueFailsTheFile() {
        var bytes = Array(Self.document(Self.entry("", StatementLenientTests.entryHead), StatementLenientTests.v4, "<Id>S</Id>").utf8)
        let index = bytes.firstIndex(of: UInt8(ascii: "S"))!
        bytes[index] = 0xC3  // a lead byte without its continuation
        let error = XMLFixtures.fileError { try Camt053Reader(bytes: bytes).read(header: { _ in }, line: { _ in }) }
        #expect(error?.diagnostics.first?.code == .xmlMalformed)
    }

    // MARK: - What an entry holds

    /// One entry of `count` transactions of 1.00 EUR each (`late` written after them).
    static func bigEntry(_ count: Int, late: String = "") -> String {
        var transactions = ""
        transactions.reserveCapacity(count * 120)
        for index in 1...count {
            transactions += "<TxDtls><Refs><AcctSvcrRef>T\(index)</AcctSvcrRef></Refs><Amt Ccy=\"EUR\">1.00</Amt></TxDtls>\n"
        }
        return Self.document(
            "<Ntry><Amt Ccy=\"EUR\">\(count).00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><AcctSvcrRef>B</AcctSvcrRef>\n"
                + "<NtryDtls>\n\(transactions)</NtryDtls>\(late)</Ntry>",
            StatementLenientTests.v4, "<Id>S</Id>")
    }

    @Test func aHugeBatchEntryIsReadInBoundedMemory() throws {
        // Its booking date comes before the transactions, as ISO orders it.
        let text = Self.bigEntry(5_000).replacingOccurrences(
            of: "<Sts>BOOK</Sts>", with: "<Sts>BOOK</Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt>")
        var count = 0
        var total: Int64 = 0
        let summary = try Camt053Reader(bytes: Array(text.utf8)).read(header: { _ in }, line: { line in
            count += 1
            total += line.amount?.minorUnits ?? 0
            #expect(line.problems.isEmpty)
        })
        #expect(count == 5_000 && summary.lines == 5_000)
        #expect(total == 500_000)
        #expect(summary.peakHeldTransactions == StatementLimits.maxHeldTransactions)
    }

    @Test func anEntryFieldAfterTooManyTransactionsFailsTheFile() throws {
        // Held, the entry's late booking date reaches every line.
        let held = try StatementFixtures.read(Self.bigEntry(999, late: "<BookgDt><Dt>2026-03-02</Dt></BookgDt>")).lines
        #expect(held.count == 999 && held.allSatisfy { $0.bookingDate == BankDate(iso: "2026-03-02") })
        // Past the bound, lines were delivered without it: the file fails rather than disagree with them.
        let (error, delivered) = StatementFixtures.failure(Self.bigEntry(1_500, late: "<BookgDt><Dt>2026-03-02</Dt></BookgDt>"))
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.code == .limitExceeded)
        #expect(diagnostic.field == "Ntry/BookgDt/Dt")
        #expect(diagnostic.message.contains("more than 1000 transactions"))
        #expect(delivered > 1_000, "the header and the lines delivered before the late field")
        // A late field that changes nothing (the entry's amount, not used by a batch's lines) is fine.
        let amount = try StatementFixtures.read(
            Self.bigEntry(1_500, late: "<Amt Ccy=\"EUR\">1500.00</Amt>").replacingOccurrences(
                of: "<Sts>BOOK</Sts>", with: "<Sts>BOOK</Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt>"))
        #expect(amount.lines.count == 1_500)
    }

    @Test func longTextWhereNoValueIsReadCostsNothing() throws {
        // A megabyte of additional information: not a value the reader keeps, so not a limit.
        let text = Self.document(
            Self.entry("<AddtlNtryInf>" + String(repeating: "x", count: 1 << 20) + "</AddtlNtryInf>", StatementLenientTests.entryHead),
            StatementLenientTests.v4, "<Id>S</Id>")
        #expect(try StatementFixtures.onlyLine(text).treatment == .credit)
    }

    @Test func aHugeReferenceIsNotUsed() throws {
        let text = Self.document(
            Self.entry(
                "<NtryDtls><TxDtls><Amt Ccy=\"EUR\">1.00</Amt><RmtInf><Ustrd>" + String(repeating: "RF18 ", count: 200_000)
                    + "</Ustrd></RmtInf></TxDtls></NtryDtls>", StatementLenientTests.entryHead),
            StatementLenientTests.v4, "<Id>S</Id>")
        let line = try StatementFixtures.onlyLine(text)
        #expect(line.creditorReference == nil && line.reference == nil)
        #expect(line.treatment == .credit)
    }
}
