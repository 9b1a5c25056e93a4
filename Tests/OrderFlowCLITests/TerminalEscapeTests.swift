import Foundation
import OrderFlowTestSupport
import Testing

/// `validate` and `quote` print cells of a file an outsider wrote: control bytes in them reach the
/// terminal escaped (DropFiles.md, "Checking a file before dropping it"), never raw.
@Suite struct TerminalEscapeTests {
    static let catalog = TestPaths.fixtures.appendingPathComponent("catalog/demo.xml").path

    /// A parity row whose ref holds ESC (a terminal's "clear screen" sequence), whose plan holds a
    /// bell and a right-to-left override, and whose company name holds a C1 control and a newline.
    static func hostileDrop() throws -> String {
        let lines = try String(contentsOf: TestPaths.fixtures.appendingPathComponent("requests/parity.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let row = lines[1]
            .replacingOccurrences(of: "P-01", with: "P-\u{1B}[2J01")
            .replacingOccurrences(of: "PLN-MAIL-STD", with: "PLN-\u{07}\u{202E}X")
            .replacingOccurrences(of: "Globex GmbH", with: "\"Globex\u{9B}31m\nGmbH\"")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("terminal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("ACME-20261122-07.csv")
        try (lines[0] + "\n" + row + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static func expectNoRawControls(_ text: String, _ comment: Comment) {
        let raw = text.unicodeScalars.filter { scalar in
            scalar != "\n" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{202E}")
        }
        #expect(raw.isEmpty, comment)
    }

    @Test func validateEscapesControlBytesOfCells() throws {
        let file = try Self.hostileDrop()
        let result = try CLI.run(["validate", file, "--catalog", Self.catalog, "--as-of", "2026-11-22"])
        #expect(result.exitCode == 65, "\(result.stdout)\(result.stderr)")
        Self.expectNoRawControls(result.stdout, "\(result.stdout.debugDescription)")
        #expect(result.stdout.contains("PLN-\\x07\\u{202E}X"), "\(result.stdout)")
    }

    @Test func quoteEscapesControlBytesOfCells() throws {
        let file = try Self.hostileDrop()
        let result = try CLI.run(["quote", file, "--catalog", Self.catalog, "--as-of", "2026-11-22"])
        #expect(result.exitCode == 65, "\(result.stdout)\(result.stderr)")
        Self.expectNoRawControls(result.stdout, "\(result.stdout.debugDescription)")
        let rows = result.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 2, "\(rows)")
        #expect(rows.last?.hasPrefix("P-\\x1B[2J01,2,order,rejected,") == true, "\(rows)")
    }

    /// A file error quotes the file's own bytes (its name, the header cells): escaped as well.
    @Test func fileErrorsAreEscapedToo() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("terminal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("ACME-20261122-08.csv")
        try "reseller,ref,col\u{1B}]0;pwned\u{07}\nR-ACME,X-1,\n".write(to: file, atomically: true, encoding: .utf8)
        for command in ["validate", "quote"] {
            let result = try CLI.run([command, file.path, "--catalog", Self.catalog, "--as-of", "2026-11-22"])
            #expect(result.exitCode == 65, "\(result.stdout)\(result.stderr)")
            Self.expectNoRawControls(result.stdout + result.stderr, "\(command): \((result.stdout + result.stderr).debugDescription)")
            #expect((result.stdout + result.stderr).contains("col\\x1B]0;pwned\\x07"), "\(command): \(result.stdout)\(result.stderr)")
        }
    }
}
