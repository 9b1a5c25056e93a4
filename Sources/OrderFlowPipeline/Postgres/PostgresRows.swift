import CLibPQ

/// What one statement returned: its rows, read by column name, and how many rows it changed.
///
/// Owns libpq's `PGresult` and frees it when the last ``PostgresRow`` taken from it is gone.
final class PostgresRows: RandomAccessCollection {
    private let result: OpaquePointer
    /// The statement's (or prepared statement's) name, for errors.
    let operation: String
    /// The columns' names, in order.
    let columns: [String]
    /// Rows inserted, updated, deleted, copied or selected (libpq's `PQcmdTuples`): a compare-and-set
    /// `UPDATE … WHERE token = $seen` checks it (Operations.md, "Taking over").
    let rowsAffected: Int64
    let startIndex = 0
    let endIndex: Int

    init(taking result: OpaquePointer, operation: String) {
        self.result = result
        self.operation = operation
        columns = (0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) }
        rowsAffected = Int64(String(cString: PQcmdTuples(result))) ?? 0
        endIndex = Int(PQntuples(result))
    }

    deinit { PQclear(result) }

    subscript(position: Int) -> PostgresRow { PostgresRow(rows: self, index: position) }

    /// The column's position, or a refusal that names the columns there are.
    func column(_ name: String) throws(PostgresError) -> Int32 {
        guard let index = columns.firstIndex(of: name) else {
            throw PostgresError(
                .refused, operation: operation,
                message: "no column '\(name)' in the result (columns: \(columns.joined(separator: ", ")))")
        }
        return Int32(index)
    }

    /// The field's text, nil for NULL.
    func text(row: Int, column: Int32) -> String? {
        PQgetisnull(result, Int32(row), column) == 1 ? nil : String(cString: PQgetvalue(result, Int32(row), column))
    }
}

/// One row of a ``PostgresRows``; the values come as the server's text and are read as the
/// pipeline's types.
struct PostgresRow {
    let rows: PostgresRows
    let index: Int

    /// The column's value as text, nil for NULL.
    func string(_ column: String) throws(PostgresError) -> String? {
        rows.text(row: index, column: try rows.column(column))
    }

    /// The column's value as an integer (`bigint`, `integer`, `smallint`), nil for NULL; any other
    /// text is refused rather than rounded or read as zero.
    func int64(_ column: String) throws(PostgresError) -> Int64? {
        guard let text = try string(column) else { return nil }
        guard let value = Int64(text) else {
            throw PostgresError(
                .refused, operation: rows.operation, message: "column '\(column)' holds '\(text)', not a whole number")
        }
        return value
    }
}
