import Foundation
import GRDB
import OrderFlowCore

/// `orderflow ledger show`: one request and everything it touched, read from a snapshot.
extension SQLiteLedger {
    public func entry(ref: String, reseller: String) throws -> LedgerEntry? {
        try read("reading ref \(ref) of \(reseller)") { db in try Self.entry(ref: ref, reseller: reseller, db) }
    }

    static func entry(ref: String, reseller: String, _ db: Database) throws -> LedgerEntry? {
        let batchColumns = "b.batch_id, b.file_name, b.kind, b.as_of"
        let requests = try Row.fetchAll(
            db,
            sql: """
                SELECT \(RequestResult.storedColumns(of: "r")), \(batchColumns), r.batch_key AS key, r.seq AS seq
                FROM results r JOIN batches b ON b.key = r.batch_key
                WHERE b.reseller = ? AND r.ref = ? ORDER BY r.batch_key, r.seq
                """,
            arguments: [reseller, ref]
        ).map { row in (key: row["key"] as Int64, seq: row["seq"] as Int64, result: try storedResult(row)) }
        guard let last = requests.last else { return nil }
        var result = last.result
        if let accepted = try Row.fetchOne(
            db, sql: "SELECT batch_key, seq FROM accepted_requests WHERE reseller = ? AND ref = ?",
            arguments: [reseller, ref]),
            let match = requests.first(where: { $0.key == accepted["batch_key"] && $0.seq == accepted["seq"] })
        {
            result = match.result
        }

        let salesOrder = try Row.fetchOne(
            db, sql: salesOrderQuery + " WHERE o.reseller = ? AND o.ref = ?", arguments: [reseller, ref]
        ).map(salesOrderEntry)
        let subscriptionId = salesOrder?.subscriptionId ?? result.row.subscriptionId
        var subscription: SubscriptionEntry?
        var relatedOrders: [SalesOrderEntry] = []
        if let subscriptionId {
            subscription = try subscriptionEntry(id: subscriptionId, reseller: reseller, db)
            relatedOrders = try Row.fetchAll(
                db,
                sql: salesOrderQuery + " WHERE o.reseller = ? AND o.subscription_id = ? AND o.ref <> ? ORDER BY o.batch_key, o.seq",
                arguments: [reseller, subscriptionId, ref]
            ).map(salesOrderEntry)
        }
        let accountId = salesOrder?.accountId ?? subscription?.accountId ?? result.row.accountId
        let account = try accountId.flatMap { id in try AccountRecord.fetch(id: id, reseller: reseller, db) }

        let orderIds = ([salesOrder] + relatedOrders.map(Optional.some)).compactMap { $0?.id }
        var payments: [PaymentEntry] = []
        for orderId in orderIds {
            payments += try Row.fetchAll(
                db,
                sql: """
                    SELECT id, kind, sales_order_id, account_id, amount, currency, status, due_date, remittance_ref, paid,
                        postponed, paid_on
                    FROM payments WHERE reseller = ? AND sales_order_id = ? ORDER BY rowid
                    """,
                arguments: [reseller, orderId]
            ).map { row in
                let currency: String = row["currency"]
                return PaymentEntry(
                    id: row["id"], kind: row["kind"], salesOrderId: row["sales_order_id"], accountId: row["account_id"],
                    amount: try LedgerColumns.money(row["amount"], currency).text, currency: currency,
                    status: row["status"], dueDate: row["due_date"], remittanceReference: row["remittance_ref"],
                    paid: try LedgerColumns.money(row["paid"], currency).text, postponed: row["postponed"],
                    paidOn: row["paid_on"])
            }
        }

        var entities: [(String, String)] = orderIds.map { ("sales_order", $0) }
        if let subscriptionId { entities.append(("subscription", subscriptionId)) }
        entities += payments.map { ("payment", $0.id) }
        var stateChanges: [StateChangeEntry] = []
        if !entities.isEmpty {
            let condition = entities.map { _ in "(s.entity_kind = ? AND s.entity_id = ?)" }.joined(separator: " OR ")
            var arguments: [(any DatabaseValueConvertible)?] = []
            for (kind, id) in entities { arguments += [kind, id] }
            stateChanges = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.entity_kind, s.entity_id, s.from_status, s.to_status, s.as_of, s.recorded_at, b.batch_id
                    FROM state_changes s LEFT JOIN batches b ON b.key = s.batch_key
                    WHERE \(condition) ORDER BY s.id
                    """,
                arguments: StatementArguments(arguments)
            ).map { row in
                StateChangeEntry(
                    entityKind: row["entity_kind"], entityId: row["entity_id"], from: row["from_status"],
                    to: row["to_status"], asOf: row["as_of"], recordedAt: timestamp(row["recorded_at"]),
                    batchId: row["batch_id"])
            }
        }
        let balances: [BalanceEntry] = try accountId.map { id in
            try Row.fetchAll(
                db, sql: "SELECT currency, amount FROM account_balances WHERE account_id = ? ORDER BY currency",
                arguments: [id]
            ).map { row -> BalanceEntry in
                let currency: String = row["currency"]
                return BalanceEntry(currency: currency, amount: try LedgerColumns.money(row["amount"], currency).text)
            }
        } ?? []
        return LedgerEntry(
            reseller: reseller, ref: ref, result: result, requests: requests.map(\.result), salesOrder: salesOrder,
            account: account, subscription: subscription, relatedOrders: relatedOrders, payments: payments,
            stateChanges: stateChanges, balances: balances)
    }

    private static func storedResult(_ row: Row) throws -> StoredResult {
        StoredResult(
            batchId: row["batch_id"], fileName: row["file_name"], batchKind: row["kind"],
            asOf: try LedgerColumns.date(row["as_of"] as String), row: try RequestResult(stored: row))
    }

    /// A sales order with its batch's id, as `ledger show` prints it (PostgresLedger's too).
    static let salesOrderQuery = """
        SELECT o.id, o.ref, o.action, o.status, o.account_id, o.subscription_id, o.product_id, o.plan_id, o.period_id,
            o.currency, o.net, o.tax, o.total, o.vat_category, o.exchange_rate_units, o.exchange_rate_scale,
            o.rate_effective, o.payment_id, o.invoice_number, o.credit_note_number, o.provisioning_date,
            o.activation_date, o.domain, b.batch_id
        FROM sales_orders o JOIN batches b ON b.key = o.batch_key
        """

    private static func salesOrderEntry(_ row: Row) throws -> SalesOrderEntry {
        let currency: String = row["currency"]
        var rate: String?
        if let units: Int64 = row["exchange_rate_units"], let scale: Int = row["exchange_rate_scale"] {
            rate = decimalText(units: units, scale: scale)
        }
        return SalesOrderEntry(
            id: row["id"], ref: row["ref"], action: row["action"], status: row["status"], accountId: row["account_id"],
            subscriptionId: row["subscription_id"], productId: row["product_id"], planId: row["plan_id"],
            periodId: row["period_id"], currency: currency, net: try LedgerColumns.money(row["net"], currency).text,
            tax: try LedgerColumns.money(row["tax"], currency).text,
            total: try LedgerColumns.money(row["total"], currency).text, vatCategory: row["vat_category"],
            exchangeRate: rate, rateEffective: row["rate_effective"], paymentId: row["payment_id"],
            invoiceNumber: row["invoice_number"], creditNoteNumber: row["credit_note_number"],
            provisioningDate: row["provisioning_date"], activationDate: row["activation_date"], domain: row["domain"],
            batchId: row["batch_id"])
    }

    private static func subscriptionEntry(id: String, reseller: String, _ db: Database) throws -> SubscriptionEntry? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT s.*, b.batch_id FROM subscriptions s JOIN batches b ON b.key = s.batch_key
                    WHERE s.id = ? AND s.reseller = ?
                    """,
                arguments: [id, reseller])
        else { return nil }
        let currency: String = row["currency"]
        let resources = try SubscriptionRecord.resources(of: id, db)
        return SubscriptionEntry(
            id: row["id"], accountId: row["account_id"], productId: row["product_id"], planId: row["plan_id"],
            periodId: row["period_id"], periodStart: row["period_start"], periodEnd: row["period_end"],
            resources: resources, currency: currency, paymentModel: row["payment_model"],
            blockingThreshold: try LedgerColumns.moneyText(row["blocking_threshold"], currency: currency),
            status: row["status"], domain: row["domain"], activationDate: row["activation_date"],
            batchId: row["batch_id"])
    }

    /// `units / 10^scale` written out exactly (`921500`, 6 → `0.921500`).
    static func decimalText(units: Int64, scale: Int) -> String {
        guard scale > 0 else { return String(units) }
        let negative = units < 0
        var digits = String(units.magnitude)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        let split = digits.index(digits.endIndex, offsetBy: -scale)
        return (negative ? "-" : "") + digits[..<split] + "." + digits[split...]
    }

    /// Milliseconds since the epoch as ISO 8601 UTC with milliseconds.
    static func timestamp(_ milliseconds: Int64) -> String {
        let seconds = Int(milliseconds.quotientAndRemainder(dividingBy: 1000).quotient)
        let millis = Int(milliseconds - Int64(seconds) * 1000)
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let inDay = seconds - day * 86_400
        let date = CalendarDate(dayNumber: day + CalendarDate(year: 1970, month: 1, day: 1)!.dayNumber)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(date)T\(pad(inDay / 3600, 2)):\(pad(inDay % 3600 / 60, 2)):\(pad(inDay % 60, 2)).\(pad(millis, 3))Z"
    }
}
