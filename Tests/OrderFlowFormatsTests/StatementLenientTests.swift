import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// Statements as banks write them, schema or not: elements out of order, a bank's own namespace,
/// extensions, missing or malformed optional ids, and every way a line can be unreadable while the
/// others go on. Written by hand here, each case small enough to read.
@Suite struct StatementLenientTests {
    static let iban = "CH9300762011623852957"
    static let v4 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"
    static let paid = StatementFixtures.reference("PAY-2001")
    static let other = StatementFixtures.reference("PAY-2002")

    /// A document around `body` (the statement's entries).
    static func document(
        _ body: String, namespace: String = v4, statementHead: String = "<Id>S-1</Id><Acct><Id><IBAN>\(iban)</IBAN></Id></Acct>"
    ) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="\(namespace)">
        <BkToCstmrStmt>
        <GrpHdr><MsgId>M-1</MsgId><CreDtTm>2026-03-02T18:00:00</CreDtTm></GrpHdr>
        <Stmt>
        \(statementHead)
        \(body)
        </Stmt>
        </BkToCstmrStmt>
        </Document>
        """
    }

    /// An entry's own fields, in schema order.
    static let entryHead = """
        <Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt>
        """

    static func entry(_ inner: String, head: String = entryHead) -> String { "<Ntry>\(head)\(inner)</Ntry>" }

    static func line(_ body: String) throws -> StatementLine {
        try StatementFixtures.onlyLine(document(body))
    }

    // MARK: - Order, namespaces, extensions

    @Test func elementsInAnyOrderWithinTheirParent() throws {
        let body = """
            <Ntry>
              <NtryDtls><TxDtls>
                <RmtInf><Strd><CdtrRefInf><Ref>\(Self.paid)</Ref></CdtrRefInf></Strd></RmtInf>
                <RltdPties><Dbtr><Nm>Late Payer</Nm></Dbtr></RltdPties>
                <CdtDbtInd>CRDT</CdtDbtInd>
                <Amt Ccy="EUR">99.95</Amt>
                <Refs><AcctSvcrRef>TX-77</AcctSvcrRef></Refs>
              </TxDtls></NtryDtls>
              <BookgDt><DtTm>2026-03-04T10:00:00Z</DtTm></BookgDt>
              <AcctSvcrRef>BANK-77</AcctSvcrRef>
              <Sts>BOOK</Sts>
              <CdtDbtInd>CRDT</CdtDbtInd>
              <Amt Ccy="EUR">99.95</Amt>
            </Ntry>
            """
        // The account before the statement's id, too.
        let text = Self.document(body, statementHead: "<Acct><Id><IBAN>\(Self.iban)</IBAN></Id></Acct><Id>S-1</Id>")
        let line = try StatementFixtures.onlyLine(text)
        #expect(line.problems == [])
        #expect(line.amount == StatementFixtures.money(9995, "EUR"))
        #expect(line.treatment == .credit)
        #expect(line.creditorReference == Self.paid)
        #expect(line.debtorName == "Late Payer")
        #expect(line.bookingDate == BankDate(iso: "2026-03-04T10:00:00Z"))
        #expect(line.identity == .transactionReference(account: Self.iban, reference: "TX-77"))
    }

    @Test func aBanksOwnNamespaceIsReadByElementNames() throws {
        let entries = Self.entry("<AcctSvcrRef>B-1</AcctSvcrRef>")
        // A bank's namespace that still names the version, one that names none, a prefixed one.
        let withVersion = try StatementFixtures.read(
            Self.document(entries, namespace: "http://www.bank.example/xsd/camt.053.001.04.ch.02"))
        #expect(withVersion.headers.first?.messageVersion == 4)
        #expect(withVersion.lines.first?.treatment == .credit)
        let versionless = try StatementFixtures.read(Self.document(entries, namespace: "urn:bank:statements"))
        #expect(versionless.headers.first?.messageVersion == nil)
        #expect(versionless.headers.first?.namespace == "urn:bank:statements")
        #expect(versionless.lines.first?.amount == StatementFixtures.money(1000, "EUR"))
        let prefixed = """
            <c:Document xmlns:c="\(Self.v4)"><c:BkToCstmrStmt><c:Stmt><c:Id>S-9</c:Id>
            <c:Ntry><c:Amt Ccy="CHF">5.00</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Sts>BOOK</c:Sts>
            <c:BookgDt><c:Dt>2026-03-02</c:Dt></c:BookgDt></c:Ntry>
            </c:Stmt></c:BkToCstmrStmt></c:Document>
            """
        let line = try StatementFixtures.onlyLine(prefixed)
        #expect(line.amount == StatementFixtures.money(500, "CHF"))
        #expect(line.identity == .position(statementId: "S-9", entry: 1, transaction: 1))
        // No namespace at all, and a statement without its <Document>.
        let bare = Self.document(entries, namespace: "").replacingOccurrences(of: " xmlns=\"\"", with: "")
        #expect(try StatementFixtures.onlyLine(bare).treatment == .credit)
        let rootless = "<BkToCstmrStmt><Stmt><Id>S</Id>\(entries)</Stmt></BkToCstmrStmt>"
        #expect(try StatementFixtures.onlyLine(rootless).amount == StatementFixtures.money(1000, "EUR"))
    }

    @Test func extensionsAndSupplementaryDataAreSkipped() throws {
        let body = Self.entry("""
            <bank:Extra xmlns:bank="urn:bank:ext"><bank:Amt Ccy="EUR">999.00</bank:Amt><Amt Ccy="EUR">888.00</Amt></bank:Extra>
            <NtryDtls><TxDtls>
              <Amt Ccy="EUR">10.00</Amt>
              <SplmtryData><Envlp><Amt Ccy="EUR">777.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></Envlp></SplmtryData>
              <Tax><Dbtr><Nm>Tax Office</Nm></Dbtr></Tax>
              <AmtDtls><InstdAmt><Amt Ccy="USD">11.00</Amt></InstdAmt></AmtDtls>
              <Chrgs><Rcrd><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd></Chrgs>
            </TxDtls></NtryDtls>
            """)
        let line = try Self.line(body)
        #expect(line.problems == [])
        #expect(line.amount == StatementFixtures.money(1000, "EUR"))
        #expect(line.creditDebit == .credit)
        #expect(line.debtorName == nil)
    }

    @Test func commentsCDATAAndEntitiesInValues() throws {
        let body = Self.entry(
            "<NtryDtls><TxDtls><Amt Ccy=\"EUR\"><!-- cents follow -->12.<![CDATA[50]]></Amt>"
                + "<RltdPties><Dbtr><Nm>M&amp;M &#x263A;</Nm></Dbtr></RltdPties></TxDtls></NtryDtls>")
        let line = try Self.line(body)
        #expect(line.amount == StatementFixtures.money(1250, "EUR"))
        #expect(line.debtorName == "M&M \u{263A}")
    }

    // MARK: - Identity

    @Test func identityFallsBackFromTheBanksReferencesToPositions() throws {
        let noIds = Self.entry("")
        let entryRef = Self.entry("", head: "<NtryRef>NR-5</NtryRef>" + Self.entryHead)
        let bankRef = Self.entry("<AcctSvcrRef>B-5</AcctSvcrRef>")
        let (_, lines) = try StatementFixtures.read(Self.document(noIds + entryRef + bankRef))
        #expect(lines.map(\.identity) == [
            .position(statementId: "S-1", entry: 1, transaction: 1),
            .entryNumber(statementId: "S-1", entryReference: "NR-5", transaction: 1),
            .entryReference(account: Self.iban, reference: "B-5", transaction: 1),
        ])
        #expect(lines.allSatisfy { $0.problems.isEmpty })
    }

    @Test func malformedOptionalIdsAreLeftOut() throws {
        let long = String(repeating: "R", count: StatementLimits.maxValueBytes + 1)
        // Too long, given twice differently, empty: none is used, none makes the line unreadable.
        let body = Self.entry("""
            <AcctSvcrRef>\(long)</AcctSvcrRef><NtryRef>A</NtryRef><NtryRef>B</NtryRef>
            <NtryDtls><TxDtls><Refs><AcctSvcrRef/></Refs><Amt Ccy="EUR">10.00</Amt>
            <RltdPties><Dbtr><Nm>One</Nm><Nm>Two</Nm></Dbtr></RltdPties></TxDtls></NtryDtls>
            """)
        let line = try Self.line(body)
        #expect(line.problems == [])
        #expect(line.bankReference == nil && line.entryReference == nil && line.debtorName == nil)
        #expect(line.identity == .position(statementId: "S-1", entry: 1, transaction: 1))
    }

    @Test func withoutStatementIdOnlyLinesWithABankReferenceHaveAnIdentity() throws {
        let text = Self.document(
            Self.entry("") + Self.entry("<AcctSvcrRef>B-1</AcctSvcrRef>"),
            statementHead: "<Acct><Id><Othr><Id>ACC-7</Id></Othr></Id></Acct>")
        let (headers, lines) = try StatementFixtures.read(text)
        #expect(headers.first?.statementId == nil)
        #expect(headers.first?.account == "ACC-7")
        #expect(lines.map(\.treatment) == [.unreadable, .credit])
        #expect(lines[0].problems.map(\.code) == [.missingField])
        #expect(lines[0].problems.first?.field == "Stmt/Id")
        #expect(lines[1].identity == .entryReference(account: "ACC-7", reference: "B-1", transaction: 1))
    }

    // MARK: - Transactions

    @Test func batchEntriesGiveOneLinePerTransactionAndNeverShareTheEntryAmount() throws {
        let body = Self.entry("""
            <NtryDtls><TxDtls><Refs><AcctSvcrRef>T1</AcctSvcrRef></Refs><Amt Ccy="EUR">4.00</Amt></TxDtls></NtryDtls>
            <NtryDtls>
              <TxDtls><Refs><AcctSvcrRef>T2</AcctSvcrRef></Refs></TxDtls>
              <TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">6.00</Amt></TxAmt></AmtDtls></TxDtls>
            </NtryDtls>
            """)
        let (_, lines) = try StatementFixtures.read(Self.document(body))
        #expect(lines.map(\.transactionIndex) == [1, 2, 3])
        #expect(lines.map(\.amount) == [StatementFixtures.money(400, "EUR"), nil, StatementFixtures.money(600, "EUR")])
        #expect(lines[1].treatment == .unreadable)
        #expect(lines[1].problems.map(\.code) == [.missingField])
        #expect(lines[1].problems.first?.field == "TxDtls/Amt")
        #expect(lines[1].problems.first?.message.contains("holds 3 transactions") == true)
        #expect(lines[1].identity == .transactionReference(account: Self.iban, reference: "T2"))
        #expect(lines[2].identity == .position(statementId: "S-1", entry: 1, transaction: 3))
    }

    @Test func aTransactionStraightInTheEntryAndEntryLevelRemittance() throws {
        let straight = Self.entry("<TxDtls><Amt Ccy=\"EUR\">3.00</Amt></TxDtls>")
        let entryLevel = Self.entry(
            "<RltdPties><Dbtr><Nm>Entry Payer</Nm></Dbtr></RltdPties><RmtInf><Ustrd>\(Self.paid)</Ustrd></RmtInf>")
        let (_, lines) = try StatementFixtures.read(Self.document(straight + entryLevel))
        #expect(lines.map(\.amount) == [StatementFixtures.money(300, "EUR"), StatementFixtures.money(1000, "EUR")])
        #expect(lines[1].debtorName == "Entry Payer")
        #expect(lines[1].creditorReference == Self.paid)
    }

    @Test func directionComesFromTheTransactionElseTheEntry() throws {
        let body = Self.entry("""
            <NtryDtls><TxDtls><Amt Ccy="EUR">4.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></TxDtls>
            <TxDtls><Amt Ccy="EUR">6.00</Amt></TxDtls></NtryDtls>
            """)
        let (_, lines) = try StatementFixtures.read(Self.document(body))
        #expect(lines.map(\.creditDebit) == [.debit, .credit])
    }

    // MARK: - References

    @Test func structuredReferencesComeBeforeUnstructuredOnes() throws {
        func reference(_ remittance: String) throws -> (String?, String?) {
            let line = try Self.line(Self.entry(
                "<NtryDtls><TxDtls><Amt Ccy=\"EUR\">1.00</Amt><RmtInf>\(remittance)</RmtInf></TxDtls></NtryDtls>"))
            return (line.creditorReference, line.reference)
        }
        let strd = { (ref: String) in "<Strd><CdtrRefInf><Ref>\(ref)</Ref></CdtrRefInf></Strd>" }
        // A valid Strd wins over a valid Ustrd written before it.
        #expect(try reference("<Ustrd>\(Self.other)</Ustrd>" + strd(Self.paid)) == (Self.paid, Self.paid))
        // An invalid Strd (check digits off by one) loses to a valid Ustrd.
        let broken = String(Self.paid.prefix(2)) + (Self.paid.dropFirst(2).first == "9" ? "0" : "9") + Self.paid.dropFirst(3)
        #expect(try reference(strd(broken) + "<Ustrd>\(Self.other)</Ustrd>") == (Self.other, Self.other))
        // Spaced and lower case, as typed.
        #expect(try reference(strd(StatementFixtures.spaced(Self.paid).lowercased())) == (Self.paid, Self.paid))
        // A word of an Ustrd; the first valid of several Ustrd.
        #expect(try reference("<Ustrd>Order 7, ref \(Self.paid) thanks</Ustrd>") == (Self.paid, Self.paid))
        #expect(try reference("<Ustrd>nothing</Ustrd><Ustrd>\(Self.other)</Ustrd><Ustrd>\(Self.paid)</Ustrd>") == (Self.other, Self.other))
        // None valid: nothing matched, the first written shown (Strd before Ustrd).
        #expect(try reference("<Ustrd>see invoice</Ustrd>" + strd(broken)) == (nil, broken))
        #expect(try reference("<Ustrd>see invoice</Ustrd>") == (nil, "see invoice"))
        // Never a guess: a valid reference split over two Ustrd lines is not joined.
        let half = Self.paid.count / 2
        #expect(try reference("<Ustrd>\(Self.paid.prefix(half))</Ustrd><Ustrd>\(Self.paid.dropFirst(half))</Ustrd>").0 == nil)
    }

    // MARK: - Unreadable lines

    @Test func amountsAreReadExactlyOrNotAtAll() throws {
        func amount(_ written: String, currency: String? = "EUR") throws -> (Money?, [ErrorCode], String) {
            let attribute = currency.map { " Ccy=\"\($0)\"" } ?? ""
            let line = try Self.line(Self.entry("<NtryDtls><TxDtls><Amt\(attribute)>\(written)</Amt></TxDtls></NtryDtls>"))
            return (line.amount, line.problems.map(\.code), line.problems.first?.field ?? "")
        }
        #expect(try amount(" 12.50\n") == (StatementFixtures.money(1250, "EUR"), [], ""))
        #expect(try amount("12.50000") == (StatementFixtures.money(1250, "EUR"), [], ""))
        #expect(try amount("0") == (StatementFixtures.money(0, "EUR"), [], ""))
        #expect(try amount("1200.000", currency: "JPY") == (StatementFixtures.money(1200, "JPY"), [], ""))
        #expect(try amount("1.234", currency: "BHD") == (StatementFixtures.money(1234, "BHD"), [], ""))
        #expect(try amount("12.505") == (nil, [.invalidValue], "TxDtls/Amt"))
        #expect(try amount("12,50") == (nil, [.invalidValue], "TxDtls/Amt"))
        #expect(try amount("1.2e3") == (nil, [.invalidValue], "TxDtls/Amt"))
        #expect(try amount("-5.00") == (nil, [.invalidValue], "TxDtls/Amt"))
        #expect(try amount("") == (nil, [.invalidValue], "TxDtls/Amt"))
        #expect(try amount("92233720368547758.08") == (nil, [.amountTooLarge], "TxDtls/Amt"))
        #expect(try amount("12.50", currency: nil) == (nil, [.missingField], "TxDtls/Amt@Ccy"))
        #expect(try amount("12.50", currency: "EURO") == (nil, [.invalidValue], "TxDtls/Amt@Ccy"))
        #expect(try amount(String(repeating: "1", count: StatementLimits.maxValueBytes + 1)) == (nil, [.valueTooLong], "TxDtls/Amt"))
    }

    @Test func theRestOfTheFileGoesOnAfterAnUnreadableLine() throws {
        let body = Self.entry("<NtryDtls><TxDtls><Amt Ccy=\"EUR\">ten</Amt></TxDtls></NtryDtls>") + Self.entry("")
        let (_, lines) = try StatementFixtures.read(Self.document(body))
        #expect(lines.map(\.treatment) == [.unreadable, .credit])
        let problem = try #require(lines[0].problems.first)
        #expect(problem.message.contains("'ten' is not an amount"))
        #expect(problem.location.line == 7)
    }

    @Test func twoDifferentValuesOfANeededFieldAreNeverChosenBetween() throws {
        let amounts = try Self.line(Self.entry(
            "<NtryDtls><TxDtls><Amt Ccy=\"EUR\">1.00</Amt><Amt Ccy=\"EUR\">2.00</Amt></TxDtls></NtryDtls>"))
        #expect(amounts.problems.map(\.code) == [.invalidValue])
        #expect(amounts.problems.first?.message.contains("given twice") == true)
        let same = try Self.line(Self.entry(
            "<NtryDtls><TxDtls><Amt Ccy=\"EUR\">1.00</Amt><Amt Ccy=\"EUR\">1.00</Amt></TxDtls></NtryDtls>"))
        #expect(same.problems == [] && same.amount == StatementFixtures.money(100, "EUR"))
        let currencies = try Self.line(Self.entry(
            "<NtryDtls><TxDtls><Amt Ccy=\"EUR\">1.00</Amt><Amt Ccy=\"CHF\">1.00</Amt></TxDtls></NtryDtls>"))
        #expect(currencies.treatment == .unreadable)
        let statuses = try Self.line(Self.entry("<Sts>PDNG</Sts>"))
        #expect(statuses.problems.map(\.field) == ["Ntry/Sts"])
        let dates = try Self.line(Self.entry("<BookgDt><DtTm>2026-03-03T00:10:00+01:00</DtTm></BookgDt>"))
        #expect(dates.problems.map(\.field) == ["Ntry/BookgDt"])
        let agreeing = try Self.line(Self.entry("<BookgDt><DtTm>2026-03-02T09:00:00</DtTm></BookgDt>"))
        #expect(agreeing.problems == [] && agreeing.bookingDate == BankDate(iso: "2026-03-02"))
    }

    @Test func entryFieldsEachMakeALineUnreadableOrIgnored() throws {
        func line(_ head: String) throws -> StatementLine {
            try Self.line("<Ntry>\(head)</Ntry>")
        }
        let amount = "<Amt Ccy=\"EUR\">10.00</Amt>"
        let booked = "<Sts>BOOK</Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt>"
        #expect(try line("<CdtDbtInd>CRDT</CdtDbtInd>" + booked).problems.map(\.field) == ["Ntry/Amt"])
        #expect(try line(amount + booked).problems.map(\.field) == ["Ntry/CdtDbtInd"])
        #expect(try line(amount + "<CdtDbtInd>CREDIT</CdtDbtInd>" + booked).problems.map(\.code) == [.invalidValue])
        #expect(try line(amount + "<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>").problems.map(\.field) == ["Ntry/BookgDt"])
        #expect(try line(amount + "<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-02-30</Dt></BookgDt>")
            .problems.map(\.field) == ["Ntry/BookgDt/Dt"])
        #expect(try line(amount + "<CdtDbtInd>CRDT</CdtDbtInd><RvslInd>yes</RvslInd>" + booked).problems.map(\.field) == ["Ntry/RvslInd"])
        #expect(try line(amount + "<CdtDbtInd>DBIT</CdtDbtInd><RvslInd>1</RvslInd>" + booked).treatment == .ignored(.reversal))
        #expect(try line(amount + "<CdtDbtInd>CRDT</CdtDbtInd><RvslInd>false</RvslInd>" + booked).treatment == .credit)
        let unbooked = "<BookgDt><Dt>2026-03-02</Dt></BookgDt>"
        #expect(try line(amount + "<CdtDbtInd>CRDT</CdtDbtInd>" + unbooked).treatment == .ignored(.notBooked))
        #expect(try line(amount + "<CdtDbtInd>CRDT</CdtDbtInd><Sts>INFO</Sts>" + unbooked).treatment == .ignored(.notBooked))
        #expect(try line(amount + "<CdtDbtInd>CRDT</CdtDbtInd><Sts><Prtry>BOOK</Prtry></Sts>" + unbooked).treatment == .credit)
        // Unreadable comes first, whatever else the line is.
        #expect(try line("<CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd>" + booked).treatment == .unreadable)
    }

    // MARK: - Statements

    @Test func severalStatementsInOneFileEachHeaderBeforeItsLines() throws {
        let text = """
            <Document xmlns="\(Self.v4)"><BkToCstmrStmt>
            <Stmt><Id>A</Id><Acct><Id><IBAN>\(Self.iban)</IBAN></Id></Acct>\(Self.entry(""))\(Self.entry(""))</Stmt>
            <Stmt><Id>B</Id><Acct><Id><Othr><Id>X-1</Id></Othr></Id></Acct>\(Self.entry(""))</Stmt>
            <Stmt><Id>C</Id></Stmt>
            </BkToCstmrStmt></Document>
            """
        var events: [String] = []
        let summary = try Camt053Reader(bytes: Array(text.utf8)).read(
            header: { events.append("header \($0.statementId ?? "?") \($0.account ?? "-")") },
            line: { events.append("line \($0.entryIndex) \($0.identity?.key ?? "")") })
        #expect(events == [
            "header A \(Self.iban)", "line 1 pos|A|1|1", "line 2 pos|A|2|1",
            "header B X-1", "line 1 pos|B|1|1",
            "header C -",
        ])
        #expect(summary.statements == 3 && summary.lines == 3)
    }

    @Test func aStatementsIdOrAccountAfterItsEntriesFailsTheFile() throws {
        for late in ["<Id>S-2</Id>", "<Acct><Id><IBAN>\(Self.iban)</IBAN></Id></Acct>"] {
            let text = Self.document(Self.entry("") + late, statementHead: "")
            let (error, _) = StatementFixtures.failure(text)
            let diagnostic = try #require(error?.diagnostics.first)
            #expect(diagnostic.code == .invalidValue)
            #expect(diagnostic.message.contains("comes after its entries"))
        }
        // The same id again, after the entries, changes nothing.
        let repeated = Self.document(Self.entry("") + "<Id>S-1</Id>")
        #expect(try StatementFixtures.read(repeated).lines.count == 1)
    }
}
