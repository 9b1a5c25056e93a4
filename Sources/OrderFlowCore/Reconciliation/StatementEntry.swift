/// One statement line as reconciliation sees it (Reconciliation.md): read by a statement reader,
/// its booking date already a day in the reseller's time zone. The ledger matches, applies and
/// records it; nothing here depends on the file format.
public struct StatementEntry: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A booked credit, matched by ``StatementEntry/creditorReference``.
        case credit
        /// Listed, never matched; the message says why.
        case ignored(message: String)
        /// Cannot be read; the message says what to fix.
        case unreadable(message: String)
    }

    public var kind: Kind
    /// The line's identity (``StatementEntry/identityKey`` of a line seen before is `duplicate`);
    /// nil only for an unreadable line.
    public var identityKey: String?
    /// The CSV row's line, or the line of the `TxDtls`, else of the `Ntry`.
    public var line: Int
    public var bookingDate: CalendarDate?
    /// As written: negative for money going out.
    public var amount: Int64?
    public var currencyCode: String?
    /// The minor units of ``currencyCode``, for printing the amount.
    public var minorUnits: Int?
    /// The valid ISO 11649 reference found (normalized), if any.
    public var creditorReference: String?
    /// The reference to show.
    public var reference: String?
    public var payer: String?
    public var bankReference: String?

    public init(
        kind: Kind, identityKey: String?, line: Int, bookingDate: CalendarDate? = nil, amount: Int64? = nil,
        currencyCode: String? = nil, minorUnits: Int? = nil, creditorReference: String? = nil,
        reference: String? = nil, payer: String? = nil, bankReference: String? = nil
    ) {
        self.kind = kind
        self.identityKey = identityKey
        self.line = line
        self.bookingDate = bookingDate
        self.amount = amount
        self.currencyCode = currencyCode
        self.minorUnits = minorUnits
        self.creditorReference = creditorReference
        self.reference = reference
        self.payer = payer
        self.bankReference = bankReference
    }
}
