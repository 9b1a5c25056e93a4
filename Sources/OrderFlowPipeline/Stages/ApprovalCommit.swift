import OrderFlowCore

/// The commit stage of an approval drop (Provisioning.md, approvals), inside its one transaction:
/// each row approves (`Completed` / `Active`, event `activate`) or rejects (the order canceled as
/// in Pricing.md, step 8; event `cancel`) a sales order of this reseller waiting in `Installing`.
/// Through ``ProvisionStore``, on either engine.
struct ApprovalCommit<Store: ProvisionStore> {
    let commit: BatchCommit<Store>
    let writer: MovedOnWriter<Store>

    init(commit: BatchCommit<Store>) {
        self.commit = commit
        self.writer = MovedOnWriter(
            store: commit.store, batchKey: commit.batchKey, asOf: commit.batch.asOf, recordedAt: commit.recordedAt)
    }

    private var store: Store { commit.store }
    private var reseller: String { commit.batch.reseller }

    func run(rows: (_ sink: (ApprovalRequest) throws -> Void) throws -> Void) throws {
        let history = store.history(excludingBatch: commit.batchKey)
        defer { history.close() }
        var ids = try LedgerIdentifiers(store, reportingTo: history)
        var effects = try EffectsWriter(commit: commit)
        var seq: Int64 = 0
        try rows { row in
            seq += 1
            let error = try judge(row, history: history, ids: &ids, effects: &effects)
            let result = ApprovalResult(
                salesOrderId: row.salesOrderId ?? "", line: row.line, decision: row.decisionText,
                outcome: error == nil ? .accepted : .rejected, error: error)
            try store.insertApprovalRow(result, batchKey: commit.batchKey, seq: seq)
        }
        try history.check()
        try ids.save()
    }

    /// Applies the row; the error it is rejected with, or nil.
    private func judge(
        _ row: ApprovalRequest, history: Store.History, ids: inout LedgerIdentifiers, effects: inout EffectsWriter<Store>
    ) throws -> Diagnostic? {
        if let problem = row.problems.first { return problem }
        guard let id = row.salesOrderId, let decision = row.decision else { return nil }
        let location = SourceLocation(line: row.line, column: 1)
        guard let order = try store.salesOrder(id), let ref = try store.salesOrderRef(id, reseller: reseller) else {
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
            let paidOn = try store.paidOn(salesOrder: id)
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
}
