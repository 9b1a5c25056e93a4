import OrderFlowCore

/// Reads a bank statement written as CSV, one row per line: `booking_date, amount, currency,
/// reference`, optionally `payer` and `bank_reference`, streamed one row at a time.
///
/// The CSV rules are the drop files' (``CSVParser`` reads them): UTF-8 (a BOM is accepted),
/// RFC 4180 quoting, LF or CRLF, a header row, columns in any order, blank lines skipped, values
/// never trimmed, an empty cell is absent. Values:
/// - `booking_date`: `YYYY-MM-DD` (a date-time as camt.053 writes it is accepted too);
/// - `amount`: an optional `-`, digits, and at most the currency's decimals after a `.`
///   (`1234.50` EUR, `1200` JPY); a negative amount is a debit (``CreditDebit/debit``, its
///   ``StatementLine/amount`` the magnitude);
/// - `currency`: an ISO 4217 code;
/// - `reference`: read like a camt.053 `Ustrd` (``ReferenceMatcher/creditorReference(inUnstructured:)``);
/// - `payer` (``StatementLine/debtorName``), `bank_reference` (``StatementLine/bankReference``).
///
/// Every line is booked and none is a reversal. A line's identity is its `bank_reference` when
/// given, else its cells with how many identical rows came before it in the file: for that the
/// reader keeps a 64-bit digest and a count per distinct row without a `bank_reference` (about
/// 50 bytes each, 50 MB for the most rows a file may hold); otherwise it holds one row at a time.
///
/// Errors:
/// - Whole-file problems throw ``FileError``: an empty file, invalid UTF-8, an unbalanced quote
///   (`CSV_MALFORMED`); every header problem at once (a duplicate or unnamed column:
///   `CSV_MALFORMED`; an unknown one: `UNKNOWN_COLUMN`; a required one missing: `MISSING_FIELD`); a
///   row over ``DropLimits/maxRowBytes`` or more than ``StatementLimits/maxLines`` rows
///   (`LIMIT_EXCEEDED`). Found on a later row, it is thrown after earlier lines were delivered:
///   the file then fails whole.
/// - A row that cannot be read is delivered with its ``StatementLine/problems``: the wrong number
///   of cells or a stray quote (`CSV_MALFORMED`), a cell over ``DropLimits/maxValueBytes``
///   (`VALUE_TOO_LONG`), a missing or malformed date, amount or currency (`MISSING_FIELD`,
///   `INVALID_VALUE`, `AMOUNT_TOO_LARGE`).
public struct StatementCSVReader: Sendable {
    /// The columns a statement CSV must have.
    public static let requiredColumns = ["booking_date", "amount", "currency", "reference"]
    /// The columns it may have.
    public static let optionalColumns = ["payer", "bank_reference"]

    let input: CSVRequestReader.Input
    /// Bytes per `read(2)`; smaller only in tests, to put chunk boundaries everywhere.
    var readSize = CSVRequestReader.chunkSize
    /// The statement's id (the caller derives it from the file name): ``StatementHeader/statementId``.
    public let statementId: String?

    /// Opens the file at `path` (never following a symbolic link; a symlink or any file that is
    /// not a regular file is `UNSAFE_FILE`).
    ///
    /// - Throws: ``FileError`` (`UNSAFE_FILE`) or ``CSVReadIOError``.
    public init(path: String, statementId: String?) throws {
        self.input = .file(try OpenFile(path: path))
        self.statementId = statementId
    }

    /// Reads a file already in memory (small inputs, tests).
    public init(bytes: [UInt8], statementId: String?) {
        self.input = .bytes(bytes)
        self.statementId = statementId
    }

    /// Reads text already in memory (small inputs, tests).
    public init(text: String, statementId: String?) {
        self.init(bytes: Array(text.utf8), statementId: statementId)
    }

    private enum Column: String {
        case bookingDate = "booking_date"
        case amount, currency, reference, payer
        case bankReference = "bank_reference"
    }

    /// Reads the file: `header` once, first, then `line` for each row in file order. Each call
    /// reads the file from its start again.
    ///
    /// - Throws: ``FileError`` (the file fails whole), ``CSVReadIOError``, or what a closure throws.
    @discardableResult
    public func read(
        header: (StatementHeader) throws -> Void, line: (StatementLine) throws -> Void
    ) throws -> StatementReadSummary {
        var parser = CSVParser(input: input, readSize: readSize)
        try parser.skipBOM()
        guard try parser.nextRow() else {
            throw FileError(
                .csvMalformed,
                "The file is empty: a statement CSV needs a header row (booking_date,amount,currency,reference,payer) and one row per line.",
                at: SourceLocation(line: parser.line, column: 1))
        }
        let headerLine = parser.line
        let columns = try Self.columns(&parser)
        parser.consumeRow()
        parser.cellCap = columns.count
        var summary = StatementReadSummary()
        summary.statements = 1
        try header(StatementHeader(format: .csv, statementId: statementId, location: SourceLocation(line: headerLine, column: 1)))

        var occurrences: [UInt64: Int] = [:]
        while try parser.nextRow() {
            summary.lines += 1
            if summary.lines > StatementLimits.maxLines {
                throw FileError(
                    .limitExceeded,
                    "The file holds more than \(StatementLimits.maxLines) rows, the most OrderFlow reads from one statement: split it into several files.",
                    at: SourceLocation(line: parser.line, column: 1))
            }
            let next = Self.line(&parser, columns: columns, index: summary.lines, occurrences: &occurrences)
            parser.consumeRow()
            try line(next)
        }
        return summary
    }

    /// Every line at once, with the header: for small inputs and tests.
    public func readAll() throws -> (header: StatementHeader, lines: [StatementLine]) {
        var found: StatementHeader?
        var lines: [StatementLine] = []
        try read(header: { found = $0 }, line: { lines.append($0) })
        guard let found else { preconditionFailure("StatementCSVReader.read returned without a header") }
        return (found, lines)
    }

    // MARK: - Header

    private static func columns(_ parser: inout CSVParser) throws(FileError) -> [Column?] {
        try CSVHeaderColumns.read(
            &parser, required: requiredColumns, optional: optionalColumns, fileKind: "a statement CSV", maxValueBytes: DropLimits.maxValueBytes)
    }

    // MARK: - Rows

    private static func line(
        _ parser: inout CSVParser, columns: [Column?], index: Int, occurrences: inout [UInt64: Int]
    ) -> StatementLine {
        let rowLine = parser.line
        var line = StatementLine(
            identity: nil, location: SourceLocation(line: rowLine, column: 1), entryIndex: index, transactionIndex: 1,
            isReversal: false, status: "BOOK")
        var problems: [Diagnostic] = []
        func location(_ column: Column) -> SourceLocation {
            SourceLocation(line: rowLine, column: (columns.firstIndex(of: column) ?? columns.count) + 1)
        }
        if let overlong = parser.overlongCells.first {
            // The row's text holds that cell cut, so the other cells cannot be taken from it either.
            problems.append(Diagnostic(
                .valueTooLong, field: columns[overlong]?.rawValue ?? "",
                "Cell \(overlong + 1) is longer than \(DropLimits.maxValueBytes) bytes, the most OrderFlow reads in one cell: shorten it, or check the file's quotes.",
                at: SourceLocation(line: rowLine, column: overlong + 1)))
            line.problems = problems
            return line
        }
        problems += parser.shapeProblems(columnNames: columns.map { $0?.rawValue ?? "" })
        var values: [Column: String] = [:]
        for (position, value) in cellValues(&parser).enumerated() where position < columns.count && !value.isEmpty {
            if let column = columns[position] { values[column] = value }
        }

        if let text = values[.bookingDate] {
            if let date = BankDate(iso: text) {
                line.bookingDate = date
            } else {
                problems.append(Diagnostic(
                    .invalidValue, field: Column.bookingDate.rawValue,
                    "'\(CamtLineBuilder.clip(text))' is not a date: write the booking date as 2026-03-31.",
                    at: location(.bookingDate)))
            }
        } else {
            problems.append(Diagnostic(
                .missingField, field: Column.bookingDate.rawValue, "The row has no booking_date.", at: location(.bookingDate)))
        }
        var currency: Currency?
        if let code = values[.currency] {
            currency = Currency(code: code)
            if currency == nil {
                problems.append(Diagnostic(
                    .invalidValue, field: Column.currency.rawValue,
                    "'\(CamtLineBuilder.clip(code))' is not an ISO 4217 currency code OrderFlow knows (EUR, CHF, JPY, …).",
                    at: location(.currency)))
            }
        } else {
            problems.append(Diagnostic(
                .missingField, field: Column.currency.rawValue, "The row has no currency.", at: location(.currency)))
        }
        if let text = values[.amount] {
            if let currency {
                switch StatementAmount.parse(text, currency: currency, allowSign: true, zeroDecimalsBeyondCurrency: false) {
                case .success(let minorUnits):
                    line.amount = Money(minorUnits: abs(minorUnits), currency: currency)
                    line.creditDebit = text.hasPrefix("-") ? .debit : .credit
                case .failure(let problem):
                    problems.append(Diagnostic(problem.code, field: Column.amount.rawValue, problem.message, at: location(.amount)))
                }
            }
        } else {
            problems.append(Diagnostic(
                .missingField, field: Column.amount.rawValue, "The row has no amount.", at: location(.amount)))
        }
        if let reference = values[.reference] {
            line.creditorReference = ReferenceMatcher.creditorReference(inUnstructured: reference)
            line.reference = line.creditorReference ?? reference
        }
        line.debtorName = values[.payer]
        line.bankReference = values[.bankReference]
        if let bankReference = line.bankReference {
            line.identity = .csvBankReference(bankReference)
        } else {
            let cells = [Column.bookingDate, .amount, .currency, .reference, .payer].map { values[$0] ?? "" }
            var digest = SHA256()
            for cell in cells {
                digest.update(Array(String(cell.utf8.count).utf8) + [0x3A])
                digest.update(cell.utf8)
            }
            let key = digest.finalize().prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let occurrence = occurrences[key, default: 0]
            occurrences[key] = occurrence + 1
            line.identity = .csvRow(cells: cells, occurrence: occurrence)
        }
        line.problems = problems
        return line
    }

    /// The values of the row's cells (those the parser kept), unquoted: the row's text as written
    /// cut at each cell's span. Only for a row without overlong cells (its text is then as written).
    private static func cellValues(_ parser: inout CSVParser) -> [String] {
        let row = Array(parser.rowText().utf8)
        return parser.cells.map { span in
            switch span.kind {
            case .plain:
                return String(decoding: row[span.start..<span.end], as: UTF8.self)
            case .quoted:
                return String(decoding: row[(span.start + 1)..<Swift.max(span.end - 1, span.start + 1)], as: UTF8.self)
            case .quotedEscaped, .malformed:
                var bytes: [UInt8] = []
                var index = span.start
                var inQuotes = false
                while index < span.end {
                    let byte = row[index]
                    index += 1
                    if byte == UInt8(ascii: "\"") {
                        if inQuotes, index < span.end, row[index] == UInt8(ascii: "\"") {
                            bytes.append(byte)
                            index += 1
                        } else if index == span.start + 1 {
                            inQuotes = true
                        } else if inQuotes {
                            inQuotes = false
                        } else {
                            bytes.append(byte)
                        }
                    } else {
                        bytes.append(byte)
                    }
                }
                return String(decoding: bytes, as: UTF8.self)
            }
        }
    }
}
