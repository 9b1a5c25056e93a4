import OrderFlowCore

/// The outputs of a `provision-<D>` batch (Provisioning.md): what the run moved on, its credit
/// notes, `expired.csv`, its receipt and its page.
struct ProvisionDayRenderer: BatchRenderer {
    let ledger: any Ledger
    let catalog: Catalog

    func render(_ record: BatchRecord, into files: StagedFiles) throws -> RenderedDrop {
        let outputs = JobOutputs(kind: .provisionDay, ledger: ledger, catalog: catalog)
        var tally = JobTally()
        try outputs.writeMovedOn(record, into: files, tally: &tally)
        try files.append(ExpiredFile.header, to: ExpiredFile.name)
        try ledger.streamTrialEnds(ofBatch: record.key) { row in
            try files.append(ExpiredFile.row(row), to: ExpiredFile.name)
        }
        tally.lines = tally.events.values.reduce(0, +)
        try outputs.finish(record, tally, into: files)
        return RenderedDrop(items: tally.lines, rejected: 0)
    }
}

/// `expired.csv`: the trials a provisioning run ended or converted.
enum ExpiredFile {
    static let name = "expired.csv"
    static let columns = ["subscription_id", "account_id", "plan", "trial_start", "trial_end", "converted_to"]
    static var header: [UInt8] { csvRow(columns) }

    static func row(_ row: TrialEndRow) -> [UInt8] {
        csvRow([
            row.subscriptionId, row.accountId ?? "", row.plan, row.trialStart.description, row.trialEnd.description,
            row.convertedTo ?? "",
        ])
    }
}
