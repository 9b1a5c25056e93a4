import OrderFlowCore
import OrderFlowFormats

/// `report.html` (Outputs.md): the batch for a person to look at, rendered from what the receipt
/// sums, the documents and the rejected requests as they stream from the ledger at publish.
enum ReportFile {
    static let name = "report.html"

    static func render(
        _ record: BatchRecord, _ tally: ReceiptFile.Tally, resellerName: String, documents: BatchReport.Documents,
        rejections: BatchReport.Rejections, rejectedFile: String?
    ) -> [UInt8] {
        let batch = record.batch
        let counts = tally.counts.keys.sorted().map { action in
            BatchReport.ActionCounts(
                action: action, accepted: tally.counts[action]?[.accepted] ?? 0,
                rejected: tally.counts[action]?[.rejected] ?? 0, duplicate: tally.counts[action]?[.duplicate] ?? 0)
        }
        let totals = tally.totals.keys.sorted().compactMap { code -> BatchReport.CurrencyTotals? in
            guard let (currency, sums) = tally.totals[code] else { return nil }
            return BatchReport.CurrencyTotals(currency: currency, net: sums.net, tax: sums.tax, total: sums.total)
        }
        let payments = tally.payments.keys.sorted(by: ReceiptFile.PaymentKey.inReceiptOrder).compactMap {
            key -> BatchReport.PaymentTotals? in
            guard let sum = tally.payments[key] else { return nil }
            return BatchReport.PaymentTotals(
                kind: key.kind, status: key.status, currency: key.currency, count: sum.count, amount: sum.amount)
        }
        return BatchReportPage.render(
            BatchReport(
                resellerId: batch.reseller, resellerName: resellerName, batchId: batch.batchId, fileName: batch.fileName,
                asOf: batch.asOf, sha256: batch.sha256, onInvalidOrder: batch.policy.rawValue, counts: counts,
                totals: totals, payments: payments, documents: documents, rejections: rejections,
                rejectedFile: rejectedFile))
    }
}
