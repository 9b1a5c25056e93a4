import GRDB
import OrderFlowCore

/// The SQLite ledger's schema as versioned, named migrations.
///
/// A shipped migration is never edited: a change is a new migration appended here, so every
/// ledger file, however old, reaches the same schema by running the ones it lacks.
///
/// Money is INTEGER minor units beside a currency code; dates are ISO `YYYY-MM-DD` text; wall
/// clock times are INTEGER milliseconds since the epoch.
enum LedgerSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 leases, claims, batches and results", migrate: createWorkTables)
        migrator.registerMigration("v1 accounts, orders, subscriptions, payments", migrate: createEntityTables)
        migrator.registerMigration("v1 sequences, documents, state changes", migrate: createSeriesTables)
        migrator.registerMigration("v2 batches.kind (drops and subscription imports)", migrate: addBatchKind)
        migrator.registerMigration("v3 document_series per printed prefix and year", migrate: seriesPerPrefix)
        migrator.registerMigration("v3 renewals and upgrades by subscription", migrate: indexRenewalsAndUpgrades)
        migrator.registerMigration("v4 reconciliation: statement lines, balances, what a batch moved on", migrate: LedgerSchemaV4.reconciliation)
        migrator.registerMigration("v5 one trial per contact e-mail and plan", migrate: LedgerSchemaV4.trialUses)
        migrator.registerMigration("v6 billing: usage, billed months, subscription history", migrate: LedgerSchemaV6.billing)
        migrator.registerMigration("v7 balance payments by sales order", migrate: LedgerSchemaV6.balancePaymentsByOrder)
        migrator.registerMigration("v8 every error of a rejected usage row", migrate: LedgerSchemaV6.usageDiagnostics)
        migrator.registerMigration("v9 orders by account and plan", migrate: LedgerSchemaV6.ordersByAccountAndPlan)
        return migrator
    }

    private static func createWorkTables(_ db: Database) throws {
        // One row per reseller; `token` is the fencing token every write made under it checks.
        try db.create(table: "leases") { t in
            t.primaryKey("reseller", .text)
            t.column("token", .text).notNull()
            t.column("owner_host", .text).notNull()
            t.column("owner_pid", .integer).notNull()
            t.column("owner_start", .integer).notNull()
            t.column("expires_at", .integer).notNull()
            t.column("heartbeat_at", .integer).notNull()
        }
        try db.create(table: "batches") { t in
            t.autoIncrementedPrimaryKey("key")
            t.column("reseller", .text).notNull()
            t.column("batch_id", .text).notNull()
            t.column("file_name", .text).notNull()
            t.column("format", .text).notNull()
            t.column("sha256", .text).notNull()
            t.column("as_of", .text).notNull()
            t.column("policy", .text).notNull()
            t.column("header_source", .text)
            t.column("committed_at", .integer).notNull()
            t.uniqueKey(["reseller", "sha256"])
            t.uniqueKey(["reseller", "batch_id"])
        }
        try db.create(table: "file_claims") { t in
            t.primaryKey("claim_id", .text)
            t.column("reseller", .text).notNull()
            t.column("file_name", .text).notNull()
            t.column("as_of", .text).notNull()
            t.column("batch_key", .integer).references("batches")
            t.column("claimed_at", .integer).notNull()
            t.column("finished", .boolean).notNull().defaults(to: false)
        }
        try db.create(index: "file_claims_open", on: "file_claims", columns: ["reseller", "finished", "claimed_at"])
        // One row per request in file order: the `results.csv` row as committed (amounts as minor
        // units), every diagnostic as JSON, and the raw request for a rejected one.
        try db.create(table: "results") { t in
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("seq", .integer).notNull()
            t.column("ref", .text).notNull()
            t.column("line", .integer).notNull()
            t.column("action", .text).notNull()
            t.column("outcome", .text).notNull()
            t.column("account_id", .text)
            t.column("sales_order_id", .text)
            t.column("sales_order_status", .text)
            t.column("subscription_id", .text)
            t.column("subscription_status", .text)
            t.column("currency", .text)
            t.column("net", .integer)
            t.column("tax", .integer)
            t.column("total", .integer)
            t.column("payment_id", .text)
            t.column("invoice_number", .text)
            t.column("error_code", .text)
            t.column("error_field", .text)
            t.column("error_message", .text)
            t.column("diagnostics", .jsonText).notNull()
            t.column("content_digest", .text).notNull()
            t.column("source", .text)
            t.primaryKey(["batch_key", "seq"])
        }
        // Refs taken by accepted orders, renewals and upgrades (an accepted cancel takes none);
        // the stored result a duplicate repeats is the results row it points at.
        try db.create(table: "accepted_requests") { t in
            t.column("reseller", .text).notNull()
            t.column("ref", .text).notNull()
            t.column("action", .text).notNull()
            t.column("content_digest", .text).notNull()
            t.column("batch_key", .integer).notNull()
            t.column("seq", .integer).notNull()
            t.primaryKey(["reseller", "ref"])
            t.foreignKey(["batch_key", "seq"], references: "results")
        }
    }

    private static func createEntityTables(_ db: Database) throws {
        try db.create(table: "accounts") { t in
            t.primaryKey("id", .text)
            t.column("reseller", .text).notNull()
            t.column("account_type", .text).notNull()
            t.column("registration", .text).notNull()
            t.column("company_name", .text)
            t.column("vat_id", .text)
            t.column("contact_name", .text)
            t.column("contact_email", .text)
            t.column("country", .text).notNull()
            t.column("region", .text)
            t.column("city", .text)
            t.column("postal_code", .text)
            t.column("address_line1", .text)
            t.column("batch_key", .integer).notNull().references("batches")
        }
        try db.create(table: "subscriptions") { t in
            t.primaryKey("id", .text)
            t.column("reseller", .text).notNull()
            t.column("account_id", .text).notNull()
            t.column("product_id", .text).notNull()
            t.column("plan_id", .text).notNull()
            t.column("period_id", .text).notNull()
            t.column("period_start", .text).notNull()
            t.column("period_end", .text).notNull()
            t.column("currency", .text).notNull()
            t.column("payment_model", .text).notNull()
            t.column("status", .text).notNull()
            t.column("blocking_threshold", .integer)
            // Lowercased: the domain is held while the subscription is not canceled.
            t.column("domain", .text)
            t.column("activation_date", .text)
            t.column("batch_key", .integer).notNull().references("batches")
        }
        try db.create(index: "subscriptions_domain", on: "subscriptions", columns: ["product_id", "domain"])
        // Current amount per resource, included units counted, in the plan's resource order.
        try db.create(table: "subscription_resources") { t in
            t.column("subscription_id", .text).notNull().references("subscriptions")
            t.column("position", .integer).notNull()
            t.column("resource_id", .text).notNull()
            t.column("amount", .integer).notNull()
            t.primaryKey(["subscription_id", "position"])
        }
        try db.create(table: "payments") { t in
            t.primaryKey("id", .text)
            t.column("reseller", .text).notNull()
            t.column("kind", .text).notNull()
            t.column("sales_order_id", .text)
            t.column("account_id", .text)
            t.column("amount", .integer).notNull()
            t.column("currency", .text).notNull()
            t.column("status", .text).notNull()
            t.column("due_date", .text).notNull()
            t.column("remittance_ref", .text).notNull().unique()
            t.column("postponed", .boolean).notNull()
            t.column("paid", .integer).notNull()
            t.column("batch_key", .integer).notNull().references("batches")
        }
        // Orders, renewals and upgrades each have their own sales order (StatesAndIds.md).
        try db.create(table: "sales_orders") { t in
            t.primaryKey("id", .text)
            t.column("reseller", .text).notNull()
            t.column("ref", .text).notNull()
            t.column("action", .text).notNull()
            t.column("status", .text).notNull()
            t.column("account_id", .text)
            t.column("subscription_id", .text)
            t.column("product_id", .text).notNull()
            t.column("plan_id", .text).notNull()
            t.column("period_id", .text).notNull()
            t.column("currency", .text).notNull()
            t.column("net", .integer).notNull()
            t.column("tax", .integer).notNull()
            t.column("total", .integer).notNull()
            t.column("vat_category", .text)
            // The plan → billing rate used, as the exact decimal's units at scale 6.
            t.column("exchange_rate_units", .integer)
            t.column("exchange_rate_scale", .integer)
            t.column("rate_effective", .text)
            // What an invoiced order's documents are rendered from (PricedOrderText): a compact
            // text for invoiced orders, NULL for the others; rows of versions before that hold the
            // whole priced order as JSON, which the renderer still reads.
            t.column("priced", .jsonText)
            t.column("payment_id", .text).references("payments")
            t.column("invoice_number", .text)
            t.column("credit_note_number", .text)
            t.column("provisioning_date", .text).notNull()
            t.column("activation_date", .text)
            t.column("domain", .text)
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("seq", .integer).notNull()
            t.uniqueKey(["reseller", "ref"])
        }
        try db.create(table: "promo_uses") { t in
            t.column("code", .text).notNull()
            t.column("reseller", .text).notNull()
            t.column("sales_order_id", .text).notNull().references("sales_orders")
            t.column("batch_key", .integer).notNull().references("batches")
        }
        try db.create(index: "promo_uses_code", on: "promo_uses", columns: ["code", "batch_key"])
    }

    private static func createSeriesTables(_ db: Database) throws {
        // Platform-wide id counters (ACC, SO, SUB, PAY): the last value handed out.
        try db.create(table: "id_sequences") { t in
            t.primaryKey("kind", .text)
            t.column("last_value", .integer).notNull()
        }
        // Gapless invoice/credit-note series per reseller and year: written only by the
        // committing transaction, so a rollback gives its numbers back. (v3: per printed prefix.)
        try db.create(table: "document_series") { t in
            t.column("reseller", .text).notNull()
            t.column("year", .integer).notNull()
            t.column("last_number", .integer).notNull()
            t.primaryKey(["reseller", "year"])
        }
        try db.create(table: "documents") { t in
            t.primaryKey("number", .text)
            t.column("reseller", .text).notNull()
            t.column("year", .integer).notNull()
            t.column("kind", .text).notNull()
            t.column("sales_order_id", .text).notNull().references("sales_orders")
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("position", .integer).notNull()
        }
        try db.create(index: "documents_batch", on: "documents", columns: ["batch_key", "position"])
        try db.create(table: "state_changes") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("entity_kind", .text).notNull()
            t.column("entity_id", .text).notNull()
            t.column("from_status", .text)
            t.column("to_status", .text).notNull()
            t.column("batch_key", .integer).references("batches")
            t.column("as_of", .text).notNull()
            t.column("recorded_at", .integer).notNull()
        }
        try db.create(index: "state_changes_entity", on: "state_changes", columns: ["entity_kind", "entity_id"])
        // Each payment a batch created or changed, as it stood after the batch: `payments.csv`
        // is rendered from this snapshot, so a re-render stays byte-identical after later jobs.
        try db.create(table: "batch_payments") { t in
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("position", .integer).notNull()
            t.column("payment_id", .text).notNull().references("payments")
            t.column("kind", .text).notNull()
            t.column("sales_order_id", .text)
            t.column("account_id", .text)
            t.column("amount", .integer).notNull()
            t.column("currency", .text).notNull()
            t.column("status", .text).notNull()
            t.column("due_date", .text)
            t.column("remittance_ref", .text).notNull()
            t.primaryKey(["batch_key", "position"])
            t.uniqueKey(["batch_key", "payment_id"])
        }
    }

    /// `drop` for a reseller's drop file; `subscription-import` for the batch an
    /// `orderflow ledger import-subscriptions` run stores its accounts, subscriptions, refs and
    /// state changes under (it has no claim, no outputs, and its batch id and SHA-256 column hold
    /// values no drop can have).
    private static func addBatchKind(_ db: Database) throws {
        try db.alter(table: "batches") { t in
            t.add(column: "kind", .text).notNull().defaults(to: "drop")
        }
    }

    /// A number is printed as `<prefix>-<year>-<n>` (StatesAndIds.md), so it is unique only when
    /// the series is the printed prefix's: counted per reseller, two resellers with one prefix
    /// printed the same numbers, and a reseller whose prefix changed went on with its old counter
    /// under the new name.
    ///
    /// Each prefix and year goes on after the highest number ever printed with them (the
    /// `documents` table holds every number issued), so no number is printed twice. A prefix
    /// renamed before this migration keeps the numbers it skipped.
    private static func seriesPerPrefix(_ db: Database) throws {
        try db.rename(table: "document_series", to: "document_series_by_reseller")
        try db.create(table: "document_series") { t in
            t.column("prefix", .text).notNull()
            t.column("year", .integer).notNull()
            t.column("last_number", .integer).notNull()
            t.primaryKey(["prefix", "year"])
        }
        var highest: [DocumentNumber.Series: Int] = [:]
        let numbers = try String.fetchCursor(db, sql: "SELECT number FROM documents")
        while let number = try numbers.next() {
            // A number not of the printed form can never be printed again: nothing to go on from.
            guard let parts = DocumentNumber.parse(number) else { continue }
            highest[parts.series] = max(highest[parts.series] ?? 0, parts.sequence)
        }
        for (series, last) in highest {
            try db.execute(
                sql: "INSERT INTO document_series (prefix, year, last_number) VALUES (?, ?, ?)",
                arguments: [series.prefix, series.year, last])
        }
        try db.drop(table: "document_series_by_reseller")
    }

    /// A cancel ends its subscription's renewals and upgrades too (Pricing.md, step 8), so it
    /// looks them up by subscription. Partial: orders, nearly every row of an import, are left
    /// out, so storing one costs no index entry.
    private static func indexRenewalsAndUpgrades(_ db: Database) throws {
        try db.execute(
            sql: "CREATE INDEX sales_orders_changes ON sales_orders (subscription_id) WHERE action <> 'order'")
    }
}
