import OrderFlowFormats

/// Writes a bank statement as CSV for tests: the header
/// `booking_date,amount,currency,reference,payer,bank_reference`, then a row per line, RFC 4180
/// quoted (``CSVWriter``, without its spreadsheet guard: a statement's `-5.00` and `=x` stay as written).
public struct StatementCSVBuilder: Sendable, Hashable {
    /// One row, each cell as written; nil or empty is an empty cell.
    public struct Row: Sendable, Hashable {
        public var bookingDate: String
        public var amount: String
        public var currency: String
        public var reference: String
        public var payer: String?
        public var bankReference: String?

        public init(
            bookingDate: String, amount: String, currency: String = "EUR", reference: String,
            payer: String? = nil, bankReference: String? = nil
        ) {
            self.bookingDate = bookingDate
            self.amount = amount
            self.currency = currency
            self.reference = reference
            self.payer = payer
            self.bankReference = bankReference
        }
    }

    public static let header = ["booking_date", "amount", "currency", "reference", "payer", "bank_reference"]

    public var rows: [Row]

    public init(rows: [Row] = []) {
        self.rows = rows
    }

    /// One row per credit, in order (a negative amount with its `-`).
    public static func credits(_ credits: [StatementCredit]) -> StatementCSVBuilder {
        StatementCSVBuilder(rows: credits.map {
            Row(
                bookingDate: $0.bookingDate, amount: $0.amountText, currency: $0.currency, reference: $0.reference,
                payer: $0.payer, bankReference: $0.bankReference)
        })
    }

    /// The file, UTF-8 text with LF line ends.
    public func csv() -> String {
        var writer = CSVWriter()
        writer.writeRow(Self.header, spreadsheetSafe: false)
        for row in rows {
            writer.writeRow(
                [row.bookingDate, row.amount, row.currency, row.reference, row.payer ?? "", row.bankReference ?? ""],
                spreadsheetSafe: false)
        }
        return writer.text
    }
}
