import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// Where the camt.053 standards sit (beside the repository, as ``UBLJudges/shared`` finds them;
/// never copied into it), and how the statement tests read and judge documents.
enum StatementFixtures {
    static var camt053: URL { UBLJudges.standards.appendingPathComponent("camt053") }
    static var samples: URL { camt053.appendingPathComponent("samples") }

    static func sample(_ name: String) throws -> URL {
        let url = samples.appendingPathComponent(name)
        try UBLJudges.requireFile(url, "the camt.053 sample \(name)")
        return url
    }

    /// The ISO XSD of a message version, when the standards folder has one (.02, .03, .04, .08).
    static func schema(version: Int) -> URL? {
        let url = camt053.appendingPathComponent("xsd/camt.053.001.\(version < 10 ? "0" : "")\(version).xsd")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    static func read(_ text: String) throws -> (headers: [StatementHeader], lines: [StatementLine]) {
        try Camt053Reader(bytes: Array(text.utf8), name: "statement.xml").readAll()
    }

    /// The one line of a document that holds one; records an issue otherwise.
    static func onlyLine(_ text: String) throws -> StatementLine {
        let lines = try read(text).lines
        #expect(lines.count == 1, "expected one line, read \(lines.count)")
        return try #require(lines.first)
    }

    /// The file error reading `text` throws, and whether anything was delivered before it.
    static func failure(_ text: String) -> (error: FileError?, delivered: Int) {
        var delivered = 0
        let error = XMLFixtures.fileError {
            try Camt053Reader(bytes: Array(text.utf8), name: "statement.xml").read(
                header: { _ in delivered += 1 }, line: { _ in delivered += 1 })
        }
        return (error, delivered)
    }

    /// `xmllint --schema` over the files: the errors, empty when every file is valid.
    static func schemaErrors(_ files: [URL], schema: URL) throws -> String {
        guard !files.isEmpty else { return "" }
        let run = try UBLJudges.execute(
            "xmllint", ["--noout", "--schema", schema.path] + files.map(\.path),
            missing: "xmllint is not installed: `apt-get install libxml2-utils`")
        if run.status == 0 { return "" }
        let lines = run.stderr.split(separator: "\n").filter { !$0.hasSuffix(" validates") }
        return lines.isEmpty ? "xmllint exited \(run.status)" : lines.joined(separator: "\n")
    }

    /// Judges `document(version)` by each XSD the standards folder has among `versions`, recording
    /// an issue for each invalid one; returns the versions judged.
    static func judgedBySchemas(versions: ClosedRange<Int> = 2...10, _ document: (Int) -> String) throws -> [Int] {
        let folder = try TestPaths.temporaryFolder("camt053-schema")
        defer { try? FileManager.default.removeItem(at: folder) }
        var judged: [Int] = []
        for version in versions {
            guard let schema = schema(version: version) else { continue }
            let file = folder.appendingPathComponent("camt053-v\(version).xml")
            try Data(document(version).utf8).write(to: file)
            let errors = try schemaErrors([file], schema: schema)
            #expect(errors.isEmpty, "camt.053.001.\(version):\n\(errors)")
            judged.append(version)
        }
        return judged
    }

    static func money(_ minorUnits: Int64, _ code: String) -> Money {
        Money(minorUnits: minorUnits, currency: Currency(code: code)!)
    }

    /// A valid creditor reference for a payment id (what the import prints on an invoice).
    static func reference(_ paymentId: String) -> String { CreditorReference.make(paymentId: paymentId) }

    /// `RF18 5390 0754 7034` written in groups of four, as a payer types it.
    static func spaced(_ reference: String) -> String {
        var groups: [String] = []
        var rest = Substring(reference)
        while !rest.isEmpty {
            groups.append(String(rest.prefix(4)))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }
}
