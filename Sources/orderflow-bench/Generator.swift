import Foundation

/// Writes a drop of `orders` orders, about ten fields each, as XML and as the equivalent CSV,
/// streamed to disk in blocks (never held in memory whole).
enum DropGenerator {
    static func write(orders: Int, xmlPath: String, csvPath: String) throws {
        let xml = try BlockWriter(path: xmlPath)
        let csv = try BlockWriter(path: csvPath)
        xml.write(xmlHeader(reseller: "R-ACME", batchId: "bench"))
        csv.write("reseller,ref,action,channel,registration,account_type,company_name,contact_name,contact_email,country,city,postal_code,address_line1,product,plan,period,domain,data_location,terms_accepted,terms_version,resource:MAILBOX\n")
        for index in 0..<orders {
            xml.write(xmlOrder(index))
            csv.write("R-ACME,B-\(index),order,customer,full,company,Company \(index) GmbH,Contact \(index),c\(index)@example.com,DE,Berlin,10115,Street \(index),PRD-MAIL,PLN-MAIL-STD,1M,d\(index).example,eu-central,true,2026-01,\(5 + index % 50)\n")
        }
        xml.write("</orderBatch>\n")
        try xml.close()
        try csv.close()
    }

    /// One XML drop of `reseller` holding the orders `indexes` of the same sequence `write`
    /// writes (its refs, companies and domains), for `orderflow-bench workers`' many files.
    static func writeXML(indexes: Range<Int>, reseller: String, batchId: String, path: String) throws {
        let xml = try BlockWriter(path: path)
        xml.write(xmlHeader(reseller: reseller, batchId: batchId))
        for index in indexes { xml.write(xmlOrder(index)) }
        xml.write("</orderBatch>\n")
        try xml.close()
    }

    static func xmlHeader(reseller: String, batchId: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<orderBatch xmlns=\"urn:orderflow:orders:1\" reseller=\"\(reseller)\" batchId=\"\(batchId)\">\n"
    }

    /// Order `index`: ref `B-index`, a new company, a mail subscription of its own domain.
    static func xmlOrder(_ index: Int) -> String {
        """
              <order ref="B-\(index)" channel="customer">
                <customer registration="full">
                  <company accountType="company" name="Company \(index) GmbH">
                    <contact name="Contact \(index)" email="c\(index)@example.com"/>
                    <address country="DE" city="Berlin" postalCode="10115" line1="Street \(index)"/>
                  </company>
                </customer>
                <subscription product="PRD-MAIL" plan="PLN-MAIL-STD" period="1M" domain="d\(index).example" dataLocation="eu-central">
                  <resource id="MAILBOX" amount="\(5 + index % 50)"/>
                </subscription>
                <terms accepted="true" version="2026-01"/>
              </order>

            """
    }
}

/// Writes a campaign file of `rows` trial requests for the `trials` job (Trials.md), streamed to
/// disk in blocks like `DropGenerator`'s drops: each row a new company's CRM Team trial
/// (`PRD-CRM` / `PLN-CRM-TEAM` / `TRIAL14`, full registration, a company account, a contact
/// e-mail no other row has, a DE/BE/Berlin address, terms `2026-01` accepted) provisioned on
/// `provisioningDate`, so every row is accepted. The same `rows` give the same bytes.
enum TrialsGenerator {
    static let header =
        "reseller,ref,action,channel,registration,account_type,company_name,contact_name,contact_email,"
        + "country,region,city,postal_code,address_line1,product,plan,period,provisioning_date,"
        + "terms_accepted,terms_version\n"

    static func write(rows: Int, provisioningDate: String, path: String) throws {
        let csv = try BlockWriter(path: path)
        csv.write(header)
        for index in 0..<rows {
            csv.write(
                "R-ACME,T-\(index),order,customer,full,company,Company \(index) GmbH,Contact \(index),"
                    + "c\(index)@example.com,DE,BE,Berlin,10115,Street \(index),PRD-CRM,PLN-CRM-TEAM,TRIAL14,"
                    + "\(provisioningDate),true,2026-01\n")
        }
        try csv.close()
    }
}

/// Appends text to a file through a 1 MB buffer.
final class BlockWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        try handle.close()
    }
}

/// A payment the import asked for, as its outbox `payments.csv` lists it.
struct DuePayment: Equatable {
    var id: String
    var account: String
    /// The amount in minor units, and how many decimals it was written with (its currency's).
    var amount: Int
    var decimals: Int
    var currency: String
    /// ISO 11649, `RF` and two check digits: what a transfer quotes to pay it.
    var reference: String
}

/// Writes a camt.053.001.08 statement paying `payments` by their creditor references, one entry
/// (one `TxDtls`) per payment in the order given: every tenth line (the 10th, 20th, …) pays half
/// of its payment, rounded down (`partial`), the others the whole amount (`matched`).
/// Deterministic: the same payments give the same bytes. Streamed to disk like `DropGenerator`.
enum StatementGenerator {
    static func paid(_ payment: DuePayment, line index: Int) -> Int {
        index % 10 == 9 ? payment.amount / 2 : payment.amount
    }

    static func write(paying payments: [DuePayment], bookedOn date: String, path: String) throws {
        let out = try BlockWriter(path: path)
        let currency = payments.first?.currency ?? "EUR"
        var closing = 0
        for (index, payment) in payments.enumerated() where payment.currency == currency {
            closing += paid(payment, line: index)
        }
        let decimals = payments.first?.decimals ?? 2
        out.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
              <BkToCstmrStmt>
                <GrpHdr>
                  <MsgId>MSG-BENCH</MsgId>
                  <CreDtTm>\(date)T18:00:00+01:00</CreDtTm>
                </GrpHdr>
                <Stmt>
                  <Id>STMT-BENCH</Id>
                  <CreDtTm>\(date)T18:00:00+01:00</CreDtTm>
                  <Acct>
                    <Id><IBAN>CH9300762011623852957</IBAN></Id>
                    <Ccy>\(currency)</Ccy>
                  </Acct>
                  <Bal>
                    <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
                    <Amt Ccy="\(currency)">\(amountText(closing, decimals: decimals))</Amt>
                    <CdtDbtInd>CRDT</CdtDbtInd>
                    <Dt><Dt>\(date)</Dt></Dt>
                  </Bal>

            """)
        for (index, payment) in payments.enumerated() {
            let amount = amountText(paid(payment, line: index), decimals: payment.decimals)
            out.write("""
                      <Ntry>
                        <Amt Ccy="\(payment.currency)">\(amount)</Amt>
                        <CdtDbtInd>CRDT</CdtDbtInd>
                        <Sts><Cd>BOOK</Cd></Sts>
                        <BookgDt><Dt>\(date)</Dt></BookgDt>
                        <AcctSvcrRef>ENTRY-\(index + 1)</AcctSvcrRef>
                        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
                        <NtryDtls>
                          <TxDtls>
                            <Refs><AcctSvcrRef>TX-\(index + 1)</AcctSvcrRef></Refs>
                            <Amt Ccy="\(payment.currency)">\(amount)</Amt>
                            <CdtDbtInd>CRDT</CdtDbtInd>
                            <RltdPties><Dbtr><Pty><Nm>Customer \(payment.account)</Nm></Pty></Dbtr></RltdPties>
                            <RmtInf>
                              <Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>\(payment.reference)</Ref></CdtrRefInf></Strd>
                            </RmtInf>
                          </TxDtls>
                        </NtryDtls>
                      </Ntry>

                """)
        }
        out.write("""
                </Stmt>
              </BkToCstmrStmt>
            </Document>

            """)
        try out.close()
    }

    /// `53974`, 2 → `539.74`; `49081`, 0 → `49081`.
    static func amountText(_ minor: Int, decimals: Int) -> String {
        guard decimals > 0 else { return String(minor) }
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let fraction = String(minor % scale)
        return "\(minor / scale).\(String(repeating: "0", count: decimals - fraction.count))\(fraction)"
    }
}
