import Foundation
import Glibc
import Logging
import OrderFlowPipeline
import OrderFlowTestSupport
import Testing

@Suite struct InboxScannerTests {
    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// An inbox with reseller R-ACME, scanned with stableFor 0 (stable at first sight).
    static func inbox() throws -> (root: String, acme: String) {
        let root = try TestPaths.temporaryFolder("inbox").path
        let acme = root + "/R-ACME"
        try FileManager.default.createDirectory(atPath: acme, withIntermediateDirectories: true)
        return (root, acme)
    }

    @Test func skipsUploadsInProgressAndListsStableFilesOldestFirst() throws {
        let (root, acme) = try Self.inbox()
        for name in [".hidden.xml", "b.xml.tmp", "c.csv.part", "new.xml", "old.xml", "also-old.csv"] {
            try Self.write("x", to: acme + "/" + name)
        }
        let old = Date(timeIntervalSince1970: 1_000_000)
        for name in ["old.xml", "also-old.csv"] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: acme + "/" + name)
        }
        var scanner = InboxScanner(inbox: root, stableFor: 0, logger: Logger(label: "test"))
        let scan = try scanner.scan()
        #expect(scan.resellers.map(\.reseller) == ["R-ACME"])
        #expect(scan.resellers[0].candidates.map(\.name) == ["also-old.csv", "old.xml", "new.xml"])
        #expect(scan.unsafe.isEmpty && scan.waiting.isEmpty && scan.nextCheckIn == nil)
    }

    @Test func reportsSymlinksFifosFoldersAndBadNamesAsUnsafeWithoutOpeningThem() throws {
        let (root, acme) = try Self.inbox()
        try FileManager.default.createSymbolicLink(atPath: acme + "/link.xml", withDestinationPath: "/etc/passwd")
        #expect(mkfifo(acme + "/pipe.xml", 0o644) == 0)  // opening it for reading would block
        try FileManager.default.createDirectory(atPath: acme + "/folder.xml", withIntermediateDirectories: false)
        try Self.write("x", to: acme + "/bad\u{1B}[31mname.xml")
        try Self.write("x", to: acme + "/good.xml")
        var scanner = InboxScanner(inbox: root, stableFor: 0, logger: Logger(label: "test"))
        let scan = try scanner.scan()
        let unsafe = Dictionary(uniqueKeysWithValues: scan.unsafe.map { ($0.displayName, $0.reason) })
        #expect(unsafe == ["link.xml": .symlink, "pipe.xml": .fifo, "folder.xml": .directory, "bad_[31mname.xml": .unsafeName])
        #expect(scan.resellers.first?.candidates.map(\.name) == ["good.xml"])
    }

    @Test func ignoresResellerFoldersThatAreNotPlainFolders() throws {
        let (root, _) = try Self.inbox()
        for folder in [".staging", "bad\u{7}bell"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: false)
            try Self.write("x", to: root + "/" + folder + "/a.xml")
        }
        try FileManager.default.createSymbolicLink(atPath: root + "/R-LINK", withDestinationPath: root + "/R-ACME")
        try Self.write("x", to: root + "/R-ACME/a.xml")
        var scanner = InboxScanner(inbox: root, stableFor: 0, logger: Logger(label: "test"))
        let scan = try scanner.scan()
        #expect(scan.resellers.map(\.reseller) == ["R-ACME"])
        #expect(Set(scan.ignoredFolders) == [".staging", "bad_bell", "R-LINK"])
    }

    @Test func aMissingInboxIsAnError() {
        var scanner = InboxScanner(inbox: "/nonexistent/inbox", stableFor: 0, logger: Logger(label: "test"))
        #expect(throws: FileSystemError.self) { try scanner.scan() }
    }
}
