extension PostgresRow {
    /// The value of a NOT NULL text column; a NULL there is refused, never read as a default.
    func requiredString(_ column: String) throws(PostgresError) -> String {
        guard let value = try string(column) else { throw nullRefused(column) }
        return value
    }

    /// The value of a NOT NULL integer column; a NULL there is refused, never read as zero.
    func requiredInt64(_ column: String) throws(PostgresError) -> Int64 {
        guard let value = try int64(column) else { throw nullRefused(column) }
        return value
    }

    private func nullRefused(_ column: String) -> PostgresError {
        PostgresError(.refused, operation: rows.operation, message: "column '\(column)' is NULL, where a value must be")
    }
}
