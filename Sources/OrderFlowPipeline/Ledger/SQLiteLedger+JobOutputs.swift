import GRDB
import OrderFlowCore

/// What the jobs after the import read back of a committed batch to publish it (JobOutputs): its
/// reconciliation rows, activations, charges, events and payments, each in its stored order.
extension SQLiteLedger {
    // The outputs' queries, PostgresLedger's too (PostgresSpelling).
    static let reconciliationRowsQuery = """
        SELECT line, booking_date, amount, currency, minor_units, reference, payer, bank_reference, outcome,
            payment_id, sales_order_id, account_id, amount_applied, balance_credited, payment_status,
            due_date, message
        FROM reconciliation_rows WHERE batch_key = ? ORDER BY seq
        """

    static let activationsQuery = """
        SELECT sales_order_id, subscription_id, sales_order_status, subscription_status, service_start,
            service_end
        FROM batch_activations WHERE batch_key = ? ORDER BY position
        """

    static let chargesQuery = """
        SELECT subscription_id, sales_order_id, service_start, service_end, currency, net, tax, total
        FROM batch_charges WHERE batch_key = ? ORDER BY position
        """

    static let eventsQuery = """
        SELECT event, sales_order_id, subscription_id, account_id, product, plan, domain, setup
        FROM batch_events WHERE batch_key = ? ORDER BY position
        """

    public func streamJobOutputs(ofBatch key: Int64, into sink: JobOutputSink) throws {
        try read("reading the outputs of statement \(key)") { db in
            let rows = try Row.fetchCursor(db, sql: Self.reconciliationRowsQuery, arguments: [key])
            while let row = try rows.next() { try sink.reconciliation(try Self.reconciliationRow(row)) }
            let activations = try Row.fetchCursor(db, sql: Self.activationsQuery, arguments: [key])
            while let row = try activations.next() {
                try sink.activation(ActivationRow(
                    salesOrderId: row["sales_order_id"], subscriptionId: row["subscription_id"],
                    salesOrderStatus: try LedgerColumns.status(row["sales_order_status"], "batch_activations.sales_order_status"),
                    subscriptionStatus: try (row["subscription_status"] as String?).map {
                        try LedgerColumns.status($0, "batch_activations.subscription_status")
                    },
                    serviceStart: try LedgerColumns.date(row["service_start"] as String?),
                    serviceEnd: try LedgerColumns.date(row["service_end"] as String?)))
            }
            let charges = try Row.fetchCursor(db, sql: Self.chargesQuery, arguments: [key])
            while let row = try charges.next() {
                let currency: String = row["currency"]
                try sink.charge(ChargeRow(
                    subscriptionId: row["subscription_id"], salesOrderId: row["sales_order_id"],
                    serviceStart: try LedgerColumns.date(row["service_start"] as String),
                    serviceEnd: try LedgerColumns.date(row["service_end"] as String),
                    net: try LedgerColumns.money(row["net"], currency), tax: try LedgerColumns.money(row["tax"], currency),
                    total: try LedgerColumns.money(row["total"], currency)))
            }
            let events = try Row.fetchCursor(db, sql: Self.eventsQuery, arguments: [key])
            while let row = try events.next() {
                try sink.provisioning(ProvisioningRow(
                    event: try LedgerColumns.status(row["event"], "batch_events.event"), salesOrderId: row["sales_order_id"],
                    subscriptionId: row["subscription_id"], accountId: row["account_id"], product: row["product"],
                    plan: row["plan"], domain: row["domain"], setup: row["setup"]))
            }
            try Self.streamBatchPayments(ofBatch: key, db, sink.payment)
        }
    }

    private static func reconciliationRow(_ row: Row) throws -> ReconciliationRow {
        var result = ReconciliationRow(
            outcome: try LedgerColumns.status(row["outcome"], "reconciliation_rows.outcome"), message: row["message"] ?? "")
        result.line = row["line"]
        result.bookingDate = try LedgerColumns.date(row["booking_date"] as String?)
        result.amount = row["amount"]
        result.currency = row["currency"]
        result.minorUnits = row["minor_units"]
        result.reference = row["reference"]
        result.payer = row["payer"]
        result.bankReference = row["bank_reference"]
        result.paymentId = row["payment_id"]
        result.salesOrderId = row["sales_order_id"]
        result.accountId = row["account_id"]
        result.amountApplied = row["amount_applied"]
        result.balanceCredited = row["balance_credited"]
        result.paymentStatus = try (row["payment_status"] as String?).map {
            try LedgerColumns.status($0, "reconciliation_rows.payment_status")
        }
        result.dueDate = try LedgerColumns.date(row["due_date"] as String?)
        return result
    }
}
