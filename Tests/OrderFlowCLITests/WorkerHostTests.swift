import Foundation
import OrderFlowPipeline
import Testing

/// A worker's host identity from `orderflow run` (Operations.md, workers on several hosts): a bad
/// `ORDERFLOW_HOST_ID` is refused before anything is created, and what Operations.md says about it
/// and its systemd template unit matches the program.
@Suite struct WorkerHostTests {
    @Test func aHostIdThatIsNoHostNameIsRefusedBeforeAnythingIsCreated() throws {
        let box = try PipelineSandbox("orderflow-host-id")
        defer { box.remove() }
        try box.dropFixture("R-ACME", "ACME-20261122-02.csv")
        let result = try box.run(environment: [HostIdentity.variable: "worker 2"])
        #expect(result.exitCode == 78, "\(result.stderr)")
        #expect(result.stderr.contains("ORDERFLOW_HOST_ID=\"worker 2\" is not a host name: use 1 to 64 letters, digits"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.root.appendingPathComponent("ledger.sqlite").path))
        #expect(try PipelineSandbox.files(under: box.inbox).count == 1)

        let named = try box.run(environment: [HostIdentity.variable: "worker-2"])
        #expect(named.exitCode == 65 && named.stderr.contains(": 1 batches published"), "\(named.stderr)")
    }

    /// The template unit's `ExecStart` runs options `orderflow run` has, and the variable it names
    /// is the one the program reads.
    @Test func operationsDocumentsTheHostIdAndATemplateUnitThatRuns() throws {
        let operations = try DocumentationTests.article("Operations")
        #expect(operations.contains("`\(HostIdentity.variable)`"))
        #expect(operations.contains("#Environment=\(HostIdentity.variable)="))
        let unit = try #require(operations.range(of: "`/etc/systemd/system/orderflow-worker@.service`"))
        let execStart = try #require(operations[unit.upperBound...].split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        let arguments = execStart.split(separator: " ").dropFirst()
        #expect(Array(arguments.prefix(2)) == ["run", "pipelines/%i.yaml"])
        let help = try CLI.run(["run", "--help"])
        for option in arguments.dropFirst(2) {
            #expect(help.stdout.contains(String(option)), "orderflow run has no \(option)")
        }
    }
}
