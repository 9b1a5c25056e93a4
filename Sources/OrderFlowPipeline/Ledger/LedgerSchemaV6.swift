import GRDB

/// Migration v6 (the `billing` job): usage drops, billed months and what each month's bill left,
/// and the history of a subscription's period and amounts that billing prices by day; v7 indexes
/// what the invoices of its bills read.
enum LedgerSchemaV6 {
    static func billing(_ db: Database) throws {
        try usage(db)
        // One row per reseller and billed month, taken inside its `billing-<YYYY-MM>` batch's
        // transaction with the date it was run on (Billing.md).
        try db.create(table: "billing_months") { t in
            t.column("reseller", .text).notNull()
            t.column("month", .text).notNull()
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("run_date", .text).notNull()
            // Set once its outputs are all in place: a run that crashed between the commit and
            // the end of publishing publishes it again.
            t.column("published", .boolean).notNull().defaults(to: false)
            t.primaryKey(["reseller", "month"])
        }
        // `results.csv` of a billing batch: one row per subscription and month considered.
        try db.create(table: "subscription_bills") { t in
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("position", .integer).notNull()
            t.column("subscription_id", .text).notNull()
            t.column("account_id", .text)
            t.column("month", .text).notNull()
            t.column("outcome", .text).notNull()
            t.column("sales_order_id", .text)
            t.column("currency", .text)
            t.column("net", .integer)
            t.column("tax", .integer)
            t.column("total", .integer)
            t.column("payment_id", .text)
            t.column("invoice_number", .text)
            t.column("error_code", .text)
            t.column("error_message", .text)
            t.primaryKey(["batch_key", "position"])
        }
        try db.create(index: "subscription_bills_month", on: "subscription_bills", columns: ["subscription_id", "month"])
        // `suspensions.csv`, stored at the commit.
        try db.create(table: "batch_suspensions") { t in
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("position", .integer).notNull()
            t.column("subscription_id", .text).notNull()
            t.column("account_id", .text)
            t.column("debt", .integer).notNull()
            t.column("currency", .text).notNull()
            t.column("threshold", .integer).notNull()
            t.primaryKey(["batch_key", "position"])
        }
        // What a subscription was before a renewal or an upgrade changed it: its period and
        // amounts were these until `until` (the renewal's start, the upgrade's date). Written only
        // when a subscription changes, so a new order costs no row; the current values are the
        // subscription's own.
        try db.create(table: "subscription_history") { t in
            t.column("subscription_id", .text).notNull()
            t.column("until", .text).notNull()
            t.column("cause", .text).notNull()
            t.column("period_id", .text).notNull()
            t.column("amounts", .text).notNull()
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("seq", .integer).notNull()
        }
        try db.create(index: "subscription_history_by_subscription", on: "subscription_history", columns: ["subscription_id", "until"])
    }

    /// Usage drops of the `billing` job (Billing.md, usage): the rows stored, and each file's
    /// `results.csv` as committed.
    static func usage(_ db: Database) throws {
        try db.create(table: "usage_rows") { t in
            t.column("reseller", .text).notNull()
            t.column("subscription_id", .text).notNull()
            t.column("date", .text).notNull()
            t.column("resource_id", .text).notNull()
            t.column("quantity", .integer).notNull()
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("seq", .integer).notNull()
        }
        try db.create(index: "usage_rows_by_subscription", on: "usage_rows", columns: ["subscription_id", "date"])
        try db.create(table: "usage_results") { t in
            t.column("batch_key", .integer).notNull().references("batches")
            t.column("seq", .integer).notNull()
            t.column("line", .integer).notNull()
            t.column("subscription_id", .text)
            t.column("date", .text)
            t.column("resource", .text)
            t.column("quantity", .text)
            t.column("outcome", .text).notNull()
            t.column("error_code", .text)
            t.column("error_field", .text)
            t.column("error_message", .text)
            t.column("source", .text)
            t.primaryKey(["batch_key", "seq"])
        }
    }

    /// Migration v7: a document's prepaid amount (BT-113) sums the `balance` payments of its sales
    /// order. Without this index that sum scanned every payment once per document, so publishing
    /// a batch's documents grew with the square of its orders (BENCHMARKS.md). Partial: only
    /// billing draws from a balance, so the import writes no entry into it.
    /// Migration v8: every error of a rejected usage row, for its `rejected.csv` (Billing.md);
    /// `error_code` … keep its first for `results.csv`. Rows written before hold only those.
    static func usageDiagnostics(_ db: Database) throws {
        try db.alter(table: "usage_results") { t in t.add(column: "diagnostics", .text) }
    }

    static func balancePaymentsByOrder(_ db: Database) throws {
        try db.execute(
            sql: "CREATE INDEX payments_balance_by_order ON payments (sales_order_id) WHERE kind = 'balance'")
    }

    /// v9: a run for a date asks, for every trial ending, whether the account ordered the trial's
    /// plan again while it ran (Provisioning.md, trials); without this index each question scanned
    /// every sales order, so a day of many trial ends grew with their square.
    static let ordersByAccountAndPlanSQL =
        "CREATE INDEX sales_orders_by_account_plan ON sales_orders (account_id, plan_id) WHERE action = 'order'"

    static func ordersByAccountAndPlan(_ db: Database) throws {
        try db.execute(sql: ordersByAccountAndPlanSQL)
    }
}
