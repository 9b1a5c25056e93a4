import OrderFlowCore

/// ``ProvisionStore`` on PostgreSQL: SQLiteBatchStore's query texts (PostgresSpelling) as prepared
/// statements. The lists are read whole (`execute`), as SQLite's, before the stage writes; the
/// writes are pipelined, the lookups waiting for them.
extension PostgresBatchStore: ProvisionStore {
    private static let dueDelayedOrdersSQL = PostgresSpelling.of(SQLiteBatchStore.dueDelayedOrdersSQL)
    private static let unpaidPostponedSQL = PostgresSpelling.of(SQLiteBatchStore.unpaidPostponedSQL)
    private static let unpaidOrdersSQL = PostgresSpelling.of(SQLiteBatchStore.unpaidOrdersSQL)
    private static let activeTrialsSQL = PostgresSpelling.of(SQLiteBatchStore.activeTrialsSQL)
    private static let paidOrderSQL = PostgresSpelling.of(SQLiteBatchStore.paidOrderSQL)
    private static let endedPrepaidSQL = PostgresSpelling.of(SQLiteBatchStore.endedPrepaidSQL)
    private static let paidOnSQL = PostgresSpelling.of(SQLiteBatchStore.paidOnSQL)
    private static let shortenPeriodSQL = PostgresSpelling.of(SQLiteBatchStore.shortenPeriodSQL)
    private static let trialEndSQL = PostgresSpelling.of(SQLiteBatchStore.trialEndSQL)
    private static let salesOrderRefSQL = PostgresSpelling.of(SQLiteBatchStore.salesOrderRefSQL)
    private static let approvalRowSQL = PostgresSpelling.of(SQLiteBatchStore.approvalRowSQL)

    func dueDelayedOrders(reseller: String, onOrBefore day: CalendarDate) throws -> [String] {
        try connection.execute(
            prepared: "provision_due_orders", Self.dueDelayedOrdersSQL, [.string(reseller), .string(day.description)]
        ).map { try $0.requiredString("id") }
    }

    func unpaidPostponedOrders(reseller: String, dueBefore day: CalendarDate) throws -> [String] {
        try connection.execute(
            prepared: "provision_unpaid_postponed", Self.unpaidPostponedSQL, [.string(reseller), .string(day.description)]
        ).map { try $0.requiredString("ref") }
    }

    func unpaidOrders(reseller: String, dueBefore day: CalendarDate) throws -> [UnpaidOrder] {
        try connection.execute(
            prepared: "provision_unpaid_orders", Self.unpaidOrdersSQL, [.string(reseller), .string(day.description)]
        ).map { row in
            UnpaidOrder(
                ref: try row.requiredString("ref"), salesOrderId: try row.requiredString("id"),
                action: try row.requiredString("action"), subscriptionId: try row.string("subscription_id"))
        }
    }

    func activeTrials(reseller: String) throws -> [ActiveTrial] {
        try connection.execute(prepared: "provision_active_trials", Self.activeTrialsSQL, [.string(reseller)]).map { row in
            ActiveTrial(
                id: try row.requiredString("id"), accountId: try row.string("account_id"),
                productId: try row.requiredString("product_id"), planId: try row.requiredString("plan_id"),
                periodStart: try row.string("period_start").flatMap(CalendarDate.init(iso:)),
                domain: try row.string("domain"), trialPeriod: try row.requiredString("trial_period"))
        }
    }

    func paidOrder(
        account: String, plan: String, excluding subscriptionId: String, from: CalendarDate, through: CalendarDate
    ) throws -> String? {
        try connection.execute(
            prepared: "provision_paid_order", Self.paidOrderSQL,
            [
                .string(account), .string(plan), .string(subscriptionId), .string(from.description),
                .string(through.description),
            ]
        ).first?.string("subscription_id")
    }

    func endedPrepaidPeriods(reseller: String, onOrBefore day: CalendarDate) throws -> [EndedPeriod] {
        try connection.execute(
            prepared: "provision_ended_periods", Self.endedPrepaidSQL, [.string(reseller), .string(day.description)]
        ).map { row in
            EndedPeriod(
                id: try row.requiredString("id"), accountId: try row.string("account_id"),
                productId: try row.requiredString("product_id"), planId: try row.requiredString("plan_id"),
                periodId: try row.requiredString("period_id"), domain: try row.string("domain"))
        }
    }

    func paidOn(salesOrder id: String) throws -> CalendarDate? {
        try connection.execute(prepared: "provision_paid_on", Self.paidOnSQL, [.string(id)])
            .first?.string("paid_on").flatMap(CalendarDate.init(iso:))
    }

    func shortenPeriod(ofSubscription id: String, from: CalendarDate, to: CalendarDate) throws {
        try connection.send(
            prepared: "provision_shorten_period", Self.shortenPeriodSQL,
            [.string(to.description), .string(id), .string(from.description)])
    }

    func insertTrialEnd(_ row: TrialEndRow, position: Int64, batchKey: Int64) throws {
        try connection.send(
            prepared: "provision_trial_end", Self.trialEndSQL,
            [
                .string(row.subscriptionId), .int(batchKey), .int(position), .string(row.accountId), .string(row.plan),
                .string(row.trialStart.description), .string(row.trialEnd.description), .string(row.convertedTo),
            ])
    }

    func salesOrderRef(_ id: String, reseller: String) throws -> String? {
        try connection.execute(prepared: "approval_ref", Self.salesOrderRefSQL, [.string(id), .string(reseller)])
            .first?.string("ref")
    }

    func insertApprovalRow(_ result: ApprovalResult, batchKey: Int64, seq: Int64) throws {
        try connection.send(
            prepared: "approval_row", Self.approvalRowSQL,
            [
                .int(batchKey), .int(seq), .string(result.salesOrderId), .int(result.line), .string(result.decision),
                .string(result.outcome.rawValue), .string(result.error?.code.rawValue), .string(result.error?.field),
                .string(result.error?.message),
            ])
    }
}
