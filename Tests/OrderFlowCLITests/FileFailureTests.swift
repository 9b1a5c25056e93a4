import Foundation
import OrderFlowTestSupport
import Testing

/// Whole-file outcomes of `orderflow run` (ErrorCodes.md, file errors; Operations.md,
/// hostile input) and the
/// `reject-file` policy, on the built binary.
@Suite struct FileFailureTests {
    struct Sandbox {
        let root: URL
        let pipeline: String

        init(extra: String = "") throws {
            let sandbox = try PipelineSandbox("orderflow-filefail", settings: "asOf: 2026-11-22\n" + extra)
            root = sandbox.root
            pipeline = sandbox.pipeline.path
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent("inbox/R-ACME"), withIntermediateDirectories: true)
        }

        var inbox: URL { root.appendingPathComponent("inbox/R-ACME") }

        func failed(_ name: String) -> String? {
            try? String(contentsOf: root.appendingPathComponent("failed/R-ACME/\(name)"), encoding: .utf8)
        }

        func run() throws -> CLIResult { try CLI.run(["run", pipeline]) }

        func leftovers() -> [String] {
            ["inbox/R-ACME", "processing/R-ACME"].flatMap { folder in
                (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            }
        }
    }

    static let drop = TestPaths.fixtures.appendingPathComponent("drops/R-ACME/ACME-20261122-02.csv")

    @Test func unsupportedFormatTooLargeAndUnsafeEntriesFailWholeAndTheRunGoesOn() throws {
        let box = try Sandbox(extra: "maxFileBytes: 100")
        try "{}".write(to: box.inbox.appendingPathComponent("orders.json"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: Self.drop, to: box.inbox.appendingPathComponent("BIG-01.csv"))
        try FileManager.default.createSymbolicLink(
            at: box.inbox.appendingPathComponent("link.csv"), withDestinationURL: URL(fileURLWithPath: "/etc/passwd"))
        #expect(mkfifo(box.inbox.appendingPathComponent("pipe.csv").path, 0o644) == 0)
        let result = try box.run()
        #expect(result.exitCode == 65, "\(result.stderr)")
        #expect(box.failed("orders.json.errors.csv")?.contains("UNSUPPORTED_FORMAT") == true)
        #expect(box.failed("BIG-01.csv.errors.csv")?.contains("FILE_TOO_LARGE") == true)
        #expect(box.failed("link.csv.errors.csv")?.contains("UNSAFE_FILE") == true)
        #expect(box.failed("pipe.csv.errors.csv")?.contains("UNSAFE_FILE") == true)
        // The symlink itself was moved, never followed: no password file content anywhere.
        let link = box.root.appendingPathComponent("failed/R-ACME/link.csv").path
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == "/etc/passwd")
        #expect(box.failed("BIG-01.csv") == (try String(contentsOf: Self.drop, encoding: .utf8)))
        #expect(box.leftovers().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: box.root.appendingPathComponent("outbox/R-ACME").path))
    }

    @Test func aMalformedFileFailsWithItsErrorsCSVAndNothingIsCommitted() throws {
        let box = try Sandbox()
        try FileManager.default.copyItem(
            at: TestPaths.fixtures.appendingPathComponent("hostile/billion-laughs.xml"),
            to: box.inbox.appendingPathComponent("laughs.xml"))
        try "reseller,ref,colour\nR-ACME,U-1,red\n".write(
            to: box.inbox.appendingPathComponent("U-01.csv"), atomically: true, encoding: .utf8)
        #expect(try box.run().exitCode == 65)
        let laughs = try #require(box.failed("laughs.xml.errors.csv"))
        #expect(laughs.hasPrefix("line,column,error_code,error_field,error_message\n"))
        #expect(laughs.contains(",XML_MALFORMED,"))
        #expect(!laughs.contains("lol"))
        let unknown = try #require(box.failed("U-01.csv.errors.csv"))
        #expect(unknown.contains("1,3,UNKNOWN_COLUMN,colour,"))
        #expect(box.leftovers().isEmpty)
        // The same name again (a fixed upload) fails beside it under a new name, never replacing.
        try "reseller,ref,colour\nR-ACME,U-1,blue\n".write(
            to: box.inbox.appendingPathComponent("U-01.csv"), atomically: true, encoding: .utf8)
        #expect(try box.run().exitCode == 65)
        #expect(box.failed("U-01.csv")?.contains("red") == true)
        #expect(box.failed("U-01.csv.1")?.contains("blue") == true)
        #expect(box.failed("U-01.csv.1.errors.csv")?.contains("UNKNOWN_COLUMN") == true)
    }

    /// A publish killed halfway leaves its staging folder; the next publish for that reseller
    /// (under its lease) removes it.
    @Test func stagingLeftByACrashIsRemovedByTheNextPublish() throws {
        let box = try Sandbox()
        let stale = box.root.appendingPathComponent("outbox/R-ACME/.staging/deadbeef")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        try "half".write(to: stale.appendingPathComponent("results.csv"), atomically: false, encoding: .utf8)
        try FileManager.default.copyItem(at: Self.drop, to: box.inbox.appendingPathComponent("ACME-20261122-02.csv"))
        _ = try box.run()
        #expect(FileManager.default.fileExists(atPath: box.root.appendingPathComponent("outbox/R-ACME/ACME-20261122-02/results.csv").path))
        let left = try FileManager.default.contentsOfDirectory(atPath: box.root.appendingPathComponent("outbox/R-ACME/.staging").path)
        #expect(left.isEmpty)
    }

    /// `onInvalidOrder: reject-file`: one bad request rejects the batch; only the batch and its
    /// result rows are stored, the valid requests are `BATCH_REJECTED`, the outputs published,
    /// and the file's SHA-256 and batch id count as used.
    @Test func rejectFileStoresOnlyTheResults() throws {
        let box = try Sandbox(extra: "onInvalidOrder: reject-file")
        try FileManager.default.copyItem(at: Self.drop, to: box.inbox.appendingPathComponent("ACME-20261122-02.csv"))
        #expect(try box.run().exitCode == 65)
        let outbox = box.root.appendingPathComponent("outbox/R-ACME/ACME-20261122-02")
        let results = try String(contentsOf: outbox.appendingPathComponent("results.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst()
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0.contains(",rejected,") })
        #expect(results.filter { $0.contains(",BATCH_REJECTED,") }.count == 6)
        #expect(results.contains { $0.hasPrefix("A-2105,6,order,rejected,,,,,,,,,,,,DOMAIN_TAKEN,domain,") })
        #expect(results.contains { $0.hasPrefix("A-2106,8,order,rejected,,,,,,,,,,,,TERMS_NOT_ACCEPTED,terms_version,") })
        let payments = try String(contentsOf: outbox.appendingPathComponent("payments.csv"), encoding: .utf8)
        #expect(payments.split(separator: "\n").count == 1, "no payment is created")
        let rejected = try String(contentsOf: outbox.appendingPathComponent("rejected.csv"), encoding: .utf8)
        #expect(rejected.split(separator: "\n").count == 9)
        // Dropped again, the file is a duplicate: nothing is created twice.
        try FileManager.default.copyItem(at: Self.drop, to: box.inbox.appendingPathComponent("ACME-20261122-02.csv"))
        #expect(try box.run().exitCode == 0)
        #expect(box.failed("ACME-20261122-02.csv.errors.csv")?.contains("DUPLICATE_FILE") == true)
    }
}
