import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// Where the camt.053 standards sit (beside the repository, as ``UBLJudges/shared`` finds them;
/// never copied into it), and how the statement tests read and judge documents.
enum StatementFixtures {
    static var camt053: URL { UBLJudges.standards.appendingPathComponent("camt053") }
    static var samples: URL { camt053.appendingPathComponent("samples") }

    static func sample(_ name: String) throws -> URL {
        let url = samples.appendingPathComponent(name)
        try UBLJudges.requireFile(url, "the camt.053 sample \(name)")
        return url
    }

    /// The ISO XSD of a message version, when the standards folder has one (.02, .03, .04, .08).
    static func schema(version: Int) -> URL? {
        let url = camt053.appendingPathComponent("xsd/camt.053.001.\(version < 10 ? "0" : "")\(version).xsd")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    static func read(_ text: String) throws -> (headers: [StatementHeader], lines: [StatementLine]) {
        try Camt053Reader(bytes: Array(text.utf8), name: "statement.xml").readAll()
    }

    /// The one line of a document that holds one; records an issue otherwise.
    static func onlyLine(_ text: String) throws -> StatementLine {
        let lines = try read(text).lines
        #expect(lines.count == 1, "expected one line, read \(lines.count)")
        return try #require(lines.first)
    }

    /// The file error reading `text` throws, and whether anything was delivered before it.
    static func failure(_ text: String) -> (error: FileError?, delivered: Int) {
        var delivered = 0
        let error = XMLFixtures.fileError {
            try Camt053Reader(bytes: Array(text.utf8), name: "statement.xml").read(
                header: { _ in delivered += 1 }, line: { _ in delivered += 1 })
        }
        return (error, delivered)
    }

    /// `xmllint --schema` over the files: the errors, empty when every file is valid.
    static func schemaErrors(_ files: [URL], schema: URL) throws -> String {
        guard !files.isEmpty else { return "" }
        let run = try UBLJudges.execute(
            "xmllint", ["--noout", "--schema", schema.path] + files.map(\.path),
            missing: "xmllint is not installed: `apt-get install libxml2-utils`")
        if run.status == 0 { return "" }
        let lines = run.stderr.split(separator: "\n").filter { !$0.hasSuffix(" validates") }
        return lines.isEmpty ? "xmllint exited \(run.status)" : lines.joined(separator: "\n")
    }

    static func money(_ minorUnits: Int64, _ code: String) -> Money {
        Money(minorUnits: minorUnits, currency: Currency(code: code)!)
    }

    /// A valid creditor reference for a payment id (what the import prints on an invoice).
    static func reference(_ paymentId: String) -> String { CreditorReference.make(paymentId: paymentId) }

    /// `RF18 5390 0754 7034` written in groups of four, as a payer types it.
    static func spaced(_ reference: String) -> String {
        var groups: [String] = []
        var rest = Substring(reference)
        while !rest.isEmpty {
            groups.append(String(rest.prefix(4)))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }
}

/// Writes camt.053 statements the way ISO's schema orders them, in any message version from .02 on,
/// so that one description gives a document of every version (each judged by its XSD where the
/// standards folder has one).
///
/// Version differences written: .02 has no `TxDtls/Amt` (a transaction's amount is
/// `AmtDtls/TxAmt/Amt`); from .07 on `Sts` is a choice (`<Sts><Cd>BOOK</Cd></Sts>`); from .08 on a
/// debtor is `Dbtr/Pty/Nm`.
struct CamtStatementBuilder {
    struct Transaction {
        var amount: String?
        var currency = "EUR"
        var creditDebit: String? = "CRDT"
        var bankReference: String?
        var debtor: String?
        var structured: [String] = []
        var unstructured: [String] = []
    }

    struct Entry {
        var amount: String
        var currency = "EUR"
        var creditDebit = "CRDT"
        var reversal: Bool?
        var status = "BOOK"
        var bookingDate = "2026-03-02"
        /// Written as `DtTm` instead of `Dt`.
        var bookingDateTime: String?
        var bankReference: String?
        var entryReference: String?
        var transactions: [Transaction] = []
    }

    var version: Int
    /// Defaults to ISO's namespace of ``version``.
    var namespace: String?
    var messageId = "MSG-2026-03-02"
    var statementId = "STMT-2026-03-02"
    var iban: String? = "CH9300762011623852957"
    var otherAccountId: String?
    var entries: [Entry] = []

    var isoNamespace: String { "urn:iso:std:iso:20022:tech:xsd:camt.053.001.\(version < 10 ? "0" : "")\(version)" }

    func xml() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<Document xmlns=\"\(namespace ?? isoNamespace)\">\n<BkToCstmrStmt>\n"
        out += "<GrpHdr><MsgId>\(messageId)</MsgId><CreDtTm>2026-03-02T18:00:00+01:00</CreDtTm></GrpHdr>\n"
        out += "<Stmt>\n<Id>\(statementId)</Id>\n<CreDtTm>2026-03-02T18:00:00+01:00</CreDtTm>\n"
        if let iban {
            out += "<Acct><Id><IBAN>\(iban)</IBAN></Id><Ccy>EUR</Ccy></Acct>\n"
        } else {
            out += "<Acct><Id><Othr><Id>\(otherAccountId ?? "0000")</Id></Othr></Id></Acct>\n"
        }
        out += "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">1000.00</Amt>"
        out += "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-02</Dt></Dt></Bal>\n"
        for entry in entries { out += self.entry(entry) }
        out += "</Stmt>\n</BkToCstmrStmt>\n</Document>\n"
        return out
    }

    private func entry(_ entry: Entry) -> String {
        var out = "<Ntry>\n"
        if let reference = entry.entryReference { out += "<NtryRef>\(reference)</NtryRef>\n" }
        out += "<Amt Ccy=\"\(entry.currency)\">\(entry.amount)</Amt>\n<CdtDbtInd>\(entry.creditDebit)</CdtDbtInd>\n"
        if let reversal = entry.reversal { out += "<RvslInd>\(reversal)</RvslInd>\n" }
        out += version >= 7 ? "<Sts><Cd>\(entry.status)</Cd></Sts>\n" : "<Sts>\(entry.status)</Sts>\n"
        if let dateTime = entry.bookingDateTime {
            out += "<BookgDt><DtTm>\(dateTime)</DtTm></BookgDt>\n"
        } else {
            out += "<BookgDt><Dt>\(entry.bookingDate)</Dt></BookgDt>\n"
        }
        out += "<ValDt><Dt>\(entry.bookingDate)</Dt></ValDt>\n"
        if let reference = entry.bankReference { out += "<AcctSvcrRef>\(reference)</AcctSvcrRef>\n" }
        out += "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>\n"
        if !entry.transactions.isEmpty {
            out += "<NtryDtls>\n"
            for transaction in entry.transactions { out += self.transaction(transaction) }
            out += "</NtryDtls>\n"
        }
        return out + "</Ntry>\n"
    }

    private func transaction(_ transaction: Transaction) -> String {
        var out = "<TxDtls>\n"
        if let reference = transaction.bankReference { out += "<Refs><AcctSvcrRef>\(reference)</AcctSvcrRef></Refs>\n" }
        if version == 2 {
            if let amount = transaction.amount {
                out += "<AmtDtls><TxAmt><Amt Ccy=\"\(transaction.currency)\">\(amount)</Amt></TxAmt></AmtDtls>\n"
            }
        } else if let amount = transaction.amount {
            out += "<Amt Ccy=\"\(transaction.currency)\">\(amount)</Amt>\n"
            out += "<CdtDbtInd>\(transaction.creditDebit ?? "CRDT")</CdtDbtInd>\n"
        }
        if let debtor = transaction.debtor {
            out += version >= 8
                ? "<RltdPties><Dbtr><Pty><Nm>\(debtor)</Nm></Pty></Dbtr></RltdPties>\n"
                : "<RltdPties><Dbtr><Nm>\(debtor)</Nm></Dbtr></RltdPties>\n"
        }
        if !transaction.structured.isEmpty || !transaction.unstructured.isEmpty {
            out += "<RmtInf>\n"
            for text in transaction.unstructured { out += "<Ustrd>\(text)</Ustrd>\n" }
            for reference in transaction.structured {
                out += "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>\(reference)</Ref></CdtrRefInf></Strd>\n"
            }
            out += "</RmtInf>\n"
        }
        return out + "</TxDtls>\n"
    }
}
