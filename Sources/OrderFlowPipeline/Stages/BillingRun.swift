import OrderFlowCore

/// The `billing` job's work for one reseller and month M (Billing.md), inside the one
/// transaction of its `billing-<YYYY-MM>` batch: the month is recorded as billed with its run
/// date, the months of earlier runs that could not be billed are tried again, every postpaid (and
/// prepay pay-as-you-go) subscription with active days in M is billed, then debts stop or resume
/// subscriptions. Through ``BillingStore``, on either engine.
struct BillingRun<Store: BillingStore> {
    let commit: BatchCommit<Store>
    let month: BillingMonth
    let runDate: CalendarDate
    let writer: MovedOnWriter<Store>

    init(commit: BatchCommit<Store>, month: BillingMonth, runDate: CalendarDate) {
        self.commit = commit
        self.month = month
        self.runDate = runDate
        // Suspensions and resumptions happen on the run date; the bills are dated the batch's
        // date, the first day after the month.
        self.writer = MovedOnWriter(
            store: commit.store, batchKey: commit.batchKey, asOf: runDate, recordedAt: commit.recordedAt)
    }

    private var store: Store { commit.store }
    private var reseller: Reseller { commit.context.reseller }
    private var catalog: Catalog { commit.context.catalog }

    func run() throws {
        try store.recordBilledMonth(reseller: reseller.id, month: month, runDate: runDate, batchKey: commit.batchKey)
        // A billing batch records no promo use, so leaving its own out changes nothing.
        let history = store.history(excludingBatch: commit.batchKey)
        defer { history.close() }
        var ids = try LedgerIdentifiers(store, reportingTo: history)
        var bills = Bills(run: self, effects: try EffectsWriter(commit: commit), promos: try promoCodes())
        for (subscriptionId, earlier) in try store.billingRetries(reseller: reseller.id, before: month) {
            try bills.bill(subscriptionId, in: earlier, ids: &ids)
        }
        for number in try candidates() {
            try bills.bill("\(IdKind.subscription.rawValue)-\(number)", in: month, ids: &ids)
        }
        try history.check()
        try ids.save()
        try DebtCheck(store: store, reseller: reseller.id, runDate: runDate, writer: writer).suspendAndResume()
    }

    /// The reseller's subscriptions that may have active days in M (``BillingStore``), by number:
    /// held as 8-byte numbers sorted here, 8 MB a million subscriptions, where the ids and a
    /// database's sort held about 100 bytes each (BENCHMARKS.md).
    private func candidates() throws -> [Int64] {
        let payg = catalog.products.flatMap(\.plans).filter { $0.billing == .payg }.map(\.id)
        var numbers: [Int64] = []
        try store.billingCandidates(reseller: reseller.id, month: month, paygPlans: payg) { id in
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
        try store.promoCodes(reseller: reseller.id) { subscriptionId, code in codes[subscriptionId] = code }
        return codes
    }

    /// Bills one subscription's month at a time, writing what it makes.
    struct Bills {
        let run: BillingRun
        var effects: EffectsWriter<Store>
        let promos: [String: String]
        var position: Int64 = 0

        init(run: BillingRun, effects: EffectsWriter<Store>, promos: [String: String]) {
            self.run = run
            self.effects = effects
            self.promos = promos
        }

        private var store: Store { run.store }

        mutating func bill(_ subscriptionId: String, in month: BillingMonth, ids: inout LedgerIdentifiers) throws {
            guard let subscription = try BilledSubscription.load(subscriptionId, catalog: run.catalog, store),
                let (_, plan) = run.catalog.plan(id: subscription.planId),
                subscription.paymentModel == .postpay || plan.billing == .payg
            else { return }
            let segments = subscription.timeline.segments(in: month, plan: plan)
            guard let days = subscription.timeline.countedDays(in: month, plan: plan), !segments.isEmpty else { return }
            let firstBill = try !store.wasBilled(subscriptionId)
            let input = PostpaidBill.Input(
                month: month, plan: plan, billingCurrency: subscription.currency, segments: segments,
                usageMax: try store.usageMax(of: subscriptionId, within: days), firstBill: firstBill && !subscription.imported,
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
            try store.storeBill(row, batchKey: run.commit.batchKey, position: position)
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
                try store.setPayment(ofSalesOrder: salesOrderId, to: paymentId)
            }
            row.outcome = "billed"
            row.salesOrderId = salesOrderId
            row.invoiceNumber = invoice
        }

        /// Takes up to `amount` from the account's balance in the bill's currency; nil when it holds nothing.
        private func drawFromBalance(_ subscription: BilledSubscription, upTo amount: Int64) throws -> Int64? {
            let held = try store.balance(account: subscription.accountId, currency: subscription.currency.code)
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

