import OrderFlowCore

/// Statements (Reconciliation.md): the `reconcile` job's commit, in the import's one transaction
/// under the lease fence (`commitDrop`), and the outputs a published statement is rendered from,
/// through SQLiteLedger's queries (PostgresSpelling).
extension PostgresLedger {
    public func commitStatement(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        entries: (_ sink: (StatementEntry) throws -> Void) throws -> Void
    ) throws -> BatchRecord {
        try commitDrop(batch, kind: .statement, claimId: claimId, under: lease) { store, key, recordedAt in
            var commit = StatementCommit(
                store: store, batchKey: key, batch: batch, catalog: catalog, recordedAt: recordedAt)
            try commit.run(entries: entries)
        }
    }

    private static let reconciliationRowsQuery = PostgresSpelling.of(SQLiteLedger.reconciliationRowsQuery)
    private static let activationsQuery = PostgresSpelling.of(SQLiteLedger.activationsQuery)
    private static let chargesQuery = PostgresSpelling.of(SQLiteLedger.chargesQuery)
    private static let eventsQuery = PostgresSpelling.of(SQLiteLedger.eventsQuery)

    public func streamJobOutputs(ofBatch key: Int64, into sink: JobOutputSink) throws {
        try read("reading the outputs of statement \(key)") { connection in
            // Through cursors, as the import's outputs: a large statement is held a thousand rows at a time.
            try connection.stream(Self.reconciliationRowsQuery, [.int(key)]) { row in
                try sink.reconciliation(try Self.reconciliationRow(row))
            }
            try connection.stream(Self.activationsQuery, [.int(key)]) { row in
                try sink.activation(ActivationRow(
                    salesOrderId: try row.requiredString("sales_order_id"),
                    subscriptionId: try row.string("subscription_id"),
                    salesOrderStatus: try row.status("sales_order_status", "batch_activations.sales_order_status"),
                    subscriptionStatus: try row.optionalStatus(
                        "subscription_status", "batch_activations.subscription_status"),
                    serviceStart: try row.date("service_start"), serviceEnd: try row.date("service_end")))
            }
            try connection.stream(Self.chargesQuery, [.int(key)]) { row in
                let currency = try row.requiredString("currency")
                try sink.charge(ChargeRow(
                    subscriptionId: try row.requiredString("subscription_id"),
                    salesOrderId: try row.requiredString("sales_order_id"),
                    serviceStart: try row.requiredDate("service_start"), serviceEnd: try row.requiredDate("service_end"),
                    net: try row.money("net", currency: currency), tax: try row.money("tax", currency: currency),
                    total: try row.money("total", currency: currency)))
            }
            try connection.stream(Self.eventsQuery, [.int(key)]) { row in
                try sink.provisioning(ProvisioningRow(
                    event: try row.status("event", "batch_events.event"), salesOrderId: try row.string("sales_order_id"),
                    subscriptionId: try row.requiredString("subscription_id"), accountId: try row.string("account_id"),
                    product: try row.requiredString("product"), plan: try row.requiredString("plan"),
                    domain: try row.string("domain"), setup: try row.string("setup")))
            }
            try Self.streamBatchPayments(ofBatch: key, connection, sink.payment)
        }
    }

    private static func reconciliationRow(_ row: PostgresRow) throws -> ReconciliationRow {
        var result = ReconciliationRow(
            outcome: try row.status("outcome", "reconciliation_rows.outcome"), message: try row.string("message") ?? "")
        result.line = try row.optionalInt("line")
        result.bookingDate = try row.date("booking_date")
        result.amount = try row.int64("amount")
        result.currency = try row.string("currency")
        result.minorUnits = try row.optionalInt("minor_units")
        result.reference = try row.string("reference")
        result.payer = try row.string("payer")
        result.bankReference = try row.string("bank_reference")
        result.paymentId = try row.string("payment_id")
        result.salesOrderId = try row.string("sales_order_id")
        result.accountId = try row.string("account_id")
        result.amountApplied = try row.int64("amount_applied")
        result.balanceCredited = try row.int64("balance_credited")
        result.paymentStatus = try row.optionalStatus("payment_status", "reconciliation_rows.payment_status")
        result.dueDate = try row.date("due_date")
        return result
    }
}
