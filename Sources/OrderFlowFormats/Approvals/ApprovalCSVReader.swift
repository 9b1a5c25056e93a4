import OrderFlowCore

/// Reads an approval drop: a CSV file in which a reseller's managers approve or reject sales
/// orders waiting for manual approval, one row per decision, streamed one row at a time.
///
/// Columns: `sales_order_id` and `decision` are required, `manager` and `comment` optional; no
/// other column is allowed. The CSV rules are the drop files' (``CSVParser`` reads them): UTF-8 (a
/// BOM is accepted), RFC 4180 quoting, LF or CRLF, a header row, columns in any order, names exact
/// and case-sensitive, blank lines skipped, an empty cell is absent. Values:
/// - `sales_order_id`: a sales order id as OrderFlow gave it, `SO-` and digits without leading
///   zeros (`SO-1234`); spaces, tabs and line breaks around it are ignored;
/// - `decision`: `approve` or `reject`, in any ASCII case, spaces, tabs and line breaks around it
///   ignored (``ApprovalDecision/init(cell:)``);
/// - `manager`, `comment`: free text, kept as written (not trimmed, nothing removed or escaped).
///
/// Only the row being read is held in memory, whatever the file's size; a cell's bytes beyond
/// ``ApprovalLimits/maxValueBytes`` are dropped as they are read.
///
/// Errors:
/// - Whole-file problems throw ``FileError``: an empty file, invalid UTF-8 (a NUL byte too), an
///   unbalanced quote (`CSV_MALFORMED`); every header problem at once (a duplicate column, a
///   stray quote in a name or more than 10,001 columns: `CSV_MALFORMED`; an unknown or unnamed
///   column: `UNKNOWN_COLUMN`; a header name over ``ApprovalLimits/maxValueBytes``:
///   `VALUE_TOO_LONG`; a required column missing: `MISSING_FIELD`); a row over
///   ``ApprovalLimits/maxRowBytes`` or more than ``ApprovalLimits/maxRows`` rows
///   (`LIMIT_EXCEEDED`). Found on a later row, it is thrown after earlier rows were delivered: the
///   file then fails whole and what was delivered must be discarded.
/// - A row that cannot be applied is delivered with its ``ApprovalRow/problems``, and the next
///   rows go on: no or an empty `sales_order_id` or `decision` (`MISSING_FIELD`), a
///   `sales_order_id` that is not a sales order id or a `decision` that is neither word
///   (`INVALID_VALUE`), a cell over ``ApprovalLimits/maxValueBytes`` (`VALUE_TOO_LONG`), the wrong
///   number of cells or a stray quote (`CSV_MALFORMED`).
/// - A failing `read(2)` or `open(2)` throws ``CSVReadIOError``.
///
/// Whether an order may be approved or rejected (the order's reseller and state) is the provision
/// job's to judge, not the reader's; so is a sales order named twice.
public struct ApprovalCSVReader: Sendable {
    /// The columns an approval drop must have.
    public static let requiredColumns = ["sales_order_id", "decision"]
    /// The columns it may have.
    public static let optionalColumns = ["manager", "comment"]

    let input: CSVRequestReader.Input
    /// Bytes per `read(2)`; smaller only in tests, to put chunk boundaries everywhere.
    var readSize = CSVRequestReader.chunkSize
    /// Rows read before the file fails with `LIMIT_EXCEEDED`; smaller only in tests.
    var maxRows = ApprovalLimits.maxRows

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
        case salesOrderId = "sales_order_id"
        case decision, manager, comment
    }

    /// Reads the file, calling `row` for each row in file order. Each call reads the file from
    /// its start again.
    ///
    /// - Returns: how many rows were delivered.
    /// - Throws: ``FileError`` (the file fails whole), ``CSVReadIOError``, or what `row` throws.
    @discardableResult
    public func read(row: (ApprovalRow) throws -> Void) throws -> Int {
        var parser = CSVParser(input: input, readSize: readSize)
        try parser.skipBOM()
        guard try parser.nextRow() else {
            throw FileError(
                .csvMalformed,
                "The file is empty: an approval drop needs a header row (sales_order_id,decision, and optionally manager,comment) and one row per decision.",
                at: SourceLocation(line: parser.line, column: 1))
        }
        let columns = try Self.columns(&parser)
        parser.consumeRow()
        parser.cellCap = columns.count
        var count = 0
        while try parser.nextRow() {
            count += 1
            if count > maxRows {
                throw FileError(
                    .limitExceeded,
                    "The file holds more than \(maxRows) rows, the most OrderFlow reads from one approval drop: split it into several files.",
                    at: SourceLocation(line: parser.line, column: 1))
            }
            let next = Self.row(&parser, columns: columns)
            parser.consumeRow()
            try row(next)
        }
        return count
    }

    /// Every row at once: for small inputs and tests.
    public func readAll() throws -> [ApprovalRow] {
        var rows: [ApprovalRow] = []
        try read { rows.append($0) }
        return rows
    }

    // MARK: - Header

    private static func columns(_ parser: inout CSVParser) throws(FileError) -> [Column?] {
        try CSVHeaderColumns.read(
            &parser, required: requiredColumns, optional: optionalColumns, fileKind: "an approval drop", maxValueBytes: ApprovalLimits.maxValueBytes)
    }

    // MARK: - Rows

    private static func row(_ parser: inout CSVParser, columns: [Column?]) -> ApprovalRow {
        let rowLine = parser.line
        var row = ApprovalRow(line: rowLine)
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
                "Cell \(index + 1) is longer than \(ApprovalLimits.maxValueBytes) bytes, the most OrderFlow reads in one cell: shorten it, or check the file's quotes.",
                at: SourceLocation(line: rowLine, column: index + 1)))
        }
        var values: [Column: String] = [:]
        for index in parser.cells.indices where index < columns.count {
            if let column = columns[index], !overlong.contains(column), let value = parser.cellValue(index) {
                values[column] = value
            }
        }

        if let text = values[.salesOrderId].map(ApprovalText.trimmed), !text.isEmpty {
            row.salesOrderId = text
            if !isSalesOrderId(text) {
                problems.append(Diagnostic(
                    .invalidValue, field: Column.salesOrderId.rawValue,
                    "'\(ApprovalText.quoted(text))' is not a sales order id: write it as OrderFlow gave it, SO- and digits (SO-1234).",
                    at: location(.salesOrderId)))
            }
        } else if !overlong.contains(.salesOrderId) {
            problems.append(Diagnostic(
                .missingField, field: Column.salesOrderId.rawValue,
                "The row has no sales_order_id: write the sales order to decide on (SO-1234).",
                at: location(.salesOrderId)))
        }
        if let text = values[.decision], !ApprovalText.trimmed(text).isEmpty {
            row.decision = ApprovalDecision(cell: text)
            if row.decision == nil {
                row.decisionText = ApprovalText.trimmed(text)
                problems.append(Diagnostic(
                    .invalidValue, field: Column.decision.rawValue,
                    "'\(ApprovalText.quoted(ApprovalText.trimmed(text)))' is not a decision: write approve or reject.",
                    at: location(.decision)))
            }
        } else if !overlong.contains(.decision) {
            problems.append(Diagnostic(
                .missingField, field: Column.decision.rawValue, "The row has no decision: write approve or reject.",
                at: location(.decision)))
        }
        row.manager = values[.manager]
        row.comment = values[.comment]
        row.problems = problems
        return row
    }

    /// `SO-` and digits, without a leading zero: the form the ledger gives (`SO-1234`).
    static func isSalesOrderId(_ text: String) -> Bool {
        guard let number = IdKind.salesOrder.number(of: text) else { return false }
        return text == "\(IdKind.salesOrder.rawValue)-\(number)"
    }
}
