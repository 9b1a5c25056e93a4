import GRDB
import OrderFlowCore

/// Earlier batches as the rules see them (``OrderHistory``), read from the ledger through one
/// open database access: the batch's write transaction, or a read snapshot.
///
/// The connection is only borrowed, and the first error kept for ``check()``: BorrowedHistory.
final class LedgerHistory: BorrowedHistory<Database>, OrderHistory, @unchecked Sendable {
    // @unchecked: GRDB's `Database` is not Sendable; see BorrowedHistory.
    func account(id: String, reseller: String) -> AccountRecord? {
        lookup { db in try AccountRecord.fetch(id: id, reseller: reseller, db) }
    }

    func acceptedRequest(ref: String, reseller: String) -> StoredRequest? {
        lookup { db in
            // Nearly every request of an import has a new ref: one probe of the unique index
            // answers it without the join and a GRDB row.
            let probe = try db.cachedStatement(sql: "SELECT 1 FROM accepted_requests WHERE reseller = ? AND ref = ?")
            guard try probe.hasRow(reseller, ref) else { return nil }
            let statement = try db.cachedStatement(
                sql: """
                    SELECT a.action AS stored_action, a.content_digest AS stored_digest, \(RequestResult.storedColumns(of: "r"))
                    FROM accepted_requests a JOIN results r ON r.batch_key = a.batch_key AND r.seq = a.seq
                    WHERE a.reseller = ? AND a.ref = ?
                    """)
            return try Row.fetchOne(statement, arguments: [reseller, ref]).map { row in
                StoredRequest(
                    ref: ref, action: try LedgerColumns.status(row["stored_action"], "accepted_requests.action"),
                    contentDigest: row["stored_digest"], result: try RequestResult(stored: row))
            }
        }
    }

    func order(ref: String, reseller: String) -> OrderRecord? {
        lookup { db in
            let statement = try db.cachedStatement(sql: OrderRecord.storedQuery)
            return try Row.fetchOne(statement, arguments: [reseller, ref]).map(OrderRecord.init(stored:))
        }
    }

    func renewalsAndUpgrades(subscription: String, reseller: String) -> [OrderRecord] {
        lookup { db in
            let statement = try db.cachedStatement(sql: OrderRecord.renewalsAndUpgradesQuery)
            return try Row.fetchAll(statement, arguments: [subscription, reseller]).map(OrderRecord.init(stored:))
        } ?? []
    }

    func subscription(id: String, reseller: String) -> SubscriptionRecord? {
        lookup { db in try SubscriptionRecord.fetch(id: id, reseller: reseller, db) }
    }

    func isDomainHeld(_ domain: String, productId: String) -> Bool {
        lookup { db in
            let statement = try db.cachedStatement(
                sql: "SELECT 1 FROM subscriptions WHERE product_id = ? AND domain = ? AND status <> 'Canceled' LIMIT 1")
            return try statement.hasRow(productId, domain)
        } ?? false
    }

    func domainHolders(_ domain: String, productId: String) -> [DomainHolder] {
        lookup { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT account_id, plan_id, period_id FROM subscriptions
                    WHERE product_id = ? AND domain = ? AND status <> 'Canceled'
                    """,
                arguments: [productId, domain]
            ).map { DomainHolder(accountId: $0["account_id"], planId: $0["plan_id"], periodId: $0["period_id"]) }
        } ?? []
    }

    func trialUsed(_ use: TrialUse) -> Bool {
        lookup { db in
            let statement = try db.cachedStatement(
                sql: "SELECT 1 FROM trial_uses WHERE reseller = ? AND email = ? AND plan_id = ?")
            return try statement.hasRow(use.reseller, use.email, use.planId)
        } ?? false
    }

    func promoUses(code: String) -> Int {
        lookup { db in
            let statement = try db.cachedStatement(
                sql: "SELECT count(*) FROM promo_uses WHERE code = ? AND batch_key <> ?")
            return try Int.fetchOne(statement, arguments: [code, excludedBatch])
        } ?? 0
    }
}

extension AccountRecord {
    /// The reseller's account by id: what the judge looks up and what `ledger show` prints.
    static func fetch(id: String, reseller: String, _ db: Database) throws -> AccountRecord? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT id, reseller, account_type, registration, company_name, vat_id, contact_name, contact_email,
                    country, region, city, postal_code, address_line1
                FROM accounts WHERE id = ? AND reseller = ?
                """)
        return try Row.fetchOne(statement, arguments: [id, reseller]).map(AccountRecord.init(stored:))
    }

    init(stored row: Row) throws {
        self.init(
            id: row["id"], reseller: row["reseller"], accountType: row["account_type"],
            registration: try LedgerColumns.status(row["registration"], "accounts.registration"),
            companyName: row["company_name"], vatId: row["vat_id"], contactName: row["contact_name"],
            contactEmail: row["contact_email"], country: row["country"], region: row["region"], city: row["city"],
            postalCode: row["postal_code"], addressLine1: row["address_line1"])
    }
}

extension OrderRecord {
    /// A sales order with its subscription's current status and its own payment.
    private static let storedSelect = """
        SELECT o.ref, o.reseller, o.id, o.status, o.account_id, o.subscription_id, s.status AS subscription_status,
            o.product_id, o.currency, o.net, o.tax, o.total, o.provisioning_date, o.activation_date,
            o.invoice_number, o.domain, p.id AS payment_id, p.kind AS payment_kind, p.status AS payment_status,
            p.amount AS payment_amount, p.currency AS payment_currency, p.due_date AS payment_due_date,
            p.postponed AS payment_postponed, p.paid AS payment_paid,
            (SELECT SUM(bp.amount) FROM payments bp
                WHERE bp.sales_order_id = o.id AND bp.kind = 'balance' AND bp.id IS NOT o.payment_id) AS balance_drawn
        FROM sales_orders o
            LEFT JOIN subscriptions s ON s.id = o.subscription_id
            LEFT JOIN payments p ON p.id = o.payment_id
        """

    /// The order created by an order request (not a renewal's or upgrade's).
    static let storedQuery = storedSelect + " WHERE o.reseller = ? AND o.ref = ? AND o.action = 'order'"

    /// A subscription's renewals and upgrades, oldest first. `o.action <> 'order'` is the
    /// condition of the partial index `sales_orders_changes`, so SQLite searches that index.
    static let renewalsAndUpgradesQuery = storedSelect + """
         WHERE o.subscription_id = ? AND o.reseller = ? AND o.action <> 'order' ORDER BY o.batch_key, o.seq
        """

    init(stored row: Row) throws {
        let currency: String = row["currency"]
        var payment: PaymentRecord?
        if let paymentId: String = row["payment_id"] {
            payment = PaymentRecord(
                id: paymentId, kind: try LedgerColumns.status(row["payment_kind"], "payments.kind"),
                status: try LedgerColumns.status(row["payment_status"], "payments.status"),
                amount: try LedgerColumns.money(row["payment_amount"], row["payment_currency"]),
                dueDate: try LedgerColumns.date(row["payment_due_date"] as String), postponed: row["payment_postponed"],
                paid: row["payment_paid"])
        }
        self.init(
            ref: row["ref"], reseller: row["reseller"], salesOrderId: row["id"],
            status: try LedgerColumns.status(row["status"], "sales_orders.status"), accountId: row["account_id"],
            subscriptionId: row["subscription_id"],
            subscriptionStatus: try LedgerColumns.status(row["subscription_status"], "subscriptions.status"),
            productId: row["product_id"], net: try LedgerColumns.money(row["net"], currency),
            tax: try LedgerColumns.money(row["tax"], currency), total: try LedgerColumns.money(row["total"], currency),
            payment: payment, provisioningDate: try LedgerColumns.date(row["provisioning_date"] as String),
            activationDate: try LedgerColumns.date(row["activation_date"] as String?),
            invoiceNumber: row["invoice_number"], domain: row["domain"])
        // Searched in the partial index `payments_balance_by_order`: only billing writes any.
        if let drawn: Int64 = row["balance_drawn"], drawn > 0 {
            balanceDrawn = try LedgerColumns.money(drawn, currency)
        }
    }
}

extension SubscriptionRecord {
    static func fetch(id: String, reseller: String, _ db: Database) throws -> SubscriptionRecord? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT id, reseller, account_id, product_id, plan_id, period_id, period_start, period_end, currency,
                    payment_model, status, blocking_threshold, domain
                FROM subscriptions WHERE id = ? AND reseller = ?
                """)
        guard let row = try Row.fetchOne(statement, arguments: [id, reseller]) else { return nil }
        let amounts = try resources(of: id, db)
        let currency = try LedgerColumns.currency(row["currency"])
        return SubscriptionRecord(
            id: row["id"], reseller: row["reseller"], accountId: row["account_id"], productId: row["product_id"],
            planId: row["plan_id"], periodId: row["period_id"], resources: amounts,
            currentPeriodStart: try LedgerColumns.date(row["period_start"] as String),
            currentPeriodEnd: try LedgerColumns.date(row["period_end"] as String), currency: currency,
            paymentModel: try LedgerColumns.status(row["payment_model"], "subscriptions.payment_model"),
            status: try LedgerColumns.status(row["status"], "subscriptions.status"),
            blockingThreshold: (row["blocking_threshold"] as Int64?).map { Money(minorUnits: $0, currency: currency) },
            domain: row["domain"])
    }

    /// The subscription's resource amounts, in catalog order.
    static func resources(of subscriptionId: String, _ db: Database) throws -> [ResourceQuantity] {
        let statement = try db.cachedStatement(
            sql: "SELECT resource_id, amount FROM subscription_resources WHERE subscription_id = ? ORDER BY position")
        return try Row.fetchAll(statement, arguments: [subscriptionId]).map {
            ResourceQuantity(id: $0["resource_id"], amount: $0["amount"])
        }
    }
}
