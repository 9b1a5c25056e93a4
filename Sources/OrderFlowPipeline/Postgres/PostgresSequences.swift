import OrderFlowCore

/// Ids and document numbers on a PostgreSQL ledger, allocated inside the caller's (the batch's)
/// transaction: one `INSERT … ON CONFLICT DO UPDATE … RETURNING` per counter, which creates the
/// counter on first use and otherwise row-locks it until the transaction ends.
///
/// So two workers, on one host or two, never get the same number (the second waits for the
/// first's commit and counts on from it), and a rolled-back transaction gives its numbers back:
/// invoice and credit-note series stay gapless (StatesAndIds.md), as with SQLite's write lock
/// (LedgerIdentifiers). Counters are locked in the order a batch first uses them; batches that
/// take them in another order may deadlock, which the server ends by failing one of them (40P01,
/// ``PostgresError/mayRetryTransaction``: run the batch again).
struct PostgresSequences {
    let connection: PostgresConnection

    /// The next `count` numbers of the printed prefix's series for `year` (`1…count` at first use).
    func nextDocumentNumbers(_ series: DocumentNumber.Series, count: Int64 = 1) throws -> ClosedRange<Int64> {
        let rows = try connection.execute(
            prepared: "series_next",
            """
            INSERT INTO document_series AS s (prefix, year, last_number) VALUES ($1, $2, $3)
            ON CONFLICT (prefix, year) DO UPDATE SET last_number = s.last_number + excluded.last_number
            RETURNING last_number
            """,
            [.string(series.prefix), .int(series.year), .int(try Self.checked(count))])
        return try Self.range(ending: rows, count: count)
    }

    /// The next `count` values of the platform-wide id counter of `kind` (`ACC`, `SO`, `SUB`, `PAY`).
    func nextIds(_ kind: IdKind, count: Int64 = 1) throws -> ClosedRange<Int64> {
        let rows = try connection.execute(
            prepared: "id_next",
            """
            INSERT INTO id_sequences AS s (kind, last_value) VALUES ($1, $2)
            ON CONFLICT (kind) DO UPDATE SET last_value = s.last_value + excluded.last_value
            RETURNING last_value
            """,
            [.string(kind.rawValue), .int(try Self.checked(count))])
        return try Self.range(ending: rows, count: count)
    }

    /// A block of at least one number; none at all is a caller's mistake, not an allocation.
    private static func checked(_ count: Int64) throws(PostgresError) -> Int64 {
        guard count > 0 else {
            throw PostgresError(.refused, operation: "allocating numbers", message: "asked for \(count) numbers")
        }
        return count
    }

    /// The block that ends at the counter's new value (an overflow of it is the server's 22003).
    private static func range(ending rows: PostgresRows, count: Int64) throws(PostgresError) -> ClosedRange<Int64> {
        guard let row = rows.first else {
            throw PostgresError(.refused, operation: rows.operation, message: "the counter returned no row")
        }
        let last = try row.requiredInt64(rows.columns.first ?? "")
        let (before, overflow) = last.subtractingReportingOverflow(count)
        guard !overflow, before >= 0 else {
            throw PostgresError(
                .refused, operation: rows.operation,
                message: "the counter stands at \(last), below the \(count) asked for")
        }
        return (before + 1)...last
    }
}
