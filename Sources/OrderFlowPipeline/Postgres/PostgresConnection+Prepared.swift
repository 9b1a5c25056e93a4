import CLibPQ

extension PostgresConnection {
    /// Runs the statement prepared under `name`, preparing it from `sql` the first time this session
    /// meets the name (PQprepare, then PQexecPrepared): a batch's thousand inserts are parsed and
    /// planned once. The parameters' types are the server's guess from the SQL, as for ``execute(_:_:)``.
    ///
    /// A name stands for one statement: the same name with other SQL is refused, not re-prepared.
    @discardableResult
    func execute(
        prepared name: String, _ sql: String, _ parameters: [PostgresParameter] = []
    ) throws(PostgresError) -> PostgresRows {
        let texts = try Self.texts(sql, parameters, name)
        if !pending.isEmpty { return try executeAfterQueued(prepared: name, sql, texts) }
        if let known = prepared[name] {
            guard known == sql else {
                throw PostgresError(
                    .refused, operation: name, message: "the prepared statement '\(name)' was prepared with other SQL")
            }
        } else {
            _ = try rows(PQprepare(handle, name, sql, 0, nil), "PREPARE \(name)")
            prepared[name] = sql
        }
        let result = Self.withCStrings(texts) { values in
            PQexecPrepared(handle, name, Int32(values.count), values, nil, nil, 0)
        }
        return try rows(result, name)
    }
}
