import Foundation

/// The two external judges of the documents UBLWriter writes: the OASIS UBL 2.1 schemas (run with
/// `xmllint`) and CEN's EN 16931 validation stylesheet (XSLT 2.0, run with SaxonC-HE from
/// `Tests/Tools/en16931_validate.py`).
///
/// Both are read where they sit beside the repository, `../shared/standards/` (as `.ci/run` lays
/// them out), never copied into it; `ORDERFLOW_SHARED` names another folder. A clone made
/// elsewhere from a local checkout (`git clone /srv/orderflow "$(mktemp -d)/orderflow"`) reads them
/// beside the checkout it was cloned from: its `origin`, when that is a folder.
public enum UBLJudges {
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    public static let shared: URL = {
        if let path = ProcessInfo.processInfo.environment["ORDERFLOW_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        let beside = TestPaths.packageRoot.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)
        if FileManager.default.fileExists(atPath: beside.path) { return beside }
        return localOrigin?.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true) ?? beside
    }()

    /// The folder this checkout was cloned from, when its `origin` is a local path (`url = /…` in
    /// `.git/config`); nil for a remote URL or no clone.
    static var localOrigin: URL? {
        let config = TestPaths.packageRoot.appendingPathComponent(".git/config")
        guard let text = try? String(contentsOf: config, encoding: .utf8) else { return nil }
        var inOrigin = false
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") { inOrigin = line == "[remote \"origin\"]"; continue }
            guard inOrigin, line.hasPrefix("url") else { continue }
            let value = line.drop(while: { $0 != "=" }).dropFirst().trimmingCharacters(in: .whitespaces)
            let path = value.hasPrefix("file://") ? String(value.dropFirst("file://".count)) : value
            guard path.hasPrefix("/") else { return nil }
            let folder = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
            return folder.lastPathComponent == ".git" ? folder.deletingLastPathComponent() : folder
        }
        return nil
    }

    public static var standards: URL { shared.appendingPathComponent("standards") }
    public static var invoiceSchema: URL { standards.appendingPathComponent("ubl-2.1/xsdrt/maindoc/UBL-Invoice-2.1.xsd") }
    public static var creditNoteSchema: URL {
        standards.appendingPathComponent("ubl-2.1/xsdrt/maindoc/UBL-CreditNote-2.1.xsd")
    }
    public static var stylesheet: URL { standards.appendingPathComponent("en16931/ubl/xslt/EN16931-UBL-validation.xslt") }
    public static var cenExamples: URL { standards.appendingPathComponent("en16931/ubl/examples") }
    public static var script: URL { TestPaths.packageRoot.appendingPathComponent("Tests/Tools/en16931_validate.py") }

    /// `ORDERFLOW_SKIP_EN16931=1` leaves the CEN stylesheet out (a machine without Python); without
    /// it, a missing `python3` or `saxonche` fails the tests with the way to install them.
    public static var skipEN16931: Bool { ProcessInfo.processInfo.environment["ORDERFLOW_SKIP_EN16931"] == "1" }

    public static let installHint =
        "install it with `python3 -m pip install saxonche` (Debian: `pip install --break-system-packages saxonche`), "
        + "or set ORDERFLOW_SKIP_EN16931=1 to leave the EN 16931 judge out"

    public static func requireFile(_ url: URL, _ what: String) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw Unavailable(
                description: "\(what) not found at \(url.path): the UBL tests read ../shared/standards beside "
                    + "the repository (or ORDERFLOW_SHARED)")
        }
    }

    // MARK: xmllint

    /// The schema errors `xmllint` reports for `files` against `schema`; empty when every file is valid.
    public static func schemaErrors(_ files: [URL], schema: URL) throws -> String {
        try requireFile(schema, "the UBL 2.1 schema")
        guard !files.isEmpty else { return "" }
        let run = try execute(
            "xmllint", ["--noout", "--schema", schema.path] + files.map(\.path),
            missing: "xmllint is not installed: `apt-get install libxml2-utils`")
        if run.status == 0 { return "" }
        let lines = run.stderr.split(separator: "\n").filter { !$0.hasSuffix(" validates") }
        return lines.isEmpty ? "xmllint exited \(run.status)" : lines.joined(separator: "\n")
    }

    // MARK: CEN EN 16931

    public struct Finding: Decodable, CustomStringConvertible {
        public let id: String
        public let location: String
        public let text: String
        public var description: String { "\(text) at \(location)" }
    }

    public struct FileReport: Decodable {
        public let file: String
        public let fatal: [Finding]
        public let warning: [Finding]
    }

    public struct Report: Decodable {
        public let files: [FileReport]

        /// "file: [RULE] text" for every fatal finding.
        public var fatalSummary: [String] {
            files.flatMap { file in
                file.fatal.map { "\(URL(fileURLWithPath: file.file).lastPathComponent): \($0.description)" }
            }
        }

        public func file(named name: String) -> FileReport? {
            files.first { URL(fileURLWithPath: $0.file).lastPathComponent == name }
        }
    }

    /// Runs CEN's stylesheet over `files` in one process (compiled once).
    public static func en16931(_ files: [URL]) throws -> Report {
        try requireFile(stylesheet, "CEN's EN16931-UBL-validation.xslt")
        let python = ProcessInfo.processInfo.environment["ORDERFLOW_PYTHON"] ?? "python3"
        let run = try execute(
            python, [script.path, stylesheet.path] + files.map(\.path),
            missing: "\(python) is not installed: the EN 16931 judge runs CEN's XSLT 2.0 with Python's saxonche; "
                + installHint)
        guard run.status == 0 || run.status == 1 else {
            throw Unavailable(
                description: "the EN 16931 judge could not run (exit \(run.status)): \(run.stderr)\n"
                    + installHint)
        }
        do {
            return try JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8))
        } catch {
            throw Unavailable(description: "the EN 16931 judge printed no report (\(error)): \(run.stderr)")
        }
    }

    // MARK: Processes

    public struct Run {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `tool` found on `PATH`, its output collected through files (a pipe could fill and stall it).
    public static func execute(_ tool: String, _ arguments: [String], missing: String) throws -> Run {
        let folder = try TestPaths.temporaryFolder("ubl-judge")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout")
        let err = folder.appendingPathComponent("stderr")
        guard FileManager.default.createFile(atPath: out.path, contents: nil),
            FileManager.default.createFile(atPath: err.path, contents: nil)
        else { throw Unavailable(description: "cannot create \(folder.path)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        // env's own "not found" status.
        if process.terminationStatus == 127 { throw Unavailable(description: missing) }
        return Run(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    /// Writes each document to `folder` as `<name>.xml` and returns the files, invoices and credit
    /// notes apart (each has its own schema).
    public static func write(
        _ documents: [(name: String, bytes: [UInt8], isCreditNote: Bool)], to folder: URL
    ) throws -> (invoices: [URL], creditNotes: [URL]) {
        var invoices: [URL] = []
        var creditNotes: [URL] = []
        for document in documents {
            let url = folder.appendingPathComponent(document.name + ".xml")
            try Data(document.bytes).write(to: url)
            if document.isCreditNote { creditNotes.append(url) } else { invoices.append(url) }
        }
        return (invoices, creditNotes)
    }
}
