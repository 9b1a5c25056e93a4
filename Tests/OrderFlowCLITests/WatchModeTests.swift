import Foundation
import OrderFlowTestSupport
import Testing

/// `orderflow run --watch`: keeps polling, picks up a file dropped while it runs, and stops
/// cleanly on SIGTERM or SIGINT between batches.
@Suite struct WatchModeTests {
    static func sandbox() throws -> (root: URL, pipeline: String) {
        let sandbox = try PipelineSandbox("orderflow-watch", settings: "pollInterval: 100ms\nasOf: 2026-11-22")
        return (sandbox.root, sandbox.pipeline.path)
    }

    /// `orderflow run --watch` with its standard error collected line by line as it comes.
    final class Watcher: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var text = ""

        init(_ pipeline: String) throws {
            process.executableURL = CLI.executable
            process.arguments = ["run", pipeline, "--watch"]
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.withLock { self.text += String(decoding: data, as: UTF8.self) }
            }
            try process.run()
        }

        var log: String { lock.withLock { text } }

        /// Waits until the job logs that it watches the inbox: the service group has set up its
        /// signal handlers by then (Operations.md), so a signal sent now stops it gracefully
        /// instead of killing a process that has not installed them yet.
        func waitUntilWatching() -> Bool { WatchModeTests.eventually { log.contains("watching the inbox") } }

        /// Signals the process and waits for it, then for the rest of its standard error.
        func stop(with signal: Int32) {
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            // The last lines may still be on their way through the pipe.
            _ = WatchModeTests.eventually { log.contains("stopped between batches") }
        }
    }

    /// Waits (polling) for a condition that a running process brings about; false on timeout.
    static func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<600 {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func watchPicksUpANewDropAndStopsCleanlyOnASignal(signal: Int32) throws {
        let (root, pipeline) = try Self.sandbox()
        let watcher = try Watcher(pipeline)
        let process = watcher.process
        try #require(watcher.waitUntilWatching(), "no 'watching the inbox' line: \(watcher.log)")

        let inbox = root.appendingPathComponent("inbox/R-NIPPON")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        // Dropped the way an uploader should: a hidden name, then a rename.
        let drop = TestPaths.fixtures.appendingPathComponent("drops/R-NIPPON/NIPPON-20261122-01.xml")
        try FileManager.default.copyItem(at: drop, to: inbox.appendingPathComponent(".upload.part"))
        try FileManager.default.moveItem(
            at: inbox.appendingPathComponent(".upload.part"), to: inbox.appendingPathComponent("NIPPON-20261122-01.xml"))

        let results = root.appendingPathComponent("outbox/R-NIPPON/NIPPON-20261122-01/results.csv")
        let published = Self.eventually { FileManager.default.fileExists(atPath: results.path) }
        #expect(published)
        #expect(process.isRunning, "--watch must keep running after the inbox is empty")
        watcher.stop(with: signal)
        #expect(process.terminationReason == .exit)
        #expect(watcher.log.contains("stopped between batches"))
        // One request of that drop is rejected on purpose: a data error, exit 65, not a crash.
        #expect(process.terminationStatus == 65)
        let processing = root.appendingPathComponent("processing/R-NIPPON")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: processing.path)) ?? []).isEmpty)
        let rows = try String(contentsOf: results, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 5)
        #expect(rows[1].hasPrefix("N-4001,7,order,accepted,ACC-1,SO-1,WaitingForPayment,SUB-1,WaitingForPayment,JPY,44619,4462,49081,PAY-1,NIPPON-2026-000001"))
        #expect(rows[3].hasPrefix("N-4003,32,order,rejected,"))
    }

    @Test func anIdleWatchStopsWithExitZero() throws {
        let (_, pipeline) = try Self.sandbox()
        let watcher = try Watcher(pipeline)
        try #require(watcher.waitUntilWatching(), "no 'watching the inbox' line: \(watcher.log)")
        watcher.stop(with: SIGTERM)
        #expect(watcher.process.terminationReason == .exit)
        #expect(watcher.process.terminationStatus == 0)
        #expect(watcher.log.contains("stopped between batches"))
    }
}
