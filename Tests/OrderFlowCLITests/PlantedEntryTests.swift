import Foundation
import OrderFlowTestSupport
import Testing

/// What an operator's mistake or another tool can leave in `outbox/`, `failed/` and `processing/`
/// (Operations.md, hostile input): a link is never followed, a FIFO never waited on, an entry
/// that is not a claim of ours is moved aside and never published, and one blocked reseller
/// never stops the others. Each case has a good drop of another reseller beside it.
@Suite struct PlantedEntryTests {
    static let acme = (reseller: "R-ACME", name: "ACME-20261122-02.csv", batch: "ACME-20261122-02")
    /// A claim id and name as the claimer makes them, but with no claim in the ledger.
    static let claimLikeName = "0123456789abcdef--ACME-20261122-02.csv"

    static func path(_ box: PipelineSandbox, _ relative: String) -> String { box.root.appendingPathComponent(relative).path }

    static func makeFolder(_ box: PipelineSandbox, _ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path(box, relative), withIntermediateDirectories: true)
    }

    static func kind(_ box: PipelineSandbox, _ relative: String) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: path(box, relative)))?[.type] as? FileAttributeType
    }

    static func expectGoodDropPublished(_ box: PipelineSandbox, sourceLocation: SourceLocation = #_sourceLocation) {
        HostileInboxTests.expectGoodDropPublished(box, sourceLocation: sourceLocation)
    }

    static func withGoodDrops(_ name: String) throws -> PipelineSandbox {
        let box = try PipelineSandbox(name)
        try box.dropFixture(acme.reseller, acme.name)
        try box.dropFixture(HostileInboxTests.goodDrop.reseller, HostileInboxTests.goodDrop.name)
        return box
    }

    /// Item: a link planted as the reseller's outbox folder, as a batch folder or as the staging
    /// folder was followed and the outputs landed outside the pipeline; a file or FIFO there made
    /// every run exit 73 (or hang) and blocked every reseller. Now that batch is held (committed,
    /// still claimed: exit 73 names it), the other reseller is published, nothing is written
    /// outside, and once the entry is gone the next run publishes the held batch.
    @Test(arguments: ["outbox/R-ACME", "outbox/R-ACME/ACME-20261122-02", "outbox/R-ACME/.staging"])
    func aLinkInTheOutboxHoldsThatBatchOnlyAndIsNeverFollowed(planted: String) throws {
        let box = try Self.withGoodDrops("orderflow-planted-link")
        defer { box.remove() }
        let outside = try TestPaths.temporaryFolder("outside").path
        try Self.makeFolder(box, (planted as NSString).deletingLastPathComponent)
        try FileManager.default.createSymbolicLink(atPath: Self.path(box, planted), withDestinationPath: outside)

        let blocked = try box.run(timeout: 60)
        #expect(blocked.exitCode == 73, "\(blocked.stderr)")
        #expect(blocked.stderr.contains("R-ACME/ACME-20261122-02.csv is held"), "\(blocked.stderr)")
        Self.expectGoodDropPublished(box)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
        #expect(Self.kind(box, planted) == .typeSymbolicLink)
        #expect(try box.leftovers(in: box.processing).count == 1)

        try FileManager.default.removeItem(atPath: Self.path(box, planted))
        let next = try box.run(timeout: 60)
        #expect(next.exitCode == 0 || next.exitCode == 65, "\(next.stderr)")
        #expect(FileManager.default.fileExists(atPath: Self.path(box, "outbox/R-ACME/ACME-20261122-02/results.csv")))
        #expect(try box.leftovers(in: box.processing).isEmpty)
    }

    /// Item: a file is published while the reseller's next file is committed (Operations.md,
    /// claiming and leases). When the first cannot be published (a link planted as its batch
    /// folder), the second, committed meanwhile, stays claimed beside it and is published after it
    /// by the next run; both end byte for byte as in a run where nothing was planted.
    @Test func theFileCommittedWhileAHeldOneWasBeingPublishedWaitsBehindIt() throws {
        let box = try PipelineSandbox("orderflow-held-ahead")
        defer { box.remove() }
        let control = try PipelineSandbox("orderflow-held-ahead-control")
        defer { control.remove() }
        for sandbox in [box, control] {
            try sandbox.dropFixture("R-ACME", "ACME-20261122-01.xml", mtime: PipelineSandbox.baseMtime)
            try sandbox.dropFixture("R-ACME", "ACME-20261122-02.csv", mtime: PipelineSandbox.baseMtime + 1)
        }
        let outside = try TestPaths.temporaryFolder("outside").path
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let planted = "outbox/R-ACME/ACME-20261122-01"
        try Self.makeFolder(box, "outbox/R-ACME")
        try FileManager.default.createSymbolicLink(atPath: Self.path(box, planted), withDestinationPath: outside)

        let blocked = try box.run(timeout: 60)
        #expect(blocked.exitCode == 73, "\(blocked.stderr)")
        #expect(blocked.stderr.contains("R-ACME/ACME-20261122-01.xml is held"), "\(blocked.stderr)")
        #expect(!blocked.stderr.contains("batch published"), "\(blocked.stderr)")
        #expect(try box.leftovers(in: box.processing).count == 2)
        #expect(try box.leftovers(in: box.inbox).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)

        try FileManager.default.removeItem(atPath: Self.path(box, planted))
        let next = try box.run(timeout: 60)
        #expect(next.exitCode == 65, "\(next.stderr)")
        #expect(next.stderr.components(separatedBy: "resuming a claimed file").count - 1 == 2, "\(next.stderr)")
        #expect(try box.leftovers(in: box.processing).isEmpty)
        let clean = try control.run(timeout: 60)
        #expect(clean.exitCode == 65, "\(clean.stderr)")
        #expect(try box.snapshot() == control.snapshot())
    }

    @Test(arguments: ["file", "fifo"])
    func aFileOrFIFOWhereTheBatchFolderShouldBeHoldsThatBatchWithoutHanging(kind: String) throws {
        let box = try Self.withGoodDrops("orderflow-planted-\(kind)")
        defer { box.remove() }
        try Self.makeFolder(box, "outbox/R-ACME")
        let planted = Self.path(box, "outbox/R-ACME/ACME-20261122-02")
        if kind == "fifo" {
            #expect(mkfifo(planted, 0o644) == 0)
        } else {
            try Data("not a folder".utf8).write(to: URL(fileURLWithPath: planted))
        }
        let result = try box.run(timeout: 60)
        #expect(!result.wasKilled, "the run hung")
        #expect(result.exitCode == 73, "\(result.stderr)")
        Self.expectGoodDropPublished(box)
        // Left alone for the operator: never replaced by a folder, never removed.
        let left = Self.kind(box, "outbox/R-ACME/ACME-20261122-02")
        #expect(left != nil && left != .typeDirectory)
    }

    /// A link planted as `failed/<reseller>` is not followed: the file that fails stays claimed
    /// (exit 73) and nothing lands outside.
    @Test func aLinkAsTheResellersFailedFolderIsNeverFollowed() throws {
        let box = try PipelineSandbox("orderflow-planted-failed")
        defer { box.remove() }
        try box.dropFixture(HostileInboxTests.goodDrop.reseller, HostileInboxTests.goodDrop.name)
        try box.drop("not an order file", reseller: "R-ACME", name: "ACME-BROKEN-01.txt")
        let outside = try TestPaths.temporaryFolder("outside").path
        try Self.makeFolder(box, "failed")
        try FileManager.default.createSymbolicLink(atPath: Self.path(box, "failed/R-ACME"), withDestinationPath: outside)
        let result = try box.run(timeout: 60)
        #expect(result.exitCode == 73, "\(result.stderr)")
        Self.expectGoodDropPublished(box)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
        #expect(try box.leftovers(in: box.processing).count == 1)
    }

    /// Item: a FIFO, link or folder named like a claim in `processing/<reseller>/` made the run
    /// loop forever ("resuming a claimed file"); a regular file named like one, with no claim in
    /// the ledger, was adopted and published. Each is moved to `failed/<reseller>/` with
    /// `UNSAFE_FILE`, unread; the run ends with 65 and the reseller's own drop is published.
    @Test(arguments: ["fifo", "symlink", "folder", "file"])
    func anEntryInProcessingThatIsNotAClaimIsMovedAsideNeverPublished(kind: String) throws {
        let box = try Self.withGoodDrops("orderflow-stray-\(kind)")
        defer { box.remove() }
        try Self.makeFolder(box, "processing/R-ACME")
        let stray = Self.path(box, "processing/R-ACME/" + Self.claimLikeName)
        let outside = try TestPaths.temporaryFolder("outside").appendingPathComponent("secret.csv").path
        try Data(contentsOf: PipelineSandbox.demoDrop("R-ACME", "ACME-20261122-02.csv")).write(to: URL(fileURLWithPath: outside))
        switch kind {
        case "fifo": #expect(mkfifo(stray, 0o644) == 0)
        case "symlink": try FileManager.default.createSymbolicLink(atPath: stray, withDestinationPath: outside)
        case "folder": try FileManager.default.createDirectory(atPath: stray, withIntermediateDirectories: false)
        default: try FileManager.default.copyItem(atPath: outside, toPath: stray)
        }

        let result = try box.run(timeout: 60)
        #expect(!result.wasKilled, "the run did not end")
        #expect(result.exitCode == 65, "\(result.stderr)")
        #expect(!result.stderr.contains("resuming a claimed file"), "\(result.stderr)")
        Self.expectGoodDropPublished(box)
        #expect(try box.leftovers(in: box.processing).isEmpty)
        let errors = (try? String(contentsOfFile: Self.path(box, "failed/R-ACME/\(Self.claimLikeName).errors.csv"), encoding: .utf8)) ?? ""
        #expect(errors.contains("UNSAFE_FILE") && errors.contains("not a file this pipeline claimed"), "\(errors)")
        #expect(Self.kind(box, "failed/R-ACME/" + Self.claimLikeName) != nil)
        // The reseller's real drop is published once, from the inbox; the stray never was.
        let results = try String(contentsOfFile: Self.path(box, "outbox/R-ACME/ACME-20261122-02/results.csv"), encoding: .utf8)
        #expect(results.split(separator: "\n").count > 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: Self.path(box, "outbox/R-ACME")).filter { !$0.hasPrefix(".") }
            == ["ACME-20261122-02"])
    }

    /// Item: a regular file directly under `processing/` made every run exit 73. It is moved to
    /// `failed/@processing/` (`@` is never in a reseller id) and the run goes on.
    @Test func aFileDirectlyUnderProcessingIsMovedAside() throws {
        let box = try Self.withGoodDrops("orderflow-stray-top")
        defer { box.remove() }
        try Self.makeFolder(box, "processing")
        try Data("junk".utf8).write(to: URL(fileURLWithPath: Self.path(box, "processing/notes.txt")))
        try FileManager.default.createSymbolicLink(atPath: Self.path(box, "processing/R-LINK"), withDestinationPath: "/tmp")
        let result = try box.run(timeout: 60)
        #expect(result.exitCode == 65, "\(result.stderr)")
        Self.expectGoodDropPublished(box)
        #expect(FileManager.default.fileExists(atPath: Self.path(box, "outbox/R-ACME/ACME-20261122-02/results.csv")))
        #expect(try String(contentsOfFile: Self.path(box, "failed/@processing/notes.txt"), encoding: .utf8) == "junk")
        #expect(Self.kind(box, "failed/@processing/R-LINK") == .typeSymbolicLink)
        #expect(FileManager.default.fileExists(atPath: Self.path(box, "failed/@processing/notes.txt.errors.csv")))
        let left = try FileManager.default.contentsOfDirectory(atPath: box.processing.path)
        #expect(!left.contains("notes.txt") && !left.contains("R-LINK"), "\(left)")
    }
}
