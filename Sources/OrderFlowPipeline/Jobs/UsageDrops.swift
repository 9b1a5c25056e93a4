import OrderFlowCore
import OrderFlowFormats

/// The `billing` job's drops: usage files, one row per subscription, day and resource measured
/// (Billing.md, usage drops), one ledger transaction per file.
///
/// ```
/// name → batch id ─► header (kept for rejected.csv) ─► commit: each row read, judged, stored
///   ─► publish from the ledger: results.csv, rejected.csv, receipt.json, report.html
/// ```
struct UsageDrops: DropHandler {
    let catalog: Catalog
    let ledger: any Ledger
    let hooks: CrashHooks
    let progress: (@Sendable (String, Int) -> Void)?

    func format(ofFileNamed name: String) throws -> BatchHeader.Format {
        try Self.csvOnly(name, what: "usage")
    }

    /// The file name without `.csv` (never a `billing-` or `provision-` id), and the header row as
    /// written: both are checked before the commit, and every problem of either fails the file.
    func batchId(of claim: FileClaim, path: String) throws -> PreparedDrop {
        var problems: [Diagnostic] = []
        var prepared: PreparedDrop?
        var header: String?
        do {
            prepared = try StatementDrops.batchId(ofFileNamed: claim.fileName)
        } catch let error as FileError {
            problems += error.diagnostics
        }
        do {
            header = try UsageCSVReader(path: path).header()
        } catch let error as FileError {
            problems += error.diagnostics
        }
        guard var prepared, problems.isEmpty else { throw FileError(problems) }
        prepared.headerSource = header
        return prepared
    }

    func commit(_ batch: NewBatch, claim: FileClaim, path: String, lease: ResellerLease) throws -> BatchRecord {
        try ledger.commitUsage(batch, catalog: catalog, claimId: claim.claimId, under: lease) { sink in
            var count = 0
            try UsageCSVReader(path: path).read { row in
                try sink(row)
                hooks.reach(.duringCommit)
                count += 1
                if count % ImportJob.Options.progressEvery == 0 { progress?(claim.fileName, count) }
            }
        }
    }

    func render(_ record: BatchRecord, into files: StagedFiles) throws -> RenderedDrop {
        var tally = JobTally()
        let rejected = RejectedFile.Stream(batch: record.batch)
        try files.append(UsageResultsFile.header, to: UsageResultsFile.name)
        try ledger.streamUsageResults(ofBatch: record.key) { result, request in
            try files.append(UsageResultsFile.row(result), to: UsageResultsFile.name)
            tally.add(result)
            guard let request else { return }
            if tally.rejectedUsage == 1 { try files.append(rejected.head, to: rejected.name) }
            try files.append(rejected.piece(request), to: rejected.name)
        }
        if tally.rejectedUsage > 0 { try files.append(rejected.tail, to: rejected.name) }
        try JobOutputs(kind: .usage, ledger: ledger, catalog: catalog).finish(record, tally, into: files)
        return RenderedDrop(items: tally.lines, rejected: tally.rejectedUsage)
    }
}

/// A usage drop's `results.csv` (Billing.md, usage drops): one row per row of the file, in order.
enum UsageResultsFile {
    static let name = "results.csv"
    static let columns = [
        "line", "subscription_id", "date", "resource", "quantity", "outcome", "error_code", "error_field", "error_message",
    ]
    static var header: [UInt8] { csvRow(columns) }

    static func row(_ result: UsageResult) -> [UInt8] {
        csvRow([
            String(result.line), result.subscriptionId, result.date, result.resource, result.quantity,
            result.outcome.rawValue, result.error?.code.rawValue ?? "", result.error?.field ?? "",
            result.error?.message ?? "",
        ])
    }
}
