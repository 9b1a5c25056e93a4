import GRDB

/// Migrations v4 (issue 22: what the `reconcile` and `provision` jobs record) and v5 (issue 23).
enum LedgerSchemaV4 {
    /// Every trial order accepted, by reseller, lower-cased contact e-mail and plan (Trials.md).
    /// Trials accepted before v5 are not in it: which periods are trials is the catalog's, which
    /// a migration does not read (Trials.md says so).
    static func trialUses(_ db: Database) throws {
        try db.create(table: "trial_uses") { t in
            t.column("reseller", .text).notNull()
            t.column("email", .text).notNull()
            t.column("plan_id", .text).notNull()
            t.column("subscription_id", .text).notNull()
            t.primaryKey(["reseller", "email", "plan_id"])
        }
    }

    static func reconciliation(_ db: Database) throws {
        // Pipelines of several kinds share a ledger (and may share `processing/`): each resumes
        // only the claims of its own kind. Claims made before were the import's.
        try db.alter(table: "file_claims") { t in t.add(column: "job", .text).notNull().defaults(to: "import") }
        // Every statement line reconciled, by identity: a line seen again is `duplicate`.
        try db.create(table: "statement_lines") { t in
            t.column("reseller", .text).notNull()
            t.column("identity", .text).notNull()
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("seq", .integer).notNull()
            t.primaryKey(["reseller", "identity"])
        }
        // `reconciliation.csv` as committed: one row per line in file order, then the overdue
        // payments; amounts in minor units of `currency` (`minor_units` digits when printed).
        try db.create(table: "reconciliation_rows") { t in
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("seq", .integer).notNull()
            t.column("line", .integer)
            t.column("booking_date", .text)
            t.column("amount", .integer)
            t.column("currency", .text)
            t.column("minor_units", .integer)
            t.column("reference", .text)
            t.column("payer", .text)
            t.column("bank_reference", .text)
            t.column("outcome", .text).notNull()
            t.column("payment_id", .text)
            t.column("sales_order_id", .text)
            t.column("account_id", .text)
            t.column("amount_applied", .integer)
            t.column("balance_credited", .integer)
            t.column("payment_status", .text)
            t.column("due_date", .text)
            t.column("message", .text)
            t.primaryKey(["batch_key", "seq"])
        }
        // An approval drop's `results.csv` as committed, one row per row of the file.
        try db.create(table: "approval_rows") { t in
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("seq", .integer).notNull()
            t.column("sales_order_id", .text).notNull()
            t.column("line", .integer).notNull()
            t.column("decision", .text).notNull()
            t.column("outcome", .text).notNull()
            t.column("error_code", .text)
            t.column("error_field", .text)
            t.column("error_message", .text)
            t.primaryKey(["batch_key", "seq"])
        }
        // `expired.csv`: each trial a provisioning run ended or converted, once (its subscription).
        try db.create(table: "trial_ends") { t in
            t.primaryKey("subscription_id", .text)
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("position", .integer).notNull()
            t.column("account_id", .text)
            t.column("plan", .text).notNull()
            t.column("trial_start", .text).notNull()
            t.column("trial_end", .text).notNull()
            t.column("converted_to", .text)
        }
        try db.create(index: "trial_ends_batch", on: "trial_ends", columns: ["batch_key", "position"])
        // Money an account holds with the platform, per currency (overpayments, top-ups, refunds).
        try db.create(table: "account_balances") { t in
            t.column("account_id", .text).notNull()
            t.column("currency", .text).notNull()
            t.column("amount", .integer).notNull()
            t.primaryKey(["account_id", "currency"])
        }
        // ServiceSetup.ledgerText: what the service side needs, for every later provisioning event.
        try db.alter(table: "subscriptions") { t in t.add(column: "setup", .text) }
        // The day a payment became `Paid` (its completing line's booking date).
        try db.alter(table: "payments") { t in t.add(column: "paid_on", .text) }
        // `activations.csv`, `charges.csv` and `provisioning.csv` of a batch, as committed.
        try db.create(table: "batch_activations") { t in
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("position", .integer).notNull()
            t.column("sales_order_id", .text).notNull()
            t.column("subscription_id", .text)
            t.column("sales_order_status", .text).notNull()
            t.column("subscription_status", .text)
            t.column("service_start", .text)
            t.column("service_end", .text)
            t.primaryKey(["batch_key", "position"])
        }
        try db.create(table: "batch_charges") { t in
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("position", .integer).notNull()
            t.column("subscription_id", .text).notNull()
            t.column("sales_order_id", .text).notNull()
            t.column("service_start", .text).notNull()
            t.column("service_end", .text).notNull()
            t.column("currency", .text).notNull()
            t.column("net", .integer).notNull()
            t.column("tax", .integer).notNull()
            t.column("total", .integer).notNull()
            t.primaryKey(["batch_key", "position"])
        }
        try db.create(table: "batch_events") { t in
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("position", .integer).notNull()
            t.column("event", .text).notNull()
            t.column("sales_order_id", .text)
            t.column("subscription_id", .text).notNull()
            t.column("account_id", .text)
            t.column("product", .text).notNull()
            t.column("plan", .text).notNull()
            t.column("domain", .text)
            t.column("setup", .text)
            t.primaryKey(["batch_key", "position"])
        }
    }
}
