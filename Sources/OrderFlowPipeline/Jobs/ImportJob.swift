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

        public init() {}

        /// PipelineFiles.md, exit codes: exit 65 when requests or files were rejected; a
        /// `DUPLICATE_FILE` alone is not one.
        public var foundDataErrors: Bool {
            requestsRejected > 0 || unsafeEntries > 0
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
        BatchProcessor(
            config: config, catalog: catalog, ledger: ledger, hooks: options.hooks, progress: options.progress, clock: clock,
            logger: logger)
    }

    /// `orderflow run`: processes everything present, waiting for files that are still being
    /// written to become stable, and returns when nothing is left that this process may take.
    public mutating func runUntilIdle(shouldStop: () -> Bool = { false }) throws -> Summary {
        while !shouldStop() {
            let pass = try runPass(shouldStop: shouldStop)
            if pass.didWork { continue }
            guard let wait = pass.nextCheckIn else { break }
            usleep(UInt32(clamping: max(wait, 10) * 1000))
        }
        return summary
    }

    public struct Pass: Sendable {
        public var didWork = false
        /// Milliseconds until a waiting file may be stable; nil when nothing waits.
        public var nextCheckIn: Int64?
    }

    /// One look at the inbox and `processing/`, and everything found taken care of.
    public mutating func runPass(shouldStop: () -> Bool = { false }) throws -> Pass {
        var pass = Pass()
        if let seedFrom = config.seedFrom {
            try DemoSeeder(source: seedFrom, folders: config.folders, ledger: ledger, logger: logger).seed()
        }
        let scan = try scanner.scan()
        pass.nextCheckIn = scan.nextCheckIn
        for entry in scan.unsafe {
            do {
                let failed = try FailedFolder(root: config.folders.failed, mode: config.outputMode).fail(unsafe: entry, inbox: config.folders.inbox)
                summary.unsafeEntries += 1
                pass.didWork = true
                logger.warning(
                    "unsafe inbox entry moved to failed/", metadata: ["reseller": "\(entry.reseller)", "name": "\(failed.name)"])
            } catch {
                // Gone: another worker moved it first. Still there: failed/ refused it; it is held.
                let path = Posix.path(config.folders.inbox + "/" + entry.reseller, entry.nameBytes)
                guard Posix.lstat(path) != nil else { continue }
                hold(entry.displayName, reseller: entry.reseller, because: "it is unsafe and cannot be moved to failed/ (\(error))")
            }
        }
        var resellers = Set(scan.resellers.map(\.reseller))
        resellers.formUnion(try resellersWithClaims())
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

    /// Resellers with a folder in `processing/`: files claimed before a crash are resumed.
    private func resellersWithClaims() throws -> [String] {
        let claimer = Claimer(folders: config.folders)
        return try FileManager.default.contentsOfDirectory(atPath: config.folders.processing)
            .filter { !$0.hasPrefix(".") && SafeName.isPlain($0) }
            .filter { reseller in try !claimer.processingFiles(reseller: reseller).isEmpty }
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
        defer { try? ledger.releaseLease(lease) }
        var didWork = false
        for claim in try claimsToResume(reseller: reseller, lease: lease) {
            if shouldStop() { return didWork }
            lease = try ledger.renewLease(lease, now: clock.milliseconds, duration: config.lease)
            logger.info("resuming a claimed file", metadata: ["reseller": "\(reseller)", "file": "\(claim.fileName)"])
            guard try process(claim, lease: lease) else { return didWork }
            didWork = true
        }
        let claimer = Claimer(folders: config.folders)
        for file in candidates {
            if shouldStop() { break }
            lease = try ledger.renewLease(lease, now: clock.milliseconds, duration: config.lease)
            let claimId = ClaimId.make()
            if case .notClaimed(let reason) = claimer.claim(reseller: reseller, name: file.name, claimId: claimId) {
                // Under this reseller's lease nobody else claims its files: one still in the inbox
                // cannot be claimed (permissions, another filesystem). Later files wait behind it.
                guard FileManager.default.fileExists(atPath: file.path) else { continue }
                hold(file.name, reseller: reseller, because: "it cannot be claimed (\(reason))")
                return didWork
            }
            options.hooks.reach(.afterClaimMove)
            let claim = FileClaim(
                claimId: claimId, reseller: reseller, fileName: file.name, asOf: try runDate(reseller: reseller),
                claimedAt: clock.milliseconds)
            try ledger.recordClaim(claim, under: lease)
            options.hooks.reach(.afterClaimRecorded)
            guard try process(claim, lease: lease) else { return didWork }
            didWork = true
        }
        return didWork
    }

    /// Processes one claimed file; false when it cannot be read (it stays claimed in
    /// `processing/` for the next run, and the reseller's later files wait behind it). Ledger and
    /// output errors are not the file's: they stop the run.
    private mutating func process(_ claim: FileClaim, lease: ResellerLease) throws -> Bool {
        do {
            record(try processor.process(claim, lease: lease))
            return true
        } catch let error as FileFactsError {
            hold(claim.fileName, reseller: claim.reseller, because: "it cannot be read (\(error))")
        } catch let error as CSVReadIOError {
            hold(claim.fileName, reseller: claim.reseller, because: "it cannot be read (\(error))")
        }
        return false
    }

    private mutating func hold(_ name: String, reseller: String, because reason: String) {
        summary.heldFiles.append(reseller + "/" + name)
        logger.error(
            "file held: \(reason); it and the reseller's later files wait for the next run",
            metadata: ["reseller": "\(reseller)", "file": "\(name)"])
    }

    /// Open claims in the ledger, plus files in `processing/` whose claim row a crash prevented
    /// (claimed by link/unlink, not yet recorded): both belong to whoever holds the lease now.
    private func claimsToResume(reseller: String, lease: ResellerLease) throws -> [FileClaim] {
        var claims = try ledger.fileClaims(reseller: reseller)
        let known = Set(claims.map(\.claimId))
        for file in try Claimer(folders: config.folders).processingFiles(reseller: reseller)
        where !known.contains(file.claimId) {
            let claim = FileClaim(
                claimId: file.claimId, reseller: reseller, fileName: file.fileName, asOf: try runDate(reseller: reseller),
                claimedAt: clock.milliseconds)
            try ledger.recordClaim(claim, under: lease)
            claims.append(claim)
        }
        return claims
    }

    /// The run's date, fixed at the claim: `--as-of`, or today in the reseller's time zone by the
    /// job's clock. A folder no reseller of the catalog owns fails whole (`UNKNOWN_RESELLER`)
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
