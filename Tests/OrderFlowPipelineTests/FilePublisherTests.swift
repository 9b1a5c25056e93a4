import Foundation
import OrderFlowPipeline
import OrderFlowTestSupport
import Testing

@Suite struct FilePublisherTests {
    static func setUp() throws -> (root: String, batch: String, publisher: FilePublisher) {
        let root = try TestPaths.temporaryFolder("publish").path
        return (root, root + "/outbox/R-ACME/B-1", FilePublisher(conflictFolder: PipelinePath(root: root + "/failed", "R-ACME")))
    }

    /// `outbox/R-ACME/B-1` below the outbox root.
    static func target(_ root: String) -> PipelinePath { PipelinePath(root: root + "/outbox", "R-ACME", "B-1") }

    static func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    static func files(_ results: String) -> [(name: String, bytes: [UInt8])] {
        [(name: "results.csv", bytes: Array(results.utf8)), (name: "receipt.json", bytes: Array("{}".utf8))]
    }

    @Test func publishesIntoPlaceAndCleansStaging() throws {
        let (root, batch, publisher) = try Self.setUp()
        let report = try publisher.publish(Self.files("a,b\n"), into: Self.target(root))
        #expect(report.published == ["results.csv", "receipt.json"] && report.alreadyPresent.isEmpty && report.conflicts.isEmpty)
        #expect(try Self.text(batch + "/results.csv") == "a,b\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/outbox/R-ACME/.staging").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: batch).sorted() == ["receipt.json", "results.csv"])
    }

    @Test func anIdenticalTargetCountsAsPublished() throws {
        let (root, _, publisher) = try Self.setUp()
        _ = try publisher.publish(Self.files("a,b\n"), into: Self.target(root))
        let again = try publisher.publish(Self.files("a,b\n"), into: Self.target(root))
        #expect(again.published.isEmpty && again.alreadyPresent == ["results.csv", "receipt.json"] && again.conflicts.isEmpty)
    }

    /// A FIFO where an output should be is a conflict, never waited on: opening it to compare
    /// blocked until a writer came, which hung the run.
    @Test func aFIFOWhereAnOutputShouldBeIsAConflictNotAHang() throws {
        let (root, batch, publisher) = try Self.setUp()
        try FileManager.default.createDirectory(atPath: batch, withIntermediateDirectories: true)
        #expect(mkfifo(batch + "/results.csv", 0o644) == 0)
        let report = try publisher.publish(Self.files("a,b\n"), into: Self.target(root))
        #expect(report.published == ["receipt.json"])
        #expect(report.conflicts == [PublishConflict(name: "results.csv", movedTo: root + "/failed/R-ACME/B-1.results.csv")])
        #expect(try Self.text(root + "/failed/R-ACME/B-1.results.csv") == "a,b\n")
    }

    @Test func aDifferentTargetIsLeftUntouchedAndTheNewFileGoesToFailed() throws {
        let (root, batch, publisher) = try Self.setUp()
        try FileManager.default.createDirectory(atPath: batch, withIntermediateDirectories: true)
        try Data("someone else's".utf8).write(to: URL(fileURLWithPath: batch + "/results.csv"))
        let report = try publisher.publish(Self.files("a,b\n"), into: Self.target(root))
        #expect(report.published == ["receipt.json"])
        #expect(report.conflicts == [PublishConflict(name: "results.csv", movedTo: root + "/failed/R-ACME/B-1.results.csv")])
        #expect(try Self.text(batch + "/results.csv") == "someone else's")
        #expect(try Self.text(root + "/failed/R-ACME/B-1.results.csv") == "a,b\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/outbox/R-ACME/.staging").isEmpty)
    }

    @Test(arguments: ["../x.csv", "a/b.csv", "..", ".", "", ".hidden", "bell\u{7}.csv"])
    func refusesNamesThatAreNotPlain(name: String) throws {
        let (root, _, publisher) = try Self.setUp()
        #expect(throws: FileSystemError.self) { try publisher.publish([(name: name, bytes: [1])], into: Self.target(root)) }
    }

    @Test func moveIntoPlaceLinksThenUnlinksAndIsIdempotent() throws {
        let (root, batch, publisher) = try Self.setUp()
        let processing = root + "/processing/R-ACME"
        try FileManager.default.createDirectory(atPath: processing, withIntermediateDirectories: true)
        try Data("<in/>".utf8).write(to: URL(fileURLWithPath: processing + "/c1--a.xml"))
        #expect(try publisher.moveIntoPlace(from: processing + "/c1--a.xml", to: Self.target(root), name: "input.xml") == .moved)
        #expect(try Self.text(batch + "/input.xml") == "<in/>")
        #expect(!FileManager.default.fileExists(atPath: processing + "/c1--a.xml"))

        // A crash after the link: the source is still there, the target the same file.
        try FileManager.default.linkItem(atPath: batch + "/input.xml", toPath: processing + "/c1--a.xml")
        #expect(try publisher.moveIntoPlace(from: processing + "/c1--a.xml", to: Self.target(root), name: "input.xml") == .alreadyPresent)
        #expect(!FileManager.default.fileExists(atPath: processing + "/c1--a.xml"))

        try Data("<other/>".utf8).write(to: URL(fileURLWithPath: processing + "/c2--a.xml"))
        let outcome = try publisher.moveIntoPlace(from: processing + "/c2--a.xml", to: Self.target(root), name: "input.xml")
        #expect(outcome == .conflict(movedTo: root + "/failed/R-ACME/B-1.input.xml"))
        #expect(try Self.text(batch + "/input.xml") == "<in/>")
        #expect(try Self.text(root + "/failed/R-ACME/B-1.input.xml") == "<other/>")
        #expect(!FileManager.default.fileExists(atPath: processing + "/c2--a.xml"))
    }

    /// A link planted where a folder of the pipeline should be is refused, never written
    /// through: nothing lands outside the pipeline.
    @Test(arguments: ["outbox/R-ACME/B-1", "outbox/R-ACME", "outbox/R-ACME/.staging"])
    func aLinkWhereAFolderShouldBeIsRefusedNotFollowed(planted: String) throws {
        let (root, _, publisher) = try Self.setUp()
        let outside = try TestPaths.temporaryFolder("outside").path
        let link = root + "/" + planted
        try FileManager.default.createDirectory(atPath: parentFolder(link), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: outside)
        #expect(throws: FileSystemError.self) { try publisher.publish(Self.files("a,b\n"), into: Self.target(root)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
    }

    @Test func aFileWhereTheBatchFolderShouldBeIsRefusedAndLeftAlone() throws {
        let (root, batch, publisher) = try Self.setUp()
        try FileManager.default.createDirectory(atPath: root + "/outbox/R-ACME", withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: batch))
        #expect(throws: FileSystemError.self) { try publisher.publish(Self.files("a,b\n"), into: Self.target(root)) }
        #expect(try Self.text(batch) == "not a folder")
    }

    /// A conflict whose failed/<reseller> is a link is refused too (the publish throws).
    @Test func aLinkedConflictFolderIsNotFollowed() throws {
        let (root, batch, publisher) = try Self.setUp()
        let outside = try TestPaths.temporaryFolder("outside").path
        try FileManager.default.createDirectory(atPath: batch, withIntermediateDirectories: true)
        try Data("someone else's".utf8).write(to: URL(fileURLWithPath: batch + "/results.csv"))
        try FileManager.default.createDirectory(atPath: root + "/failed", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/failed/R-ACME", withDestinationPath: outside)
        #expect(throws: FileSystemError.self) { try publisher.publish(Self.files("a,b\n"), into: Self.target(root)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
    }

    private func parentFolder(_ path: String) -> String { (path as NSString).deletingLastPathComponent }
}
