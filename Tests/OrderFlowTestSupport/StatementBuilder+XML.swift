import Foundation

extension StatementBuilder {
    /// The document, UTF-8 text.
    public func xml() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<Document xmlns=\"\(Self.escaped(namespace ?? isoNamespace))\">\n<BkToCstmrStmt>\n"
        out += "<GrpHdr><MsgId>\(Self.escaped(messageId))</MsgId><CreDtTm>\(created)</CreDtTm></GrpHdr>\n"
        for statement in statements { out += self.statement(statement) }
        return out + "</BkToCstmrStmt>\n</Document>\n"
    }

    private func statement(_ statement: Statement) -> String {
        let currency = Self.escaped(statement.accountCurrency)
        var out = "<Stmt>\n<Id>\(Self.escaped(statement.id))</Id>\n<CreDtTm>\(created)</CreDtTm>\n<Acct><Id>"
        if let iban = statement.iban {
            out += "<IBAN>\(Self.escaped(iban))</IBAN>"
        } else {
            out += "<Othr><Id>\(Self.escaped(statement.otherAccountId))</Id></Othr>"
        }
        out += "</Id><Ccy>\(currency)</Ccy></Acct>\n"
        // Every version requires a balance; the reader takes nothing from it.
        out += "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"\(currency)\">1000.00</Amt>"
        out += "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-02</Dt></Dt></Bal>\n"
        for entry in statement.entries { out += self.entry(entry) }
        return out + "</Stmt>\n"
    }

    private func entry(_ entry: Entry) -> String {
        var out = "<Ntry>\n"
        if let reference = entry.entryReference { out += "<NtryRef>\(Self.escaped(reference))</NtryRef>\n" }
        out += Self.amount(entry.amount, entry.currency)
        out += "<CdtDbtInd>\(Self.escaped(entry.creditDebit))</CdtDbtInd>\n"
        if let reversal = entry.reversal { out += "<RvslInd>\(reversal)</RvslInd>\n" }
        let status = Self.escaped(entry.status)
        out += version >= 7 ? "<Sts><Cd>\(status)</Cd></Sts>\n" : "<Sts>\(status)</Sts>\n"
        if let dateTime = entry.bookingDateTime {
            out += "<BookgDt><DtTm>\(Self.escaped(dateTime))</DtTm></BookgDt>\n"
        } else {
            out += "<BookgDt><Dt>\(Self.escaped(entry.bookingDate))</Dt></BookgDt>\n"
        }
        out += "<ValDt><Dt>\(Self.escaped(entry.bookingDate))</Dt></ValDt>\n"
        if let reference = entry.bankReference { out += "<AcctSvcrRef>\(Self.escaped(reference))</AcctSvcrRef>\n" }
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
        if let reference = transaction.bankReference {
            out += "<Refs><AcctSvcrRef>\(Self.escaped(reference))</AcctSvcrRef></Refs>\n"
        }
        if let amount = transaction.amount {
            if version == 2 {
                out += "<AmtDtls><TxAmt>" + Self.amount(amount, transaction.currency) + "</TxAmt></AmtDtls>\n"
            } else {
                out += Self.amount(amount, transaction.currency)
                out += "<CdtDbtInd>\(Self.escaped(transaction.creditDebit ?? "CRDT"))</CdtDbtInd>\n"
            }
        }
        if let debtor = transaction.debtor.map(Self.escaped) {
            out += version >= 8
                ? "<RltdPties><Dbtr><Pty><Nm>\(debtor)</Nm></Pty></Dbtr></RltdPties>\n"
                : "<RltdPties><Dbtr><Nm>\(debtor)</Nm></Dbtr></RltdPties>\n"
        }
        if !transaction.structured.isEmpty || !transaction.unstructured.isEmpty {
            out += "<RmtInf>\n"
            for text in transaction.unstructured { out += "<Ustrd>\(Self.escaped(text))</Ustrd>\n" }
            for reference in transaction.structured {
                out += "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
                out += "<Ref>\(Self.escaped(reference))</Ref></CdtrRefInf></Strd>\n"
            }
            out += "</RmtInf>\n"
        }
        return out + "</TxDtls>\n"
    }

    private static func amount(_ amount: String, _ currency: String) -> String {
        "<Amt Ccy=\"\(escaped(currency))\">\(escaped(amount))</Amt>\n"
    }

    /// Text for element content and attribute values.
    static func escaped(_ text: String) -> String {
        guard text.contains(where: { "&<>\"".contains($0) }) else { return text }
        return text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
