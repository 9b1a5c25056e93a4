import OrderFlowCore

/// One payment a bank received, as an end-to-end test puts it in a statement (camt.053 or CSV).
/// A negative amount is money out: a `DBIT` entry, a negative CSV amount.
public struct StatementCredit: Sendable, Hashable {
    /// What the payer wrote: `RmtInf/Strd/CdtrRefInf/Ref`, the CSV `reference`; empty for none.
    public var reference: String
    public var minorUnits: Int64
    public var currency: String
    /// `YYYY-MM-DD` (`BookgDt/Dt`), or a date-time with a `T` (`BookgDt/DtTm`).
    public var bookingDate: String
    /// `TxDtls/Refs/AcctSvcrRef`, the CSV `bank_reference`.
    public var bankReference: String?
    /// `RltdPties/Dbtr`, the CSV `payer`.
    public var payer: String?

    public init(
        reference: String, minorUnits: Int64, currency: String = "EUR", bookingDate: String = "2026-03-02",
        bankReference: String? = nil, payer: String? = nil
    ) {
        self.reference = reference
        self.minorUnits = minorUnits
        self.currency = currency
        self.bookingDate = bookingDate
        self.bankReference = bankReference
        self.payer = payer
    }

    /// The amount as a statement writes it: `120.50` (EUR), `1200` (JPY); a currency OrderFlow
    /// does not know gets two decimals.
    public var amountText: String {
        Money.format(minorUnits, minorUnits: ISO4217.minorUnits(of: currency) ?? 2)
    }
}

extension StatementBuilder {
    /// One statement of `version` with one `Ntry` and one `TxDtls` per credit, in order.
    public static func credits(
        _ credits: [StatementCredit], version: Int = 8, statementId: String = "STMT-2026-03-02",
        iban: String = "CH9300762011623852957"
    ) -> StatementBuilder {
        let entries = credits.map { credit in
            let direction = credit.minorUnits < 0 ? "DBIT" : "CRDT"
            let amount = credit.amountText.hasPrefix("-") ? String(credit.amountText.dropFirst()) : credit.amountText
            let isDateTime = credit.bookingDate.contains("T")
            let transaction = Transaction(
                amount: amount, currency: credit.currency, creditDebit: direction, bankReference: credit.bankReference,
                debtor: credit.payer, structured: credit.reference.isEmpty ? [] : [credit.reference])
            return Entry(
                amount: amount, currency: credit.currency, creditDebit: direction,
                bookingDate: isDateTime ? String(credit.bookingDate.prefix(10)) : credit.bookingDate,
                bookingDateTime: isDateTime ? credit.bookingDate : nil, transactions: [transaction])
        }
        let statement = Statement(
            id: statementId, iban: iban, accountCurrency: credits.first?.currency ?? "EUR", entries: entries)
        return StatementBuilder(version: version, statements: [statement])
    }
}
