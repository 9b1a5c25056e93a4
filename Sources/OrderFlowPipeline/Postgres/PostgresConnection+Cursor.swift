import CLibPQ

extension PostgresConnection {
    /// Runs a query through a server-side cursor and hands its rows to `body` in order, holding only
    /// `fetching` rows at a time: a batch's outputs are streamed in bounded memory, where
    /// ``execute(_:_:)`` would hold the whole result (libpq reads it all before it returns).
    ///
    /// Only inside a transaction (a cursor lives until its transaction ends): the caller's read
    /// snapshot (``PostgresLedger/read(_:_:)``) is the one the rows come from. When `body` throws,
    /// the cursor stays open until that transaction rolls back.
    func stream(
        _ sql: String, _ parameters: [PostgresParameter] = [], fetching: Int = 1000,
        _ body: (PostgresRow) throws -> Void
    ) throws {
        let operation = Self.operation(sql)
        // Writes still queued (``send(prepared:_:_:)``) are answered first: until then the session
        // is busy, not idle in its transaction.
        try sync()
        guard PQtransactionStatus(handle) == PQTRANS_INTRANS else {
            throw PostgresError(.refused, operation: operation, message: "a cursor needs an open transaction")
        }
        guard fetching > 0 else {
            throw PostgresError(.refused, operation: operation, message: "a cursor fetches at least one row at a time")
        }
        cursorsDeclared += 1
        let cursor = "orderflow_cursor_\(cursorsDeclared)"
        // DECLARE takes the query's parameters as the query would.
        try execute("DECLARE \(cursor) NO SCROLL CURSOR FOR \(sql)", parameters)
        while true {
            let rows = try execute("FETCH FORWARD \(fetching) FROM \(cursor)")
            for row in rows { try body(row) }
            if rows.count < fetching { break }
        }
        try execute("CLOSE \(cursor)")
    }
}
