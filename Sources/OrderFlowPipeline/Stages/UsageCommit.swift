import GRDB
import OrderFlowCore

/// The commit stage of a usage drop (Billing.md, usage drops), inside its one transaction: each
/// row is judged and stored as the file streams by.
///
/// ```
///  rows ─► sink ─► read? ─► subscription of the reseller? ─► resource of its plan? ─► month not billed?
///                    │              │ UNKNOWN_ORDER               │ UNKNOWN_RESOURCE       │ USAGE_MONTH_BILLED
///                    ▼              ▼                             ▼                        ▼
///             usage_results (every row; a rejected one with its first error and the row as written)
///                                                                   usage_rows (accepted rows only)
/// ```
///
/// Nothing else is read or written: a usage row is stored whatever the subscription's state or
/// payment model, and on a day it was not active too; the monthly billing run decides what
/// counts. Every statement is cached: no SQL is compiled per row.
struct UsageCommit {
    let db: Database
    let batchKey: Int64
    let reseller: String
    let catalog: Catalog

    func run(rows: (_ sink: (UsageRow) throws -> Void) throws -> Void) throws {
        var seq: Int64 = 0
        try rows { row in
            seq += 1
            let error = try judge(row)
            if error == nil, let subscriptionId = row.subscriptionId, let date = row.date, let resourceId = row.resourceId,
                let quantity = row.quantity
            {
                try storeUsage(subscriptionId: subscriptionId, date: date, resourceId: resourceId, quantity: quantity, seq: seq)
            }
            try storeResult(row, error: error, seq: seq)
        }
    }

    /// The error the row is rejected with, or nil: the reader's first problem, then the ledger's
    /// and the catalog's checks in the order of Billing.md.
    private func judge(_ row: UsageRow) throws -> Diagnostic? {
        if let problem = row.problems.first { return problem }
        guard let subscriptionId = row.subscriptionId, let date = row.date, let resourceId = row.resourceId else {
            return nil
        }
        let location = SourceLocation(line: row.line, column: 1)
        guard let planId = try planOfSubscription(subscriptionId) else {
            return Diagnostic(
                .unknownOrder, field: "subscription",
                "\(reseller) has no subscription \(QuotedValue.shown(subscriptionId)): use the subscription_id of an accepted order (results.csv of its batch).",
                at: location)
        }
        guard let plan = catalog.plan(id: planId)?.plan else {
            return Diagnostic(
                .unknownResource, field: "resource",
                "\(subscriptionId) is of plan \(planId), which the catalog no longer has: no usage can be recorded for it.",
                at: location)
        }
        guard plan.resource(id: resourceId) != nil else {
            let known = plan.resources.map(\.id)
            return Diagnostic(
                .unknownResource, field: "resource",
                known.isEmpty
                    ? "Plan \(plan.id) of \(subscriptionId) has no resources: no usage can be recorded for it."
                    : "Plan \(plan.id) of \(subscriptionId) has no resource '\(QuotedValue.shown(resourceId))': use one of \(known.joined(separator: ", ")).",
                at: location)
        }
        let month = Self.month(of: date)
        if let billed = try billedMonth(month) {
            return Diagnostic(
                .usageMonthBilled, field: "date",
                "\(month) was billed for \(reseller) on \(billed.runDate) (\(billed.batchId)): usage of a billed month is no longer added; remove the row, and correct that bill by hand if it must change.",
                at: location)
        }
        return nil
    }

    /// `YYYY-MM`.
    static func month(of date: CalendarDate) -> String { String(date.description.prefix(7)) }

    // MARK: Reads

    private func planOfSubscription(_ id: String) throws -> String? {
        let statement = try db.cachedStatement(sql: "SELECT plan_id FROM subscriptions WHERE id = ? AND reseller = ?")
        return try String.fetchOne(statement, arguments: [id, reseller])
    }

    private func billedMonth(_ month: String) throws -> (runDate: String, batchId: String)? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT billing_months.run_date, batches.batch_id FROM billing_months
                JOIN batches ON batches.key = billing_months.batch_key
                WHERE billing_months.reseller = ? AND billing_months.month = ?
                """)
        guard let row = try Row.fetchOne(statement, arguments: [reseller, month]) else { return nil }
        return (runDate: row[0], batchId: row[1])
    }

    // MARK: Writes

    private func storeUsage(subscriptionId: String, date: CalendarDate, resourceId: String, quantity: Int64, seq: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO usage_rows (reseller, subscription_id, date, resource_id, quantity, batch_key, seq)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(reseller, subscriptionId, date.description, resourceId, quantity, batchKey, seq)
    }

    /// The row's `results.csv` row; a rejected row keeps the row as written, for `rejected.csv`.
    private func storeResult(_ row: UsageRow, error: Diagnostic?, seq: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO usage_results (batch_key, seq, line, subscription_id, date, resource, quantity, outcome,
                    error_code, error_field, error_message, source, diagnostics)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let outcome: RequestOutcomeKind = error == nil ? .accepted : .rejected
        // `rejected.csv` lists every problem the reader found; the first is the row's error.
        let diagnostics = row.problems.count > 1 ? try LedgerColumns.json(row.problems) : nil
        try statement.run(
            batchKey, seq, row.line, row.subscriptionId, row.dateText, row.resourceId, row.quantityText, outcome.rawValue,
            error?.code.rawValue, error?.field, error?.message, error == nil ? nil : row.source, diagnostics)
    }
}
