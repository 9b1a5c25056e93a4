import Foundation
import OrderFlowTestSupport
import Testing

/// Outputs get the pipeline's `outputMode` (0640 unless set) and a new ledger 0600, whatever the
/// umask (PipelineFiles.md, `outputMode`; Operations.md, permissions): before, `umask 000` gave
/// world-readable outputs and a world-readable ledger of every customer's address.
@Suite struct OutputModeTests {
    /// Runs the pipeline under `umask 000`, the widest an operator's shell can give.
    static func runWithOpenUmask(_ sandbox: PipelineSandbox) throws -> CLIResult {
        try CLI.run(["run", sandbox.pipeline.path], umask: "000")
    }

    static func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func outputsAre0640AndANewLedger0600UnderAnOpenUmask() throws {
        let sandbox = try PipelineSandbox("orderflow-modes")
        defer { sandbox.remove() }
        try sandbox.dropFixture("R-ACME", "ACME-20261122-02.csv")
        try sandbox.drop("not,a,drop\n", reseller: "R-ACME", name: "broken.txt", mtime: PipelineSandbox.baseMtime + 5)
        let result = try Self.runWithOpenUmask(sandbox)
        #expect(result.exitCode == 65, "\(result.stderr)")
        let batch = sandbox.outbox.appendingPathComponent("R-ACME/ACME-20261122-02").path
        for name in ["results.csv", "payments.csv", "receipt.json", "rejected.csv"] {
            #expect(try Self.mode(batch + "/" + name) == 0o640, "\(name)")
        }
        let errors = sandbox.failed.appendingPathComponent("R-ACME/broken.txt.errors.csv").path
        #expect(try Self.mode(errors) == 0o640)
        let ledger = sandbox.root.appendingPathComponent("ledger.sqlite").path
        #expect(try Self.mode(ledger) == 0o600)
        for companion in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: ledger + companion) {
            #expect(try Self.mode(ledger + companion) == 0o600, "\(companion)")
        }
    }

    @Test func outputModeSetsTheModeOfEveryOutput() throws {
        let sandbox = try PipelineSandbox("orderflow-modes-set", settings: PipelineSandbox.defaultSettings + "\noutputMode: 0600")
        defer { sandbox.remove() }
        try sandbox.dropFixture("R-ACME", "ACME-20261122-02.csv")
        let result = try Self.runWithOpenUmask(sandbox)
        #expect(result.exitCode == 65, "\(result.stderr)")
        #expect(try Self.mode(sandbox.outbox.appendingPathComponent("R-ACME/ACME-20261122-02/results.csv").path) == 0o600)
    }

    @Test(arguments: ["0999", "0400", "4750", "rw-r-----", "06400"])
    func aModeThatIsNoModeIsExit78(_ mode: String) throws {
        let sandbox = try PipelineSandbox("orderflow-modes-bad", settings: PipelineSandbox.defaultSettings + "\noutputMode: \(mode)")
        defer { sandbox.remove() }
        let result = try sandbox.run()
        #expect(result.exitCode == 78, "\(mode): \(result.stderr)")
        #expect(result.stderr.contains("outputMode"), "\(result.stderr)")
    }
}
