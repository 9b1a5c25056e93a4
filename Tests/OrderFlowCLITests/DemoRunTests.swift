import Foundation
import OrderFlowTestSupport
import Testing

/// `orderflow run pipelines/demo.yaml` end to end: the pipeline file exactly as committed, in a
/// copy of the repository's layout (so the run writes into a temporary `var/`, not the clone).
@Suite struct DemoRunTests {
    /// `<tmp>/pipelines/demo.yaml` (the committed file) beside a link to the real Fixtures.
    static func demoLayout() throws -> (root: URL, pipeline: String) {
        let root = try TestPaths.temporaryFolder("orderflow-demo")
        let files = FileManager.default
        try files.createDirectory(at: root.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        try files.copyItem(
            at: TestPaths.packageRoot.appendingPathComponent("pipelines/demo.yaml"),
            to: root.appendingPathComponent("pipelines/demo.yaml"))
        try files.createSymbolicLink(at: root.appendingPathComponent("Fixtures"), withDestinationURL: TestPaths.fixtures)
        return (root, root.appendingPathComponent("pipelines/demo.yaml").path)
    }

    static func files(under folder: URL) -> [String: Data] {
        var found: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        else { return found }
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            let relative = String(url.path.dropFirst(folder.path.count + 1))
            if relative.hasPrefix(".staging") || relative.contains("/.staging/") { continue }
            found[relative] = try? Data(contentsOf: url)
        }
        return found
    }

    @Test func demoRunPublishesTheGoldenOutputsAndASecondRunImportsNothing() throws {
        let (root, pipeline) = try Self.demoLayout()
        let first = try CLI.run(["run", pipeline])
        // Seven requests of the demo drops are rejected on purpose (Fixtures/README.md).
        #expect(first.exitCode == 65, "\(first.stderr)")
        #expect(first.stderr.contains("5 batches published, 7 requests rejected, 0 files failed"))
        // Each published batch says where its time went (Operations.md, logging).
        let timed = first.stderr.split(separator: "\n").filter { $0.hasSuffix("batch published") }
        #expect(timed.count == 5)
        let stageTimes = /\ seconds=read \d+\.\d\d judge \d+\.\d\d store \d+\.\d\d commit \d+\.\d\d publish \d+\.\d\d \[/
        for line in timed {
            #expect(line.contains(stageTimes), "\(line)")
        }
        // The example lines the documentation shows are the program's, stage times included.
        for article in ["Operations", "GettingStarted"] {
            let shown = try DocumentationTests.article(article).split(separator: "\n").filter { $0.hasSuffix("batch published") }
            #expect(!shown.isEmpty && shown.allSatisfy { $0.contains(stageTimes) }, "\(article).md: \(shown)")
        }

        let outbox = root.appendingPathComponent("var/outbox")
        let produced = Self.files(under: outbox)
        let golden = Self.files(under: TestPaths.fixtures.appendingPathComponent("golden/demo"))
        #expect(golden.count == 64)  // with provisioning.csv in each of the 5 batches
        for (name, bytes) in golden.sorted(by: { $0.key < $1.key }) {
            #expect(produced[name] == bytes, "\(name) differs from Fixtures/golden/demo/\(name)")
        }
        // Everything else in the outbox is an input moved in, byte for byte the drop it came from.
        let inputs = produced.keys.filter { golden[$0] == nil }.sorted()
        #expect(inputs.count == 5)
        for input in inputs {
            let parts = input.split(separator: "/")
            let drop = TestPaths.fixtures.appendingPathComponent(
                "drops/\(parts[0])/\(parts[1]).\(input.hasSuffix(".xml") ? "xml" : "csv")")
            #expect(parts.last?.hasPrefix("input.") == true)
            #expect(produced[input] == (try Data(contentsOf: drop)), "\(input)")
        }
        #expect(Self.files(under: root.appendingPathComponent("var/processing")).isEmpty)
        #expect(Self.files(under: root.appendingPathComponent("var/inbox")).isEmpty)
        #expect(Self.files(under: root.appendingPathComponent("var/failed")).isEmpty)

        let second = try CLI.run(["run", pipeline])
        #expect(second.exitCode == 0, "\(second.stderr)")
        #expect(second.stderr.contains("0 batches published"))
        #expect(Self.files(under: outbox) == produced)
    }

    @Test func pipelineMistakesAreConfigurationErrorsNamingTheKey() throws {
        let folder = try TestPaths.temporaryFolder("orderflow-badpipe")
        let path = folder.appendingPathComponent("bad.yaml").path
        try """
            kind: import
            catalog: \(TestPaths.fixtures.path)/catalog/demo.xml
            ledger: sqlite:ledger.sqlite
            folders: {inbox: in, processing: proc, outbox: out, failed: failed}
            stableFor: soon
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", path])
        #expect(result.exitCode == 78)
        #expect(result.stderr.contains("stableFor"))
        let missingCatalog = path + ".2.yaml"
        try """
            kind: import
            catalog: nowhere.xml
            ledger: sqlite:ledger.sqlite
            folders: {inbox: in, processing: proc, outbox: out, failed: failed}
            """.write(toFile: missingCatalog, atomically: true, encoding: .utf8)
        let second = try CLI.run(["run", missingCatalog])
        #expect(second.exitCode == 78)
        #expect(second.stderr.contains("catalog"))
    }
}
