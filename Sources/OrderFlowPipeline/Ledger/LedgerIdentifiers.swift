import OrderFlowCore

/// Ids and document numbers for one batch commit, from the ledger's sequences (StatesAndIds.md).
///
/// The counters are read once inside the batch's transaction (document series on first use)
/// and written back by ``save(_:)`` in that same transaction: numbers exist only if the batch
/// commits, so a rollback gives them all back and the invoice series stays gapless. The
/// transaction holds the ledger's write lock throughout (SQLite: IMMEDIATE), so no other worker
/// can read the same counters meanwhile. The ``IdentifierStore`` keeps them.
struct LedgerIdentifiers: IdentifierSource {
    private var last: [IdKind: Int64]
    private var series: [DocumentNumber.Series: Int64] = [:]
    // Existentials: the store is asked once per batch and per series, never per request.
    private let history: any CommitHistory
    private let store: any IdentifierStore

    init(_ store: any IdentifierStore, reportingTo history: any CommitHistory) throws {
        self.store = store
        self.history = history
        self.last = try store.lastIds()
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
                value = try store.lastNumber(of: key)
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
        try store.saveCounters(lastIds: last, series: series)
    }
}
