import GRDB
import OrderFlowCore

/// The `billing` job's work for one reseller and month M (Billing.md), inside the one
/// transaction of its `billing-<YYYY-MM>` batch: the month is recorded as billed with its run
/// date, the months of earlier runs that could not be billed are tried again, every postpaid (and
/// prepay pay-as-you-go) subscription with active days in M is billed, then debts stop or resume
/// subscriptions.
struct BillingRun {
    let commit: SQLiteBatchCommit
    let month: BillingMonth
    let runDate: CalendarDate
    let writer: SQLiteMovedOnWriter

    init(commit: SQLiteBatchCommit, month: BillingMonth, runDate: CalendarDate) {
        self.commit = commit
        self.month = month
        self.runDate = runDate
        // Suspensions and resumptions happen on the run date; the bills are dated the batch's
        // date, the first day after the month.
        self.writer = MovedOnWriter(db: commit.db, batchKey: commit.batchKey, asOf: runDate, recordedAt: commit.recordedAt)
    }

    private var db: Database { commit.db }
    private var reseller: Reseller { commit.context.reseller }
    private var catalog: Catalog { commit.context.catalog }

    func run() throws {
        try db.execute(
            sql: "INSERT INTO billing_months (reseller, month, batch_key, run_date) VALUES (?, ?, ?, ?)",
            arguments: [reseller.id, month.description, commit.batchKey, runDate.description])
        let history = LedgerHistory(db)
        defer { history.close() }
        var ids = try LedgerIdentifiers(db, reportingTo: history)
        var bills = Bills(run: self, effects: try EffectsWriter(commit: commit), promos: try promoCodes())
        for (subscriptionId, earlier) in try retries() {
            try bills.bill(subscriptionId, in: earlier, ids: &ids)
        }
        for number in try candidates() {
            try bills.bill("\(IdKind.subscription.rawValue)-\(number)", in: month, ids: &ids)
        }
        try history.check()
        try ids.save()
        try DebtCheck(store: commit.store, reseller: reseller.id, runDate: runDate, writer: writer).suspendAndResume()
    }

    /// Subscriptions a month of which an earlier run could not bill (`CURRENCY_NOT_AVAILABLE`), not
    /// billed since: oldest month first.
    private func retries() throws -> [(String, BillingMonth)] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT DISTINCT r.subscription_id, r.month FROM subscription_bills r
                JOIN batches b ON b.key = r.batch_key
                WHERE b.reseller = ? AND r.outcome = 'rejected' AND r.month < ? AND NOT EXISTS (
                    SELECT 1 FROM subscription_bills d
                    WHERE d.subscription_id = r.subscription_id AND d.month = r.month AND d.outcome <> 'rejected')
                ORDER BY r.month, CAST(substr(r.subscription_id, 5) AS INTEGER)
                """,
            arguments: [reseller.id, month.description]
        ).compactMap { row in BillingMonth(row["month"] as String).map { (row["subscription_id"], $0) } }
    }

    /// The reseller's subscriptions that may have active days in M: postpaid, or prepay on a
    /// pay-as-you-go plan, started by M's last day and not ended before M (a subscription canceled
    /// long ago is not read again every month), by number. Read in stored (text) order, which
    /// needs no sort in SQLite, and held as 8-byte numbers sorted here: 8 MB a million
    /// subscriptions, where the ids and SQLite's sort held about 100 bytes each (BENCHMARKS.md).
    private func candidates() throws -> [Int64] {
        let payg = catalog.products.flatMap(\.plans).filter { $0.billing == .payg }.map(\.id)
        let paygList = payg.isEmpty ? "" : " OR plan_id IN (" + payg.map { _ in "?" }.joined(separator: ", ") + ")"
        let ids = try String.fetchCursor(
            db,
            sql: """
                SELECT id FROM subscriptions
                WHERE reseller = ? AND activation_date IS NOT NULL AND activation_date <= ?
                    AND (status IN ('Active', 'Stopped') OR (status = 'Canceled' AND EXISTS (
                        SELECT 1 FROM state_changes c WHERE c.entity_kind = 'subscription' AND c.entity_id = subscriptions.id
                            AND c.to_status = 'Canceled' AND c.as_of > ?)))
                    AND (payment_model = 'postpay'\(paygList))
                ORDER BY id
                """,
            arguments: StatementArguments([reseller.id, month.lastDay.description, month.firstDay.description] + payg))
        var numbers: [Int64] = []
        while let id = try ids.next() {
            guard let number = IdKind.subscription.number(of: id) else {
                throw LedgerError.unusable("subscription id \(id) is not \(IdKind.subscription.rawValue)-<number>")
            }
            numbers.append(number)
        }
        return numbers.sorted()
    }

    /// The promo each of the reseller's new orders was quoted with, by subscription: deducted
    /// from its first bill (Billing.md).
    private func promoCodes() throws -> [String: String] {
        var codes: [String: String] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT so.subscription_id, p.code FROM promo_uses p JOIN sales_orders so ON so.id = p.sales_order_id
                WHERE p.reseller = ? AND so.action = 'order' AND so.subscription_id IS NOT NULL
                """,
            arguments: [reseller.id])
        while let row = try rows.next() { codes[row["subscription_id"]] = row["code"] }
        return codes
    }

    /// Bills one subscription's month at a time, writing what it makes.
    struct Bills {
        let run: BillingRun
        var effects: SQLiteEffectsWriter
        let promos: [String: String]
        var position: Int64 = 0

        init(run: BillingRun, effects: SQLiteEffectsWriter, promos: [String: String]) {
            self.run = run
            self.effects = effects
            self.promos = promos
        }

        private var db: Database { run.db }

        mutating func bill(_ subscriptionId: String, in month: BillingMonth, ids: inout LedgerIdentifiers) throws {
            guard let subscription = try BilledSubscription.load(subscriptionId, catalog: run.catalog, db),
                let (_, plan) = run.catalog.plan(id: subscription.planId),
                subscription.paymentModel == .postpay || plan.billing == .payg
            else { return }
            let segments = subscription.timeline.segments(in: month, plan: plan)
            guard let days = subscription.timeline.countedDays(in: month, plan: plan), !segments.isEmpty else { return }
            let firstBill = try !subscription.wasBilled(db)
            let input = PostpaidBill.Input(
                month: month, plan: plan, billingCurrency: subscription.currency, segments: segments,
                usageMax: try subscription.usageMax(days, db), firstBill: firstBill && !subscription.imported,
                upgrades: subscription.timeline.upgrades(in: month),
                promo: firstBill ? promos[subscriptionId].flatMap { run.catalog.promo(code: $0) } : nil,
                customer: subscription.customer)
            var row = BillRow(subscriptionId: subscriptionId, accountId: subscription.accountId, month: month)
            switch PostpaidBill.price(input, catalog: run.catalog, reseller: run.reseller) {
            case .failure(let error):
                row.outcome = "rejected"
                row.errorCode = error.code.rawValue
                row.errorMessage = Self.message(error, month: month)
            case .success(let priced):
                row.currency = priced.currency.code
                row.net = priced.net
                row.tax = priced.tax
                row.total = priced.total
                if priced.total > 0 {
                    try make(priced, subscription, plan: plan, days: days, month: month, row: &row, ids: &ids)
                } else {
                    row.outcome = "nothing"
                }
            }
            position += 1
            try row.store(db, batchKey: run.commit.batchKey, position: position)
        }

        /// The bill: a `Completed` sales order with its invoice, and its payment — from the balance
        /// for prepay pay-as-you-go, what the balance does not cover as a `postpaid` payment.
        private mutating func make(
            _ priced: PricedOrder, _ subscription: BilledSubscription, plan: Plan, days: ClosedRange<CalendarDate>,
            month: BillingMonth, row: inout BillRow, ids: inout LedgerIdentifiers
        ) throws {
            guard let salesOrderId = ids.nextId(.salesOrder),
                let invoice = ids.nextDocumentNumber(reseller: run.reseller, year: month.dayAfter.year)
            else { return }
            let currency = priced.currency
            var owed = priced.total
            if subscription.paymentModel == .prepay, let drawn = try drawFromBalance(subscription, upTo: owed), drawn > 0,
                let paymentId = ids.nextId(.payment)
            {
                owed -= drawn
                let payment = PaymentRecord(
                    id: paymentId, kind: .balance, status: .paid, amount: Money(minorUnits: drawn, currency: currency),
                    dueDate: month.dayAfter)
                try effects.insert(payment, salesOrderId: salesOrderId, accountId: subscription.accountId)
                row.paymentId = paymentId
            }
            var postpaid: PaymentRecord?
            if owed > 0, let paymentId = ids.nextId(.payment) {
                postpaid = PaymentRecord(
                    id: paymentId, kind: .postpaid, status: .waitingForPayment,
                    amount: Money(minorUnits: owed, currency: currency),
                    dueDate: Pricing.dueDate(orderDate: month.dayAfter, reseller: run.reseller))
                row.paymentId = paymentId
            }
            let order = OrderRecord(
                ref: "billing-\(month)/\(subscription.id)", reseller: run.reseller.id, salesOrderId: salesOrderId,
                status: .completed, accountId: subscription.accountId, subscriptionId: subscription.id,
                subscriptionStatus: subscription.status, productId: subscription.productId,
                net: priced.netMoney, tax: priced.taxMoney, total: priced.totalMoney, payment: postpaid,
                provisioningDate: days.lowerBound, activationDate: nil, invoiceNumber: invoice, domain: subscription.domain)
            try effects.storeSalesOrder(
                order, action: "bill", planId: plan.id, periodId: subscription.periodId, priced: priced,
                servicePeriod: ServicePeriod(start: days.lowerBound, end: days.upperBound.adding(days: 1)), seq: position + 1)
            if postpaid == nil, let paymentId = row.paymentId {
                try db.execute(sql: "UPDATE sales_orders SET payment_id = ? WHERE id = ?", arguments: [paymentId, salesOrderId])
            }
            row.outcome = "billed"
            row.salesOrderId = salesOrderId
            row.invoiceNumber = invoice
        }

        /// Takes up to `amount` from the account's balance in the bill's currency; nil when it holds nothing.
        private func drawFromBalance(_ subscription: BilledSubscription, upTo amount: Int64) throws -> Int64? {
            let held = try Int64.fetchOne(
                db, sql: "SELECT amount FROM account_balances WHERE account_id = ? AND currency = ?",
                arguments: [subscription.accountId, subscription.currency.code]) ?? 0
            guard held > 0 else { return nil }
            let drawn = min(held, amount)
            try run.writer.creditBalance(account: subscription.accountId, currency: subscription.currency.code, amount: -drawn)
            return drawn
        }

        static func message(_ error: PricingError, month: BillingMonth) -> String {
            switch error {
            case .noExchangeRate(let from, let to), .noPromoRate(let from, let to):
                return "No exchange rate from \(from) to \(to) is effective on or before \(month.lastDay): add one to the "
                    + "catalog; this month is billed on the next run."
            case .amountTooLarge:
                return error.message
            }
        }
    }
}

