import OrderFlowCore
import OrderFlowFormats

/// `receipt.json` of a statement, an approval drop, a provisioning run or a usage drop
/// (Reconciliation.md, Provisioning.md, Billing.md): what the batch held and moved on (a usage
/// drop moves nothing on); no wall-clock time, so a re-render is byte-identical.
enum JobReceiptFile {
    static func render(_ record: BatchRecord, _ tally: JobTally, kind: JobOutputs.Kind) -> [UInt8] {
        let batch = record.batch
        var json = JSONText()
        json.open("{")
        json.field("batchId", string: batch.batchId)
        json.field("reseller", string: batch.reseller)
        if kind != .provisionDay && kind != .billingMonth {
            json.field("fileName", string: batch.fileName)
            json.field("sha256", string: batch.sha256)
        }
        json.field("asOf", string: batch.asOf.description)
        switch kind {
        case .statement:
            json.field("lines", number: tally.lines)
            outcomes(tally.outcomeCounts(kind), &json)
            amounts(tally, &json)
        case .approvals, .usage:
            json.field("rows", number: tally.lines)
            outcomes(tally.outcomeCounts(kind), &json)
        case .provisionDay:
            break
        case .billingMonth:
            json.field("subscriptions", number: tally.lines)
            outcomes(tally.outcomeCounts(kind), &json)
            billed(tally, &json)
            json.field("suspensions", number: tally.suspensions)
        }
        guard kind != .usage else {
            json.close("}")
            return Array((json.text + "\n").utf8)
        }
        json.field("activations", number: tally.activations)
        json.field("charges", number: tally.charges)
        json.key("events")
        json.open("{")
        for event in ProvisioningRow.Event.allCases where tally.events[event.rawValue] != nil {
            json.field(event.rawValue, number: tally.events[event.rawValue] ?? 0)
        }
        json.close("}")
        ReceiptFile.payments(tally.payments, &json)
        if kind != .statement { ReceiptFile.documents(tally.payments, &json) }
        json.close("}")
        return Array((json.text + "\n").utf8)
    }

    private static func outcomes(_ counts: [StatementReport.OutcomeCount], _ json: inout JSONText) {
        json.key("outcomes")
        json.open("{")
        for count in counts { json.field(count.outcome, number: count.count) }
        json.close("}")
    }

    private static func billed(_ tally: JobTally, _ json: inout JSONText) {
        json.key("billed")
        json.open("[")
        for code in tally.billed.keys.sorted() {
            guard let sum = tally.billed[code] else { continue }
            json.open("{")
            json.field("currency", string: code)
            json.field("net", string: Money.format(sum.net, minorUnits: sum.minorUnits))
            json.field("tax", string: Money.format(sum.tax, minorUnits: sum.minorUnits))
            json.field("total", string: Money.format(sum.total, minorUnits: sum.minorUnits))
            json.close("}")
        }
        json.close("]")
    }

    private static func amounts(_ tally: JobTally, _ json: inout JSONText) {
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
    }
}
