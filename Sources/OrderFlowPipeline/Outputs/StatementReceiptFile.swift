import OrderFlowCore
import OrderFlowFormats

/// What a statement's `receipt.json` and `report.html` sum, gathered one row at a time while its
/// outputs stream from the ledger.
struct StatementTally {
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

    var needingAttention: Int { ReconcileOutcome.allCases.filter(\.needsAttention).reduce(0) { $0 + (counts[$1] ?? 0) } }

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

/// `receipt.json` of a statement (Reconciliation.md): lines by outcome, money per currency, what
/// the statement moved on; no wall-clock time, so a re-render is byte-identical.
enum StatementReceiptFile {
    static func render(_ record: BatchRecord, _ tally: StatementTally) -> [UInt8] {
        let batch = record.batch
        var json = JSONText()
        json.open("{")
        json.field("batchId", string: batch.batchId)
        json.field("reseller", string: batch.reseller)
        json.field("fileName", string: batch.fileName)
        json.field("sha256", string: batch.sha256)
        json.field("asOf", string: batch.asOf.description)
        json.field("lines", number: tally.lines)
        json.key("outcomes")
        json.open("{")
        for outcome in ReconcileOutcome.allCases { json.field(outcome.rawValue, number: tally.counts[outcome] ?? 0) }
        json.close("}")
        json.key("amounts")
        json.open("[")
        for code in tally.sums.keys.sorted() {
            guard let sum = tally.sums[code] else { continue }
            json.open("{")
            json.field("currency", string: code)
            for (name, value) in sum.named {
                json.field(name, string: Money.format(value, minorUnits: sum.minorUnits))
            }
            json.close("}")
        }
        json.close("]")
        json.field("activations", number: tally.activations)
        json.field("charges", number: tally.charges)
        json.key("events")
        json.open("{")
        for event in ProvisioningRow.Event.allCases where tally.events[event.rawValue] != nil {
            json.field(event.rawValue, number: tally.events[event.rawValue] ?? 0)
        }
        json.close("}")
        ReceiptFile.payments(tally.payments, &json)
        json.close("}")
        return Array((json.text + "\n").utf8)
    }
}

/// `report.html` of a statement: the receipt's figures and the lines a person must look at.
enum StatementReportFile {
    static func render(_ record: BatchRecord, _ tally: StatementTally, resellerName: String) -> [UInt8] {
        let batch = record.batch
        return StatementReportPage.render(
            StatementReport(
                resellerId: batch.reseller, resellerName: resellerName, batchId: batch.batchId,
                fileName: batch.fileName, asOf: batch.asOf, sha256: batch.sha256, lines: tally.lines,
                outcomes: ReconcileOutcome.allCases.map { ($0.rawValue, tally.counts[$0] ?? 0) }.map {
                    StatementReport.OutcomeCount(outcome: $0.0, count: $0.1)
                },
                sums: tally.sums.keys.sorted().compactMap { tally.sums[$0] }, activations: tally.activations,
                charges: tally.charges, attention: tally.attention, attentionTotal: tally.needingAttention))
    }
}
