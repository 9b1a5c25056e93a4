/// Writes ISO 20022 camt.053 statements for tests, in any message version from .02 on, in the
/// order ISO's schemas give, so that one description gives a valid document of every version.
///
/// What the version changes (``Camt053Reader`` reads both shapes):
/// - .02 has no `TxDtls/Amt` nor `TxDtls/CdtDbtInd`: a transaction's amount is `AmtDtls/TxAmt/Amt`;
/// - from .07 on the status is a choice, `<Sts><Cd>BOOK</Cd></Sts>`, not `<Sts>BOOK</Sts>`;
/// - from .08 on a debtor is `RltdPties/Dbtr/Pty/Nm`, not `RltdPties/Dbtr/Nm`.
///
/// Text is XML-escaped; amounts are written as given, so a test may write a malformed one
/// (``decimal(_:currency:)`` writes minor units).
public struct StatementBuilder: Sendable, Hashable {
    /// One `Ntry/NtryDtls/TxDtls`.
    public struct Transaction: Sendable, Hashable {
        /// Nil leaves it out: the reader then takes the entry's amount for a lone transaction.
        public var amount: String?
        public var currency: String
        public var creditDebit: String?
        /// `Refs/AcctSvcrRef`.
        public var bankReference: String?
        public var debtor: String?
        /// Each an `RmtInf/Strd/CdtrRefInf/Ref`.
        public var structured: [String]
        /// Each an `RmtInf/Ustrd`.
        public var unstructured: [String]

        public init(
            amount: String?, currency: String = "EUR", creditDebit: String? = "CRDT", bankReference: String? = nil,
            debtor: String? = nil, structured: [String] = [], unstructured: [String] = []
        ) {
            self.amount = amount
            self.currency = currency
            self.creditDebit = creditDebit
            self.bankReference = bankReference
            self.debtor = debtor
            self.structured = structured
            self.unstructured = unstructured
        }
    }

    /// One `Ntry`.
    public struct Entry: Sendable, Hashable {
        public var amount: String
        public var currency: String
        public var creditDebit: String
        /// `RvslInd`; nil leaves it out.
        public var reversal: Bool?
        public var status: String
        /// `BookgDt/Dt`, and always `ValDt/Dt`.
        public var bookingDate: String
        /// Written as `BookgDt/DtTm` instead of `Dt`.
        public var bookingDateTime: String?
        /// `AcctSvcrRef`.
        public var bankReference: String?
        /// `NtryRef`.
        public var entryReference: String?
        public var transactions: [Transaction]

        public init(
            amount: String, currency: String = "EUR", creditDebit: String = "CRDT", reversal: Bool? = nil,
            status: String = "BOOK", bookingDate: String = "2026-03-02", bookingDateTime: String? = nil,
            bankReference: String? = nil, entryReference: String? = nil, transactions: [Transaction] = []
        ) {
            self.amount = amount
            self.currency = currency
            self.creditDebit = creditDebit
            self.reversal = reversal
            self.status = status
            self.bookingDate = bookingDate
            self.bookingDateTime = bookingDateTime
            self.bankReference = bankReference
            self.entryReference = entryReference
            self.transactions = transactions
        }
    }

    /// One `Stmt`.
    public struct Statement: Sendable, Hashable {
        public var id: String
        /// `Acct/Id/IBAN`; nil writes `Acct/Id/Othr/Id` with ``otherAccountId``.
        public var iban: String?
        public var otherAccountId: String
        /// `Acct/Ccy`, and the currency of the closing balance.
        public var accountCurrency: String
        public var entries: [Entry]

        public init(
            id: String = "STMT-2026-03-02", iban: String? = "CH9300762011623852957", otherAccountId: String = "0000",
            accountCurrency: String = "EUR", entries: [Entry] = []
        ) {
            self.id = id
            self.iban = iban
            self.otherAccountId = otherAccountId
            self.accountCurrency = accountCurrency
            self.entries = entries
        }
    }

    /// The message version, 2 for camt.053.001.02.
    public var version: Int
    /// Defaults to ISO's namespace of ``version``.
    public var namespace: String?
    public var messageId: String
    /// `GrpHdr/CreDtTm` and each `Stmt/CreDtTm`.
    public var created: String
    public var statements: [Statement]

    public init(
        version: Int, messageId: String = "MSG-2026-03-02", created: String = "2026-03-02T18:00:00+01:00",
        statements: [Statement] = [Statement()]
    ) {
        self.version = version
        self.messageId = messageId
        self.created = created
        self.statements = statements
    }

    /// The first statement's entries (most tests write one statement).
    public var entries: [Entry] {
        get { statements.first?.entries ?? [] }
        set {
            if statements.isEmpty { statements.append(Statement()) }
            statements[0].entries = newValue
        }
    }

    /// `urn:iso:std:iso:20022:tech:xsd:camt.053.001.NN`.
    public var isoNamespace: String {
        "urn:iso:std:iso:20022:tech:xsd:camt.053.001.\(version < 10 ? "0" : "")\(version)"
    }
}
