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
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["run", pipeline, "--watch"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

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
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
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
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["run", pipeline, "--watch"]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        usleep(500_000)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("stopped between batches"))
    }
}
