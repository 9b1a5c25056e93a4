import ArgumentParser
import Foundation
import Logging
import OrderFlowCore
import OrderFlowFormats
import OrderFlowPipeline
import ServiceLifecycle

/// `orderflow run PIPELINE [--as-of DATE] [--watch]`: the job a pipeline file names
/// (PipelineFiles.md).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the job of a pipeline file: process everything present, then exit (or keep polling with --watch).",
        discussion: """
            Exit codes (sysexits): 0 done; 65 requests or files were rejected (a DUPLICATE_FILE alone \
            is not); 73 an output could not be created; 74 an inbox file could not be claimed or read \
            for a cause that can pass, such as permissions or a disk error (it stays for the next run); 75 the ledger was busy or unreachable; 78 a \
            problem with the pipeline file or what it names. With --watch, SIGTERM or SIGINT stops \
            the job between batches, never in the middle of a commit, and releases its claims. \
            Without --watch, files still being written when everything else is done are left in \
            the inbox for the next run (the log names them).
            """)

    @Argument(help: "The pipeline file (YAML).") var pipeline: String
    @Option(name: .customLong("as-of"), help: "The run's date, YYYY-MM-DD (default: today in each reseller's time zone).")
    var asOf: String?
    @Flag(help: "Keep polling the inbox until SIGTERM or SIGINT.") var watch = false

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a date: write YYYY-MM-DD.")
        }
    }

    func run() async throws {
        let logger = Logging.Logger(label: "orderflow")
        let setup = try PipelineSetup.open(pipeline, runnable: [.import, .reconcile, .provision, .trials, .billing])
        var job = ImportJob(
            config: setup.config, catalog: setup.catalog, ledger: setup.ledger,
            options: ImportJob.Options(
                asOf: asOf.flatMap { CalendarDate(iso: $0) },
                hooks: CrashHooks(environment: ProcessEnvironment.variables),
                progress: Self.terminalProgress),
            logger: logger)
        let summary: ImportJob.Summary
        do {
            if watch {
                let service = WatchService(job: job, pollInterval: setup.config.pollInterval, logger: logger)
                let group = ServiceGroup(
                    services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
                try await group.run()
                summary = service.finalSummary.value
            } else {
                summary = try job.runUntilIdle()
            }
        } catch {
            throw ExitStatus.forRunFailure(error, pipeline: pipeline)
        }
        let rejected = switch setup.config.kind {
        case .reconcile: "\(summary.requestsRejected) statement lines to look at"
        case .provision: "\(summary.requestsRejected) approval rows rejected"
        case .trials: "\(summary.requestsRejected) trial requests rejected"
        case .billing: "\(summary.requestsRejected) usage rows or subscription months rejected"
        default: "\(summary.requestsRejected) requests rejected"
        }
        Stderr.print(
            "\(pipeline): \(summary.batchesPublished) batches published, \(rejected), "
                + "\(summary.failedFiles.count) files failed, \(summary.unsafeEntries) unsafe entries.")
        for held in summary.heldFiles {
            Stderr.print("\(pipeline): \(held) is held: it could not be claimed, read or moved to failed/; it waits for the next run (see the log above).")
        }
        for blocked in summary.blockedFiles {
            Stderr.print("\(pipeline): \(blocked) is held: its outputs or its place in failed/ could not be created; it waits for the next run (see the log above).")
        }
        if summary.outputConflicts > 0 || !summary.blockedFiles.isEmpty { throw ExitStatus.cannotCreate }
        if !summary.heldFiles.isEmpty { throw ExitStatus.ioError }
        if summary.foundDataErrors { throw ExitStatus.dataError }
    }
}

extension RunCommand {
    /// On a terminal, a line per 10,000 requests committed; under cron, nothing (plain logs only).
    static var terminalProgress: (@Sendable (String, Int) -> Void)? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        return { file, count in Stderr.print("\(file): \(count) requests judged…") }
    }
}

/// `--watch`: one pass after another until a graceful shutdown, checked between batches.
final class WatchService: Service, @unchecked Sendable {
    // The job is only touched by run(), on one task; the box hands its summary back afterwards.
    private var job: ImportJob
    let pollInterval: Int64
    let logger: Logging.Logger
    let finalSummary = SummaryBox()

    init(job: ImportJob, pollInterval: Int64, logger: Logging.Logger) {
        self.job = job
        self.pollInterval = pollInterval
        self.logger = logger
    }

    func run() async throws {
        logger.info("watching the inbox", metadata: ["pollIntervalMs": "\(pollInterval)"])
        while !Task.isShuttingDownGracefully {
            let pass = try job.runPass(shouldStop: { Task.isShuttingDownGracefully })
            finalSummary.value = job.summary
            if pass.didWork { continue }
            let wait = min(pass.nextCheckIn ?? pollInterval, pollInterval)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(max(wait, 10))) }
        }
        logger.info("stopped between batches; no claim is left behind")
    }
}

final class SummaryBox: @unchecked Sendable {
    var value = ImportJob.Summary()
}
