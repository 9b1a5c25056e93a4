import Foundation
import OrderFlowCore

/// What an import batch's invoices, credit notes and `provisioning.csv` are rendered from.
extension PostgresLedger {
    public func streamDocuments(ofBatch key: Int64, _ body: (DocumentSource) throws -> Void) throws {
        try read("reading the documents of batch \(key)") { connection in
            // Through a cursor, so that a large batch's documents are held a thousand at a time.
            try connection.stream(Self.documentsQuery, [.int(key)]) { row in try body(try Self.documentSource(row)) }
        }
    }

    /// SQLiteLedger's query, whose SQL PostgreSQL reads as it is once its parameter is numbered.
    private static let documentsQuery = PostgresSpelling.of(SQLiteLedger.documentsQuery)

    private static func documentSource(_ row: PostgresRow) throws -> DocumentSource {
        let number = try row.requiredString("number")
        guard let priced = try row.string("priced") else {
            throw LedgerError.unusable("document \(number): its sales order has no priced lines to render it from")
        }
        let stored = try PricedOrderText.decode(priced)
        let kind = DocumentSource.Kind(rawValue: try row.requiredString("kind")) ?? .invoice
        let payment: DocumentSource.Payment? =
            if kind == .invoice, let id = try row.string("payment_id"), try row.string("payment_kind") != "balance" {
                DocumentSource.Payment(
                    id: id, dueDate: try row.requiredDate("due_date"),
                    remittanceReference: try row.requiredString("remittance_ref"))
            } else {
                nil
            }
        let corrected: DocumentSource.CorrectedInvoice? =
            if kind == .creditNote, let invoice = try row.string("invoice_number") {
                DocumentSource.CorrectedInvoice(number: invoice, issueDate: try row.requiredDate("order_as_of"))
            } else {
                nil
            }
        var source = DocumentSource(
            number: number, kind: kind, reseller: try row.requiredString("reseller"),
            issueDate: try row.requiredDate("as_of"), salesOrderId: try row.requiredString("sales_order_id"),
            ref: try row.requiredString("ref"), action: try row.requiredString("action"),
            subscriptionId: try row.string("subscription_id"), planId: try row.requiredString("plan_id"),
            periodId: try row.requiredString("period_id"), priced: stored.priced, servicePeriod: stored.servicePeriod,
            correctedInvoice: corrected, payment: payment,
            buyer: DocumentSource.Buyer(
                accountId: try row.string("account_id"), accountType: try row.string("account_type"),
                companyName: try row.string("company_name"), contactName: try row.string("contact_name"),
                vatId: try row.string("vat_id"), country: try row.string("country") ?? "",
                region: try row.string("region"), city: try row.string("city"),
                postalCode: try row.string("postal_code"), addressLine1: try row.string("address_line1")))
        if kind == .invoice { source.prepaid = try row.int64("prepaid") ?? 0 }
        return source
    }

    public func streamImportEvents(ofBatch key: Int64, _ body: (ProvisioningRow) throws -> Void) throws {
        try read("reading the provisioning events of batch \(key)") { connection in
            // As SQLiteLedger's: from the result rows as committed and what never changes on a
            // subscription, so a re-render gives the same bytes.
            try connection.stream(
                """
                SELECT r.action, r.subscription_status, r.sales_order_id, r.subscription_id, r.account_id,
                    s.product_id, s.plan_id, s.domain, s.setup
                FROM results r JOIN subscriptions s ON s.id = r.subscription_id
                WHERE r.batch_key = $1 AND r.outcome = 'accepted'
                    AND ((r.action = 'order' AND r.subscription_status IN ('Active', 'Installing'))
                        OR r.action = 'cancel')
                ORDER BY r.seq
                """,
                [.int(key)]
            ) { row in
                let event: ProvisioningRow.Event = try row.requiredString("action") == "cancel"
                    ? .cancel : try row.string("subscription_status") == "Installing" ? .install : .activate
                try body(ProvisioningRow(
                    event: event, salesOrderId: try row.string("sales_order_id"),
                    subscriptionId: try row.requiredString("subscription_id"), accountId: try row.string("account_id"),
                    product: try row.requiredString("product_id"), plan: try row.requiredString("plan_id"),
                    domain: try row.string("domain"), setup: try row.string("setup")))
            }
        }
    }
}
