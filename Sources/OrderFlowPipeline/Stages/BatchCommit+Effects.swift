import GRDB
import OrderFlowCore

/// Stores one batch's result rows and what its accepted requests created or changed, through
/// cached statements (no SQL is compiled per request).
struct EffectsWriter {
    private let commit: BatchCommit
    private var db: Database { commit.db }
    private var rows: LedgerRows {
        LedgerRows(db: commit.db, batchKey: commit.batchKey, asOf: commit.batch.asOf, recordedAt: commit.recordedAt)
    }
    /// Order of the batch's `documents` rows.
    private var documentPosition: Int64 = 0

    init(commit: BatchCommit) throws {
        self.commit = commit
    }

    /// The `results` row: every column, all diagnostics as JSON, the source of a rejected request.
    func storeResult(_ judged: JudgedRequest, seq: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO results (batch_key, seq, \(RequestResult.storedColumns), diagnostics, content_digest, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let diagnostics = judged.diagnostics.isEmpty ? "[]" : try LedgerColumns.json(judged.diagnostics)
        // The row's outcome is the request's: the judge's duplicate cancel repeats the cancel's
        // row as it was accepted, outcome included.
        var result = judged.result
        result.outcome = judged.outcome
        try result.store(
            with: statement, batchKey: commit.batchKey, seq: seq, diagnostics: diagnostics,
            contentDigest: judged.contentDigest, source: judged.outcome == .rejected ? judged.raw.source : nil)
    }

    mutating func apply(_ effects: AcceptedEffects, judged: JudgedRequest, seq: Int64) throws {
        switch effects.action {
        case .order: try storeOrder(effects, seq: seq)
        case .renewal, .upgrade: try storeSubscriptionChange(effects, seq: seq)
        case .cancel: if let cancel = effects.cancel { try storeCancel(cancel) }
        }
        if effects.action != .cancel, let ref = judged.raw.ref {
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO accepted_requests (reseller, ref, action, content_digest, batch_key, seq)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            try statement.run(
                commit.batch.reseller, ref, effects.action.rawValue, judged.contentDigest, commit.batchKey, seq)
        }
    }

    // MARK: Orders

    private mutating func storeOrder(_ effects: AcceptedEffects, seq: Int64) throws {
        guard let order = effects.salesOrder, let subscription = effects.newSubscription else { return }
        if let account = effects.newAccount { try insert(account) }
        try insert(subscription, activationDate: order.activationDate, setup: effects.serviceSetup?.ledgerText)
        try recordChange(.subscription, subscription.id, from: nil, to: subscription.status.rawValue)
        try storeSalesOrder(
            order, action: RequestAction.order.rawValue, planId: subscription.planId, periodId: subscription.periodId,
            priced: effects.priced, servicePeriod: ServicePeriod(start: subscription.currentPeriodStart, end: subscription.currentPeriodEnd), seq: seq)
        if let use = effects.trialUse {
            // A second trial of the same e-mail and plan is TRIAL_ALREADY_USED in the trials job;
            // the import accepts it, and the first stays the one recorded.
            let statement = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO trial_uses (reseller, email, plan_id, subscription_id) VALUES (?, ?, ?, ?)")
            try statement.run(use.reseller, use.email, use.planId, subscription.id)
        }
        if let code = effects.promoUse, let salesOrderId = order.salesOrderId {
            let statement = try db.cachedStatement(
                sql: "INSERT INTO promo_uses (code, reseller, sales_order_id, batch_key) VALUES (?, ?, ?, ?)")
            try statement.run(code, commit.batch.reseller, salesOrderId, commit.batchKey)
        }
    }

    private mutating func storeSubscriptionChange(_ effects: AcceptedEffects, seq: Int64) throws {
        guard let order = effects.salesOrder, let change = effects.subscriptionChange else { return }
        // Only its plan and current period are needed: not the whole record with its resources,
        // which the judge has just read.
        let lookup = try db.cachedStatement(
            sql: "SELECT plan_id, period_id, period_end FROM subscriptions WHERE id = ? AND reseller = ?")
        guard let stored = try Row.fetchOne(lookup, arguments: [change.subscriptionId, commit.batch.reseller]) else {
            return
        }
        let subscriptionId = change.subscriptionId
        // A renewal charges its own period; an upgrade the days left of the paid span (Pricing.md, step 9).
        let spanEnd = CalendarDate(iso: stored["period_end"] as String)
        let servicePeriod = change.renewal.map { ServicePeriod(start: $0.start, end: $0.end) }
            ?? spanEnd.map { ServicePeriod(start: commit.context.asOf, end: $0) }
        try storeSalesOrder(
            order, action: effects.action.rawValue, planId: stored["plan_id"],
            periodId: change.renewal?.periodId ?? stored["period_id"], priced: effects.priced, servicePeriod: servicePeriod,
            seq: seq)
        try recordHistory(
            of: subscriptionId, periodId: stored["period_id"],
            until: change.renewal?.start ?? commit.context.asOf, cause: change.renewal == nil ? "upgrade" : "renewal",
            seq: seq)
        // The same change the judge lays over its in-batch history, so a later batch sees what a
        // later request of this batch saw.
        if let renewal = change.renewal {
            let statement = try db.cachedStatement(
                sql: "UPDATE subscriptions SET period_id = ?, period_end = ? WHERE id = ?")
            try statement.run(renewal.periodId, renewal.end.description, subscriptionId)
        }
        if let amounts = change.newAmounts {
            let statement = try db.cachedStatement(sql: "DELETE FROM subscription_resources WHERE subscription_id = ?")
            try statement.run(subscriptionId)
            try insert(amounts, of: subscriptionId)
        }
    }

    /// What the subscription was until a renewal or an upgrade changes it: billing prices each
    /// day by the period and amounts in effect then (Billing.md).
    private func recordHistory(of subscriptionId: String, periodId: String, until: CalendarDate, cause: String, seq: Int64) throws {
        let amounts = try SubscriptionRecord.resources(of: subscriptionId, db)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO subscription_history (subscription_id, until, cause, period_id, amounts, batch_key, seq)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(
            subscriptionId, until.description, cause, periodId, SubscriptionAmounts.text(amounts), commit.batchKey, seq)
    }

    /// The sales order with its payment and invoice number; `action` is the request's, or `bill`
    /// for a month's bill (Billing.md).
    mutating func storeSalesOrder(
        _ order: OrderRecord, action: String, planId: String, periodId: String, priced: PricedOrder?,
        servicePeriod: ServicePeriod?, seq: Int64
    ) throws {
        guard let salesOrderId = order.salesOrderId else { return }
        if let payment = order.payment {
            try insert(payment, salesOrderId: salesOrderId, accountId: order.accountId)
        }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO sales_orders (id, reseller, ref, action, status, account_id, subscription_id, product_id,
                    plan_id, period_id, currency, net, tax, total, vat_category, exchange_rate_units,
                    exchange_rate_scale, rate_effective, payment_id, invoice_number, provisioning_date,
                    activation_date, domain, batch_key, seq, priced)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        // What its invoice (and a credit note later) is rendered from; an order without an invoice
        // never needs it (Invoices.md).
        let pricedText = order.invoiceNumber == nil ? nil : priced.map { PricedOrderText.encode($0, servicePeriod: servicePeriod) }
        try statement.run(
            salesOrderId, order.reseller, order.ref, action, order.status.rawValue, order.accountId,
            order.subscriptionId, order.productId, planId, periodId, order.total.currency.code, order.net.minorUnits,
            order.tax.minorUnits, order.total.minorUnits, priced?.vatCategory, priced?.exchangeRate.units,
            priced?.exchangeRate.scale, priced?.rateEffective?.description, order.payment?.id, order.invoiceNumber, order.provisioningDate.description,
            order.activationDate?.description, order.domain, commit.batchKey, seq, pricedText)
        try recordChange(.salesOrder, salesOrderId, from: nil, to: order.status.rawValue)
        if let number = order.invoiceNumber {
            try insertDocument(number, kind: "invoice", salesOrderId: salesOrderId)
        }
    }

    // MARK: Cancels

    /// Pricing.md, step 8: the subscription `Canceled` (which frees the domain) with every sales
    /// order on it, the order's and its renewals' and upgrades': each `Canceled`, its open payment
    /// voided or what was paid refunded, its credit note numbered. State changes go sales order by
    /// sales order, the subscription's right after the order's own.
    mutating func storeCancel(_ cancel: CancelEffect) throws {
        try cancelSalesOrder(cancel.order)
        let order = cancel.order.salesOrder
        if let subscriptionId = order.subscriptionId {
            let update = try db.cachedStatement(sql: "UPDATE subscriptions SET status = 'Canceled' WHERE id = ?")
            try update.run(subscriptionId)
            try recordChange(
                .subscription, subscriptionId, from: order.subscriptionStatus.rawValue,
                to: SubscriptionStatus.canceled.rawValue)
        }
        try settlePayment(of: cancel.order)
        for charge in cancel.renewalsAndUpgrades {
            try cancelSalesOrder(charge)
            try settlePayment(of: charge)
        }
    }

    /// One renewal's or upgrade's own sales order canceled alone (the `provision` job's unpaid
    /// charge): `Canceled`, its payment settled, its credit note numbered; the subscription runs on.
    mutating func cancelAlone(_ charge: CanceledCharge) throws {
        try cancelSalesOrder(charge)
        try settlePayment(of: charge)
    }

    private func cancelSalesOrder(_ charge: CanceledCharge) throws {
        let order = charge.salesOrder
        guard let salesOrderId = order.salesOrderId else { return }
        let orderUpdate = try db.cachedStatement(
            sql: "UPDATE sales_orders SET status = 'Canceled', credit_note_number = ? WHERE id = ?")
        try orderUpdate.run(charge.creditNoteNumber, salesOrderId)
        try recordChange(.salesOrder, salesOrderId, from: order.status.rawValue, to: SalesOrderStatus.canceled.rawValue)
    }

    /// The charge's open payment voided, what was paid refunded, the credit note numbered.
    private mutating func settlePayment(of charge: CanceledCharge) throws {
        let order = charge.salesOrder
        guard let salesOrderId = order.salesOrderId else { return }
        if let voidedId = charge.voidedPaymentId, var payment = order.payment, payment.id == voidedId {
            let update = try db.cachedStatement(sql: "UPDATE payments SET status = 'Voided' WHERE id = ?")
            try update.run(voidedId)
            try recordChange(.payment, voidedId, from: payment.status.rawValue, to: PaymentStatus.voided.rawValue)
            // Created earlier in this same batch: its one payments.csv row shows it voided.
            let relist = try db.cachedStatement(
                sql: "UPDATE batch_payments SET status = 'Voided' WHERE batch_key = ? AND payment_id = ?")
            try relist.run(commit.batchKey, voidedId)
            if db.changesCount == 0 {
                payment.status = .voided
                try listInBatch(payment, id: voidedId, salesOrderId: salesOrderId, accountId: order.accountId)
            }
        }
        if let refund = charge.refund {
            try insert(refund, salesOrderId: salesOrderId, accountId: order.accountId)
            // A refund is money the account holds with the platform from now on (StatesAndIds.md).
            if let account = order.accountId {
                try rows.creditBalance(account: account, currency: refund.amount.currency.code, amount: refund.amount.minorUnits)
            }
        }
        if let number = charge.creditNoteNumber {
            try insertDocument(number, kind: "creditNote", salesOrderId: salesOrderId)
        }
    }

    // MARK: Rows

    private func insert(_ account: AccountRecord) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO accounts (id, reseller, account_type, registration, company_name, vat_id, contact_name,
                    contact_email, country, region, city, postal_code, address_line1, batch_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(
            account.id, account.reseller, account.accountType, account.registration.rawValue, account.companyName,
            account.vatId, account.contactName, account.contactEmail, account.country, account.region, account.city,
            account.postalCode, account.addressLine1, commit.batchKey)
    }

    private func insert(_ subscription: SubscriptionRecord, activationDate: CalendarDate?, setup: String?) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO subscriptions (id, reseller, account_id, product_id, plan_id, period_id, period_start,
                    period_end, currency, payment_model, status, blocking_threshold, domain, activation_date, batch_key,
                    setup)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(
            subscription.id, subscription.reseller, subscription.accountId, subscription.productId,
            subscription.planId, subscription.periodId, subscription.currentPeriodStart.description,
            subscription.currentPeriodEnd.description, subscription.currency.code,
            subscription.paymentModel.rawValue, subscription.status.rawValue,
            subscription.blockingThreshold?.minorUnits, subscription.domain, activationDate?.description,
            commit.batchKey, setup)
        try insert(subscription.resources, of: subscription.id)
    }

    private func insert(_ amounts: [ResourceQuantity], of subscriptionId: String) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO subscription_resources (subscription_id, position, resource_id, amount) VALUES (?, ?, ?, ?)")
        for (position, amount) in amounts.enumerated() {
            try statement.run(subscriptionId, position, amount.id, amount.amount)
        }
    }

    /// A new payment, listed in the batch's payments.
    mutating func insert(_ payment: PaymentRecord, salesOrderId: String, accountId: String?) throws {
        guard let id = payment.id else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO payments (id, reseller, kind, sales_order_id, account_id, amount, currency, status, due_date,
                    remittance_ref, postponed, paid, batch_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let paid = payment.status == .paid ? payment.amount.minorUnits : payment.paid
        let remittanceReference = CreditorReference.make(paymentId: id)
        try statement.run(
            id, commit.batch.reseller, payment.kind.rawValue, salesOrderId, accountId, payment.amount.minorUnits,
            payment.amount.currency.code, payment.status.rawValue, payment.dueDate.description,
            remittanceReference, payment.postponed, paid, commit.batchKey)
        try recordChange(.payment, id, from: nil, to: payment.status.rawValue)
        try listInBatch(
            payment, id: id, salesOrderId: salesOrderId, accountId: accountId, remittanceReference: remittanceReference)
    }

    /// The payment as it stands after this batch, for `payments.csv`.
    private func listInBatch(
        _ payment: PaymentRecord, id: String, salesOrderId: String?, accountId: String?,
        remittanceReference: String? = nil
    ) throws {
        try rows.listInBatch(
            payment, id: id, salesOrderId: salesOrderId, accountId: accountId, remittanceReference: remittanceReference)
    }

    private mutating func insertDocument(_ number: String, kind: String, salesOrderId: String) throws {
        documentPosition += 1
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO documents (number, reseller, year, kind, sales_order_id, batch_key, position)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.run(
            number, commit.batch.reseller, commit.context.asOf.year, kind, salesOrderId, commit.batchKey,
            documentPosition)
    }

    typealias EntityKind = LedgerRows.EntityKind

    /// One state change, at the batch's commit time and run date.
    private func recordChange(_ kind: EntityKind, _ id: String, from: String?, to: String) throws {
        try rows.recordChange(kind, id, from: from, to: to)
    }
}
