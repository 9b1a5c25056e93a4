import GRDB

/// Migration v3: the tables an accepted order writes a keyed row into become `WITHOUT ROWID`.
///
/// A rowid table with a declared primary key is two B-trees: the rows under a hidden rowid, and
/// an automatic index from the key to that rowid. Every accepted order wrote both for each of
/// these tables (about a dozen rows). Stored `WITHOUT ROWID`, the row lives in the key's B-tree:
/// one insert instead of two, and the key is not stored twice (BENCHMARKS.md: 100,000 XML orders
/// ~12.5 → ~11.2 s). Columns, constraints, keys, foreign keys and other indexes stay exactly as
/// they were, and so does every value: this changes how rows are stored, not what is recorded.
///
/// Not converted: `payments` (`ledger show` lists an order's payments in insertion order, by
/// rowid), `state_changes` (its autoincremented id is its order), `promo_uses` (no key), and the
/// per-batch or per-reseller tables written once per batch.
extension LedgerSchema {
    static let withoutRowIDTables = [
        "results", "accepted_requests", "accounts", "subscriptions", "subscription_resources", "sales_orders",
        "documents", "batch_payments",
    ]

    /// SQLite's table rebuild (https://sqlite.org/lang_altertable.html#otheralter): the migrator
    /// runs this with foreign keys off and checks them all once it is done. Each table is created
    /// anew from its own `CREATE TABLE` text plus `WITHOUT ROWID`, filled, swapped in under the old
    /// name, and given back its explicit indexes (the automatic ones come with the constraints).
    static func storeKeyedRowsWithoutRowID(_ db: Database) throws {
        for table in withoutRowIDTables {
            guard
                let create = try String.fetchOne(
                    db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table])
            else { throw LedgerError.unusable("migration v3: table \(table) is missing") }
            let prefix = "CREATE TABLE \"\(table)\""
            guard create.hasPrefix(prefix) else {
                throw LedgerError.unusable("migration v3: unexpected definition of \(table): \(create)")
            }
            let indexes = try String.fetchAll(
                db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                arguments: [table])
            let rebuilt = "\(table)_without_rowid"
            try db.execute(sql: "CREATE TABLE \"\(rebuilt)\"" + create.dropFirst(prefix.count) + " WITHOUT ROWID")
            try db.execute(sql: "INSERT INTO \"\(rebuilt)\" SELECT * FROM \"\(table)\"")
            try db.execute(sql: "DROP TABLE \"\(table)\"")
            try db.execute(sql: "ALTER TABLE \"\(rebuilt)\" RENAME TO \"\(table)\"")
            for index in indexes { try db.execute(sql: index) }
        }
    }
}
