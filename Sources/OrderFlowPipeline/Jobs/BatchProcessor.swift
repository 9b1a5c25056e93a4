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
/// same bytes from the ledger, so a rerun leaves byte-identical outputs. The job runs the three
/// parts (``commit(_:lease:)``, ``publish(_:batchKey:)``, ``finish(_:published:times:lease:)``)
/// so that one file's publish overlaps the next file's commit (``PublishAhead``).
struct BatchProcessor: Sendable {
    let config: PipelineConfig
    let ledger: any Ledger
    /// What this job does with a drop between the shared steps.
    let handler: any DropHandler
    let hooks: CrashHooks
    let clock: WallClock
    let logger: Logger

    enum Outcome: Sendable, Equatable {
        /// Committed (now or before a crash) and published.
        case published(batchId: String, rejected: Int, conflicts: [String])
        /// The whole file failed with these codes (empty: it had failed before a crash).
        case failed(name: String, codes: [ErrorCode])
    }

    var folders: PipelineFolders { config.folders }

    /// How ``commit(_:lease:)`` left a claimed file.
    enum Committed: Sendable {
        /// In the ledger (now or before a crash): its publish comes next.
        case committed(batchKey: Int64, times: StageTimes)
        /// Done with: moved to `failed/` (or found there after a crash), its claim closed.
        case done(Outcome)
    }

    /// The steps up to and including the commit. A file that fails whole is moved to `failed/` and
    /// its claim closed here.
    func commit(_ claim: FileClaim, lease: ResellerLease) throws -> Committed {
        let path = folders.processingPath(claim)
        if let batchKey = claim.batchKey {
            hooks.reach(.afterCommit)
            return .committed(batchKey: batchKey, times: StageTimes())
        }
        guard (try? FileFacts.size(ofRegularFile: path)) != nil else {
            // Already moved to failed/ before a crash: only the claim is left to close.
            try ledger.finishClaim(claimId: claim.claimId, under: lease)
            return .done(.failed(name: claim.fileName, codes: []))
        }
        var times = StageTimes()
        let before = StageClock.snapshot()
        let started = StageClock.now()
        let committed = try commit(claim, path: path, lease: lease)
        let after = StageClock.snapshot()
        times.commit = StageClock.now() &- started
        (times.read, times.judge, times.store) =
            (after.read &- before.read, after.judge &- before.judge, after.store &- before.store)
        switch committed {
        case .committed(let key):
            hooks.reach(.afterCommit)
            return .committed(batchKey: key, times: times)
        case .failed(let error):
            hooks.reach(.beforeFailedMove)
            let failed = try FailedFolder(root: folders.failed, mode: config.outputMode).fail(
                path: path, reseller: claim.reseller, originalName: claim.fileName, diagnostics: error.diagnostics)
            try ledger.finishClaim(claimId: claim.claimId, under: lease)
            logger.notice(
                "file failed",
                metadata: ["reseller": "\(claim.reseller)", "file": "\(claim.fileName)", "failedAs": "\(failed.name)",
                           "codes": "\(error.diagnostics.map(\.code.rawValue).joined(separator: ","))"])
            return .done(.failed(name: claim.fileName, codes: error.diagnostics.map(\.code)))
        }
    }

    /// A committed file's outputs and its input, into the outbox. The caller renews the lease just
    /// before (the fence: publish only while the lease is still ours). Touches only the reseller's
    /// outbox and `failed/` folders, and reads the ledger: it may run on a second thread while the
    /// job commits another file (``PublishAhead``).
    func publish(_ claim: FileClaim, batchKey: Int64) throws -> (Published, publishTime: UInt64) {
        let publishing = StageClock.now()
        let published = try publish(
            batchKey: batchKey, reseller: claim.reseller, inputPath: folders.processingPath(claim), renderer: handler)
        return (published, StageClock.now() &- publishing)
    }

    /// Closes the claim of a published file.
    func finish(_ claim: FileClaim, published: Published, times: StageTimes, lease: ResellerLease) throws -> Outcome {
        hooks.reach(.beforeFinish)
        try ledger.finishClaim(claimId: claim.claimId, under: lease)
        logger.info(
            "batch published",
            metadata: ["reseller": "\(claim.reseller)", "batch": "\(published.batchId)",
                       "requests": "\(published.requests)", "rejected": "\(published.rejected)",
                       "seconds": "\(times.logValue)"])
        return .published(batchId: published.batchId, rejected: published.rejected, conflicts: published.conflicts)
    }

    private enum CommitResult { case committed(Int64), failed(FileError) }

    private func commit(_ claim: FileClaim, path: String, lease: ResellerLease) throws -> CommitResult {
        do {
            let format = try handler.format(ofFileNamed: claim.fileName)
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
            let prepared = try handler.batchId(of: claim, path: path)
            if let existing = try ledger.committedBatch(reseller: claim.reseller, batchId: prepared.batchId) {
                throw FileError(
                    .batchIdReused, field: "batchId",
                    "Batch id \(prepared.batchId) was already used by \(existing.batch.fileName) with other content: give this batch a new id.",
                    at: prepared.location)
            }
            hooks.reach(.beforeCommit)
            let batch = NewBatch(
                reseller: claim.reseller, batchId: prepared.batchId, fileName: claim.fileName, format: format,
                sha256: sha256, asOf: claim.asOf, policy: config.onInvalidOrder, headerSource: prepared.headerSource)
            return .committed(try handler.commit(batch, claim: claim, path: path, lease: lease).key)
        } catch let error as FileError {
            return .failed(error)
        }
    }

    struct Published: Sendable {
        var batchId: String
        var requests: Int
        var rejected: Int
        /// Outputs that met a different existing file (moved to `failed/`).
        var conflicts: [String]
    }

    /// Renders from the ledger (the handler streams it, in constant memory whatever the batch's
    /// size), publishes the batch's files together, then moves the input in.
    /// `inputPath` nil: a batch without a file (a provisioning run).
    func publish(batchKey: Int64, reseller: String, inputPath: String?, renderer: any BatchRenderer) throws -> Published {
        Staging.removeLeftovers(in: PipelinePath(root: folders.outbox, reseller))
        let publisher = FilePublisher(conflictFolder: folders.failedFolder(reseller: reseller), mode: config.outputMode)
        guard let record = try ledger.committedBatch(key: batchKey) else {
            throw LedgerError.unusable("batch \(batchKey) has no record")
        }
        let batch = record.batch
        let directory = folders.outboxPath(reseller: batch.reseller, batchId: batch.batchId)
        var rendered = RenderedDrop()
        let report = try publisher.publish(into: directory) { files in
            rendered = try renderer.render(record, into: files)
        }
        var conflicts = report.conflicts.map(\.name)
        hooks.reach(.afterPublish)
        if let inputPath, (try? FileFacts.size(ofRegularFile: inputPath)) != nil {
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
        return Published(batchId: batch.batchId, requests: rendered.items, rejected: rendered.rejected, conflicts: conflicts)
    }
}
