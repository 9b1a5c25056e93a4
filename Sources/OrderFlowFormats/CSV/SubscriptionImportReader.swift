import OrderFlowCore

/// Reads an `orderflow ledger import-subscriptions` file: CSV with the rules of a CSV drop
/// (DropFiles.md, CSV and reading rules) — UTF-8 (a BOM is accepted), RFC 4180 quoting, LF or
/// CRLF, a header row, columns in any order, blank lines skipped, values never trimmed, an empty
/// cell is absent — but its own columns (``SubscriptionImportRow``): the request columns of a subscription, plus
/// `period_start`, `period_end`, `status`.
///
/// Whole-file problems throw ``FileError`` (empty file, invalid UTF-8, an unbalanced quote, a
/// duplicate or unknown column, no `reseller`/`ref` column, a row naming another reseller than
/// the first); a row with the wrong number of cells or a stray quote carries `CSV_MALFORMED`.
/// Import files are small (a reseller's existing subscriptions): the file is read whole.
public struct SubscriptionImportReader: Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public struct Parsed: Sendable {
        /// The reseller the rows name (the first one that names one), if any.
        public var reseller: String?
        public var rows: [SubscriptionImportRow]
    }

    private enum Column {
        case field(RequestField)
        case resource(String)
        case periodStart, periodEnd, status
        case ignored
    }

    private struct RawRow {
        var line: Int
        var cells: [String]
        var source: String
        var strayQuote: Bool
    }

    public func read() throws -> Parsed {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let text = String(validating: body, as: UTF8.self), !text.utf8.contains(0) else {
            throw FileError(.csvMalformed, "The file is not valid UTF-8 text: save it as UTF-8.", at: SourceLocation(line: 1, column: 1))
        }
        let rows = try Self.split(text)
        guard let header = rows.first else {
            throw FileError(
                .csvMalformed, "The file is empty: it needs a header row and one row per subscription.",
                at: SourceLocation(line: 1, column: 1))
        }
        let columns = try Self.columns(of: header)
        var parsed = Parsed(reseller: nil, rows: [])
        for row in rows.dropFirst() {
            let location = SourceLocation(line: row.line, column: 1)
            var raw = RawRequest(action: .order, location: location, source: row.source)
            var importRow = SubscriptionImportRow(raw: raw)
            if row.cells.count != columns.count || row.strayQuote {
                raw.readerErrors.append(Diagnostic(
                    .csvMalformed, field: "",
                    row.strayQuote
                        ? "This row has a stray quote: quote a whole cell (\"like, this\") and double quotes inside it."
                        : "This row has \(row.cells.count) cells, the header \(columns.count): every row needs one cell per column.",
                    at: location))
            }
            for (index, column) in columns.enumerated() where index < row.cells.count {
                let value = row.cells[index]
                let cellLocation = SourceLocation(line: row.line, column: index + 1)
                guard !value.isEmpty else { continue }
                switch column {
                case .field(let field): raw.set(field, value, at: cellLocation)
                case .resource(let id):
                    raw.resources.append(ResourceAmount(id: id, amount: value, location: cellLocation))
                case .periodStart:
                    importRow.periodStart = value
                    importRow.periodStartLocation = cellLocation
                case .periodEnd:
                    importRow.periodEnd = value
                    importRow.periodEndLocation = cellLocation
                case .status:
                    importRow.status = value
                    importRow.statusLocation = cellLocation
                case .ignored: break
                }
            }
            if let named = raw[.reseller] {
                if let reseller = parsed.reseller, reseller != named {
                    throw FileError(
                        .resellerMismatch, field: RequestField.reseller.name,
                        "This row names reseller \"\(named)\", but the file's first row names \"\(reseller)\": an "
                            + "import file holds the subscriptions of one reseller.", at: raw.location(of: .reseller))
                }
                parsed.reseller = named
            }
            // Where an absent import column would have been written.
            for (index, column) in columns.enumerated() {
                let cellLocation = SourceLocation(line: row.line, column: index + 1)
                switch column {
                case .periodStart where importRow.periodStart == nil: importRow.periodStartLocation = cellLocation
                case .periodEnd where importRow.periodEnd == nil: importRow.periodEndLocation = cellLocation
                case .status where importRow.status == nil: importRow.statusLocation = cellLocation
                case .field(let field) where raw[field] == nil: raw.set(field, nil, at: cellLocation)
                default: break
                }
            }
            importRow.raw = raw
            parsed.rows.append(importRow)
        }
        return parsed
    }

    private static func columns(of header: RawRow) throws -> [Column] {
        var problems: [Diagnostic] = []
        var seen: Set<String> = []
        var columns: [Column] = []
        let allowed = Set(SubscriptionImportRow.fieldColumns)
        for (index, name) in header.cells.enumerated() {
            let location = SourceLocation(line: header.line, column: index + 1)
            if !seen.insert(name).inserted {
                problems.append(Diagnostic(
                    .csvMalformed, field: name, "The column \(name) appears twice in the header.", at: location))
            }
            if let field = RequestField(csvColumn: name), allowed.contains(field) {
                columns.append(.field(field))
            } else if name.hasPrefix(RequestField.resourceColumnPrefix),
                name.count > RequestField.resourceColumnPrefix.count
            {
                columns.append(.resource(String(name.dropFirst(RequestField.resourceColumnPrefix.count))))
            } else if name == SubscriptionImportRow.periodStartColumn {
                columns.append(.periodStart)
            } else if name == SubscriptionImportRow.periodEndColumn {
                columns.append(.periodEnd)
            } else if name == SubscriptionImportRow.statusColumn {
                columns.append(.status)
            } else if RequestField.ignoredCSVColumns.contains(name) {
                columns.append(.ignored)
            } else {
                columns.append(.ignored)
                problems.append(Diagnostic(
                    .unknownColumn, field: name,
                    "An import file has no column '\(name)': see `orderflow ledger import-subscriptions --help` for "
                        + "its columns.", at: location))
            }
        }
        for required in [RequestField.reseller, .ref] where !seen.contains(required.name) {
            problems.append(Diagnostic(
                .missingField, field: required.name, "The header needs a column \(required.name).",
                at: SourceLocation(line: header.line, column: 1)))
        }
        if !problems.isEmpty { throw FileError(problems) }
        return columns
    }

    /// RFC 4180 rows with their starting line; blank lines skipped.
    private static func split(_ text: String) throws -> [RawRow] {
        var rows: [RawRow] = []
        var cells: [String] = []
        var cell = ""
        var source = ""
        var line = 1
        var rowLine = 1
        var inQuotes = false
        var quotedCell = false
        var afterQuote = false
        var stray = false
        var rowHasContent = false
        var quoteLine = 1
        func endRow() {
            cells.append(cell)
            if rowHasContent || cells.count > 1 || !cell.isEmpty {
                rows.append(RawRow(line: rowLine, cells: cells, source: source, strayQuote: stray))
            }
            cells = []
            cell = ""
            source = ""
            quotedCell = false
            afterQuote = false
            stray = false
            rowHasContent = false
        }
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let c = scalars[index]
            index += 1
            if inQuotes {
                if c == "\"" {
                    if index < scalars.count && scalars[index] == "\"" {
                        cell.unicodeScalars.append("\"")
                        source += "\"\""
                        index += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                        source += "\""
                    }
                } else {
                    if c == "\n" { line += 1 }
                    cell.unicodeScalars.append(c)
                    source.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                cells.append(cell)
                cell = ""
                quotedCell = false
                afterQuote = false
                rowHasContent = true
                source += ","
            case "\r" where index < scalars.count && scalars[index] == "\n":
                index += 1
                endRow()
                line += 1
                rowLine = line
            case "\n":
                endRow()
                line += 1
                rowLine = line
            case "\"":
                source += "\""
                if cell.isEmpty && !quotedCell && !afterQuote {
                    inQuotes = true
                    quotedCell = true
                    quoteLine = line
                } else {
                    stray = true
                }
            default:
                if afterQuote { stray = true }
                cell.unicodeScalars.append(c)
                source.unicodeScalars.append(c)
            }
        }
        if inQuotes {
            throw FileError(
                .csvMalformed, "A quoted cell opened on this line is never closed.",
                at: SourceLocation(line: quoteLine, column: 1))
        }
        if !cell.isEmpty || !cells.isEmpty || rowHasContent || quotedCell { endRow() }
        return rows
    }
}
