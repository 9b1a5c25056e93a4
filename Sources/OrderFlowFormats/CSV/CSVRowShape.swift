import OrderFlowCore

extension CSVParser {
    /// The row just read's shape problems (ErrorCodes.md, `CSV_MALFORMED`), as every drop reader
    /// after the orders' reports them: a stray quote in a cell, and a number of cells other than
    /// the header's. `names` are the header's columns as the reader names them ("" for one it does
    /// not read).
    func shapeProblems(columnNames names: [String]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        if malformedCell > 0 && malformedCell <= names.count {
            problems.append(Diagnostic(
                .csvMalformed, field: names[malformedCell - 1],
                "Cell \(malformedCell) has a stray quote (\"): a cell that holds a quote must be quoted as a whole, with the quote written twice.",
                at: SourceLocation(line: line, column: malformedCell)))
        }
        if cellCount != names.count {
            problems.append(Diagnostic(
                .csvMalformed,
                "This row has \(cellCount) \(cellCount == 1 ? "cell" : "cells") but the header has \(names.count) columns; every row needs one cell per column (an empty cell for an absent value).",
                at: SourceLocation(line: line, column: Swift.min(cellCount, names.count) + 1)))
        }
        return problems
    }
}
