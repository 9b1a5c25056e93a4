import Foundation
import OrderFlowCore
import OrderFlowFormats

/// The `reconcile` job's drops: bank statements, camt.053 or CSV (Reconciliation.md), each line
/// matched to the payment its creditor reference names.
struct StatementDrops: DropHandler {
    let catalog: Catalog
    let ledger: any Ledger
    let hooks: CrashHooks
    let progress: (@Sendable (String, Int) -> Void)?

    /// Batch ids of work driven by a date rather than a drop (PipelineFiles.md): no file may take them.
    static let reservedPrefixes = ["provision-", "billing-"]

    func format(ofFileNamed name: String) throws -> BatchHeader.Format {
        if name.hasSuffix(".xml") { return .xml }
        if name.hasSuffix(".csv") { return .csv }
        throw FileError(
            .unsupportedFormat,
            "\(name) is neither .xml nor .csv: drop bank statements as camt.053 XML (.xml) or as CSV (.csv).",
            at: SourceLocation(line: 1, column: 1))
    }

    /// A statement's batch id is its file name without the extension.
    func batchId(of claim: FileClaim, path: String) throws -> PreparedDrop {
        try Self.batchId(ofFileNamed: claim.fileName)
    }

    /// The batch id of a drop of the jobs after the import: its file name without `.xml` or
    /// `.csv`, never one of the ids OrderFlow gives the work it does by date.
    static func batchId(ofFileNamed name: String) throws -> PreparedDrop {
        let location = SourceLocation(line: 1, column: 1)
        let batchId = name.hasSuffix(".xml") || name.hasSuffix(".csv") ? String(name.dropLast(4)) : name
        if let problem = DropFile.batchIdProblem(batchId, at: location) {
            throw FileError(
                problem.code, field: "batchId",
                "The file name gives the batch id '\(batchId)', which is not one: name the file with 1 to 100 letters, digits, '.', '_' or '-', not starting with '.'.",
                at: location)
        }
        if let reserved = reservedPrefixes.first(where: { batchId.hasPrefix($0) }) {
            throw FileError(
                .invalidValue, field: "batchId",
                "Batch ids starting with '\(reserved)' belong to the runs OrderFlow makes by date: rename the file.",
                at: location)
        }
        return PreparedDrop(batchId: batchId, location: location, headerSource: nil)
    }

    func commit(_ batch: NewBatch, claim: FileClaim, path: String, lease: ResellerLease) throws -> BatchRecord {
        let zone = catalog.reseller(id: batch.reseller).flatMap { ResellerTimeZone.resolve($0.timeZone) } ?? .gmt
        return try ledger.commitStatement(batch, catalog: catalog, claimId: claim.claimId, under: lease) { sink in
            var count = 0
            try StatementReader.read(
                path: path, fileName: claim.fileName, header: { _ in },
                line: { line in
                    try sink(Self.entry(line, zone: zone))
                    hooks.reach(.duringCommit)
                    count += 1
                    if count % ImportJob.Options.progressEvery == 0 { progress?(claim.fileName, count) }
                })
        }
    }

    /// The line as reconciliation sees it: a bank's date-time taken in the reseller's zone, a
    /// debit's amount negative, the reason a line is not matched in words.
    static func entry(_ line: StatementLine, zone: TimeZone) -> StatementEntry {
        let kind: StatementEntry.Kind
        switch line.treatment {
        case .unreadable:
            kind = .unreadable(message: line.problems.map { "[\($0.code.rawValue)] \($0.field): \($0.message)" }
                .joined(separator: " "))
        case .ignored(.reversal):
            kind = .ignored(message: "A reversal (RvslInd): the bank took an earlier booking back; handle it by hand.")
        case .ignored(.notBooked):
            kind = .ignored(message: "Not booked (status \(line.status ?? "none")): it is reconciled once a statement lists it as BOOK.")
        case .ignored(.debit):
            kind = .ignored(message: "Money going out (a debit): only credits pay payments.")
        case .credit where line.amount?.minorUnits == 0:
            kind = .ignored(message: "The amount is zero: nothing to apply.")
        case .credit:
            kind = .credit
        }
        let amount = line.amount.map { line.creditDebit == .debit ? -$0.minorUnits : $0.minorUnits }
        return StatementEntry(
            kind: kind, identityKey: line.identity?.key, line: line.location.line,
            bookingDate: line.bookingDate?.day(in: zone), amount: amount, currencyCode: line.amount?.currency.code,
            minorUnits: line.amount?.currency.minorUnits, creditorReference: line.creditorReference,
            reference: line.reference, payer: line.debtorName, bankReference: line.bankReference)
    }

    func render(_ record: BatchRecord, into files: StagedFiles) throws -> RenderedDrop {
        let outputs = JobOutputs(kind: .statement, ledger: ledger, catalog: catalog)
        var tally = JobTally()
        try outputs.writeMovedOn(record, into: files, tally: &tally)
        try outputs.finish(record, tally, into: files)
        return RenderedDrop(items: tally.lines, rejected: tally.needingAttention)
    }
}
