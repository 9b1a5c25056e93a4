import GRDB
import OrderFlowCore

/// The commit stage of an approval drop (Provisioning.md, approvals), inside its one transaction:
/// each row approves (`Completed` / `Active`, event `activate`) or rejects (the order canceled as
/// in Pricing.md, step 8; event `cancel`) a sales order of this reseller waiting in `Installing`.
struct ApprovalCommit {
    let commit: SQLiteBatchCommit
    let writer: SQLiteMovedOnWriter

    init(commit: SQLiteBatchCommit) {
        self.commit = commit
        self.writer = MovedOnWriter(
            db: commit.db, batchKey: commit.batchKey, asOf: commit.batch.asOf, recordedAt: commit.recordedAt)
    }

    private var db: Database { commit.db }
    private var reseller: String { commit.batch.reseller }

    func run(rows: (_ sink: (ApprovalRequest) throws -> Void) throws -> Void) throws {
        let history = LedgerHistory(db)
        defer { history.close() }
        var ids = try LedgerIdentifiers(db, reportingTo: history)
        var effects = try EffectsWriter(commit: commit)
        var seq: Int64 = 0
        try rows { row in
            seq += 1
            let error = try judge(row, history: history, ids: &ids, effects: &effects)
            try store(ApprovalResult(
                salesOrderId: row.salesOrderId ?? "", line: row.line, decision: row.decisionText,
                outcome: error == nil ? .accepted : .rejected, error: error), seq: seq)
        }
        try history.check()
        try ids.save()
    }

    /// Applies the row; the error it is rejected with, or nil.
    private func judge(
        _ row: ApprovalRequest, history: LedgerHistory, ids: inout LedgerIdentifiers, effects: inout SQLiteEffectsWriter
    ) throws -> Diagnostic? {
        if let problem = row.problems.first { return problem }
        guard let id = row.salesOrderId, let decision = row.decision else { return nil }
        let location = SourceLocation(line: row.line, column: 1)
        guard let order = try StoredSalesOrder.find(id, db),
            let ref = try String.fetchOne(
                db, sql: "SELECT ref FROM sales_orders WHERE id = ? AND reseller = ?", arguments: [id, reseller])
        else {
            return Diagnostic(
                .unknownOrder, field: "sales_order_id",
                "\(reseller) has no sales order \(id): check the sales_order_id (results.csv of the order's batch).",
                at: location)
        }
        guard order.status == .installing else {
            return Diagnostic(
                .approvalNotPending, field: "sales_order_id",
                "\(id) is \(order.status.rawValue), not Installing: only an order waiting for its manager can be approved or rejected.",
                at: location)
        }
        switch decision {
        case .approve:
            let paidOn = try String.fetchOne(
                db, sql: "SELECT paid_on FROM payments WHERE id = (SELECT payment_id FROM sales_orders WHERE id = ?)",
                arguments: [id]).flatMap { CalendarDate(iso: $0) }
            // StatesAndIds.md: the service starts on the latest of the provisioning date, the
            // payment's booking date and the approval date.
            let start = [order.provisioningDate, paidOn ?? order.provisioningDate, commit.batch.asOf].max()!
            try writer.setStatus(ofSalesOrder: id, from: .installing, to: .completed, activatedOn: start)
            try writer.start(
                order, salesOrderId: id, status: .active, serviceStart: start, salesOrderStatus: .completed,
                catalog: commit.context.catalog)
        case .reject:
            guard let stored = history.order(ref: ref, reseller: reseller) else {
                try history.check()
                return nil
            }
            let cancel = CancelPlan.wholeOrder(stored, history: history, context: commit.context, ids: &ids)
            try history.check()
            try effects.storeCancel(cancel)
            if let subscriptionId = order.subscriptionId {
                try writer.addEvent(ProvisioningRow(
                    event: .cancel, salesOrderId: id, subscriptionId: subscriptionId, accountId: order.accountId,
                    product: order.productId, plan: order.planId, domain: order.domain))
            }
        }
        return nil
    }

    private func store(_ result: ApprovalResult, seq: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO approval_rows (batch_key, seq, sales_order_id, line, decision, outcome, error_code,
                    error_field, error_message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(
            commit.batchKey, seq, result.salesOrderId, result.line, result.decision, result.outcome.rawValue,
            result.error?.code.rawValue, result.error?.field, result.error?.message)
    }
}
