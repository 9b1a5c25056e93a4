import GRDB
import OrderFlowCore

/// Statements: the `reconcile` job's one-transaction commit (its outputs read back: `+JobOutputs`).
extension SQLiteLedger {
    public func commitStatement(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        entries: (_ sink: (StatementEntry) throws -> Void) throws -> Void
    ) throws -> BatchRecord {
        try commitDrop(batch, kind: .statement, claimId: claimId, under: lease) { db, key, recordedAt in
            var commit = StatementCommit(
                store: SQLiteBatchStore(db), batchKey: key, batch: batch, catalog: catalog, recordedAt: recordedAt)
            try commit.run(entries: entries)
        }
    }

    public func streamImportEvents(ofBatch key: Int64, _ body: (ProvisioningRow) throws -> Void) throws {
        try read("reading the provisioning events of batch \(key)") { db in
            // From the result rows as committed (statuses at the commit) and what never changes on
            // a subscription (product, plan, domain, setup): a re-render gives the same bytes.
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT r.action, r.subscription_status, r.sales_order_id, r.subscription_id, r.account_id,
                        s.product_id, s.plan_id, s.domain, s.setup
                    FROM results r JOIN subscriptions s ON s.id = r.subscription_id
                    WHERE r.batch_key = ? AND r.outcome = 'accepted'
                        AND ((r.action = 'order' AND r.subscription_status IN ('Active', 'Installing'))
                            OR r.action = 'cancel')
                    ORDER BY r.seq
                    """,
                arguments: [key])
            while let row = try rows.next() {
                let action: String = row["action"]
                let event: ProvisioningRow.Event = action == "cancel"
                    ? .cancel : (row["subscription_status"] as String) == "Installing" ? .install : .activate
                try body(ProvisioningRow(
                    event: event, salesOrderId: row["sales_order_id"], subscriptionId: row["subscription_id"],
                    accountId: row["account_id"], product: row["product_id"], plan: row["plan_id"], domain: row["domain"],
                    setup: row["setup"]))
            }
        }
    }
}
