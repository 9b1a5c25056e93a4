import Foundation
import OrderFlowTestSupport
import Testing

/// A file the import cannot claim or read (permissions) is held, not lost: it stays where it is
/// (with its claim when it was claimed), the run says so and exits 74, the reseller's later files
/// wait behind it, other resellers go on, and the next run takes it once it is readable.
///
/// Runs the binary as `nobody` (root ignores file permissions), so it needs root and runuser; as
/// any other user the suite is reported as skipped with that reason. `nobody` must not depend on
/// where the repository was cloned (a private `mktemp -d` folder, a home folder): each sandbox
/// holds its own copy of the binary and the catalog, in a folder every user may enter.
@Suite(.enabled(
    if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser"),
    "runs the binary as nobody: needs root and /usr/sbin/runuser"))
struct HeldFileTests {
    static func runAsNobody(_ pipeline: String) throws -> (status: Int32, stderr: String) {
        let root = URL(fileURLWithPath: pipeline).deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
        process.arguments = ["-u", "nobody", "--", root.appendingPathComponent("bin/orderflow").path, "run", pipeline]
        process.currentDirectoryURL = root
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// A pipeline in a folder anyone may write to, with its own copy of the binary and the catalog,
    /// so that `nobody` reaches everything it runs without entering the clone or the build folder.
    static func sandbox() throws -> (root: URL, pipeline: String) {
        let files = FileManager.default
        let root = try WorldReachableFolder.make("orderflow-held")
        let bin = root.appendingPathComponent("bin")
        try files.createDirectory(at: bin, withIntermediateDirectories: true)
        try files.copyItem(at: CLI.executable, to: bin.appendingPathComponent("orderflow"))
        try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.path)
        try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("orderflow").path)
        let catalog = root.appendingPathComponent("catalog.xml")
        try files.copyItem(at: TestPaths.fixtures.appendingPathComponent("catalog/demo.xml"), to: catalog)
        try files.setAttributes([.posixPermissions: 0o644], ofItemAtPath: catalog.path)
        let pipeline = root.appendingPathComponent("import.yaml").path
        try """
            kind: import
            catalog: catalog.xml
            ledger: sqlite:ledger.sqlite
            folders: {inbox: inbox, processing: processing, outbox: outbox, failed: failed}
            stableFor: 0s
            asOf: 2026-11-22
            """.write(toFile: pipeline, atomically: true, encoding: .utf8)
        try files.setAttributes([.posixPermissions: 0o644], ofItemAtPath: pipeline)
        try files.setAttributes([.posixPermissions: 0o777], ofItemAtPath: root.path)
        return (root, pipeline)
    }

    /// `inbox/<reseller>/`, writable by anyone.
    static func inbox(_ reseller: String, in root: URL) throws -> URL {
        let folder = root.appendingPathComponent("inbox/\(reseller)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for path in [root.appendingPathComponent("inbox").path, folder.path] {
            try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: path)
        }
        return folder
    }

    @Test func unclaimableAndUnreadableFilesAreHeldForTheNextRun() throws {
        let files = FileManager.default
        let (root, pipeline) = try Self.sandbox()
        var drops: [String: String] = [:]
        for (reseller, name) in [("R-ACME", "ACME-20261122-02.csv"), ("R-MAPLE", "MAPLE-20261122-02.csv")] {
            let folder = try Self.inbox(reseller, in: root)
            let target = folder.appendingPathComponent(name).path
            try files.copyItem(atPath: TestPaths.fixtures.appendingPathComponent("drops/\(reseller)/\(name)").path, toPath: target)
            drops[reseller] = target
        }
        // R-ACME's drop belongs to root, read-only for others: nobody may not hard-link it.
        try files.setAttributes([.posixPermissions: 0o644], ofItemAtPath: drops["R-ACME"]!)
        // R-MAPLE's belongs to nobody, who can claim it but not read it.
        try files.setAttributes([.ownerAccountID: 65534, .posixPermissions: 0o000], ofItemAtPath: drops["R-MAPLE"]!)

        let first = try Self.runAsNobody(pipeline)
        #expect(first.status == 74, "\(first.stderr)")
        #expect(first.stderr.contains("R-ACME/ACME-20261122-02.csv is held"))
        #expect(first.stderr.contains("R-MAPLE/MAPLE-20261122-02.csv is held"))
        #expect(files.fileExists(atPath: drops["R-ACME"]!), "an unclaimable file stays in the inbox")
        let claimed = try files.contentsOfDirectory(atPath: root.appendingPathComponent("processing/R-MAPLE").path)
        #expect(claimed.count == 1 && claimed[0].hasSuffix("--MAPLE-20261122-02.csv"), "an unreadable one stays claimed")
        #expect(!files.fileExists(atPath: root.appendingPathComponent("outbox").path + "/R-MAPLE/MAPLE-20261122-02"))

        // Readable again: the next run takes both, the claimed one with its claim.
        try files.setAttributes([.ownerAccountID: 65534], ofItemAtPath: drops["R-ACME"]!)
        let held = root.appendingPathComponent("processing/R-MAPLE/\(claimed[0])").path
        try files.setAttributes([.posixPermissions: 0o644], ofItemAtPath: held)
        let second = try Self.runAsNobody(pipeline)
        #expect(second.status == 65, "\(second.stderr)")  // the drops reject some requests on purpose
        for batch in ["R-ACME/ACME-20261122-02", "R-MAPLE/MAPLE-20261122-02"] {
            #expect(files.fileExists(atPath: root.appendingPathComponent("outbox/\(batch)/results.csv").path), "\(batch)")
        }
        #expect(try files.contentsOfDirectory(atPath: root.appendingPathComponent("processing/R-MAPLE").path).isEmpty)
    }

    /// An unsafe entry that `failed/` refuses (not writable) stays in the inbox and is reported.
    @Test func anUnsafeEntryFailedCannotTakeIsHeld() throws {
        let files = FileManager.default
        let (root, pipeline) = try Self.sandbox()
        let inbox = try Self.inbox("R-NIPPON", in: root)
        // failed/ belongs to root and is read-only for nobody.
        try files.createDirectory(at: root.appendingPathComponent("failed"), withIntermediateDirectories: true)
        try files.createSymbolicLink(
            at: inbox.appendingPathComponent("link.xml"), withDestinationURL: URL(fileURLWithPath: "/etc/passwd"))
        let run = try Self.runAsNobody(pipeline)
        #expect(run.status == 74, "\(run.stderr)")
        #expect(run.stderr.contains("R-NIPPON/link.xml is held"))
        #expect((try? files.destinationOfSymbolicLink(atPath: inbox.appendingPathComponent("link.xml").path)) == "/etc/passwd")
    }
}
