import OrderFlowCore

/// The header row of the small CSV drops after the import (bank statements, approvals): each name
/// one of a fixed set of columns, each at most once, the required ones present. Every problem of
/// the header is reported at once, and fails the file.
enum CSVHeaderColumns {
    /// The column of each header cell, in order (nil for none).
    ///
    /// - Parameter fileKind: how messages name the file (`a statement CSV`, `an approval drop`).
    static func read<Column: RawRepresentable<String>>(
        _ parser: inout CSVParser, required: [String], optional: [String], fileKind: String, maxValueBytes: Int
    ) throws(FileError) -> [Column?] {
        let location = SourceLocation(line: parser.line, column: 1)
        let known = (required + optional).joined(separator: ", ")
        if let index = parser.overlongCells.first {
            throw FileError(
                .valueTooLong,
                "Column \(index + 1) of the header is longer than \(maxValueBytes) bytes; no column name is. Check the file's quotes.",
                at: SourceLocation(line: parser.line, column: index + 1))
        }
        if parser.cellCount > parser.cells.count {
            throw FileError(
                .csvMalformed,
                "The header has \(parser.cellCount) columns; \(fileKind) has at most \(required.count + optional.count): \(known).",
                at: location)
        }
        var problems: [Diagnostic] = []
        var columns: [Column?] = []
        var seen: Set<String> = []
        for index in parser.cells.indices {
            let name = parser.cellValue(index) ?? ""
            let cellLocation = SourceLocation(line: parser.line, column: index + 1)
            if parser.cells[index].kind == .malformed {
                problems.append(Diagnostic(
                    .csvMalformed, field: name,
                    "Column \(index + 1) of the header has a stray quote (\"): quote the whole name, or leave the quotes out.",
                    at: cellLocation))
            }
            if !seen.insert(name).inserted {
                problems.append(Diagnostic(
                    .csvMalformed, field: name, "The column \"\(name)\" appears twice in the header; each column may appear once.",
                    at: cellLocation))
                columns.append(nil)
                continue
            }
            if let column = Column(rawValue: name) {
                columns.append(column)
            } else {
                problems.append(Diagnostic(
                    .unknownColumn, field: name,
                    name.isEmpty
                        ? "Column \(index + 1) of the header has no name; remove the column or name it (\(known))."
                        : "The column \"\(name)\" is not a column of \(fileKind) (\(known)); remove it or fix its name (names are case-sensitive).",
                    at: cellLocation))
                columns.append(nil)
            }
        }
        for column in required where !seen.contains(column) {
            problems.append(Diagnostic(
                .missingField, field: column,
                "The header has no \(column) column; \(fileKind) needs the columns \(required.joined(separator: ", ")).",
                at: location))
        }
        if !problems.isEmpty { throw FileError(problems) }
        return columns
    }
}
