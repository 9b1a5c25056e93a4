import GRDB
import OrderFlowCore

extension SQLiteLedger {
    public func streamDocuments(ofBatch key: Int64, _ body: (DocumentSource) throws -> Void) throws {
        try read("reading the documents of batch \(key)") { db in
            // The issue date is the run date of the batch that allocated the number; a credit note
            // corrects the invoice of the same sales order, issued by the order's own batch.
            let rows = try Row.fetchCursor(db, sql: Self.documentsQuery, arguments: [key])
            while let row = try rows.next() { try body(try Self.documentSource(row)) }
        }
    }

    /// Every lookup is by key or index (LedgerSchemaTests checks its plan): it runs once per
    /// document, so a scan in it makes publishing grow with the square of the batch.
    static let documentsQuery = """
        SELECT d.number, d.kind, d.reseller, b.as_of, d.sales_order_id, o.ref, o.action, o.subscription_id,
            o.plan_id, o.period_id, o.priced, o.invoice_number, ob.as_of AS order_as_of,
            p.id AS payment_id, p.kind AS payment_kind, p.due_date, p.remittance_ref,
            (SELECT SUM(bp.amount) FROM payments bp
                WHERE bp.sales_order_id = o.id AND bp.kind = 'balance') AS prepaid,
            a.id AS account_id, a.account_type, a.company_name, a.contact_name, a.vat_id, a.country,
            a.region, a.city, a.postal_code, a.address_line1
        FROM documents d
        JOIN batches b ON b.key = d.batch_key
        JOIN sales_orders o ON o.id = d.sales_order_id
        JOIN batches ob ON ob.key = o.batch_key
        LEFT JOIN payments p ON p.id = o.payment_id
        LEFT JOIN accounts a ON a.id = o.account_id
        WHERE d.batch_key = ? ORDER BY d.position
        """

    private static func documentSource(_ row: Row) throws -> DocumentSource {
        let number: String = row["number"]
        guard let priced: String = row["priced"] else {
            throw LedgerError.unusable("document \(number): its sales order has no priced lines to render it from")
        }
        let stored = try PricedOrderText.decode(priced)
        let kind = DocumentSource.Kind(rawValue: row["kind"]) ?? .invoice
        let payment: DocumentSource.Payment? =
            if kind == .invoice, let id: String = row["payment_id"], (row["payment_kind"] as String?) != "balance" {
                DocumentSource.Payment(
                    id: id, dueDate: try LedgerColumns.date(row["due_date"]), remittanceReference: row["remittance_ref"])
            } else {
                nil
            }
        let corrected: DocumentSource.CorrectedInvoice? =
            if kind == .creditNote, let invoice: String = row["invoice_number"] {
                DocumentSource.CorrectedInvoice(number: invoice, issueDate: try LedgerColumns.date(row["order_as_of"]))
            } else {
                nil
            }
        var source = DocumentSource(
            number: number, kind: kind, reseller: row["reseller"], issueDate: try LedgerColumns.date(row["as_of"]),
            salesOrderId: row["sales_order_id"], ref: row["ref"], action: row["action"],
            subscriptionId: row["subscription_id"], planId: row["plan_id"], periodId: row["period_id"], priced: stored.priced,
            servicePeriod: stored.servicePeriod, correctedInvoice: corrected, payment: payment,
            buyer: DocumentSource.Buyer(
                accountId: row["account_id"], accountType: row["account_type"], companyName: row["company_name"],
                contactName: row["contact_name"], vatId: row["vat_id"], country: row["country"] ?? "",
                region: row["region"], city: row["city"], postalCode: row["postal_code"], addressLine1: row["address_line1"]))
        if kind == .invoice { source.prepaid = row["prepaid"] ?? 0 }
        return source
    }
}
