import Foundation
import Glibc
import OrderFlowCore
import OrderFlowPipeline
import OrderFlowTestSupport
import Testing

@Suite struct FailedFolderTests {
    static let diagnostics = [
        Diagnostic(.xmlMalformed, "The file is not well-formed XML: a tag is not closed.", at: SourceLocation(line: 3, column: 7)),
        Diagnostic(.invalidValue, field: "batchId", "=HYPERLINK(\"x\") is not a batch id, use letters.", at: SourceLocation(line: 1)),
    ]

    static let expectedCSV = """
        line,column,error_code,error_field,error_message
        3,7,XML_MALFORMED,,The file is not well-formed XML: a tag is not closed.
        1,0,INVALID_VALUE,batchId,"'=HYPERLINK(""x"") is not a batch id, use letters."

        """

    @Test func movesTheFileAndWritesItsErrorsBesideIt() throws {
        let root = try TestPaths.temporaryFolder("failed").path
        let source = root + "/processing/R-ACME/c1--a.xml"
        try FileManager.default.createDirectory(atPath: root + "/processing/R-ACME", withIntermediateDirectories: true)
        try Data("<a>".utf8).write(to: URL(fileURLWithPath: source))
        let failed = FailedFolder(root: root + "/failed")
        let result = try failed.fail(path: source, reseller: "R-ACME", originalName: "a.xml", diagnostics: Self.diagnostics)
        #expect(result.name == "a.xml" && result.path == root + "/failed/R-ACME/a.xml")
        #expect(try String(contentsOfFile: result.errorsPath, encoding: .utf8) == Self.expectedCSV)
        #expect(!FileManager.default.fileExists(atPath: source))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/failed/R-ACME").sorted() == ["a.xml", "a.xml.errors.csv"])

        // The same name again: never replaced, numbered.
        try Data("<b>".utf8).write(to: URL(fileURLWithPath: source))
        let second = try failed.fail(path: source, reseller: "R-ACME", originalName: "a.xml", diagnostics: Self.diagnostics)
        #expect(second.name == "a.xml.1" && second.errorsPath.hasSuffix("/a.xml.1.errors.csv"))
        #expect(try String(contentsOfFile: result.path, encoding: .utf8) == "<a>")
    }

    /// A name whose `.errors.csv` is taken (say a reseller once dropped `a.xml.errors.csv`) is
    /// skipped: the errors always sit beside the file, and nothing there is replaced.
    @Test func aNameWhoseErrorsFileIsTakenIsSkipped() throws {
        let root = try TestPaths.temporaryFolder("failed").path
        let source = root + "/processing/c1--a.xml"
        try FileManager.default.createDirectory(atPath: root + "/processing", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/failed/R-ACME", withIntermediateDirectories: true)
        try Data("<a>".utf8).write(to: URL(fileURLWithPath: source))
        try Data("theirs".utf8).write(to: URL(fileURLWithPath: root + "/failed/R-ACME/a.xml.errors.csv"))
        let result = try FailedFolder(root: root + "/failed")
            .fail(path: source, reseller: "R-ACME", originalName: "a.xml", diagnostics: Self.diagnostics)
        #expect(result.name == "a.xml.1" && result.errorsPath == root + "/failed/R-ACME/a.xml.1.errors.csv")
        #expect(try String(contentsOfFile: result.errorsPath, encoding: .utf8) == Self.expectedCSV)
        #expect(try String(contentsOfFile: root + "/failed/R-ACME/a.xml.errors.csv", encoding: .utf8) == "theirs")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/failed/R-ACME").sorted()
            == ["a.xml.1", "a.xml.1.errors.csv", "a.xml.errors.csv"])
    }

    @Test func aRerunAfterACrashHalfwayLeavesOneFileAndItsErrors() throws {
        let root = try TestPaths.temporaryFolder("failed").path
        let source = root + "/processing/c1--a.xml"
        try FileManager.default.createDirectory(atPath: root + "/processing", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/failed/R-ACME", withIntermediateDirectories: true)
        try Data("<a>".utf8).write(to: URL(fileURLWithPath: source))
        // The crash came after the link into failed/, before anything else.
        try FileManager.default.linkItem(atPath: source, toPath: root + "/failed/R-ACME/a.xml")
        let result = try FailedFolder(root: root + "/failed")
            .fail(path: source, reseller: "R-ACME", originalName: "a.xml", diagnostics: Self.diagnostics)
        #expect(result.name == "a.xml")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/failed/R-ACME").sorted() == ["a.xml", "a.xml.errors.csv"])
        #expect(!FileManager.default.fileExists(atPath: source))
    }

    /// A file with another link (perhaps outside the pipeline) is never linked into failed/
    /// (Operations.md, hostile input): its errors.csv is written, its inbox name removed, and the
    /// other name keeps the file as it was.
    @Test func aFileWithAnotherLinkGetsItsErrorsButNoLinkInFailed() throws {
        let root = try TestPaths.temporaryFolder("failed").path
        try FileManager.default.createDirectory(atPath: root + "/inbox/R-ACME", withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: URL(fileURLWithPath: root + "/outside.csv"))
        try FileManager.default.linkItem(atPath: root + "/outside.csv", toPath: root + "/inbox/R-ACME/l.csv")
        let entry = UnsafeEntry(reseller: "R-ACME", nameBytes: Array("l.csv".utf8), reason: .hardLinked)
        let result = try FailedFolder(root: root + "/failed").fail(unsafe: entry, inbox: root + "/inbox")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/failed/R-ACME") == ["l.csv.errors.csv"])
        #expect(try String(contentsOfFile: result.errorsPath, encoding: .utf8).contains(",UNSAFE_FILE,"))
        #expect(!FileManager.default.fileExists(atPath: root + "/inbox/R-ACME/l.csv"))
        let outside = try FileManager.default.attributesOfItem(atPath: root + "/outside.csv")
        #expect(outside[.referenceCount] as? Int == 1)
        #expect(try String(contentsOfFile: root + "/outside.csv", encoding: .utf8) == "secret")
    }

    @Test func anUnsafeInboxEntryIsMovedUnopened() throws {
        let root = try TestPaths.temporaryFolder("failed").path
        try FileManager.default.createDirectory(atPath: root + "/inbox/R-ACME", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/inbox/R-ACME/l.xml", withDestinationPath: "/etc/hostname")
        let result = try FailedFolder(root: root + "/failed").fail(
            path: root + "/inbox/R-ACME/l.xml", reseller: "R-ACME", originalName: "l.xml",
            diagnostics: [Diagnostic(.unsafeFile, "The inbox entry is a symlink, not a regular file: it was not opened.")])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: result.path) == "/etc/hostname")
        #expect(try String(contentsOfFile: result.errorsPath, encoding: .utf8).contains(",UNSAFE_FILE,"))
    }

    @Test func unsafeEntriesAreMovedThemselvesNeverReplacingWithTheirErrors() throws {
        let root = try TestPaths.temporaryFolder("failed").path
        let inbox = root + "/inbox/R-ACME", failed = root + "/failed/R-ACME"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: failed, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: inbox + "/l.xml", withDestinationPath: "/etc/hostname")
        #expect(mkfifo(inbox + "/p.xml", 0o644) == 0)
        try Data("earlier".utf8).write(to: URL(fileURLWithPath: failed + "/l.xml"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: inbox + "/bad\u{1}.xml"))

        var scanner = InboxScanner(inbox: root + "/inbox", stableFor: 0, logger: .init(label: "test"))
        let folder = FailedFolder(root: root + "/failed")
        let moved = try scanner.scan().unsafe.map { try folder.fail(unsafe: $0, inbox: root + "/inbox") }
        #expect(moved.map(\.name).sorted() == ["bad_.xml", "l.xml.1", "p.xml"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox).isEmpty)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: failed + "/l.xml.1") == "/etc/hostname")
        #expect(try String(contentsOfFile: failed + "/l.xml", encoding: .utf8) == "earlier")
        var info = stat()
        #expect(lstat(failed + "/p.xml", &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        for file in moved {
            #expect(try String(contentsOfFile: file.errorsPath, encoding: .utf8).contains(",UNSAFE_FILE,"))
        }
    }

    @Test func anUnsafeEntryWithANonUTF8NameIsFailedByItsBytes() throws {
        let root = try TestPaths.temporaryFolder("failed").path
        let inbox = root + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox + "/R-ACME", withIntermediateDirectories: true)
        let name: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".xml".utf8)  // Latin-1 é
        let path = (Array((inbox + "/R-ACME/").utf8) + name + [0]).map { CChar(bitPattern: $0) }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(fd >= 0)
        close(fd)
        var scanner = InboxScanner(inbox: inbox, stableFor: 0, logger: .init(label: "test"))
        let entries = try scanner.scan().unsafe
        #expect(entries.map(\.reason) == [.unsafeName])
        let result = try FailedFolder(root: root + "/failed").fail(unsafe: entries[0], inbox: inbox)
        #expect(result.name == "caf_.xml")
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox + "/R-ACME").isEmpty)
        #expect(try String(contentsOfFile: result.errorsPath, encoding: .utf8).contains(",UNSAFE_FILE,"))
    }
}
