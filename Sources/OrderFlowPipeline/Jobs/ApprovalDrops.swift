import OrderFlowCore
import OrderFlowFormats

/// The `provision` job's drops: managers' approvals of orders waiting in `Installing`
/// (Provisioning.md), one ledger transaction per file.
struct ApprovalDrops: DropHandler {
    let catalog: Catalog
    let ledger: any Ledger
    let hooks: CrashHooks

    func format(ofFileNamed name: String) throws -> BatchHeader.Format {
        try Self.csvOnly(name, what: "approvals")
    }

    func batchId(of claim: FileClaim, path: String) throws -> PreparedDrop {
        try StatementDrops.batchId(ofFileNamed: claim.fileName)
    }

    func commit(_ batch: NewBatch, claim: FileClaim, path: String, lease: ResellerLease) throws -> BatchRecord {
        return try ledger.commitApprovals(batch, catalog: catalog, claimId: claim.claimId, under: lease) { sink in
            _ = try ApprovalCSVReader(path: path).read { row in
                try sink(Self.request(row))
                hooks.reach(.duringCommit)
            }
        }
    }

    static func request(_ row: ApprovalRow) -> ApprovalRequest {
        let decision = row.decision.map { $0 == .approve ? ApprovalRequest.Decision.approve : .reject }
        return ApprovalRequest(
            line: row.line, salesOrderId: row.salesOrderId, decision: decision, decisionText: row.decision?.rawValue ?? row.decisionText ?? "",
            manager: row.manager, comment: row.comment, problems: row.problems)
    }

    func render(_ record: BatchRecord, into files: StagedFiles) throws -> RenderedDrop {
        let outputs = JobOutputs(kind: .approvals, ledger: ledger, catalog: catalog)
        var tally = JobTally()
        try files.append(ApprovalResultsFile.header, to: ApprovalResultsFile.name)
        try ledger.streamApprovalResults(ofBatch: record.key) { result in
            try files.append(ApprovalResultsFile.row(result), to: ApprovalResultsFile.name)
            tally.add(result)
        }
        try outputs.writeMovedOn(record, into: files, tally: &tally)
        try outputs.finish(record, tally, into: files)
        return RenderedDrop(items: tally.lines, rejected: tally.rejectedApprovals)
    }
}

/// An approval drop's `results.csv` (Provisioning.md).
enum ApprovalResultsFile {
    static let name = "results.csv"
    static let columns = ["sales_order_id", "line", "decision", "outcome", "error_code", "error_field", "error_message"]
    static var header: [UInt8] { csvRow(columns) }

    static func row(_ result: ApprovalResult) -> [UInt8] {
        csvRow([
            result.salesOrderId, String(result.line), result.decision, result.outcome.rawValue,
            result.error?.code.rawValue ?? "", result.error?.field ?? "", result.error?.message ?? "",
        ])
    }
}
