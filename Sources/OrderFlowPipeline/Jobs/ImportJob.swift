import Foundation
import Logging
import OrderFlowCore
import OrderFlowFormats

/// The nightly import (Operations.md): claim stable drops, one reseller's files one at a
/// time and in order under that reseller's lease, commit each batch in one transaction, publish
/// from the ledger. Several processes may run it on one pipeline at once.
public struct ImportJob {
    public struct Options: Sendable {
        /// `--as-of`: the run's date for every file claimed (default: today in the reseller's zone).
        public var asOf: CalendarDate?
        public var hooks: CrashHooks
        /// Called every ``progressEvery`` requests of a batch being committed (file name, count):
        /// a terminal shows it; under cron it stays nil and the log has plain lines only.
        public var progress: (@Sendable (String, Int) -> Void)?
        public static let progressEvery = 10_000

        public init(asOf: CalendarDate? = nil, hooks: CrashHooks = .none, progress: (@Sendable (String, Int) -> Void)? = nil) {
            self.asOf = asOf
            self.hooks = hooks
            self.progress = progress
        }
    }

    /// What a run did, for its exit code and its last log line.
    public struct Summary: Sendable, Equatable {
        public var batchesPublished = 0
        public var requestsRejected = 0
        /// Whole-file failures, by code (`DUPLICATE_FILE` alone is not a data error:
        /// PipelineFiles.md, exit codes).
        public var failedFiles: [String: [ErrorCode]] = [:]
        public var unsafeEntries = 0
        public var outputConflicts = 0
        /// Files that could not be claimed or read (permissions, I/O): left where they are, with
        /// their claim, for the next run; the reseller's later files wait behind them (exit 74).
        public var heldFiles: [String] = []
        /// Files whose outputs, or whose place in `failed/`, could not be created (a link or a file
        /// planted where a folder of the pipeline should be, a full disk): committed files stay
        /// claimed and are published by the next run; the reseller's later files wait (exit 73).
        public var blockedFiles: [String] = []
        /// Entries of `processing/` that were not claims of this pipeline, moved to `failed/`.
        public var strays = 0

        public init() {}

        /// PipelineFiles.md, exit codes: exit 65 when requests or files were rejected; a
        /// `DUPLICATE_FILE` alone is not one.
        public var foundDataErrors: Bool {
            requestsRejected > 0 || unsafeEntries > 0 || strays > 0
                || failedFiles.values.contains { codes in codes.contains { $0 != .duplicateFile } }
        }
    }

    let config: PipelineConfig
    let catalog: Catalog
    let ledger: any Ledger
    let options: Options
    let logger: Logger
    let clock: WallClock
    var scanner: InboxScanner
    public private(set) var summary = Summary()
    /// `provision` and `billing`: the resellers and run dates whose runs by date (the day's, the
    /// months due) this process has committed or published; a `--watch` process that lives past
    /// midnight runs the next date's.
    var daysDone: Set<String> = []
    /// Resellers with a drop still arriving in this pass: their months are not billed yet.
    var arriving: Set<String> = []
    /// Resellers whose wait for an arriving drop was logged (once per run).
    var waitLogged: Set<String> = []
    /// The committed file being published while the next one is committed (``PublishAhead``), and
    /// its reseller's lease to release once it is done, when that reseller's turn ended meanwhile.
    private var ahead: (publish: PublishAhead, release: ResellerLease?)?

    public init(
        config: PipelineConfig, catalog: Catalog, ledger: any Ledger, options: Options, logger: Logger,
        clock: WallClock = .system
    ) {
        self.config = config
        self.catalog = catalog
        self.ledger = ledger
        self.options = options
        self.logger = logger
        self.clock = clock
        self.scanner = InboxScanner(inbox: config.folders.inbox, stableFor: config.stableFor, logger: logger)
    }

    var processor: BatchProcessor {
        BatchProcessor(config: config, ledger: ledger, handler: handler, hooks: options.hooks, clock: clock, logger: logger)
    }

    /// What this pipeline's kind does with a drop; every kind shares the rest (Operations.md).
    private var handler: any DropHandler {
        switch config.kind {
        case .reconcile:
            StatementDrops(catalog: catalog, ledger: ledger, hooks: options.hooks, progress: options.progress)
        case .provision:
            ApprovalDrops(catalog: catalog, ledger: ledger, hooks: options.hooks)
        case .billing:
            UsageDrops(catalog: catalog, ledger: ledger, hooks: options.hooks, progress: options.progress)
        case .trials:
            ImportDrops(
                config: config, catalog: catalog, ledger: ledger, hooks: options.hooks, progress: options.progress,
                trialsOnly: true)
        default:
            ImportDrops(config: config, catalog: catalog, ledger: ledger, hooks: options.hooks, progress: options.progress)
        }
    }

    /// `orderflow run`: processes everything present and returns when nothing is left that this
    /// process may take. Files still changing are waited for only until `stableFor` has passed
    /// twice since the run began (once to watch what was there, once for an upload that was just
    /// finishing); then they are named in the log and left for the next run, so that a file that
    /// never stops growing cannot keep the run going (Operations.md, stability).
    public mutating func runUntilIdle(shouldStop: () -> Bool = { false }) throws -> Summary {
        let monotonic = MonotonicClock.system
        let waitUntil = monotonic.milliseconds + 2 * min(config.stableFor, Int64.max / 8)
        while !shouldStop() {
            let pass = try runPass(shouldStop: shouldStop)
            if pass.didWork { continue }
            guard let wait = pass.nextCheckIn else { break }
            let left = waitUntil - monotonic.milliseconds
            guard left > 0 else {
                leaveForNextRun(pass.waiting)
                break
            }
            usleep(UInt32(clamping: max(min(wait, left), 10) * 1000))
        }
        return summary
    }

    private func leaveForNextRun(_ files: [InboxFile]) {
        for file in files {
            logger.warning(
                "file still changing: left in the inbox for the next run",
                metadata: ["reseller": "\(file.reseller)", "file": "\(file.name)"])
        }
    }

    public struct Pass: Sendable {
        public var didWork = false
        /// Milliseconds until a waiting file may be stable; nil when nothing waits.
        public var nextCheckIn: Int64?
        /// The files not yet stable.
        public var waiting: [InboxFile] = []
    }

    /// One look at the inbox and `processing/`, and everything found taken care of.
    public mutating func runPass(shouldStop: () -> Bool = { false }) throws -> Pass {
        do {
            let pass = try runResellers(shouldStop: shouldStop)
            // Its commit counted as work already; a publish held here is resumed by a later pass.
            _ = try settlePublish()
            return pass
        } catch {
            abandonPublish()
            throw error
        }
    }

    private mutating func runResellers(shouldStop: () -> Bool) throws -> Pass {
        var pass = Pass()
        if let seedFrom = config.seedFrom {
            try DemoSeeder(source: seedFrom, folders: config.folders, ledger: ledger, logger: logger).seed()
        }
        let scan = try scanner.scan()
        pass.nextCheckIn = scan.nextCheckIn
        pass.waiting = scan.waiting
        for entry in scan.unsafe where failUnsafe(entry) {
            pass.didWork = true
        }
        let processing = try ProcessingFolder.scan(config.folders.processing)
        for stray in processing.strays where failStray(stray) {
            pass.didWork = true
        }
        var resellers = Set(scan.resellers.map(\.reseller))
        resellers.formUnion(processing.resellers)
        // A provisioning or billing run is due for every reseller, with or without a drop.
        if config.kind == .provision || config.kind == .billing { resellers.formUnion(catalog.resellers.map(\.id)) }
        arriving = Set(scan.waiting.map(\.reseller))
        let candidates = Dictionary(scan.resellers.map { ($0.reseller, $0.candidates) }, uniquingKeysWith: +)
        for reseller in resellers.sorted() {
            if shouldStop() { break }
            do {
                if try processReseller(reseller, candidates: candidates[reseller] ?? [], shouldStop: shouldStop) {
                    pass.didWork = true
                }
            } catch LedgerError.leaseLost(let lost) {
                logger.warning("lease lost; another worker goes on with this reseller", metadata: ["reseller": "\(lost)"])
            }
        }
        return pass
    }

    /// Moves an unsafe inbox entry to `failed/` with `UNSAFE_FILE`; false when it is gone (another
    /// worker moved it first) or held (failed/ refused it: it stays, logged).
    private mutating func failUnsafe(_ entry: UnsafeEntry) -> Bool {
        do {
            let failed = try FailedFolder(root: config.folders.failed, mode: config.outputMode).fail(unsafe: entry, inbox: config.folders.inbox)
            summary.unsafeEntries += 1
            logger.warning(
                "unsafe inbox entry moved to failed/",
                metadata: ["reseller": "\(entry.reseller)", "name": "\(failed.name)", "reason": "\(entry.reason.rawValue)"])
            return true
        } catch {
            let path = Posix.path(config.folders.inbox + "/" + entry.reseller, entry.nameBytes)
            if Posix.lstat(path) != nil {
                hold(entry.displayName, reseller: entry.reseller, because: "it is unsafe and cannot be moved to failed/ (\(error))")
            }
            return false
        }
    }

    /// `inbox/<reseller>/` of a reseller the catalog does not have: each ready file fails with
    /// `UNKNOWN_RESELLER` straight from the inbox, never claimed or read, so that such a folder
    /// gets `failed/<reseller>/` and nothing else (DropFiles.md, where a file goes). False when
    /// nothing was moved; a file failed/ refuses is held and the rest wait behind it.
    private mutating func failUnknownReseller(_ reseller: String, candidates: [InboxFile], shouldStop: () -> Bool) -> Bool {
        let diagnostic = Diagnostic(
            .unknownReseller, field: "reseller",
            "This file was dropped in inbox/\(reseller)/, but the catalog has no reseller \(reseller): drop it in the folder of its reseller.",
            at: SourceLocation(line: 0))
        var didWork = false
        for file in candidates where !shouldStop() {
            do {
                let failed = try FailedFolder(root: config.folders.failed, mode: config.outputMode).fail(
                    path: file.path, reseller: reseller, originalName: file.name, diagnostics: [diagnostic])
                summary.failedFiles[file.name, default: []].append(.unknownReseller)
                didWork = true
                logger.notice(
                    "file failed",
                    metadata: ["reseller": "\(reseller)", "file": "\(file.name)", "failedAs": "\(failed.name)",
                               "codes": "\(ErrorCode.unknownReseller.rawValue)"])
            } catch {
                guard FileManager.default.fileExists(atPath: file.path) else { continue }
                hold(file.name, reseller: reseller, because: "it cannot be moved to failed/ (\(error))")
                return didWork
            }
        }
        return didWork
    }

    /// Under the reseller's lease: resume its claimed files, then claim and process its ready
    /// files in order. False when another live worker holds the lease or nothing was to do.
    private mutating func processReseller(
        _ reseller: String, candidates: [InboxFile], shouldStop: () -> Bool
    ) throws -> Bool {
        guard var lease = try ledger.acquireLease(
            reseller: reseller, owner: ProcessIdentity.current, now: clock.milliseconds, duration: config.lease,
            ownerIsGone: ProcessIdentity.isGone)
        else {
            logger.debug("reseller busy with another worker", metadata: ["reseller": "\(reseller)"])
            return false
        }
        defer { release(lease) }
        var didWork = false
        let claimer = Claimer(folders: config.folders)
        let (claims, strays) = try claimsToResume(reseller: reseller)
        for stray in strays where failStray(stray) {
            didWork = true
        }
        for claim in claims {
            if shouldStop() { return didWork }
            lease = try ledger.renewLease(lease, now: clock.milliseconds, duration: config.lease)
            logger.info("resuming a claimed file", metadata: ["reseller": "\(reseller)", "file": "\(claim.fileName)"])
            claimer.removeInboxName(reseller: reseller, name: claim.fileName, claimedPath: config.folders.processingPath(claim))
            guard try process(claim, lease: lease) else { return didWork }
            didWork = true
        }
        if catalog.reseller(id: reseller) == nil {
            return failUnknownReseller(reseller, candidates: candidates, shouldStop: shouldStop) || didWork
        }
        for file in candidates {
            if shouldStop() { break }
            lease = try ledger.renewLease(lease, now: clock.milliseconds, duration: config.lease)
            // Recorded before the file moves: a file in processing/ without an open claim is then
            // never ours (Operations.md, crashes and restarts).
            let claim = FileClaim(
                claimId: ClaimId.make(), reseller: reseller, fileName: file.name, asOf: try runDate(reseller: reseller),
                claimedAt: clock.milliseconds, job: config.kind.rawValue)
            try ledger.recordClaim(claim, under: lease)
            options.hooks.reach(.afterClaimRecorded)
            let outcome = claimer.claim(reseller: reseller, name: file.name, claimId: claim.claimId)
            if !outcome.isClaimed { try ledger.finishClaim(claimId: claim.claimId, under: lease) }
            switch outcome {
            case .claimed:
                break
            case .refused(let reason):
                // A name too long or a second link: that will not change, so the file fails
                // instead of holding the reseller's later files (Operations.md, hostile input).
                if failUnsafe(UnsafeEntry(reseller: reseller, nameBytes: Array(file.name.utf8), reason: reason)) {
                    didWork = true
                    continue
                }
                guard FileManager.default.fileExists(atPath: file.path) else { continue }
                return didWork
            case .notClaimed(let reason):
                // Under this reseller's lease nobody else claims its files: one still in the inbox
                // cannot be claimed (permissions, another filesystem). Later files wait behind it.
                guard FileManager.default.fileExists(atPath: file.path) else { continue }
                hold(file.name, reseller: reseller, because: "it cannot be claimed (\(reason))")
                return didWork
            }
            options.hooks.reach(.afterClaimMove)
            guard try process(claim, lease: lease) else { return didWork }
            didWork = true
        }
        // A run by date publishes into the same outbox: the file published ahead first.
        if config.kind == .provision || config.kind == .billing, try settlePublish() == reseller { return didWork }
        if config.kind == .provision, try runDay(reseller: reseller, lease: lease) { didWork = true }
        if config.kind == .billing, try runMonths(reseller: reseller, lease: lease) { didWork = true }
        return didWork
    }

    /// `provision`, after the reseller's approval drops: its run for the day (Provisioning.md),
    /// committed once per reseller and date and published by every run that reaches it. True when
    /// this run committed it.
    private mutating func runDay(reseller: String, lease: ResellerLease) throws -> Bool {
        guard catalog.reseller(id: reseller) != nil else { return false }
        let day = try runDate(reseller: reseller)
        guard daysDone.insert("\(reseller) \(day)").inserted else { return false }
        let existed = try ledger.committedBatch(reseller: reseller, batchId: ProvisionDayBatch.batchId(day)) != nil
        options.hooks.reach(.beforeCommit)
        let record = try ledger.commitProvisionDay(
            reseller: reseller, day: day, catalog: catalog, unpaidCancelDays: config.unpaidCancelDays, under: lease,
            afterStep: { options.hooks.reach(.duringCommit) })
        options.hooks.reach(.afterCommit)
        _ = try publishRun(record, lease: lease, renderer: ProvisionDayRenderer(ledger: ledger, catalog: catalog))
        return !existed
    }

    /// `billing`, after the reseller's usage drops, when none is still arriving: a month left
    /// unpublished by a stopped run is published, then each month due is committed once and
    /// published, oldest first (Billing.md). True when this run committed or published one.
    private mutating func runMonths(reseller: String, lease: ResellerLease) throws -> Bool {
        guard catalog.reseller(id: reseller) != nil else { return false }
        let runDate = try runDate(reseller: reseller)
        guard !daysDone.contains("\(reseller) \(runDate)") else { return false }
        if arriving.contains(reseller) {
            if waitLogged.insert(reseller).inserted {
                logger.notice(
                    "months not billed yet: a usage drop of this reseller is still arriving",
                    metadata: ["reseller": "\(reseller)"])
            }
            return false
        }
        daysDone.insert("\(reseller) \(runDate)")
        let start = try ledger.billingStart(reseller: reseller)
        var didWork = false
        for month in start.unpublished {
            guard let record = try ledger.committedBatch(reseller: reseller, batchId: BillingMonthBatch.batchId(month)),
                try publishRun(record, lease: lease, renderer: BillingMonthRenderer(ledger: ledger, catalog: catalog))
            else { return didWork }
            try ledger.markPublished(reseller: reseller, month: month, under: lease)
            didWork = true
        }
        for month in start.monthsDue(runDate: runDate, graceDays: config.usageGraceDays) {
            options.hooks.reach(.beforeCommit)
            let record = try ledger.commitBillingMonth(
                reseller: reseller, month: month, runDate: runDate, catalog: catalog, under: lease)
            options.hooks.reach(.afterCommit)
            didWork = true
            guard try publishRun(record, lease: lease, renderer: BillingMonthRenderer(ledger: ledger, catalog: catalog))
            else { return didWork }
            try ledger.markPublished(reseller: reseller, month: month, under: lease)
        }
        return didWork
    }

    /// Publishes a run by date (a provisioning day, a billing month); false when its outputs
    /// cannot be created: it is published by the next run.
    private mutating func publishRun(_ record: BatchRecord, lease: ResellerLease, renderer: any BatchRenderer) throws -> Bool {
        let reseller = record.batch.reseller
        _ = try ledger.renewLease(lease, now: clock.milliseconds, duration: config.lease)
        do {
            let published = try processor.publish(batchKey: record.key, reseller: reseller, inputPath: nil, renderer: renderer)
            summary.batchesPublished += 1
            summary.requestsRejected += published.rejected
            summary.outputConflicts += published.conflicts.count
            logger.info(
                "run published",
                metadata: ["reseller": "\(reseller)", "batch": "\(published.batchId)", "items": "\(published.requests)"])
            return true
        } catch let error as FileSystemError {
            summary.blockedFiles.append(reseller + "/" + record.batch.batchId)
            logger.error(
                "run held: its outputs cannot be created (\(error)); it is published by the next run",
                metadata: ["reseller": "\(reseller)"])
        } catch let error as UBLWriteError {
            summary.blockedFiles.append(reseller + "/" + record.batch.batchId)
            logger.error(
                "run held: one of its e-invoices would be invalid (\(error)); correct the catalog",
                metadata: ["reseller": "\(reseller)"])
        }
        return false
    }

    /// Processes one claimed file: commits it, then publishes it on a second thread while the next
    /// file is committed (``PublishAhead``). False when it cannot be read, or when the file
    /// published before it was this reseller's and its outputs (a planted folder, an e-invoice the
    /// catalog would make invalid) cannot be created: both stay claimed in `processing/` for the
    /// next run, and the reseller's later files wait behind them. Ledger errors are not the
    /// file's: they stop the run.
    private mutating func process(_ claim: FileClaim, lease: ResellerLease) throws -> Bool {
        let committed: BatchProcessor.Committed
        do {
            committed = try processor.commit(claim, lease: lease)
        } catch let error as FileFactsError {
            hold(claim.fileName, reseller: claim.reseller, because: "it cannot be read (\(error))")
            return false
        } catch let error as CSVReadIOError {
            hold(claim.fileName, reseller: claim.reseller, because: "it cannot be read (\(error))")
            return false
        } catch let error as FileSystemError {
            // Its place in failed/: only this reseller waits, the others go on (Operations.md, hostile input).
            block(claim, because: "its outputs or its place in failed/ cannot be created (\(error))")
            return false
        }
        switch committed {
        case .done(let outcome):
            record(outcome)
            return true
        case .committed(let batchKey, let times):
            if try settlePublish() == claim.reseller { return false }
            // The fence: publish only while the lease is still ours.
            let renewed = try ledger.renewLease(lease, now: clock.milliseconds, duration: config.lease)
            ahead = (PublishAhead(claim: claim, batchKey: batchKey, lease: renewed, times: times, processor: processor), nil)
            // Resumed after a crash or a held publish: published at once, so that one held again
            // ends this reseller's turn without counting as work (a pass that did no work ends the run).
            let waitNow = claim.batchKey != nil || !ledger.readsBesideCommits
            if waitNow, try settlePublish() == claim.reseller { return false }
            return true
        }
    }

    /// Waits for the file published ahead and closes its claim. Returns its reseller when it could
    /// not be published (held, or its lease lost meanwhile): that reseller's later files wait.
    private mutating func settlePublish() throws -> String? {
        guard let (publish, release) = ahead else { return nil }
        ahead = nil
        defer { if let release { try? ledger.releaseLease(release) } }
        let claim = publish.claim
        do {
            switch publish.wait() {
            case .success(let (published, publishTime)):
                var times = publish.times
                times.publish = publishTime
                record(try processor.finish(claim, published: published, times: times, lease: publish.lease))
                return nil
            case .failure(let error):
                throw error
            }
        } catch let error as FileSystemError {
            // Only this reseller waits: the others go on (Operations.md, hostile input).
            block(claim, because: "its outputs or its place in failed/ cannot be created (\(error))")
        } catch let error as UBLWriteError {
            // A document the catalog's data would make invalid is never written (Invoices.md).
            block(claim, because: "one of its e-invoices would be invalid (\(error)); correct the catalog")
        } catch LedgerError.leaseLost(let lost) {
            logger.warning("lease lost; another worker goes on with this reseller", metadata: ["reseller": "\(lost)"])
        }
        return claim.reseller
    }

    /// After an error that stops the run: the publish ahead is waited for (no thread outlives the
    /// run) and its claim left open, as after a crash; the next run publishes it again.
    private mutating func abandonPublish() {
        guard let (publish, release) = ahead else { return }
        ahead = nil
        _ = publish.wait()
        if let release { try? ledger.releaseLease(release) }
    }

    /// The end of a reseller's turn: its lease is released now, or, while its last file is still
    /// being published, once that publish is done.
    private mutating func release(_ lease: ResellerLease) {
        if ahead?.publish.claim.reseller == lease.reseller {
            ahead?.release = lease
        } else {
            try? ledger.releaseLease(lease)
        }
    }

    private mutating func block(_ claim: FileClaim, because reason: String) {
        summary.blockedFiles.append(claim.reseller + "/" + claim.fileName)
        logger.error(
            "file held: \(reason); it stays claimed and the reseller's later files wait for the next run",
            metadata: ["reseller": "\(claim.reseller)", "file": "\(claim.fileName)"])
    }

    private mutating func hold(_ name: String, reseller: String, because reason: String) {
        summary.heldFiles.append(reseller + "/" + name)
        logger.error(
            "file held: \(reason); it and the reseller's later files wait for the next run",
            metadata: ["reseller": "\(reseller)", "file": "\(name)"])
    }

    /// The reseller's open claims in the ledger, and what else `processing/<reseller>/` holds:
    /// a claim is recorded before its file moves, so a file there without an open claim was not
    /// put there by this pipeline (Operations.md, hostile input).
    private func claimsToResume(reseller: String) throws -> (claims: [FileClaim], strays: [ProcessingStray]) {
        let claims = try ledger.fileClaims(reseller: reseller)
        let listing = try ProcessingFolder.entries(
            root: config.folders.processing, reseller: reseller, claimIds: Set(claims.map(\.claimId)))
        return (claims.filter { $0.job == config.kind.rawValue }, listing.strays)
    }

    /// Moves an entry of `processing/` that is not ours to `failed/` with `UNSAFE_FILE`; false
    /// when it is gone or cannot be moved (logged: it is never read, and waits for the operator).
    private mutating func failStray(_ stray: ProcessingStray) -> Bool {
        do {
            let failed = try FailedFolder(root: config.folders.failed, mode: config.outputMode).fail(stray: stray)
            summary.strays += 1
            logger.warning(
                "an entry in processing/ that this pipeline did not claim was moved to failed/",
                metadata: ["folder": "\(stray.failedFolder)", "name": "\(failed.name)", "what": "\(stray.what)"])
            return true
        } catch {
            if Posix.lstat(Posix.path(stray.folder, stray.nameBytes)) != nil {
                summary.blockedFiles.append(stray.failedFolder + "/" + stray.displayName)
                logger.error(
                    "an entry in processing/ that this pipeline did not claim cannot be moved to failed/; it is left alone",
                    metadata: ["name": "\(stray.displayName)", "what": "\(stray.what)", "error": "\(error)"])
            }
            return false
        }
    }

    /// The run's date, fixed at the claim: `--as-of`, or today in the reseller's time zone by the
    /// job's clock. A folder no reseller of the catalog owns has no claims of this version (its
    /// files fail unclaimed); one claimed by an older version fails whole (`UNKNOWN_RESELLER`)
    /// before any request is judged, so its date is UTC's and never decides anything.
    private func runDate(reseller: String) throws -> CalendarDate {
        if let asOf = options.asOf ?? config.asOf { return asOf }
        guard let known = catalog.reseller(id: reseller) else { return RunDate.today(in: .gmt, now: clock) }
        return try RunDate.today(for: known, now: clock)
    }

    private mutating func record(_ outcome: BatchProcessor.Outcome) {
        switch outcome {
        case .published(_, let rejected, let conflicts):
            summary.batchesPublished += 1
            summary.requestsRejected += rejected
            summary.outputConflicts += conflicts.count
        case .failed(let name, let codes):
            if !codes.isEmpty { summary.failedFiles[name, default: []] += codes }
        }
    }
}
