import OrderFlowCore

/// Stores one batch's result rows and what its accepted requests created or changed, through the
/// commit's ``BatchStore``.
struct EffectsWriter<Store: BatchStore> {
    private let commit: BatchCommit<Store>
    private var store: Store { commit.store }
    private var batchKey: Int64 { commit.batchKey }
    private var rows: LedgerRows<Store> {
        LedgerRows(store: commit.store, batchKey: commit.batchKey, asOf: commit.batch.asOf, recordedAt: commit.recordedAt)
    }
    /// Order of the batch's `documents` rows.
    private var documentPosition: Int64 = 0

    init(commit: BatchCommit<Store>) throws {
        self.commit = commit
    }

    /// The `results` row: every column, all diagnostics as JSON, the source of a rejected request.
    func storeResult(_ judged: JudgedRequest, seq: Int64) throws {
        // The row's outcome is the request's: the judge's duplicate cancel repeats the cancel's
        // row as it was accepted, outcome included.
        var result = judged.result
        result.outcome = judged.outcome
        let row = ResultRow(
            result: result, diagnostics: judged.diagnostics, contentDigest: judged.contentDigest,
            source: judged.outcome == .rejected ? judged.raw.source : nil)
        try store.storeResult(row, batchKey: batchKey, seq: seq)
    }

    mutating func apply(_ effects: AcceptedEffects, judged: JudgedRequest, seq: Int64) throws {
        switch effects.action {
        case .order: try storeOrder(effects, seq: seq)
        case .renewal, .upgrade: try storeSubscriptionChange(effects, seq: seq)
        case .cancel: if let cancel = effects.cancel { try storeCancel(cancel) }
        }
        if effects.action != .cancel, let ref = judged.raw.ref {
            let request = AcceptedRequestRow(
                reseller: commit.batch.reseller, ref: ref, action: effects.action, contentDigest: judged.contentDigest)
            try store.insertAcceptedRequest(request, batchKey: batchKey, seq: seq)
        }
    }

    // MARK: Orders

    private mutating func storeOrder(_ effects: AcceptedEffects, seq: Int64) throws {
        guard let order = effects.salesOrder, let subscription = effects.newSubscription else { return }
        if let account = effects.newAccount { try store.insertAccount(account, batchKey: batchKey) }
        try store.insertSubscription(
            subscription, activationDate: order.activationDate, setup: effects.serviceSetup?.ledgerText, batchKey: batchKey)
        try recordChange(.subscription, subscription.id, from: nil, to: subscription.status.rawValue)
        try storeSalesOrder(
            order, action: RequestAction.order.rawValue, planId: subscription.planId, periodId: subscription.periodId,
            priced: effects.priced, servicePeriod: ServicePeriod(start: subscription.currentPeriodStart, end: subscription.currentPeriodEnd), seq: seq)
        if let use = effects.trialUse {
            // A second trial of the same e-mail and plan is TRIAL_ALREADY_USED in the trials job;
            // the import accepts it, and the first stays the one recorded.
            try store.trialUse(use, subscriptionId: subscription.id)
        }
        if let code = effects.promoUse, let salesOrderId = order.salesOrderId {
            try store.promoUse(code: code, reseller: commit.batch.reseller, salesOrderId: salesOrderId, batchKey: batchKey)
        }
    }

    private mutating func storeSubscriptionChange(_ effects: AcceptedEffects, seq: Int64) throws {
        guard let order = effects.salesOrder, let change = effects.subscriptionChange else { return }
        guard let stored = try store.subscriptionTerms(id: change.subscriptionId, reseller: commit.batch.reseller) else {
            return
        }
        let subscriptionId = change.subscriptionId
        // A renewal charges its own period; an upgrade the days left of the paid span (Pricing.md, step 9).
        let servicePeriod = change.renewal.map { ServicePeriod(start: $0.start, end: $0.end) }
            ?? stored.periodEnd.map { ServicePeriod(start: commit.context.asOf, end: $0) }
        try storeSalesOrder(
            order, action: effects.action.rawValue, planId: stored.planId,
            periodId: change.renewal?.periodId ?? stored.periodId, priced: effects.priced, servicePeriod: servicePeriod,
            seq: seq)
        // What the subscription was until the change: billing prices each day by the period and
        // amounts in effect then (Billing.md).
        try store.recordHistory(
            of: subscriptionId, periodId: stored.periodId,
            until: change.renewal?.start ?? commit.context.asOf, cause: change.renewal == nil ? "upgrade" : "renewal",
            batchKey: batchKey, seq: seq)
        // The same change the judge lays over its in-batch history, so a later batch sees what a
        // later request of this batch saw.
        if let renewal = change.renewal {
            try store.renewSubscription(subscriptionId, periodId: renewal.periodId, periodEnd: renewal.end)
        }
        if let amounts = change.newAmounts {
            try store.replaceAmounts(of: subscriptionId, with: amounts)
        }
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
        // What its invoice (and a credit note later) is rendered from; an order without an invoice
        // never needs it (Invoices.md).
        let pricedText = order.invoiceNumber == nil ? nil : priced.map { PricedOrderText.encode($0, servicePeriod: servicePeriod) }
        let row = SalesOrderRow(
            salesOrderId: salesOrderId, order: order, action: action, planId: planId, periodId: periodId, priced: priced,
            pricedText: pricedText, seq: seq)
        try store.insertSalesOrder(row, batchKey: batchKey)
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
            try store.cancelSubscription(subscriptionId)
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
        try store.cancelSalesOrder(salesOrderId, creditNoteNumber: charge.creditNoteNumber)
        try recordChange(.salesOrder, salesOrderId, from: order.status.rawValue, to: SalesOrderStatus.canceled.rawValue)
    }

    /// The charge's open payment voided, what was paid refunded, the credit note numbered.
    private mutating func settlePayment(of charge: CanceledCharge) throws {
        let order = charge.salesOrder
        guard let salesOrderId = order.salesOrderId else { return }
        if let voidedId = charge.voidedPaymentId, var payment = order.payment, payment.id == voidedId {
            try store.voidPayment(voidedId)
            try recordChange(.payment, voidedId, from: payment.status.rawValue, to: PaymentStatus.voided.rawValue)
            // Created earlier in this same batch: its one payments.csv row shows it voided.
            if try !store.voidListedPayment(voidedId, batchKey: batchKey) {
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

    /// A new payment, listed in the batch's payments.
    mutating func insert(_ payment: PaymentRecord, salesOrderId: String, accountId: String?) throws {
        guard let id = payment.id else { return }
        let remittanceReference = CreditorReference.make(paymentId: id)
        let stored = StoredPayment(
            record: payment, id: id, salesOrderId: salesOrderId, accountId: accountId,
            remittanceReference: remittanceReference)
        try store.insertPayment(stored, reseller: commit.batch.reseller, batchKey: batchKey)
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
        let document = DocumentRow(
            number: number, reseller: commit.batch.reseller, year: commit.context.asOf.year, kind: kind,
            salesOrderId: salesOrderId, position: documentPosition)
        try store.insertDocument(document, batchKey: batchKey)
    }

    typealias EntityKind = StateChangeKind

    /// One state change, at the batch's commit time and run date.
    private func recordChange(_ kind: EntityKind, _ id: String, from: String?, to: String) throws {
        try rows.recordChange(kind, id, from: from, to: to)
    }
}
