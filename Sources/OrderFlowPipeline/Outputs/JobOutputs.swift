import OrderFlowCore
import OrderFlowFormats

/// What the jobs after the import publish (Reconciliation.md, Provisioning.md, Billing.md): the
/// rows a batch moved on (activations, charges, provisioning events, payments), its credit notes,
/// its receipt and its page, streamed from the ledger. A usage drop moves nothing on: it has a
/// receipt and a page only.
struct JobOutputs {
    enum Kind {
        case statement, approvals, provisionDay, usage, billingMonth

        var title: String {
            switch self {
            case .statement: "Statement"
            case .approvals: "Approvals"
            case .provisionDay: "Provisioning run"
            case .usage: "Usage"
            case .billingMonth: "Billing run"
            }
        }
    }

    let kind: Kind
    let ledger: any Ledger
    let catalog: Catalog

    /// Writes the moved-on files and the credit notes; the caller writes its own files first and
    /// gets the tally to finish with ``finish(_:_:into:)``.
    func writeMovedOn(_ record: BatchRecord, into files: StagedFiles, tally: inout JobTally) throws {
        for (header, name) in [
            (ActivationsFile.header, ActivationsFile.name), (ChargesFile.header, ChargesFile.name),
            (ProvisioningFile.header, ProvisioningFile.name), (PaymentsFile.header, PaymentsFile.name),
        ] {
            try files.append(header, to: name)
        }
        if kind == .statement { try files.append(ReconciliationFile.header, to: ReconciliationFile.name) }
        // The sink's closures escape (a struct holds them): they count into a box, copied back.
        let counted = TallyBox(tally)
        defer { tally = counted.tally }
        try ledger.streamJobOutputs(
            ofBatch: record.key,
            into: JobOutputSink(
                reconciliation: { row in
                    try files.append(ReconciliationFile.row(row), to: ReconciliationFile.name)
                    counted.tally.add(row)
                },
                activation: { row in
                    try files.append(ActivationsFile.row(row), to: ActivationsFile.name)
                    counted.tally.activations += 1
                },
                charge: { row in
                    try files.append(ChargesFile.row(row), to: ChargesFile.name)
                    counted.tally.charges += 1
                },
                provisioning: { row in
                    try files.append(ProvisioningFile.row(row), to: ProvisioningFile.name)
                    counted.tally.events[row.event.rawValue, default: 0] += 1
                },
                payment: { payment in
                    try files.append(PaymentsFile.row(payment), to: PaymentsFile.name)
                    counted.tally.payments.add(payment)
                }))
        try DocumentsFolder(catalog: catalog).write(ofBatch: record.key, ledger: ledger, into: files) { number, kind in
            counted.tally.payments.add(document: number, kind: kind)
        }
    }

    /// `receipt.json` and `report.html`.
    func finish(_ record: BatchRecord, _ tally: JobTally, into files: StagedFiles) throws {
        try files.append(JobReceiptFile.render(record, tally, kind: kind), to: ReceiptFile.name)
        let batch = record.batch
        var report = StatementReport(
            resellerId: batch.reseller, resellerName: catalog.reseller(id: batch.reseller)?.name ?? batch.reseller,
            batchId: batch.batchId, fileName: batch.fileName, asOf: batch.asOf, sha256: batch.sha256, lines: tally.lines,
            outcomes: tally.outcomeCounts(kind), sums: tally.sums.keys.sorted().compactMap { tally.sums[$0] },
            activations: tally.activations, charges: tally.charges, attention: tally.attention,
            attentionTotal: tally.needingAttention)
        report.kind = kind.title
        report.facts = Self.facts(tally)
        switch kind {
        case .statement: break
        case .approvals:
            report.itemsName = "Rows"
            report.outcomesHeading = "Rows by outcome"
            report.files = ["results.csv"]
        case .provisionDay:
            report.itemsName = "Events"
            report.outcomesHeading = "Events"
            report.outcomeColumn = "Event"
            report.showsAttention = false
            report.files = ["expired.csv"]
        case .usage:
            report.itemsName = "Rows"
            report.outcomesHeading = "Rows by outcome"
            report.files = tally.rejectedUsage > 0 ? ["results.csv", "rejected.csv"] : ["results.csv"]
            report.movesOn = false
            report.facts = []
            report.amountColumn = "Quantity"
            report.referenceColumn = "Subscription, resource, day"
        case .billingMonth:
            report.itemsName = "Subscriptions"
            report.outcomesHeading = "Subscriptions by outcome"
            report.files = ["results.csv", "suspensions.csv"]
            report.facts += tally.billedFacts
        }
        try files.append(StatementReportPage.render(report), to: ReportFile.name)
    }
}

extension JobOutputs {
    /// The payments the batch changed and its credit notes, for the page's heading.
    static func facts(_ tally: JobTally) -> [StatementReport.Fact] {
        let payments = tally.payments.payments.values.reduce(0) { $0 + $1.count }
        var facts = [StatementReport.Fact("Payments changed", String(payments))]
        let documents = tally.payments.documents
        if let first = documents.first, let last = documents.last {
            let count = documents.reduce(0) { $0 + $1.count }
            let label = tally.bills.isEmpty ? "Credit notes" : "Invoices"
            facts.append(.init(label, first.first == last.last ? first.first : "\(count): \(first.first) to \(last.last)"))
        }
        return facts
    }
}

final class TallyBox {
    var tally: JobTally
    init(_ tally: JobTally) { self.tally = tally }
}
