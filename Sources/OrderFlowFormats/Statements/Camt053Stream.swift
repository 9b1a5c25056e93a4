internal import CLibXML2
import OrderFlowCore

/// The camt.053 element names ``Camt053Stream`` reads; every other name is skipped.
enum CamtName: String, CaseIterable {
    case Document, BkToCstmrStmt, GrpHdr, MsgId, CreDtTm, Stmt, Id, Acct, IBAN, Othr, Ccy
    case Ntry, NtryRef, Amt, CdtDbtInd, RvslInd, Sts, Cd, Prtry, BookgDt, Dt, DtTm, AcctSvcrRef
    case NtryDtls, TxDtls, Refs, AmtDtls, TxAmt, RltdPties, Dbtr, Pty, Nm
    case RmtInf, Ustrd, Strd, CdtrRefInf, Ref
}

/// What an element is, from its parent's role and its name alone: so elements may come in any
/// order within their parent, and an element in an unexpected place is skipped with its content.
enum CamtRole {
    case root, document, message
    case groupHeader, messageId, messageCreated
    case statement, statementId, statementCreated
    case account, accountId, accountIBAN, accountOther, accountOtherId, accountCurrency
    case entry, entryReference, entryAmount, entryCreditDebit, entryReversal, entryStatus, entryStatusCode
    case bookingDate, bookingDay, bookingDateTime, entryBankReference, entryDetails
    case transaction, transactionRefs, transactionBankReference, transactionAmount, transactionCreditDebit
    case amountDetails, amountDetailsTransaction, transactionDetailAmount
    case parties, debtor, debtorParty, debtorName
    case remittance, unstructured, structured, creditorReferenceInformation, creditorReference
    case other

    func child(_ name: CamtName) -> CamtRole {
        switch (self, name) {
        case (.root, .Document): .document
        case (.root, .BkToCstmrStmt), (.document, .BkToCstmrStmt): .message
        case (.message, .GrpHdr): .groupHeader
        case (.groupHeader, .MsgId): .messageId
        case (.groupHeader, .CreDtTm): .messageCreated
        case (.message, .Stmt): .statement
        case (.statement, .Id): .statementId
        case (.statement, .CreDtTm): .statementCreated
        case (.statement, .Acct): .account
        case (.account, .Id): .accountId
        case (.account, .Ccy): .accountCurrency
        case (.accountId, .IBAN): .accountIBAN
        case (.accountId, .Othr): .accountOther
        case (.accountOther, .Id): .accountOtherId
        case (.statement, .Ntry): .entry
        case (.entry, .NtryRef): .entryReference
        case (.entry, .Amt): .entryAmount
        case (.entry, .CdtDbtInd): .entryCreditDebit
        case (.entry, .RvslInd): .entryReversal
        case (.entry, .Sts): .entryStatus
        case (.entryStatus, .Cd), (.entryStatus, .Prtry): .entryStatusCode
        case (.entry, .BookgDt): .bookingDate
        case (.bookingDate, .Dt): .bookingDay
        case (.bookingDate, .DtTm): .bookingDateTime
        case (.entry, .AcctSvcrRef): .entryBankReference
        case (.entry, .NtryDtls): .entryDetails
        // A `TxDtls` straight in `Ntry` (no `NtryDtls`) is read too.
        case (.entryDetails, .TxDtls), (.entry, .TxDtls): .transaction
        case (.transaction, .Refs): .transactionRefs
        case (.transactionRefs, .AcctSvcrRef): .transactionBankReference
        case (.transaction, .Amt): .transactionAmount
        case (.transaction, .CdtDbtInd): .transactionCreditDebit
        case (.transaction, .AmtDtls): .amountDetails
        case (.amountDetails, .TxAmt): .amountDetailsTransaction
        case (.amountDetailsTransaction, .Amt): .transactionDetailAmount
        case (.transaction, .RltdPties), (.entry, .RltdPties): .parties
        case (.parties, .Dbtr): .debtor
        case (.debtor, .Pty): .debtorParty
        case (.debtor, .Nm), (.debtorParty, .Nm): .debtorName
        case (.transaction, .RmtInf), (.entry, .RmtInf): .remittance
        case (.remittance, .Ustrd): .unstructured
        case (.remittance, .Strd): .structured
        case (.structured, .CdtrRefInf): .creditorReferenceInformation
        case (.creditorReferenceInformation, .Ref): .creditorReference
        default: .other
        }
    }

    /// True for an element whose text is a value the reader keeps.
    var capturesText: Bool {
        switch self {
        case .messageId, .messageCreated, .statementId, .statementCreated, .accountIBAN, .accountOtherId,
            .accountCurrency, .entryReference, .entryAmount, .entryCreditDebit, .entryReversal, .entryStatus,
            .entryStatusCode, .bookingDay, .bookingDateTime, .entryBankReference, .transactionBankReference,
            .transactionAmount, .transactionCreditDebit, .transactionDetailAmount, .debtorName, .unstructured,
            .creditorReference:
            true
        default: false
        }
    }

    /// True for an amount, whose `Ccy` attribute is its currency.
    var isAmount: Bool { self == .entryAmount || self == .transactionAmount || self == .transactionDetailAmount }
}

/// One pass of ``Camt053Reader`` over a document: the `xmlTextReader` loop and its state.
struct Camt053Stream {
    enum Source {
        case memory(UnsafeBufferPointer<UInt8>)
        case descriptor(Int32)
    }

    private let deliverHeader: (StatementHeader) throws -> Void
    private let deliverLine: (StatementLine) throws -> Void
    private(set) var summary = StatementReadSummary()

    /// The document's namespace (the root's) as libxml2 interned it, and as text.
    private var namespace: UnsafePointer<xmlChar>?
    private var namespaceText: String?
    /// The open elements that have a role; below an element without one only the depth is counted.
    private var stack: [CamtRole] = []
    private var skippedDepth = 0
    /// The text of the element being read, while ``capturing``.
    private var text: [UInt8] = []
    private var textTooLong = false
    private var capturing: (role: CamtRole, location: SourceLocation, currency: String?)?

    private var messageId: CamtSlot = CamtSlot()
    private var messageCreated: CamtSlot = CamtSlot()
    /// The statement being read, its header once delivered.
    private var header: StatementHeader?
    private var headerDelivered = false
    private var statementId = CamtSlot()
    private var statementCreated = CamtSlot()
    private var accountIBAN = CamtSlot()
    private var accountOtherId = CamtSlot()
    private var accountCurrency = CamtSlot()
    private var context = CamtStatementContext()
    private var entries = 0
    private var entry: CamtEntry?
    private var transaction: CamtTransaction?

    init(header: @escaping (StatementHeader) throws -> Void, line: @escaping (StatementLine) throws -> Void) {
        self.deliverHeader = header
        self.deliverLine = line
    }

    mutating func run(source: Source, name: String) throws {
        LibXML2.ensureInitialized()
        try XMLIssueCollector.collecting { collector in
            let created: xmlTextReaderPtr?
            switch source {
            case .memory(let buffer):
                created = buffer.withMemoryRebound(to: CChar.self) { chars in
                    chars.baseAddress.flatMap {
                        xmlReaderForMemory($0, Int32(chars.count), name, nil, LibXML2.safeParseOptions)
                    }
                }
            case .descriptor(let descriptor):
                created = xmlReaderForFd(descriptor, name, nil, LibXML2.safeParseOptions)
            }
            guard let reader = created else {
                throw FileError(
                    .xmlMalformed, "the file is empty: a camt.053 statement is a <Document> with a <BkToCstmrStmt>",
                    at: SourceLocation(line: 1, column: 1))
            }
            defer { xmlFreeTextReader(reader) }
            let names = CamtNameTable(reader: reader)
            while true {
                let status = xmlTextReaderRead(reader)
                try Self.check(collector)
                if status == 0 { break }
                if status < 0 {
                    throw FileError(
                        .xmlMalformed, "the file is not well-formed XML: libxml2 stopped reading it here",
                        at: SourceLocation(
                            line: Int(xmlTextReaderGetParserLineNumber(reader)),
                            column: Int(xmlTextReaderGetParserColumnNumber(reader))))
                }
                try step(reader, names: names)
            }
        }
        if summary.statements == 0 {
            throw FileError(
                .missingField, field: "Stmt",
                "the file holds no statement: a camt.053 file is <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt><GrpHdr>…</GrpHdr><Stmt>…</Stmt></BkToCstmrStmt></Document>",
                at: SourceLocation(line: 1, column: 1))
        }
    }

    /// A well-formedness, encoding or namespace error fails the file; warnings are dropped.
    private static func check(_ collector: XMLIssueCollector) throws {
        guard !collector.issues.isEmpty else { return }
        defer { collector.issues.removeAll(keepingCapacity: true) }
        if let fatal = collector.issues.first(where: { $0.isParserIssue && $0.isError }) {
            throw LibXML2.malformedError(fatal)
        }
    }

    // MARK: - Nodes

    private mutating func step(_ reader: xmlTextReaderPtr, names: CamtNameTable) throws {
        switch xmlTextReaderNodeType(reader) {
        case Int32(XML_READER_TYPE_ELEMENT.rawValue):
            let empty = xmlTextReaderIsEmptyElement(reader) == 1
            if skippedDepth > 0 {
                if !empty { skippedDepth += 1 }
                return
            }
            let role = try self.role(of: reader, names: names)
            if role == .other {
                if !empty { skippedDepth = 1 }
                return
            }
            try start(role, reader)
            if empty {
                try end(role)
            } else {
                stack.append(role)
            }
        case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
            if skippedDepth > 0 {
                skippedDepth -= 1
                return
            }
            if let role = stack.popLast() { try end(role) }
        case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
            Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue), Int32(XML_READER_TYPE_WHITESPACE.rawValue):
            guard skippedDepth == 0, let capturing, stack.last == capturing.role,
                let value = xmlTextReaderConstValue(reader)
            else { return }
            append(value)
        case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
            throw LibXML2.doctypeError(
                at: SourceLocation(
                    line: Int(xmlTextReaderGetParserLineNumber(reader)),
                    column: Int(xmlTextReaderGetParserColumnNumber(reader))))
        default:
            // Comments and processing instructions carry nothing.
            break
        }
    }

    /// The role of the element the reader stands on; the root must be a statement's.
    private mutating func role(of reader: xmlTextReaderPtr, names: CamtNameTable) throws -> CamtRole {
        let uri = xmlTextReaderConstNamespaceUri(reader)
        let parent = stack.last ?? .root
        if parent == .root {
            namespace = uri
            namespaceText = LibXML2.string(uri)
        } else if let uri, !names.same(uri, namespace) {
            return .other
        }
        let name = xmlTextReaderConstLocalName(reader).flatMap(names.name)
        let role = name.map(parent.child) ?? .other
        if parent == .root, role == .other {
            let found = LibXML2.string(xmlTextReaderConstName(reader)) ?? "?"
            throw FileError(
                .missingField, field: "Stmt",
                "the root element is <\(found)>: a camt.053 statement is <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"> holding a <BkToCstmrStmt>",
                at: SourceLocation(line: LibXML2.line(of: xmlTextReaderCurrentNode(reader))))
        }
        return role
    }

    private mutating func start(_ role: CamtRole, _ reader: xmlTextReaderPtr) throws {
        if role.capturesText {
            text.removeAll(keepingCapacity: true)
            textTooLong = false
            let currency = role.isAmount ? LibXML2.consumeString(xmlTextReaderGetAttribute(reader, Self.ccy)) : nil
            capturing = (role, Self.location(reader), currency)
            return
        }
        switch role {
        case .statement:
            try startStatement(at: Self.location(reader))
        case .entry:
            try deliverHeaderIfNeeded()
            entries += 1
            entry = CamtEntry(index: entries, location: Self.location(reader))
        case .transaction:
            guard entry != nil else { return }
            entry!.transactionCount += 1
            transaction = CamtTransaction(index: entry!.transactionCount, location: Self.location(reader))
        default:
            break
        }
    }

    private mutating func end(_ role: CamtRole) throws {
        if role.capturesText {
            guard let capturing, capturing.role == role else { return }
            self.capturing = nil
            let value = CamtValue(
                text: String(decoding: text, as: UTF8.self).trimmingXMLSpace(), location: capturing.location,
                currency: capturing.currency?.trimmingXMLSpace(), tooLong: textTooLong)
            try take(value, as: role)
            return
        }
        switch role {
        case .statement:
            try deliverHeaderIfNeeded()
            header = nil
        case .entry:
            try endEntry()
        case .transaction:
            try endTransaction()
        default:
            break
        }
    }

    private mutating func append(_ value: UnsafePointer<xmlChar>) {
        var index = 0
        while value[index] != 0 {
            if text.count < StatementLimits.maxValueBytes {
                text.append(value[index])
            } else {
                textTooLong = true
                return
            }
            index += 1
        }
    }

    /// Static, as ``check(_:)`` is: an instance method that does not mutate, called from the read
    /// loop's closure (which holds `self` inout), copied the whole stream at each call, which made
    /// reading four times slower.
    private static func location(_ reader: xmlTextReaderPtr) -> SourceLocation {
        SourceLocation(line: LibXML2.line(of: xmlTextReaderCurrentNode(reader)))
    }

    private static let ccy: [xmlChar] = Array("Ccy".utf8) + [0]

    // MARK: - Values

    /// Puts a value where its role says.
    private mutating func take(_ value: CamtValue, as role: CamtRole) throws {
        switch role {
        case .messageId: messageId.record(value)
        case .messageCreated: messageCreated.record(value)
        case .statementId: try takeHeaderField(value, into: \.statementId, field: "Stmt/Id")
        case .statementCreated: statementCreated.record(value)
        case .accountIBAN: try takeHeaderField(value, into: \.accountIBAN, field: "Stmt/Acct/Id/IBAN")
        case .accountOtherId: try takeHeaderField(value, into: \.accountOtherId, field: "Stmt/Acct/Id/Othr/Id")
        case .accountCurrency: accountCurrency.record(value)
        case .entryAmount: entry?.amount.record(value)
        case .entryReference: try takeEntryField(value, into: \.entryReference, field: "Ntry/NtryRef")
        case .entryCreditDebit: try takeEntryField(value, into: \.creditDebit, field: "Ntry/CdtDbtInd")
        case .entryReversal: try takeEntryField(value, into: \.reversal, field: "Ntry/RvslInd")
        case .entryStatus: try takeEntryField(value, into: \.status, field: "Ntry/Sts")
        case .entryStatusCode: try takeEntryField(value, into: \.statusCode, field: "Ntry/Sts/Cd")
        case .bookingDay: try takeEntryField(value, into: \.bookingDay, field: "Ntry/BookgDt/Dt")
        case .bookingDateTime: try takeEntryField(value, into: \.bookingDateTime, field: "Ntry/BookgDt/DtTm")
        case .entryBankReference: try takeEntryField(value, into: \.bankReference, field: "Ntry/AcctSvcrRef")
        case .transactionBankReference: transaction?.bankReference.record(value)
        case .transactionAmount: transaction?.amount.record(value)
        case .transactionCreditDebit: transaction?.creditDebit.record(value)
        case .transactionDetailAmount: transaction?.detailAmount.record(value)
        case .debtorName:
            if transaction != nil { transaction!.debtorName.record(value) } else { entry?.debtorName.record(value) }
        case .unstructured:
            if transaction != nil { transaction!.remittance.addUnstructured(value) } else { entry?.remittance.addUnstructured(value) }
        case .creditorReference:
            if transaction != nil { transaction!.remittance.addStructured(value) } else { entry?.remittance.addStructured(value) }
        default:
            break
        }
    }

    /// A field of the statement. Once its header is delivered (at its first entry), a field that
    /// would change it fails the file: lines already delivered took their identity from it.
    private mutating func takeHeaderField(
        _ value: CamtValue, into path: WritableKeyPath<Camt053Stream, CamtSlot>, field: String
    ) throws {
        guard header != nil else { return }
        let before = self[keyPath: path]
        self[keyPath: path].record(value)
        guard headerDelivered, self[keyPath: path] != before else { return }
        throw FileError(
            .invalidValue, field: field,
            "<\(field.split(separator: "/").last ?? "")> of the statement comes after its entries (or a second time, differently): OrderFlow reads a statement as a stream and takes the statement's <Id> and <Acct> before its first <Ntry>, as ISO 20022 orders them; ask the bank for a file in that order",
            at: value.location)
    }

    /// A field of the entry. Once the entry delivered lines (more transactions than are held), a
    /// field that would change them fails the file.
    private mutating func takeEntryField(
        _ value: CamtValue, into path: WritableKeyPath<CamtEntryFields, CamtSlot>, field: String
    ) throws {
        guard entry != nil else { return }
        entry!.fields[keyPath: path].record(value)
        guard let delivered = entry!.delivered, delivered != entry!.fields else { return }
        throw FileError(
            .limitExceeded, field: field,
            "this entry holds more than \(StatementLimits.maxHeldTransactions) transactions, and its <\(field.split(separator: "/").last ?? "")> comes after them: OrderFlow holds at most \(StatementLimits.maxHeldTransactions) transactions of an entry while it waits for the entry's own fields; ask the bank for a file with each entry's fields before its <NtryDtls>, as ISO 20022 orders them",
            at: value.location)
    }

    // MARK: - Statements, entries, transactions

    private mutating func startStatement(at location: SourceLocation) throws {
        summary.statements += 1
        header = StatementHeader(
            format: .camt053, messageVersion: Self.messageVersion(namespace: namespaceText), namespace: namespaceText,
            location: location)
        headerDelivered = false
        statementId = CamtSlot()
        statementCreated = CamtSlot()
        accountIBAN = CamtSlot()
        accountOtherId = CamtSlot()
        accountCurrency = CamtSlot()
        entries = 0
    }

    /// Delivers the statement's header, once: at its first entry, else at its end.
    private mutating func deliverHeaderIfNeeded() throws {
        guard var header, !headerDelivered else { return }
        header.statementId = statementId.usable
        header.messageId = messageId.usable
        header.accountIBAN = accountIBAN.usable
        header.accountOtherId = accountOtherId.usable
        header.accountCurrency = accountCurrency.usable
        header.creationDate = (statementCreated.usable ?? messageCreated.usable).flatMap { BankDate(iso: $0) }
        context = CamtStatementContext(statementId: header.statementId, account: header.account)
        headerDelivered = true
        self.header = header
        try deliverHeader(header)
    }

    private mutating func endTransaction() throws {
        guard let finished = transaction, entry != nil else { return }
        transaction = nil
        if entry!.delivered != nil {
            try deliver(CamtLineBuilder.line(finished, of: entry!, in: context))
            return
        }
        entry!.held.append(finished)
        summary.peakHeldTransactions = Swift.max(summary.peakHeldTransactions, entry!.held.count)
        if entry!.held.count >= StatementLimits.maxHeldTransactions {
            // The entry holds more than one transaction, so none takes the entry's amount: the
            // held ones are complete but for entry fields that may still come (then the file fails).
            entry!.delivered = entry!.fields
            let held = entry!.held
            entry!.held.removeAll()
            for transaction in held { try deliver(CamtLineBuilder.line(transaction, of: entry!, in: context)) }
        }
    }

    private mutating func endEntry() throws {
        guard let finished = entry else { return }
        entry = nil
        transaction = nil
        if finished.transactionCount == 0 {
            try deliver(CamtLineBuilder.line(nil, of: finished, in: context))
        } else {
            for held in finished.held { try deliver(CamtLineBuilder.line(held, of: finished, in: context)) }
        }
    }

    private mutating func deliver(_ line: StatementLine) throws {
        summary.lines += 1
        if summary.lines > StatementLimits.maxLines {
            throw FileError(
                .limitExceeded,
                "the file holds more than \(StatementLimits.maxLines) statement lines, the most OrderFlow reads from one file: ask the bank for smaller files (one per day)",
                at: line.location)
        }
        try deliverLine(line)
    }

    /// The version a camt.053 namespace names: `…camt.053.001.08` → 8 (a bank's suffix after the
    /// number, `camt.053.001.02.DE`, is allowed); nil when it names none.
    static func messageVersion(namespace: String?) -> Int? {
        guard let namespace, let range = namespace.range(of: "camt.053.001.") else { return nil }
        let digits = namespace[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        return Int(digits)
    }
}

/// The camt.053 names interned in the reader's dictionary, so an element's name is found by its
/// pointer (libxml2 interns every name it reads in the same dictionary).
struct CamtNameTable {
    private let byPointer: [UnsafePointer<xmlChar>: CamtName]

    init(reader: xmlTextReaderPtr) {
        var table: [UnsafePointer<xmlChar>: CamtName] = [:]
        for name in CamtName.allCases {
            let pointer = name.rawValue.withCString { chars in
                chars.withMemoryRebound(to: xmlChar.self, capacity: name.rawValue.utf8.count + 1) {
                    xmlTextReaderConstString(reader, $0)
                }
            }
            if let pointer { table[pointer] = name }
        }
        byPointer = table
    }

    func name(_ pointer: UnsafePointer<xmlChar>) -> CamtName? {
        byPointer[pointer]
    }

    /// True when two namespace URIs are the same (interned: usually the same pointer).
    func same(_ lhs: UnsafePointer<xmlChar>, _ rhs: UnsafePointer<xmlChar>?) -> Bool {
        guard let rhs else { return false }
        return lhs == rhs || xmlStrEqual(lhs, rhs) != 0
    }
}
