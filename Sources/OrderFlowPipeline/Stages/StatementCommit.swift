import OrderFlowCore

/// The commit stage of a bank statement (Reconciliation.md), inside the batch's one transaction:
/// each line as the file streams by is recognized (duplicate?), matched by its creditor reference,
/// applied to its payment, and whatever the payment completes moved on; then the payments still
/// open past their due date are listed. Every output row is stored here, so publishing re-renders
/// the same bytes after a crash. Through ``MovedOnStore``, on either engine.
struct StatementCommit<Store: MovedOnStore> {
    let store: Store
    let batchKey: Int64
    let batch: NewBatch
    let catalog: Catalog
    let recordedAt: Int64
    var seq: Int64 = 0
    var writer: MovedOnWriter<Store>

    init(store: Store, batchKey: Int64, batch: NewBatch, catalog: Catalog, recordedAt: Int64) {
        self.store = store
        self.batchKey = batchKey
        self.batch = batch
        self.catalog = catalog
        self.recordedAt = recordedAt
        self.writer = MovedOnWriter(store: store, batchKey: batchKey, asOf: batch.asOf, recordedAt: recordedAt)
    }

    mutating func run(entries: (_ sink: (StatementEntry) throws -> Void) throws -> Void) throws {
        try entries { entry in try reconcile(entry) }
        try listOverduePayments()
        // A paid monthly bill, or money on the balance, may bring a stopped subscription's debt
        // back to its threshold (Billing.md, debt).
        try DebtCheck(store: store, reseller: batch.reseller, runDate: batch.asOf, writer: writer).resumeCleared()
    }

    private mutating func reconcile(_ entry: StatementEntry) throws {
        var row = ReconciliationRow(outcome: .unreadable, message: "")
        row.line = entry.line
        row.bookingDate = entry.bookingDate
        row.amount = entry.amount
        row.currency = entry.currencyCode
        row.minorUnits = entry.minorUnits
        row.reference = entry.reference
        row.payer = entry.payer
        row.bankReference = entry.bankReference
        switch entry.kind {
        case .unreadable(let message):
            row.message = message
        case .ignored(let message):
            row.outcome = .ignored
            row.message = message
        case .credit:
            try credit(entry, &row)
        }
        seq += 1
        try writer.store(row, seq: seq)
    }

    private mutating func credit(_ entry: StatementEntry, _ row: inout ReconciliationRow) throws {
        guard let identity = entry.identityKey, let amount = entry.amount, let code = entry.currencyCode,
            let minorUnits = entry.minorUnits, let bookedOn = entry.bookingDate
        else {
            row.message = "The line lacks its amount, currency, booking date or identity: reconcile it by hand."
            return
        }
        if let earlier = try writer.recordLine(identity, reseller: batch.reseller, seq: seq + 1) {
            row.outcome = .duplicate
            row.message = "This bank line was reconciled before (statement \(earlier.batchId), line \(earlier.line)): nothing was applied again."
            return
        }
        guard let reference = entry.creditorReference else {
            row.outcome = .unmatched
            row.message = "No valid ISO 11649 creditor reference (RF…) in the remittance information: find the payment by hand and apply the money with a statement line that names its reference."
            return
        }
        guard let payment = try store.openPayment(remittanceReference: reference, reseller: batch.reseller) else {
            row.outcome = .unmatched
            row.message = "\(reference) names no payment of this reseller: check the reference with the payer."
            return
        }
        let credit = Money(minorUnits: amount, currency: Currency(code: code, minorUnits: minorUnits))
        let applied = CreditApplication.apply(credit, to: payment.state)
        row.outcome = applied.outcome
        row.paymentId = payment.id
        row.salesOrderId = payment.salesOrderId
        row.accountId = payment.accountId
        row.amountApplied = applied.applied
        row.balanceCredited = applied.credited
        row.paymentStatus = applied.statusAfter
        row.dueDate = payment.dueDate
        row.message = Self.message(applied, payment: payment, entryCurrency: code)
        if applied.credited > 0, let account = payment.accountId {
            try writer.creditBalance(account: account, currency: code, amount: applied.credited)
        }
        guard applied.applied > 0 else { return }
        try writer.updatePayment(payment, paid: applied.paidAfter, status: applied.statusAfter, paidOn: bookedOn)
        if applied.completesPayment {
            try PaidOrderStep(store: store, catalog: catalog, writer: writer).run(payment: payment, bookedOn: bookedOn)
        }
    }

    static func message(_ applied: CreditApplication, payment: OpenPayment, entryCurrency: String) -> String {
        let due = Money.format(payment.state.stillDue - applied.applied, minorUnits: payment.state.amount.currency.minorUnits)
        switch applied.outcome {
        case .matched: return "Paid in full."
        case .partial: return "Partly paid: \(due) \(payment.state.amount.currency.code) is still due."
        case .overpaid where payment.state.status == .voided:
            return "Payment \(payment.id) was voided (its order was canceled): the whole amount was credited to the account's balance."
        case .overpaid where payment.state.status == .paid:
            return "Payment \(payment.id) was already paid: the whole amount was credited to the account's balance."
        case .overpaid: return "Paid in full; the amount above what was due was credited to the account's balance."
        case .currencyMismatch:
            return "The payment is in \(payment.state.amount.currency.code), the money came in \(entryCurrency): nothing was applied; the amount was credited to the account's \(entryCurrency) balance."
        default: return ""
        }
    }

    /// The reseller's payments still open after the statement whose due date is before the run
    /// date, by payment id: what a collector works through.
    private mutating func listOverduePayments() throws {
        // The loop writes only reconciliation rows, never the payments it reads.
        try store.overduePayments(reseller: batch.reseller, dueBefore: batch.asOf) { payment in
            let currency = payment.currency
            let dueDate = payment.dueDate
            var row = ReconciliationRow(
                outcome: .overdue,
                message: "Due on \(dueDate), \(dueDate.days(until: batch.asOf)) days before the run date: remind the payer.")
            row.amount = payment.amount - payment.paid
            row.currency = currency.code
            row.minorUnits = currency.minorUnits
            row.reference = CreditorReference.make(paymentId: payment.id)
            row.paymentId = payment.id
            row.salesOrderId = payment.salesOrderId
            row.accountId = payment.accountId
            row.paymentStatus = payment.status
            row.dueDate = dueDate
            seq += 1
            try writer.store(row, seq: seq)
        }
    }
}
