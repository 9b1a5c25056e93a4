import OrderFlowCore

/// One line of a bank statement, as ``Camt053Reader`` or ``StatementCSVReader`` read it: a camt.053
/// transaction (`Ntry/NtryDtls/TxDtls`, or an `Ntry` without one), or a CSV row.
///
/// A line the reader could not read carries its reasons in ``problems`` (``treatment`` is then
/// ``Treatment/unreadable``); every other field holds what could be read. Nothing here decides a
/// match: ``creditorReference`` is the first reference whose ISO 11649 check digits hold
/// (``ReferenceMatcher``), never one guessed from amounts or names.
public struct StatementLine: Sendable, Hashable {
    /// What reconciliation does with a line.
    public enum Treatment: Sendable, Hashable {
        /// A booked credit that is not a reversal: matched by its ``StatementLine/creditorReference``.
        case credit
        /// Listed, never matched: the reason says why.
        case ignored(IgnoredReason)
        /// Its amount, currency, booking date, direction or identity cannot be read
        /// (``StatementLine/problems`` says why).
        case unreadable
    }

    /// Why a readable line is not a credit to match.
    public enum IgnoredReason: String, Sendable, Hashable {
        /// `RvslInd` true: the bank takes an earlier booking back; handled by hand.
        case reversal
        /// A status other than `BOOK` (pending, information only), or none.
        case notBooked
        /// `CdtDbtInd` `DBIT`, or a negative CSV amount: money going out.
        case debit
    }

    /// The line's identity: the same bank line always has the same one, in this statement and in
    /// any later statement of the same account, so a line seen twice is recognized.
    public var identity: StatementLineIdentity?
    /// The `TxDtls` start tag, else the `Ntry` start tag; the CSV row.
    public var location: SourceLocation
    /// 1-based index of the entry (`Ntry`) in its statement; the CSV row's index among the rows.
    public var entryIndex: Int
    /// 1-based index of the transaction (`TxDtls`) in its entry; 1 for an entry without one, and for CSV.
    public var transactionIndex: Int
    /// `Ntry/BookgDt/Dt` or `Ntry/BookgDt/DtTm`; the CSV `booking_date`.
    public var bookingDate: BankDate?
    /// `TxDtls/CdtDbtInd`, else `Ntry/CdtDbtInd`; CSV: the amount's sign.
    public var creditDebit: CreditDebit?
    /// `Ntry/RvslInd` true (CSV lines never are).
    public var isReversal: Bool
    /// `Ntry/Sts` (`Sts/Cd` or `Sts/Prtry` from camt.053.001.07 on); `BOOK` for CSV lines.
    public var status: String?
    /// `TxDtls/Amt`, else `TxDtls/AmtDtls/TxAmt/Amt`, else `Ntry/Amt` for an entry of at most one
    /// transaction: the amount as written (positive; ``creditDebit`` gives its direction).
    public var amount: Money?
    /// The bank's reference of the line: `TxDtls/Refs/AcctSvcrRef`, else `Ntry/AcctSvcrRef`; the
    /// CSV `bank_reference`.
    public var bankReference: String?
    /// `Ntry/NtryRef`.
    public var entryReference: String?
    /// The first valid ISO 11649 creditor reference, normalized (`RF18539007547034`): every
    /// `RmtInf/Strd/CdtrRefInf/Ref` first, then every `RmtInf/Ustrd` (whole, then each word of
    /// it); the CSV `reference` like a `Ustrd`. Nil when none is valid.
    public var creditorReference: String?
    /// The reference to show: ``creditorReference``, else the first `Strd` reference, else the
    /// first `Ustrd`, as written (at most ``StatementLimits/maxValueBytes`` bytes).
    public var reference: String?
    /// `RltdPties/Dbtr/Nm` (`RltdPties/Dbtr/Pty/Nm` from camt.053.001.08 on); the CSV `payer`.
    public var debtorName: String?
    /// Why the line cannot be read; empty for a readable line.
    public var problems: [Diagnostic]

    public init(
        identity: StatementLineIdentity?, location: SourceLocation, entryIndex: Int, transactionIndex: Int,
        bookingDate: BankDate? = nil, creditDebit: CreditDebit? = nil, isReversal: Bool = false,
        status: String? = nil, amount: Money? = nil, bankReference: String? = nil, entryReference: String? = nil,
        creditorReference: String? = nil, reference: String? = nil, debtorName: String? = nil,
        problems: [Diagnostic] = []
    ) {
        self.identity = identity
        self.location = location
        self.entryIndex = entryIndex
        self.transactionIndex = transactionIndex
        self.bookingDate = bookingDate
        self.creditDebit = creditDebit
        self.isReversal = isReversal
        self.status = status
        self.amount = amount
        self.bankReference = bankReference
        self.entryReference = entryReference
        self.creditorReference = creditorReference
        self.reference = reference
        self.debtorName = debtorName
        self.problems = problems
    }

    /// True when the bank booked the line (`Sts` `BOOK`).
    public var isBooked: Bool { status == "BOOK" }

    /// Unreadable when it has problems; else ignored as a reversal, as not booked or as a debit,
    /// in that order; else a credit.
    public var treatment: Treatment {
        if !problems.isEmpty { return .unreadable }
        if isReversal { return .ignored(.reversal) }
        if !isBooked { return .ignored(.notBooked) }
        if creditDebit != .credit { return .ignored(.debit) }
        return .credit
    }
}

/// `CdtDbtInd`: money in or out of the statement's account.
public enum CreditDebit: String, Sendable, Hashable, Codable {
    case credit = "CRDT"
    case debit = "DBIT"
}

/// How a statement line is recognized when it is seen again (same statement, or a later one).
///
/// camt.053: the account with `TxDtls/Refs/AcctSvcrRef`; else the account with `Ntry/AcctSvcrRef`
/// and the transaction's index in its entry; else `Stmt/Id` with `Ntry/NtryRef` and the index;
/// else `Stmt/Id` with the entry's and the transaction's indexes. CSV: the account-less
/// `bank_reference` when given, else the row's cells with how many identical rows came before.
public enum StatementLineIdentity: Sendable, Hashable {
    case transactionReference(account: String, reference: String)
    case entryReference(account: String, reference: String, transaction: Int)
    case entryNumber(statementId: String, entryReference: String, transaction: Int)
    case position(statementId: String, entry: Int, transaction: Int)
    case csvBankReference(String)
    case csvRow(cells: [String], occurrence: Int)

    /// One text for the ledger's unique key: a kind, then each part with `%` and `|` escaped,
    /// joined by `|` (so no two identities share a key).
    public var key: String {
        func escaped(_ part: String) -> String {
            guard part.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "|") }) else { return part }
            return part.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "|", with: "%7C")
        }
        let parts: [String]
        switch self {
        case .transactionReference(let account, let reference): parts = ["tx", account, reference]
        case .entryReference(let account, let reference, let transaction):
            parts = ["ntry", account, reference, String(transaction)]
        case .entryNumber(let statementId, let entryReference, let transaction):
            parts = ["ntryref", statementId, entryReference, String(transaction)]
        case .position(let statementId, let entry, let transaction):
            parts = ["pos", statementId, String(entry), String(transaction)]
        case .csvBankReference(let reference): parts = ["csv", reference]
        case .csvRow(let cells, let occurrence): parts = ["row"] + cells + [String(occurrence)]
        }
        return parts.map(escaped).joined(separator: "|")
    }
}

/// What a statement says about itself: `Stmt` and its message's `GrpHdr` (camt.053), or the
/// statement id a CSV file's name gives.
public struct StatementHeader: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable {
        case camt053
        case csv
    }

    public var format: Format
    /// The message version the namespace names (`urn:iso:std:iso:20022:tech:xsd:camt.053.001.08`
    /// → 8); nil for CSV and for a namespace that names none.
    public var messageVersion: Int?
    /// The namespace of the document (camt.053), as written; nil for none.
    public var namespace: String?
    /// `Stmt/Id`; for CSV, the id the caller derived from the file name.
    public var statementId: String?
    /// `GrpHdr/MsgId`.
    public var messageId: String?
    /// `Stmt/Acct/Id/IBAN`.
    public var accountIBAN: String?
    /// `Stmt/Acct/Id/Othr/Id`, for an account without an IBAN.
    public var accountOtherId: String?
    /// `Stmt/Acct/Ccy`.
    public var accountCurrency: String?
    /// `Stmt/CreDtTm`, else `GrpHdr/CreDtTm`.
    public var creationDate: BankDate?
    /// The `Stmt` start tag; the CSV header row.
    public var location: SourceLocation

    public init(
        format: Format, messageVersion: Int? = nil, namespace: String? = nil, statementId: String? = nil,
        messageId: String? = nil, accountIBAN: String? = nil, accountOtherId: String? = nil,
        accountCurrency: String? = nil, creationDate: BankDate? = nil, location: SourceLocation
    ) {
        self.format = format
        self.messageVersion = messageVersion
        self.namespace = namespace
        self.statementId = statementId
        self.messageId = messageId
        self.accountIBAN = accountIBAN
        self.accountOtherId = accountOtherId
        self.accountCurrency = accountCurrency
        self.creationDate = creationDate
        self.location = location
    }

    /// The account the statement is for: its IBAN, else its other id.
    public var account: String? { accountIBAN ?? accountOtherId }
}

/// What one read of a statement file delivered.
public struct StatementReadSummary: Sendable, Hashable {
    /// Statements read (camt.053 `Stmt`; 1 for a CSV file).
    public var statements = 0
    /// Lines delivered.
    public var lines = 0
    /// The most transactions of one camt.053 entry held at once (at most
    /// ``StatementLimits/maxHeldTransactions``): what bounds the reader's memory.
    public var peakHeldTransactions = 0

    public init() {}
}
