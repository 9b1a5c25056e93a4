import Foundation
import Glibc
import OrderFlowTestSupport
import Testing

/// The hostile corpus (`Fixtures/hostile/`, expected outcomes in its `expected.tsv`) and the
/// cases that cannot live in git (links, pipes, sockets, devices, control-character names, big
/// files), each dropped through `orderflow run` beside a good drop of another reseller, which
/// must still be published (Operations.md, hostile input).
@Suite struct HostileCorpusTests {
    struct Case: CustomStringConvertible, Sendable {
        var file: String
        /// `file CODE` or `published X Y …`.
        var expected: [String]
        var description: String { file }
    }

    static let folder = TestPaths.fixtures.appendingPathComponent("hostile")

    static let cases: [Case] = {
        let text = (try? String(contentsOf: folder.appendingPathComponent("expected.tsv"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let parts = line.split(separator: "\t", maxSplits: 1)
            return Case(file: String(parts[0]), expected: parts.count > 1 ? parts[1].split(separator: " ").map(String.init) : [])
        }
    }()

    /// Every file of the corpus has its expected outcome, and only those.
    @Test func everyFileOfTheCorpusHasAnExpectedOutcome() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0 != "expected.tsv" }.sorted()
        #expect(files == Self.cases.map(\.file).sorted())
        #expect(files.count >= 19)
    }

    @Test(arguments: cases)
    func eachCorpusFileGetsItsExpectedOutcome(_ item: Case) throws {
        let box = try PipelineSandbox("orderflow-hostile-corpus")
        defer { box.remove() }
        let bytes = Array(try Data(contentsOf: Self.folder.appendingPathComponent(item.file)))
        _ = try box.drop(bytes, reseller: "R-ACME", name: item.file)
        try box.dropFixture(HostileInboxTests.goodDrop.reseller, HostileInboxTests.goodDrop.name)
        let result = try box.run(timeout: 60)
        #expect(result.exitCode == 65, "\(result.stderr)")
        HostileInboxTests.expectGoodDropPublished(box)
        #expect(try box.leftovers(in: box.processing).isEmpty && box.leftovers(in: box.inbox).isEmpty)

        let kind = try #require(item.expected.first)
        let batch = (item.file as NSString).deletingPathExtension
        if kind == "file" {
            let errors = try String(contentsOf: box.failed.appendingPathComponent("R-ACME/\(item.file).errors.csv"), encoding: .utf8)
            #expect(errors.contains(",\(item.expected[1]),"), "\(errors)")
            #expect(!FileManager.default.fileExists(atPath: box.outbox.appendingPathComponent("R-ACME").path))
        } else {
            let results = try String(contentsOf: box.outbox.appendingPathComponent("R-ACME/\(batch)/results.csv"), encoding: .utf8)
            let codes = results.split(separator: "\n").dropFirst().map { row -> String in
                let code = Self.cells(String(row))[15]
                return code.isEmpty ? "-" : code
            }
            #expect(codes == Array(item.expected.dropFirst()), "\(results)")
            // Spreadsheet safety: no cell of results.csv starts like a formula.
            for row in results.split(separator: "\n") {
                for cell in Self.cells(String(row)) {
                    #expect(!(cell.first.map { "=+@".contains($0) } ?? false) && !cell.hasPrefix("-H"), "\(cell)")
                }
            }
        }
    }

    /// Cells of one CSV row (quotes undone); enough for the rows OrderFlow writes.
    static func cells(_ row: String) -> [String] {
        var cells: [String] = [], cell = "", quoted = false, previous: Character? = nil
        for character in row {
            if character == "\"" {
                if quoted, previous == "\"" { cell.append("\"") }
                quoted.toggle()
            } else if character == ",", !quoted {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(character)
            }
            previous = character
        }
        cells.append(cell)
        return cells
    }

    // MARK: Cases made at run time

    /// Entries that are not regular files, and names no file should have: each goes to
    /// `failed/R-ACME/` unopened with `UNSAFE_FILE`, and the good drop is published.
    @Test(arguments: ["symlink", "fifo", "socket", "folder", "control-character name", "bidi name", "non-UTF-8 name"])
    func unsafeEntriesFailUnopened(kind: String) throws {
        let box = try PipelineSandbox("orderflow-hostile-entry")
        defer { box.remove() }
        try box.dropFixture(HostileInboxTests.goodDrop.reseller, HostileInboxTests.goodDrop.name)
        let folder = box.inbox.appendingPathComponent("R-ACME")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let plain = folder.appendingPathComponent("ENTRY-01.xml").path
        switch kind {
        case "symlink": #expect(symlink("/etc/passwd", plain) == 0)
        case "fifo": #expect(mkfifo(plain, 0o644) == 0)
        case "socket": try Self.bindSocket(at: plain)
        case "folder": #expect(mkdir(plain, 0o755) == 0)
        case "control-character name": _ = try box.drop("x", reseller: "R-ACME", name: "bell\u{7}.csv")
        case "bidi name": _ = try box.drop("x", reseller: "R-ACME", name: "invoice\u{202E}lmx.csv")
        default:
            let name: [UInt8] = Array("latin".utf8) + [0xE9] + Array(".csv".utf8)
            let path = Array(folder.path.utf8) + [UInt8(ascii: "/")] + name + [0]
            let fd = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) } }
            #expect(fd >= 0)
            close(fd)
        }
        let result = try box.run(timeout: 60)
        #expect(!result.wasKilled && result.exitCode == 65, "\(result.stderr)")
        HostileInboxTests.expectGoodDropPublished(box)
        let failed = try FileManager.default.contentsOfDirectory(atPath: box.failed.appendingPathComponent("R-ACME").path)
        let errors = try #require(failed.first { $0.hasSuffix(".errors.csv") })
        let text = try String(contentsOf: box.failed.appendingPathComponent("R-ACME/" + errors), encoding: .utf8)
        #expect(text.contains(",UNSAFE_FILE,"), "\(text)")
        #expect(failed.allSatisfy { name in name.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0 != "\u{202E}" } }, "\(failed)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// A device node in the inbox (only root can make one) is moved, never opened.
    @Test(.enabled(if: getuid() == 0, "only root can make a device node"))
    func aDeviceNodeFailsUnopened() throws {
        let box = try PipelineSandbox("orderflow-hostile-device")
        defer { box.remove() }
        try box.dropFixture(HostileInboxTests.goodDrop.reseller, HostileInboxTests.goodDrop.name)
        let folder = box.inbox.appendingPathComponent("R-ACME")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The same device as /dev/zero (1, 5): reading it would never end.
        #expect(mknod(folder.appendingPathComponent("zero.xml").path, S_IFCHR | 0o644, dev_t((1 << 8) | 5)) == 0)
        let result = try box.run(timeout: 60)
        #expect(!result.wasKilled && result.exitCode == 65, "\(result.stderr)")
        HostileInboxTests.expectGoodDropPublished(box)
        let errors = try String(contentsOf: box.failed.appendingPathComponent("R-ACME/zero.xml.errors.csv"), encoding: .utf8)
        #expect(errors.contains("characterDevice") && errors.contains(",UNSAFE_FILE,"), "\(errors)")
    }

    /// Big inputs made here, not kept in git: nesting deeper than any request, more attributes
    /// than an element may have, and a cell longer than any value. Each fails its file or request
    /// with its code, at a cost linear in its size.
    @Test(arguments: ["depth", "attributes", "long cell"])
    func inputsPastTheBoundsFailWithTheirCode(kind: String) throws {
        let box = try PipelineSandbox("orderflow-hostile-bounds")
        defer { box.remove() }
        try box.dropFixture(HostileInboxTests.goodDrop.reseller, HostileInboxTests.goodDrop.name)
        let head = "<?xml version=\"1.0\"?>\n<orderBatch xmlns=\"urn:orderflow:orders:1\" reseller=\"R-ACME\" batchId=\"B-\(kind.count)\">\n"
        let name: String, expected: String, failedWhole: Bool
        switch kind {
        case "depth":
            name = "deep.xml"
            let open = String(repeating: "<order>", count: 100_000)
            _ = try box.drop(head + open, reseller: "R-ACME", name: name)
            (expected, failedWhole) = ("LIMIT_EXCEEDED", true)
        case "attributes":
            name = "attributes.xml"
            let attributes = (0..<110_000).map { " a\($0)=\"1\"" }.joined()
            _ = try box.drop(head + "<order ref=\"H-1\"\(attributes)/>\n</orderBatch>\n", reseller: "R-ACME", name: name)
            (expected, failedWhole) = ("LIMIT_EXCEEDED", false)
        default:
            name = "long-cell.csv"
            let header = "reseller,ref,action,company_name\n"
            _ = try box.drop(header + "R-ACME,H-1,order," + String(repeating: "x", count: 5_000_000) + "\n", reseller: "R-ACME", name: name)
            (expected, failedWhole) = ("VALUE_TOO_LONG", false)
        }
        let result = try box.run(timeout: 60)
        #expect(!result.wasKilled && result.exitCode == 65, "\(result.stderr)")
        HostileInboxTests.expectGoodDropPublished(box)
        let failedErrors = box.failed.appendingPathComponent("R-ACME/\(name).errors.csv")
        let text: String
        if failedWhole || FileManager.default.fileExists(atPath: failedErrors.path) {
            text = try String(contentsOf: failedErrors, encoding: .utf8)
        } else {
            let batch = (name as NSString).deletingPathExtension
            let outbox = box.outbox.appendingPathComponent("R-ACME")
            let folder = try FileManager.default.contentsOfDirectory(atPath: outbox.path).first { !$0.hasPrefix(".") } ?? batch
            text = try String(contentsOf: outbox.appendingPathComponent(folder + "/results.csv"), encoding: .utf8)
        }
        #expect(text.contains(expected), "\(text.prefix(2_000))")
        #expect(text.utf8.count < 100_000, "the error echoes the whole input: \(text.utf8.count) bytes")
    }

    static func bindSocket(at path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        try #require(bytes.count < MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
    }
}
