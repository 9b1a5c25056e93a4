import Foundation
import Glibc
import OrderFlowPipeline
import OrderFlowTestSupport
import Testing

@Suite struct PipelineConfigTests {
    /// A temporary project: `pipelines/` with a pipeline file and `Fixtures/catalog/demo.xml`.
    struct Project {
        let root: URL
        var pipelines: URL { root.appendingPathComponent("pipelines") }

        init() throws {
            root = try TestPaths.temporaryFolder("pipeline-config")
            try FileManager.default.createDirectory(at: pipelines, withIntermediateDirectories: true)
            let catalog = root.appendingPathComponent("Fixtures/catalog")
            try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
            try Data("<catalog/>".utf8).write(to: catalog.appendingPathComponent("demo.xml"))
        }

        func write(_ yaml: String, name: String = "demo.yaml") throws -> String {
            let url = pipelines.appendingPathComponent(name)
            try Data(yaml.utf8).write(to: url)
            return url.path
        }

        func load(_ yaml: String) throws -> PipelineConfig { try PipelineConfig.load(path: try write(yaml)) }

        /// The error loading `yaml` gives.
        func error(_ yaml: String) throws -> PipelineConfigError {
            let path = try write(yaml)
            do {
                _ = try PipelineConfig.load(path: path)
            } catch {
                return error
            }
            Issue.record("expected an error for:\n\(yaml)")
            return PipelineConfigError(file: path, key: "-", message: "no error")
        }
    }

    static let demo = """
        kind: import                      # import | reconcile | trials | billing | provision
        catalog: ../Fixtures/catalog/demo.xml
        ledger: sqlite:../var/ledger.sqlite   # or postgres://user@127.0.0.1:5432/orderflow
        folders: {inbox: ../var/inbox, processing: ../var/processing,
                  outbox: ../var/outbox, failed: ../var/failed}
        stableFor: 2s
        onInvalidOrder: reject-order      # reject-order | reject-file
        maxFileBytes: 1GiB

        """

    /// ``demo`` with `key`'s line replaced (or removed when `line` is nil).
    static func demo(replacing key: String, with line: String?) -> String {
        var lines = demo.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if key == "folders" {
            lines.removeSubrange(3...4)
            if let line { lines.insert(line, at: 3) }
        } else {
            let index = lines.firstIndex { $0.hasPrefix(key + ":") }!
            if let line { lines[index] = line } else { lines.remove(at: index) }
        }
        return lines.joined(separator: "\n")
    }

    @Test func readsTheSpecExampleResolvingPathsAgainstItsFolder() throws {
        let project = try Project()
        let config = try project.load(Self.demo)
        let root = project.root.standardizedFileURL.path
        #expect(config.kind == .import)
        #expect(config.catalogPath == root + "/Fixtures/catalog/demo.xml")
        #expect(config.ledger == .sqlite(path: root + "/var/ledger.sqlite"))
        #expect(config.folders == PipelineFolders(
            inbox: root + "/var/inbox", processing: root + "/var/processing",
            outbox: root + "/var/outbox", failed: root + "/var/failed"))
        #expect(config.stableFor == 2_000)
        #expect(config.onInvalidOrder == .rejectOrder)
        #expect(config.maxFileBytes == 1 << 30)
        #expect(config.lease == 60_000)
        #expect(config.pollInterval == 5_000)
        for folder in ["inbox", "processing", "outbox", "failed"] {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: root + "/var/" + folder, isDirectory: &isDirectory) && isDirectory.boolValue)
        }
    }

    @Test func defaultsAndExtensionKeys() throws {
        let project = try Project()
        let minimal = Self.demo.split(separator: "\n").prefix(5).joined(separator: "\n")  // kind … folders
        let defaults = try project.load(minimal)
        #expect(defaults.stableFor == 2_000 && defaults.maxFileBytes == 1 << 30 && defaults.onInvalidOrder == .rejectOrder)

        #expect(defaults.usageGraceDays == 0 && defaults.unpaidCancelDays == 30)
        let custom = try project.load(Self.demo + "lease: 1m\npollInterval: 500ms\nusageGraceDays: 3\n")
        #expect(custom.lease == 60_000 && custom.pollInterval == 500 && custom.usageGraceDays == 3)
        let other = try project.load(
            Self.demo(replacing: "stableFor", with: "stableFor: 0s")
                .replacingOccurrences(of: "maxFileBytes: 1GiB", with: "maxFileBytes: 1000")
                .replacingOccurrences(of: "reject-order      #", with: "reject-file #")
                .replacingOccurrences(of: "sqlite:../var/ledger.sqlite", with: "postgres://orderflow@127.0.0.1:5432/orderflow"))
        #expect(other.stableFor == 0 && other.maxFileBytes == 1000 && other.onInvalidOrder == .rejectFile)
        #expect(other.ledger == .postgres(url: "postgres://orderflow@127.0.0.1:5432/orderflow"))
    }

    @Test(arguments: [("500ms", 500), ("2s", 2_000), ("1m", 60_000), ("1h", 3_600_000), ("0s", 0)] as [(String, Int64)])
    func durations(text: String, milliseconds: Int64) throws {
        let config = try Project().load(Self.demo(replacing: "stableFor", with: "stableFor: \(text)"))
        #expect(config.stableFor == milliseconds)
    }

    @Test(arguments: [("1GiB", 1 << 30), ("512MiB", 512 << 20), ("10KiB", 10 << 10), ("1GB", 1_000_000_000), ("1000", 1000)] as [(String, Int64)])
    func sizes(text: String, bytes: Int64) throws {
        let config = try Project().load(Self.demo(replacing: "maxFileBytes", with: "maxFileBytes: \(text)"))
        #expect(config.maxFileBytes == bytes)
    }

    @Test(arguments: [
        ("kind", "kind: imports"),
        ("stableFor", "stableFor: 2"),
        ("stableFor", "stableFor: -2s"),
        ("stableFor", "stableFor: 2 seconds"),
        ("maxFileBytes", "maxFileBytes: 1 GiB"),
        ("maxFileBytes", "maxFileBytes: -5"),
        ("maxFileBytes", "maxFileBytes: 1.5GiB"),
        ("onInvalidOrder", "onInvalidOrder: reject"),
        ("ledger", "ledger: mysql://x@y/z"),
        ("ledger", "ledger: postgres://user@host:99999/db"),
        ("ledger", "ledger: postgres://user@host:5432"),
        ("ledger", "ledger: \"sqlite:\""),
        ("catalog", "catalog: ../Fixtures/catalog/missing.xml"),
        ("kind", nil), ("catalog", nil), ("ledger", nil), ("folders", nil),
        ("folders.failed", "folders: {inbox: ../var/inbox, processing: ../var/processing, outbox: ../var/outbox}"),
        ("folders.outbox", "folders: {inbox: ../var/inbox, processing: ../var/p, outbox: ../var/p, failed: ../var/f}"),
        ("folders.inboxes", "folders: {inboxes: ../var/inbox, processing: ../var/p, outbox: ../var/o, failed: ../var/f}"),
        ("folders", "folders: ../var"),
        ("folders.processing", "folders: {inbox: ../var/inbox, processing: ../var/inbox/p, outbox: ../var/o, failed: ../var/f}"),
        ("folders.inbox", "folders: {inbox: ../var/o/inbox, processing: ../var/p, outbox: ../var/o, failed: ../var/f}"),
    ] as [(String, String?)])
    func everyMistakeNamesItsKey(key: String, line: String?) throws {
        let project = try Project()
        let replaced = line.map { $0.hasPrefix("folders") ? "folders" : String($0.prefix { $0 != ":" }) } ?? key
        let error = try project.error(Self.demo(replacing: replaced, with: line))
        #expect(error.key == key, "\(error)")
        #expect(error.description.hasPrefix(project.pipelines.path + "/demo.yaml: \(key): "))
        #expect(!error.message.isEmpty)
    }

    /// The keys beyond ``demo``'s name themselves too.
    @Test(arguments: [
        ("lease", "lease: 0s"), ("lease", "lease: soon"), ("pollInterval", "pollInterval: 0s"),
        ("asOf", "asOf: 2026-02-30"), ("asOf", "asOf: today"), ("seedFrom", "seedFrom: ../nowhere"),
        ("seedFrom", "seedFrom: ../Fixtures/catalog/demo.xml"), ("unpaidCancelDays", "unpaidCancelDays: -1"),
        ("usageGraceDays", "usageGraceDays: 366"), ("usageGraceDays", "usageGraceDays: 3d"),
    ] as [(String, String)])
    func everyExtensionKeyMistakeNamesItsKey(key: String, line: String) throws {
        let project = try Project()
        let error = try project.error(Self.demo + line + "\n")
        #expect(error.key == key, "\(error)")
        #expect(error.description.hasPrefix(project.pipelines.path + "/demo.yaml: \(key): "))
    }

    @Test func anUnknownKeyIsNamedWithTheClosestKnownOne() throws {
        let error = try Project().error(Self.demo.replacingOccurrences(of: "stableFor:", with: "stablefor:"))
        #expect(error.key == "stablefor")
        #expect(error.message.contains("Did you mean 'stableFor'?"))
        let far = try Project().error(Self.demo + "colour: blue\n")
        #expect(far.key == "colour" && !far.message.contains("Did you mean"))
    }

    @Test func fileLevelMistakes() throws {
        let project = try Project()
        let missing = project.pipelines.appendingPathComponent("nope.yaml").path
        #expect(throws: PipelineConfigError.self) { try PipelineConfig.load(path: missing) }
        #expect(try project.error("kind: [import\n").key == "")
        #expect(try project.error("- kind\n- import\n").message.contains("mapping"))
        #expect(try project.error("").message.contains("empty"))
        let twice = try project.error(Self.demo + "kind: import\n")
        #expect(twice.message.contains("'kind'"), "\(twice)")  // Yams names the repeated key
    }

    /// A link or rename is atomic only within one filesystem (Operations.md): a folder on another
    /// one is a configuration error. Needs a second filesystem (`/dev/shm`) to show it.
    @Test func aFolderOnAnotherFilesystemNamesItsKey() throws {
        let project = try Project()
        var here = stat(), shm = stat()
        guard stat(project.root.path, &here) == 0, stat("/dev/shm", &shm) == 0, here.st_dev != shm.st_dev,
              access("/dev/shm", W_OK) == 0 else { return }
        let elsewhere = "/dev/shm/orderflow-config-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        let error = try project.error(Self.demo.replacingOccurrences(of: "failed: ../var/failed", with: "failed: " + elsewhere))
        #expect(error.key == "folders.failed", "\(error)")
        #expect(error.message.contains("filesystem"))
    }

    @Test func aFolderThatCannotBeCreatedNamesItsKey() throws {
        let project = try Project()
        try Data("a file".utf8).write(to: project.root.appendingPathComponent("blocker"))
        let error = try project.error(Self.demo.replacingOccurrences(of: "outbox: ../var/outbox", with: "outbox: ../blocker/outbox"))
        #expect(error.key == "folders.outbox")
        let ledger = try project.error(Self.demo.replacingOccurrences(of: "sqlite:../var/ledger.sqlite", with: "sqlite:../blocker/l.sqlite"))
        #expect(ledger.key == "ledger")
    }
}
