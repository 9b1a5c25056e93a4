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
/// counts. Through ``BillingStore``, on either engine.
struct UsageCommit<Store: BillingStore> {
    let store: Store
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
                let usage = StoredUsage(subscriptionId: subscriptionId, date: date, resourceId: resourceId, quantity: quantity)
                try store.storeUsage(usage, reseller: reseller, batchKey: batchKey, seq: seq)
            }
            // `rejected.csv` lists every problem the reader found; the first is the row's error.
            let diagnostics = row.problems.count > 1 ? try LedgerColumns.json(row.problems) : nil
            try store.storeUsageResult(
                row, outcome: error == nil ? .accepted : .rejected, error: error, diagnostics: diagnostics,
                batchKey: batchKey, seq: seq)
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
        guard let planId = try store.planOfSubscription(subscriptionId, reseller: reseller) else {
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
        if let billed = try store.billedMonth(reseller: reseller, month: month) {
            return Diagnostic(
                .usageMonthBilled, field: "date",
                "\(month) was billed for \(reseller) on \(billed.runDate) (\(billed.batchId)): usage of a billed month is no longer added; remove the row, and correct that bill by hand if it must change.",
                at: location)
        }
        return nil
    }

    /// `YYYY-MM`.
    static func month(of date: CalendarDate) -> String { String(date.description.prefix(7)) }
}
