import Foundation
import OrderFlowTestSupport
import Synchronization
import Testing

/// A PostgreSQL restart while `orderflow run` imports: the run ends with 75 or finishes, the next
/// run finishes the files, and the outputs are those of an undisturbed run (Operations.md, "The
/// PostgreSQL ledger").
@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresRestartRunTests {
    @Test func aRestartDuringARunLosesNothingAndHalfCommitsNothing() throws {
        // A server of its own: the restart must not end the other tests' sessions.
        let server = try TestPostgres.start()
        defer { server.shutDown() }
        let (reference, disturbed) = try PostgresImportTests.pair(url: server.makeDatabase())
        defer { reference.remove(); disturbed.remove() }
        for box in [reference, disturbed] { try PostgresImportTests.dropFirstImport(into: box) }
        let undisturbed = try reference.run(timeout: 300)
        #expect(undisturbed.exitCode == 65, "\(undisturbed.stderr)")

        // The run in the background; the restart once it has claimed three of the nine files, so
        // that the server goes while the others are being imported.
        let outcome = Mutex<Result<CLIResult, any Error>?>(nil)
        let running = Thread {
            let result = Result { try disturbed.run(timeout: 300) }
            outcome.withLock { $0 = result }
        }
        running.start()
        let deadline = Date().addingTimeInterval(120)
        while outcome.withLock({ $0 == nil }) && Date() < deadline {
            if try PipelineSandbox.files(under: disturbed.inbox).count <= 6 { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        let restartedMidRun = outcome.withLock { $0 == nil }
        try server.restart()
        while outcome.withLock({ $0 == nil }) { Thread.sleep(forTimeInterval: 0.05) }
        let first = try #require(try outcome.withLock { $0 }?.get())
        #expect(first.exitCode == 75 || first.exitCode == undisturbed.exitCode, "\(first.stderr)")
        #expect(restartedMidRun, "the run ended before the restart; the test did not disturb it")

        // The next runs finish what the first left; nothing it left is half there.
        var last = first
        for _ in 0..<3 where last.exitCode == 75 { last = try disturbed.run(timeout: 300) }
        // 65 or 0: the files with rejected requests may all have been published before the restart.
        #expect(last.exitCode == 65 || last.exitCode == 0, "\(last.stderr)")
        #expect(try PipelineSandbox.files(under: disturbed.inbox).isEmpty)
        #expect(ImportInvariants.differences(try disturbed.snapshot(), try reference.snapshot()) == [])
    }
}
