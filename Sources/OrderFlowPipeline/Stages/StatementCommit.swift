import GRDB
import OrderFlowCore

/// The commit stage of a bank statement (Reconciliation.md), inside the batch's one transaction:
/// each line as the file streams by is recognized (duplicate?), matched by its creditor reference,
/// applied to its payment, and whatever the payment completes moved on; then the payments still
/// open past their due date are listed. Every output row is stored here, so publishing re-renders
/// the same bytes after a crash.
struct StatementCommit {
    let db: Database
    let batchKey: Int64
    let batch: NewBatch
    let catalog: Catalog
    let recordedAt: Int64
    var seq: Int64 = 0
    var writer: MovedOnWriter

    init(db: Database, batchKey: Int64, batch: NewBatch, catalog: Catalog, recordedAt: Int64) {
        self.db = db
        self.batchKey = batchKey
        self.batch = batch
        self.catalog = catalog
        self.recordedAt = recordedAt
        self.writer = MovedOnWriter(db: db, batchKey: batchKey, asOf: batch.asOf, recordedAt: recordedAt)
    }

    mutating func run(entries: (_ sink: (StatementEntry) throws -> Void) throws -> Void) throws {
        try entries { entry in try reconcile(entry) }
        try listOverduePayments()
        // A paid monthly bill, or money on the balance, may bring a stopped subscription's debt
        // back to its threshold (Billing.md, debt).
        try DebtCheck(db: db, reseller: batch.reseller, runDate: batch.asOf, writer: writer).resumeCleared()
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
        guard let payment = try OpenPayment.find(remittanceReference: reference, reseller: batch.reseller, db) else {
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
            try PaidOrderStep(db: db, catalog: catalog, writer: writer).run(payment: payment, bookedOn: bookedOn)
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
        // A cursor: the reseller may have any number of open payments, and memory must not grow
        // with them. The loop writes only reconciliation rows, never the payments it reads.
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, sales_order_id, account_id, amount, paid, currency, status, due_date FROM payments
                WHERE reseller = ? AND status IN ('WaitingForPayment', 'PartiallyPaid') AND due_date < ?
                ORDER BY CAST(substr(id, 5) AS INTEGER)
                """,
            arguments: [batch.reseller, batch.asOf.description])
        while let stored = try rows.next() {
            let currency = try LedgerColumns.currency(stored["currency"])
            let still: Int64 = stored["amount"] - (stored["paid"] as Int64)
            let dueDate = try LedgerColumns.date(stored["due_date"] as String)
            var row = ReconciliationRow(
                outcome: .overdue,
                message: "Due on \(dueDate), \(dueDate.days(until: batch.asOf)) days before the run date: remind the payer.")
            row.amount = still
            row.currency = currency.code
            row.minorUnits = currency.minorUnits
            row.reference = CreditorReference.make(paymentId: stored["id"])
            row.paymentId = stored["id"]
            row.salesOrderId = stored["sales_order_id"]
            row.accountId = stored["account_id"]
            row.paymentStatus = try LedgerColumns.status(stored["status"], "payments.status")
            row.dueDate = dueDate
            seq += 1
            try writer.store(row, seq: seq)
        }
    }
}

/// A payment a statement line names, as it stands in the ledger.
struct OpenPayment {
    var id: String
    var kind: PaymentKind
    var postponed: Bool
    var salesOrderId: String?
    var accountId: String?
    var dueDate: CalendarDate
    var state: CreditApplication.PaymentState

    static func find(remittanceReference: String, reseller: String, _ db: Database) throws -> OpenPayment? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT id, kind, postponed, sales_order_id, account_id, due_date, amount, currency, paid, status
                FROM payments WHERE remittance_ref = ? AND reseller = ?
                """)
        guard let row = try Row.fetchOne(statement, arguments: [remittanceReference, reseller]) else { return nil }
        return OpenPayment(
            id: row["id"], kind: try LedgerColumns.status(row["kind"], "payments.kind"), postponed: row["postponed"],
            salesOrderId: row["sales_order_id"], accountId: row["account_id"],
            dueDate: try LedgerColumns.date(row["due_date"] as String),
            state: CreditApplication.PaymentState(
                amount: try LedgerColumns.money(row["amount"], row["currency"]), paid: row["paid"],
                status: try LedgerColumns.status(row["status"], "payments.status")))
    }
}
