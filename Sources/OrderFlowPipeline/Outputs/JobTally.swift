import OrderFlowCore
import OrderFlowFormats

/// What the `receipt.json` and `report.html` of a statement, approval drop, provisioning run or
/// usage drop sum, gathered one row at a time while its outputs stream from the ledger.
struct JobTally {
    /// Statement lines (not the overdue rows).
    var lines = 0
    var counts: [ReconcileOutcome: Int] = [:]
    /// Per currency code: money by what became of it.
    var sums: [String: StatementReport.CurrencySums] = [:]
    var activations = 0
    var charges = 0
    var events: [String: Int] = [:]
    /// The payments the statement changed, by kind, status and currency.
    var payments = ReceiptFile.Tally()
    /// The lines a person must look at, the first ``StatementReport/shownLimit`` of them.
    var attention: [StatementReport.Line] = []

    /// Approval drops: rows by outcome.
    var approvals: [RequestOutcomeKind: Int] = [:]

    /// The page's table: outcomes of the statement's lines, of the approval rows, or the events.
    func outcomeCounts(_ kind: JobOutputs.Kind) -> [StatementReport.OutcomeCount] {
        switch kind {
        case .statement:
            return ReconcileOutcome.allCases.map { .init(outcome: $0.rawValue, count: counts[$0] ?? 0) }
        case .approvals:
            return [RequestOutcomeKind.accepted, .rejected].map { .init(outcome: $0.rawValue, count: approvals[$0] ?? 0) }
        case .provisionDay:
            return ProvisioningRow.Event.allCases.map { .init(outcome: $0.rawValue, count: events[$0.rawValue] ?? 0) }
        case .billingMonth:
            return BillRow.outcomes.map { .init(outcome: $0, count: bills[$0] ?? 0) }
        case .usage:
            return [RequestOutcomeKind.accepted, .rejected].map { .init(outcome: $0.rawValue, count: usage[$0] ?? 0) }
        }
    }

    /// Billing runs: subscriptions by outcome, what was billed per currency, suspensions.
    var bills: [String: Int] = [:]
    var billed: [String: (minorUnits: Int, net: Int128, tax: Int128, total: Int128)] = [:]
    var rejectedBills = 0
    var suspensions = 0

    mutating func add(_ bill: BillRow) {
        lines += 1
        bills[bill.outcome, default: 0] += 1
        if bill.outcome == "billed", let code = bill.currency {
            var sum = billed[code] ?? (Currency(code: code)?.minorUnits ?? 0, 0, 0, 0)
            sum.net += Int128(bill.net ?? 0)
            sum.tax += Int128(bill.tax ?? 0)
            sum.total += Int128(bill.total ?? 0)
            billed[code] = sum
        }
        guard bill.outcome == "rejected" else { return }
        rejectedBills += 1
        if attention.count < StatementReport.shownLimit {
            attention.append(StatementReport.Line(
                line: lines, outcome: bill.errorCode ?? "", amount: "", currency: bill.currency ?? "",
                reference: "\(bill.subscriptionId) \(bill.month)", message: bill.errorMessage ?? ""))
        }
    }

    /// The page's facts of a billing run: totals billed per currency, and the suspensions.
    var billedFacts: [StatementReport.Fact] {
        billed.keys.sorted().compactMap { code in
            billed[code].map { .init("Billed in \(code)", Money.format($0.total, minorUnits: $0.minorUnits)) }
        } + [.init("Suspended", String(suspensions))]
    }

    /// An approval drop's result row.
    mutating func add(_ result: ApprovalResult) {
        lines += 1
        approvals[result.outcome, default: 0] += 1
        guard let error = result.error else { return }
        rejectedApprovals += 1
        if attention.count < StatementReport.shownLimit {
            attention.append(StatementReport.Line(
                line: result.line, outcome: error.code.rawValue, amount: "", currency: "", reference: result.salesOrderId,
                message: error.message))
        }
    }

    var rejectedApprovals = 0

    /// Usage drops: rows by outcome, and how many were rejected.
    var usage: [RequestOutcomeKind: Int] = [:]
    var rejectedUsage = 0

    /// A usage drop's result row.
    mutating func add(_ result: UsageResult) {
        lines += 1
        usage[result.outcome, default: 0] += 1
        guard let error = result.error else { return }
        rejectedUsage += 1
        if attention.count < StatementReport.shownLimit {
            let measured = [result.subscriptionId, result.resource, result.date].filter { !$0.isEmpty }
            attention.append(StatementReport.Line(
                line: result.line, outcome: error.code.rawValue, amount: result.quantity, currency: "",
                reference: measured.joined(separator: " "), message: error.message))
        }
    }

    var needingAttention: Int {
        rejectedApprovals + rejectedBills + rejectedUsage + ReconcileOutcome.allCases.filter(\.needsAttention).reduce(0) { $0 + (counts[$1] ?? 0) }
    }

    mutating func add(_ row: ReconciliationRow) {
        counts[row.outcome, default: 0] += 1
        if row.outcome != .overdue { lines += 1 }
        if let code = row.currency, let amount = row.amount {
            var sum = sums[code] ?? StatementReport.CurrencySums(currency: code, minorUnits: row.minorUnits ?? 0)
            switch row.outcome {
            case .matched, .partial, .overpaid, .currencyMismatch, .unmatched: sum.received += Int128(amount)
            case .overdue: sum.overdue += Int128(amount)
            case .duplicate, .ignored, .unreadable: break
            }
            if row.outcome == .unmatched { sum.unmatched += Int128(amount) }
            sum.applied += Int128(row.amountApplied ?? 0)
            sum.toBalances += Int128(row.balanceCredited ?? 0)
            sums[code] = sum
        }
        if row.outcome.needsAttention, attention.count < StatementReport.shownLimit {
            attention.append(StatementReport.Line(
                line: row.line ?? 0, outcome: row.outcome.rawValue,
                amount: row.amount.map { Money.format($0, minorUnits: row.minorUnits ?? 0) } ?? "",
                currency: row.currency ?? "", reference: row.reference ?? "", message: row.message))
        }
    }
}

