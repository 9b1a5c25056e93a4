import OrderFlowCore

/// Reads a usage drop of the `billing` job: a CSV file with one row per subscription, day and
/// resource measured, streamed one row at a time.
///
/// Columns: `subscription`, `date`, `resource` and `quantity`, all required, in any order; the
/// `error_code` and `error_message` columns that the job's `rejected.csv` adds are accepted and
/// ignored, so that a fixed `rejected.csv` can be dropped again; no other column is allowed. The
/// CSV rules are the drop files' (``CSVParser`` reads them): UTF-8 (a BOM is accepted), RFC 4180
/// quoting, LF or CRLF, a header row, names exact and case-sensitive, blank lines skipped, an
/// empty cell is absent. Every value has spaces, tabs and line breaks around it removed (a stray
/// space in a spreadsheet cell is invisible); then:
/// - `subscription`: kept as written; whether it is a subscription of the reseller is the job's to
///   judge (`UNKNOWN_ORDER`);
/// - `date`: `YYYY-MM-DD`, a real calendar day;
/// - `resource`: kept as written; whether the subscription's plan has it is the job's to judge
///   (`UNKNOWN_RESOURCE`);
/// - `quantity`: ASCII digits only (no sign, decimal point, exponent or separator), at most
///   9,223,372,036,854,775,807.
///
/// Only the row being read is held in memory, whatever the file's size; a cell's bytes beyond
/// ``UsageLimits/maxValueBytes`` are dropped as they are read.
///
/// Errors:
/// - Whole-file problems throw ``FileError``: an empty file, invalid UTF-8 (a NUL byte too), an
///   unbalanced quote (`CSV_MALFORMED`); every header problem at once (a duplicate column, a
///   stray quote in a name or more than 10,001 columns: `CSV_MALFORMED`; an unknown or unnamed
///   column: `UNKNOWN_COLUMN`; a header name over ``UsageLimits/maxValueBytes``: `VALUE_TOO_LONG`;
///   a required column missing: `MISSING_FIELD`); a row over ``UsageLimits/maxRowBytes`` or more
///   than ``UsageLimits/maxRows`` rows (`LIMIT_EXCEEDED`). Found on a later row, it is thrown
///   after earlier rows were delivered: the file then fails whole and what was delivered must be
///   discarded.
/// - A row that cannot be stored is delivered with its ``UsageRow/problems`` (in the order of
///   ErrorCodes.md, Which error wins), and the next rows go on: an empty or absent value
///   (`MISSING_FIELD`), a `date` that is not a calendar day or a `quantity` that is not digits or
///   is too large (`INVALID_VALUE`), a cell over ``UsageLimits/maxValueBytes`` (`VALUE_TOO_LONG`),
///   the wrong number of cells or a stray quote (`CSV_MALFORMED`).
/// - A failing `read(2)` or `open(2)` throws ``CSVReadIOError``.
public struct UsageCSVReader: Sendable {
    /// The columns a usage drop must have.
    public static let requiredColumns = ["subscription", "date", "resource", "quantity"]
    /// The columns it may have, whose cells are not read: those `rejected.csv` adds.
    public static let ignoredColumns = ["error_code", "error_message"]

    let input: CSVRequestReader.Input
    /// Bytes per `read(2)`; smaller only in tests, to put chunk boundaries everywhere.
    var readSize = CSVRequestReader.chunkSize
    /// Rows read before the file fails with `LIMIT_EXCEEDED`; smaller only in tests.
    var maxRows = UsageLimits.maxRows

    /// Opens the file at `path` (never following a symbolic link; a symlink or any file that is
    /// not a regular file is `UNSAFE_FILE`). The file stays open while the reader exists.
    ///
    /// - Throws: ``FileError`` (`UNSAFE_FILE`) or ``CSVReadIOError``.
    public init(path: String) throws {
        self.input = .file(try OpenFile(path: path))
    }

    /// Reads a file already in memory (small inputs, tests).
    public init(bytes: [UInt8]) {
        self.input = .bytes(bytes)
    }

    /// Reads text already in memory (small inputs, tests).
    public init(text: String) {
        self.init(bytes: Array(text.utf8))
    }

    private enum Column: String {
        case subscription, date, resource, quantity
        case errorCode = "error_code"
        case errorMessage = "error_message"
    }

    /// Reads and checks the header row only: the row exactly as written (without a BOM or its line
    /// ending), which `rejected.csv` repeats.
    ///
    /// - Throws: ``FileError`` (an empty file, every header problem) or ``CSVReadIOError``.
    public func header() throws -> String {
        var parser = CSVParser(input: input, readSize: readSize)
        try Self.start(&parser)
        _ = try Self.columns(&parser)
        return parser.rowText()
    }

    /// Reads the file, calling `row` for each row in file order. Each call reads the file from
    /// its start again.
    ///
    /// - Returns: how many rows were delivered.
    /// - Throws: ``FileError`` (the file fails whole), ``CSVReadIOError``, or what `row` throws.
    @discardableResult
    public func read(row: (UsageRow) throws -> Void) throws -> Int {
        var parser = CSVParser(input: input, readSize: readSize)
        try Self.start(&parser)
        let columns = try Self.columns(&parser)
        parser.consumeRow()
        parser.cellCap = columns.count
        var count = 0
        while try parser.nextRow() {
            count += 1
            if count > maxRows {
                throw FileError(
                    .limitExceeded,
                    "The file holds more than \(maxRows) rows, the most OrderFlow reads from one usage drop: split it into several files.",
                    at: SourceLocation(line: parser.line, column: 1))
            }
            let next = Self.row(&parser, columns: columns)
            parser.consumeRow()
            try row(next)
        }
        return count
    }

    /// Every row at once: for small inputs and tests.
    public func readAll() throws -> [UsageRow] {
        var rows: [UsageRow] = []
        try read { rows.append($0) }
        return rows
    }

    // MARK: - Header

    /// Skips a BOM and finds the header row.
    private static func start(_ parser: inout CSVParser) throws {
        try parser.skipBOM()
        guard try parser.nextRow() else {
            throw FileError(
                .csvMalformed,
                "The file is empty: a usage drop needs a header row (subscription,date,resource,quantity) and one row per subscription, day and resource.",
                at: SourceLocation(line: parser.line, column: 1))
        }
    }

    private static func columns(_ parser: inout CSVParser) throws(FileError) -> [Column?] {
        try CSVHeaderColumns.read(
            &parser, required: requiredColumns, optional: ignoredColumns, fileKind: "a usage drop",
            maxValueBytes: UsageLimits.maxValueBytes)
    }

    // MARK: - Rows

    private static func row(_ parser: inout CSVParser, columns: [Column?]) -> UsageRow {
        let rowLine = parser.line
        var row = UsageRow(line: rowLine, source: parser.rowText())
        var problems: [Diagnostic] = []
        func location(_ column: Column) -> SourceLocation {
            SourceLocation(line: rowLine, column: (columns.firstIndex(of: column) ?? columns.count) + 1)
        }
        problems += parser.shapeProblems(columnNames: columns.map { $0?.rawValue ?? "" })
        // A cell over the limit is reported and not used; the other cells are read as usual.
        var overlong: Set<Column> = []
        for index in parser.overlongCells where index < columns.count {
            if let column = columns[index] { overlong.insert(column) }
            problems.append(Diagnostic(
                .valueTooLong, field: columns[index]?.rawValue ?? "",
                "Cell \(index + 1) is longer than \(UsageLimits.maxValueBytes) bytes, the most OrderFlow reads in one cell: shorten it, or check the file's quotes.",
                at: SourceLocation(line: rowLine, column: index + 1)))
        }
        var values: [Column: String] = [:]
        for index in parser.cells.indices where index < columns.count {
            if let column = columns[index], column != .errorCode, column != .errorMessage, !overlong.contains(column),
                let value = parser.cellValue(index)
            {
                let trimmed = ApprovalText.trimmed(value)
                if !trimmed.isEmpty { values[column] = trimmed }
            }
        }
        /// The value of a required column, or nil after noting it missing (a too-long cell is
        /// already noted).
        func required(_ column: Column, _ message: String) -> String? {
            if let value = values[column] { return value }
            if !overlong.contains(column) {
                problems.append(Diagnostic(.missingField, field: column.rawValue, message, at: location(column)))
            }
            return nil
        }

        row.subscriptionId = required(
            .subscription, "The row has no subscription: write the subscription_id the usage was measured on (SUB-1234).")
        if let text = required(.date, "The row has no date: write the day the usage was measured, YYYY-MM-DD (for example 2026-11-03).") {
            row.dateText = text
            row.date = CalendarDate(iso: text)
            if row.date == nil {
                problems.append(Diagnostic(
                    .invalidValue, field: Column.date.rawValue,
                    "'\(QuotedValue.shown(text))' is not a calendar day: write YYYY-MM-DD (for example 2026-11-03).",
                    at: location(.date)))
            }
        }
        row.resourceId = required(
            .resource, "The row has no resource: write the id of the resource measured, as the catalog names it (for example STORED).")
        if let text = required(.quantity, "The row has no quantity: write the units used, digits only (for example 20).") {
            row.quantityText = text
            switch FieldForms.amount(text) {
            case .value(let quantity):
                row.quantity = quantity
            case .tooLarge:
                problems.append(Diagnostic(
                    .invalidValue, field: Column.quantity.rawValue,
                    "'\(QuotedValue.shown(text))' is more units than a quantity can be (at most \(Int64.max)): check the value.",
                    at: location(.quantity)))
            case .invalid:
                problems.append(Diagnostic(
                    .invalidValue, field: Column.quantity.rawValue,
                    "'\(QuotedValue.shown(text))' is not a quantity: write the units used as a whole number, digits only, without sign, decimal point or separator (for example 20).",
                    at: location(.quantity)))
            }
        }
        row.problems = problems.sortedByPrecedence()
        return row
    }
}
