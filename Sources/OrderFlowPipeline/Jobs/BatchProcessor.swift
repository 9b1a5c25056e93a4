import Logging
import OrderFlowCore
import OrderFlowFormats

/// One claimed file, from `processing/` to the outbox or `failed/` (Operations.md):
///
/// ```
/// format? size? ─► SHA-256 ─► duplicate file? ─► header (reseller, batch id) ─► batch id reused?
///   ─► commit (judge + store, one transaction) ─► publish from the ledger ─► input moved ─► claim done
/// ```
///
/// Every step before the commit is redone after a crash; after it, publishing re-renders the
/// same bytes from the ledger, so a rerun leaves byte-identical outputs.
struct BatchProcessor {
    let config: PipelineConfig
    let catalog: Catalog
    let ledger: any Ledger
    let hooks: CrashHooks
    let progress: (@Sendable (String, Int) -> Void)?
    let clock: WallClock
    let logger: Logger

    enum Outcome: Sendable, Equatable {
        /// Committed (now or before a crash) and published.
        case published(batchId: String, rejected: Int, conflicts: [String])
        /// The whole file failed with these codes (empty: it had failed before a crash).
        case failed(name: String, codes: [ErrorCode])
    }

    var folders: PipelineFolders { config.folders }

    func process(_ claim: FileClaim, lease: ResellerLease) throws -> Outcome {
        let path = folders.processingPath(claim)
        var batchKey = claim.batchKey
        if batchKey == nil {
            guard (try? FileFacts.size(ofRegularFile: path)) != nil else {
                // Already moved to failed/ before a crash: only the claim is left to close.
                try ledger.finishClaim(claimId: claim.claimId, under: lease)
                return .failed(name: claim.fileName, codes: [])
            }
            switch try commit(claim, path: path, lease: lease) {
            case .committed(let key):
                batchKey = key
            case .failed(let error):
                hooks.reach(.beforeFailedMove)
                let failed = try FailedFolder(root: folders.failed, mode: config.outputMode).fail(
                    path: path, reseller: claim.reseller, originalName: claim.fileName, diagnostics: error.diagnostics)
                try ledger.finishClaim(claimId: claim.claimId, under: lease)
                logger.notice(
                    "file failed",
                    metadata: ["reseller": "\(claim.reseller)", "file": "\(claim.fileName)", "failedAs": "\(failed.name)",
                               "codes": "\(error.diagnostics.map(\.code.rawValue).joined(separator: ","))"])
                return .failed(name: claim.fileName, codes: error.diagnostics.map(\.code))
            }
        }
        guard let batchKey else { preconditionFailure("a committed claim has its batch key") }
        hooks.reach(.afterCommit)
        // The fence: publish only while the lease is still ours.
        _ = try ledger.renewLease(lease, now: clock.milliseconds, duration: config.lease)
        let published = try publish(batchKey: batchKey, reseller: claim.reseller, inputPath: path)
        hooks.reach(.beforeFinish)
        try ledger.finishClaim(claimId: claim.claimId, under: lease)
        logger.info(
            "batch published",
            metadata: ["reseller": "\(claim.reseller)", "batch": "\(published.batchId)",
                       "requests": "\(published.requests)", "rejected": "\(published.rejected)"])
        return .published(batchId: published.batchId, rejected: published.rejected, conflicts: published.conflicts)
    }

    private enum CommitResult { case committed(Int64), failed(FileError) }

    /// The file's header, read against the folder's reseller. When the reader finds the file names
    /// another one, a reseller the catalog does not have is `UNKNOWN_RESELLER` rather than the
    /// mismatch (ErrorCodes.md, UNKNOWN_RESELLER).
    private func readHeader(path: String, fileName: String, folderReseller: String) throws -> BatchHeader {
        do {
            return try DropReader.header(path: path, fileName: fileName, expectedReseller: folderReseller)
        } catch let mismatch as FileError where mismatch.diagnostics.contains(where: { $0.code == .resellerMismatch }) {
            if let named = try? DropReader.header(path: path, fileName: fileName, expectedReseller: nil) {
                _ = try DropFile.reseller(of: named, catalog: catalog, inboxOwner: nil)
            }
            throw mismatch
        }
    }

    private func commit(_ claim: FileClaim, path: String, lease: ResellerLease) throws -> CommitResult {
        do {
            let format = try DropFile.format(ofFileNamed: claim.fileName)
            let size = try FileFacts.size(ofRegularFile: path)
            if size > config.maxFileBytes {
                throw FileError(
                    .fileTooLarge,
                    "The file has \(size) bytes, more than this pipeline's maxFileBytes (\(config.maxFileBytes)): split it into smaller batches.",
                    at: SourceLocation(line: 1, column: 1))
            }
            let sha256 = try FileFacts.sha256(ofRegularFile: path)
            if let existing = try ledger.committedBatch(reseller: claim.reseller, sha256: sha256) {
                throw FileError(
                    .duplicateFile,
                    "This file was already imported as batch \(existing.batch.batchId) (\(existing.batch.fileName)); nothing was imported again.",
                    at: SourceLocation(line: 1, column: 1))
            }
            let header = try readHeader(path: path, fileName: claim.fileName, folderReseller: claim.reseller)
            let (reseller, batchId) = try DropReader.checkHeader(header, catalog: catalog, inboxOwner: claim.reseller)
            if let existing = try ledger.committedBatch(reseller: reseller.id, batchId: batchId) {
                throw FileError(
                    .batchIdReused, field: "batchId",
                    "Batch id \(batchId) was already used by \(existing.batch.fileName) with other content: give this batch a new id.",
                    at: header.location)
            }
            hooks.reach(.beforeCommit)
            let batch = NewBatch(
                reseller: reseller.id, batchId: batchId, fileName: claim.fileName, format: format, sha256: sha256,
                asOf: claim.asOf, policy: config.onInvalidOrder, headerSource: header.headerSource)
            let record = try ledger.commitBatch(batch, catalog: catalog, claimId: claim.claimId, under: lease) { sink in
                var count = 0
                let (fileName, resellerId) = (claim.fileName, reseller.id)
                // The file is parsed on a second thread while this one judges and stores.
                try ReadAhead.run(
                    read: { emit in
                        try DropReader.read(
                            path: path, fileName: fileName, expectedReseller: resellerId, header: { _ in }, request: emit)
                    },
                    request: { raw in
                        try sink(raw)
                        hooks.reach(.duringCommit)
                        count += 1
                        if count % ImportJob.Options.progressEvery == 0 { progress?(claim.fileName, count) }
                    })
            }
            return .committed(record.key)
        } catch let error as FileError {
            return .failed(error)
        }
    }

    struct Published {
        var batchId: String
        var requests: Int
        var rejected: Int
        /// Outputs that met a different existing file (moved to `failed/`).
        var conflicts: [String]
    }

    /// Renders from the ledger while streaming it (constant memory whatever the batch's size),
    /// publishes the batch's files together, then moves the input in.
    private func publish(batchKey: Int64, reseller: String, inputPath: String) throws -> Published {
        Staging.removeLeftovers(in: PipelinePath(root: folders.outbox, reseller))
        let publisher = FilePublisher(conflictFolder: folders.failedFolder(reseller: reseller), mode: config.outputMode)
        var tally = ReceiptFile.Tally()
        var rejected = 0
        guard let record = try ledger.committedBatch(key: batchKey) else {
            throw LedgerError.unusable("batch \(batchKey) has no record")
        }
        let batch = record.batch
        let directory = folders.outboxPath(reseller: batch.reseller, batchId: batch.batchId)
        var documents = BatchReport.Documents(), rejections = BatchReport.Rejections()
        let report = try publisher.publish(into: directory) { files in
            let stream = RejectedFile.Stream(batch: batch)
            try files.append(ResultsFile.header, to: ResultsFile.name)
            try files.append(PaymentsFile.header, to: PaymentsFile.name)
            try ledger.streamOutputs(
                ofBatch: batchKey,
                result: { result, request in
                    try files.append(ResultsFile.row(result), to: ResultsFile.name)
                    tally.add(result)
                    guard let request else { return }
                    if rejected == 0 { try files.append(stream.head, to: stream.name) }
                    rejected += 1
                    try files.append(stream.piece(request), to: stream.name)
                    rejections.add(.init(ref: result.ref, line: request.line, errors: request.diagnostics))
                },
                payment: { payment in
                    try files.append(PaymentsFile.row(payment), to: PaymentsFile.name)
                    tally.add(payment)
                })
            if rejected > 0 { try files.append(stream.tail, to: stream.name) }
            try DocumentsFolder(catalog: catalog).write(ofBatch: batchKey, ledger: ledger, into: files) { number, kind in
                tally.add(document: number, kind: kind)
                documents.add(number, kind: kind == .invoice ? .invoice : .creditNote)
            }
            try files.append(ReceiptFile.render(record, tally), to: ReceiptFile.name)
            try files.append(
                ReportFile.render(
                    record, tally, resellerName: catalog.reseller(id: batch.reseller)?.name ?? batch.reseller,
                    documents: documents, rejections: rejections, rejectedFile: rejected > 0 ? stream.name : nil),
                to: ReportFile.name)
        }
        var conflicts = report.conflicts.map(\.name)
        hooks.reach(.afterPublish)
        if (try? FileFacts.size(ofRegularFile: inputPath)) != nil {
            let placed = try publisher.moveIntoPlace(from: inputPath, to: directory, name: "input." + batch.format.rawValue)
            if case .conflict(let movedTo) = placed {
                conflicts.append("input." + batch.format.rawValue)
                logger.error(
                    "the outbox already holds another input for this batch; this one was moved aside",
                    metadata: ["batch": "\(batch.batchId)", "movedTo": "\(movedTo)"])
            }
        }
        for conflict in report.conflicts {
            logger.error(
                "an output already exists with other content; the new one was moved aside",
                metadata: ["batch": "\(batch.batchId)", "file": "\(conflict.name)", "movedTo": "\(conflict.movedTo)"])
        }
        return Published(batchId: batch.batchId, requests: tally.requests, rejected: rejected, conflicts: conflicts)
    }
}
