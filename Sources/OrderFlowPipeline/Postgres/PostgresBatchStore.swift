import OrderFlowCore

/// ``BatchStore`` on a PostgreSQL ledger: the batch's transaction on one connection, through
/// prepared statements (no SQL text per request). Writes are pipelined
/// (``PostgresConnection/send(prepared:_:_:)``): only a lookup waits for the server, and the
/// writes queued before it travel with it. SQLiteBatchStore's writes with the same rows;
/// split by concern: `+Orders` (results, accounts, subscriptions, sales orders), `+Payments`
/// (payments, balances, documents, state changes).
///
/// Counters: SQLite's write lock serializes batches; here the counters' rows are locked instead,
/// inside the batch's transaction, every id counter at once in a fixed order (their kinds'), then
/// each document series as it is first used. Every batch takes the id counters first, so two
/// batches never wait on each other's series in opposite orders (no deadlock), and a rolled-back
/// batch gives its numbers back (gapless series, StatesAndIds.md).
struct PostgresBatchStore: BatchStore {
    let connection: PostgresConnection

    func history(excludingBatch batchKey: Int64) -> PostgresHistory {
        PostgresHistory(connection, excludingBatch: batchKey)
    }

    func savepoint(_ body: () throws -> Bool) throws {
        try connection.execute("SAVEPOINT batch_pass")
        let keep: Bool
        do {
            keep = try body()
        } catch {
            _ = try? connection.execute("ROLLBACK TO SAVEPOINT batch_pass")
            throw error
        }
        try connection.execute(keep ? "RELEASE SAVEPOINT batch_pass" : "ROLLBACK TO SAVEPOINT batch_pass")
    }

    // MARK: Sequences

    /// Creates the counters a fresh ledger lacks (at 0, which LedgerIdentifiers reads as unused),
    /// so that there is a row to lock, then locks them all in their kinds' order.
    func lastIds() throws -> [IdKind: Int64] {
        let kinds = IdKind.allCases.map(\.rawValue).sorted()
        try connection.execute(
            prepared: "ids_create",
            "INSERT INTO id_sequences (kind, last_value) SELECT unnest($1::text[]), 0 ON CONFLICT (kind) DO NOTHING",
            [.string("{" + kinds.joined(separator: ",") + "}")])
        let rows = try connection.execute(
            prepared: "ids_lock", "SELECT kind, last_value FROM id_sequences ORDER BY kind FOR UPDATE")
        var last: [IdKind: Int64] = [:]
        for row in rows {
            if let kind = IdKind(rawValue: try row.requiredString("kind")) {
                last[kind] = try row.requiredInt64("last_value")
            }
        }
        return last
    }

    func lastNumber(of series: DocumentNumber.Series) throws -> Int64 {
        let key: [PostgresParameter] = [.string(series.prefix), .int(series.year)]
        try connection.execute(
            prepared: "series_create",
            "INSERT INTO document_series (prefix, year, last_number) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING", key)
        let rows = try connection.execute(
            prepared: "series_lock",
            "SELECT last_number FROM document_series WHERE prefix = $1 AND year = $2 FOR UPDATE", key)
        return try rows.first?.requiredInt64("last_number") ?? 0
    }

    func saveCounters(lastIds: [IdKind: Int64], series: [DocumentNumber.Series: Int64]) throws {
        for (kind, value) in lastIds.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            try connection.execute(
                prepared: "ids_save", "UPDATE id_sequences SET last_value = $2 WHERE kind = $1",
                [.string(kind.rawValue), .int(value)])
        }
        for (key, value) in series {
            try connection.execute(
                prepared: "series_save", "UPDATE document_series SET last_number = $3 WHERE prefix = $1 AND year = $2",
                [.string(key.prefix), .int(key.year), .int(value)])
        }
    }
}

extension PostgresBatchStore {
    func insertSubscriptionImportBatch(
        reseller: String, file: SubscriptionImportFile, asOf: CalendarDate, recordedAt: Int64
    ) throws -> Int64 {
        let counted = try connection.execute(
            PostgresSpelling.of(SubscriptionImportBatch.countSQL),
            [.string(reseller), .string(BatchKind.subscriptionImport.rawValue)])
        let earlier = try counted.first?.requiredInt64("n") ?? 0
        let row = SubscriptionImportBatch.values(
            reseller: reseller, number: earlier + 1, file: file, asOf: asOf, recordedAt: recordedAt)
        let inserted = try connection.execute(
            PostgresSpelling.of(SubscriptionImportBatch.insertSQL) + " RETURNING key",
            [
                .string(row.reseller), .string(row.batchId), .string(row.fileName), .string(row.sha256),
                .string(row.asOf), .string(row.policy), .int(row.committedAt), .string(row.kind),
            ])
        guard let key = try inserted.first?.requiredInt64("key") else {
            throw LedgerError.unusable("the batch row of \(row.batchId) was not inserted")
        }
        return key
    }
}
