import GRDB
import OrderFlowCore

/// Ids and document numbers for one batch commit, from the ledger's sequences (StatesAndIds.md).
///
/// The counters are read once inside the batch's transaction (document series on first use)
/// and written back by ``save(_:)`` in that same transaction: numbers exist only if the batch
/// commits, so a rollback gives them all back and the invoice series stays gapless. The
/// IMMEDIATE transaction holds the write lock throughout, so no other worker can read the
/// same counters meanwhile.
struct LedgerIdentifiers: IdentifierSource {
    private var last: [IdKind: Int64]
    private var series: [DocumentNumber.Series: Int64] = [:]
    private let history: LedgerHistory
    private let db: Database

    init(_ db: Database, reportingTo history: LedgerHistory) throws {
        self.db = db
        self.history = history
        var last: [IdKind: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT kind, last_value FROM id_sequences") {
            if let kind = IdKind(rawValue: row["kind"]) { last[kind] = row["last_value"] }
        }
        self.last = last
    }

    mutating func nextId(_ kind: IdKind) -> String? {
        let value = last[kind, default: 0] + 1
        last[kind] = value
        return "\(kind.rawValue)-\(value)"
    }

    /// The series is the printed prefix's, whichever reseller prints it (StatesAndIds.md): a
    /// number printed once is never printed again, also after a prefix changed hands.
    mutating func nextDocumentNumber(reseller: Reseller, year: Int) -> String? {
        let key = DocumentNumber.Series(prefix: reseller.invoicePrefix, year: year)
        var value: Int64
        if let known = series[key] {
            value = known
        } else {
            do {
                value = try Int64.fetchOne(
                    db, sql: "SELECT last_number FROM document_series WHERE prefix = ? AND year = ?",
                    arguments: [key.prefix, year]) ?? 0
            } catch {
                history.fail(error)
                return nil
            }
        }
        value += 1
        series[key] = value
        let number = DocumentNumber.format(prefix: reseller.invoicePrefix, year: year, sequence: Int(value))
        return number
    }

    /// Writes the counters back; called once, at the end of the batch's transaction.
    func save() throws {
        for (kind, value) in last {
            try db.execute(
                sql: """
                    INSERT INTO id_sequences (kind, last_value) VALUES (?, ?)
                    ON CONFLICT (kind) DO UPDATE SET last_value = excluded.last_value
                    """,
                arguments: [kind.rawValue, value])
        }
        for (key, value) in series {
            try db.execute(
                sql: """
                    INSERT INTO document_series (prefix, year, last_number) VALUES (?, ?, ?)
                    ON CONFLICT (prefix, year) DO UPDATE SET last_number = excluded.last_number
                    """,
                arguments: [key.prefix, key.year, value])
        }
    }
}
