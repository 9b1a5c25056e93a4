import Foundation
import OrderFlowCore
import OrderFlowPipeline
import OrderFlowTestSupport
import Testing

/// What an outsider who can only write into `inbox/<reseller>/` can do to `orderflow run`
/// (Operations.md, hostile input; DropFiles.md, where a file goes): it can neither stop the run,
/// nor hold a reseller's drops, nor make it read a file outside the pipeline. Each case has a good
/// drop of another reseller beside it that must still be published.
@Suite struct HostileInboxTests {
    /// Published with one rejected request (so a run with it exits 65).
    static let goodDrop = (reseller: "R-MAPLE", name: "MAPLE-20261122-02.csv")

    static func folder(_ box: PipelineSandbox, _ relative: String) throws -> URL {
        let url = box.root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func exists(_ box: PipelineSandbox, _ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: box.root.appendingPathComponent(relative).path)
    }

    static func text(_ box: PipelineSandbox, _ relative: String) -> String? {
        try? String(contentsOf: box.root.appendingPathComponent(relative), encoding: .utf8)
    }

    static func entries(_ box: PipelineSandbox, _ relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: box.root.appendingPathComponent(relative).path)) ?? []).sorted()
    }

    static func expectGoodDropPublished(_ box: PipelineSandbox, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(exists(box, "outbox/R-MAPLE/MAPLE-20261122-02/results.csv"), sourceLocation: sourceLocation)
    }

    /// Item: a file an uploader never finishes (a writer appending for longer than the run) used to
    /// keep `orderflow run` polling forever. The run ends, names the file, and leaves it in the inbox.
    @Test func aFileThatNeverStopsGrowingIsLeftForTheNextRunAndTheRunEnds() throws {
        let box = try PipelineSandbox("orderflow-growing", stableFor: "1s")
        defer { box.remove() }
        try box.dropFixture(Self.goodDrop.reseller, Self.goodDrop.name)
        let growing = try Self.folder(box, "inbox/R-ACME").appendingPathComponent("ACME-GROWING-01.csv")
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        // Appends every 0.1 s for 60 s: far longer than the run may take.
        writer.arguments = ["-c", "i=0; while [ $i -lt 600 ]; do echo 'reseller,ref' >> \"$1\"; sleep 0.1; i=$((i+1)); done", "sh", growing.path]
        try writer.run()
        defer { writer.terminate(); writer.waitUntilExit() }
        usleep(300_000)
        let started = Date()
        let result = try box.run(timeout: 30)
        #expect(!result.wasKilled, "the run did not end within 30 s")
        #expect(Date().timeIntervalSince(started) < 15)
        // 65 for the good drop's one rejected request (by design): not 74, nothing is held.
        #expect(result.exitCode == 65, "\(result.stderr)")
        #expect(result.stderr.contains("ACME-GROWING-01.csv") && result.stderr.contains("next run"), "\(result.stderr)")
        Self.expectGoodDropPublished(box)
        #expect(FileManager.default.fileExists(atPath: growing.path))
        #expect(Self.entries(box, "processing/R-ACME").isEmpty)
    }

    /// Item: a name of 238–255 bytes cannot be claimed as `<claimId>--<name>` (NAME_MAX is 255):
    /// it used to be held forever (exit 74) with the reseller's later drops behind it. It fails
    /// whole with `UNSAFE_FILE` under a shortened name, and the reseller's next drop is published.
    @Test func aNameTooLongToClaimFailsAndTheResellersOtherFilesGoOn() throws {
        let box = try PipelineSandbox("orderflow-longname")
        defer { box.remove() }
        let fixture = Array(try Data(contentsOf: PipelineSandbox.demoDrop("R-ACME", "ACME-20261122-02.csv")))
        let longest = String(repeating: "L", count: 251) + ".csv"  // 255 bytes
        let first = String(repeating: "F", count: 234) + ".csv"  // 238 bytes
        // Written in place: `.<name>.part` would itself be too long for the file system.
        for (index, name) in [longest, first].enumerated() {
            let url = box.inbox.appendingPathComponent("R-ACME/\(name)")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(fixture).write(to: url)
            try FileManager.default.setAttributes(
                [.modificationDate: PipelineSandbox.baseMtime.addingTimeInterval(Double(index))], ofItemAtPath: url.path)
        }
        try box.dropFixture("R-ACME", "ACME-20261122-02.csv", mtime: PipelineSandbox.baseMtime.addingTimeInterval(2))
        try box.dropFixture(Self.goodDrop.reseller, Self.goodDrop.name)

        let result = try box.run(timeout: 60)
        #expect(result.exitCode == 65, "\(result.stderr)")
        Self.expectGoodDropPublished(box)
        #expect(Self.exists(box, "outbox/R-ACME/ACME-20261122-02/results.csv"), "\(result.stderr)")
        #expect(Self.entries(box, "inbox/R-ACME").isEmpty)
        #expect(Self.entries(box, "processing/R-ACME").isEmpty)
        for name in [longest, first] {
            // failed/ keeps the first 200 bytes, so that a numbered name and `.errors.csv` still fit.
            let kept = String(name.prefix(200))
            let errors = Self.text(box, "failed/R-ACME/\(kept).errors.csv") ?? ""
            #expect(errors.contains("UNSAFE_FILE") && errors.contains("\(name.utf8.count) bytes"), "\(errors)")
            #expect(Array((try? Data(contentsOf: box.root.appendingPathComponent("failed/R-ACME/\(kept)"))) ?? Data()) == fixture)
        }
        // Nothing is held: the next run has nothing to do.
        let again = try box.run(timeout: 60)
        #expect(again.exitCode == 0, "\(again.stderr)")
    }

    /// The longest name that can be claimed (237 bytes) is claimed and read: it fails only for
    /// what it holds (its batch id, the name without `.csv`, is longer than 100 characters).
    @Test func theLongestClaimableNameIsClaimedAndRead() throws {
        let box = try PipelineSandbox("orderflow-longname-edge")
        defer { box.remove() }
        let name = String(repeating: "E", count: 233) + ".csv"  // 237 bytes
        try box.dropFixture("R-ACME", "ACME-20261122-02.csv")
        try FileManager.default.moveItem(
            at: box.inbox.appendingPathComponent("R-ACME/ACME-20261122-02.csv"),
            to: box.inbox.appendingPathComponent("R-ACME/\(name)"))
        let result = try box.run(timeout: 60)
        #expect(result.exitCode == 65, "\(result.stderr)")
        let errors = Self.text(box, "failed/R-ACME/\(name.prefix(200)).errors.csv") ?? ""
        #expect(errors.contains("INVALID_VALUE,batchId"), "\(errors)")
    }

    /// Item: a hard link to a file outside the pipeline used to be read, echoed into errors.csv and
    /// linked into `failed/`. A regular file with more than one link is `UNSAFE_FILE`: never read,
    /// its inbox name removed, the outside file untouched and never linked into `failed/`.
    @Test func aHardLinkToAnOutsideFileIsNeverRead() throws {
        let box = try PipelineSandbox("orderflow-hardlink")
        defer { box.remove() }
        let outside = try Self.folder(box, "outside").appendingPathComponent("secret.csv")
        let secret = "reseller,ref,plan\nR-ACME,SECRET-TOKEN-4711,nope\n"
        try secret.write(to: outside, atomically: false, encoding: .utf8)
        let inboxName = try Self.folder(box, "inbox/R-ACME").appendingPathComponent("ACME-LINKED-01.csv")
        #expect(link(outside.path, inboxName.path) == 0)
        try box.dropFixture(Self.goodDrop.reseller, Self.goodDrop.name)

        let result = try box.run(timeout: 60)
        #expect(result.exitCode == 65, "\(result.stderr)")
        Self.expectGoodDropPublished(box)
        let errors = Self.text(box, "failed/R-ACME/ACME-LINKED-01.csv.errors.csv") ?? ""
        #expect(errors.contains("UNSAFE_FILE") && errors.contains("link"), "\(errors)")
        #expect(!Self.exists(box, "failed/R-ACME/ACME-LINKED-01.csv"))
        #expect(Self.entries(box, "inbox/R-ACME").isEmpty)
        #expect(!Self.exists(box, "outbox/R-ACME"))
        // The outside file: same content, its only link again, and nothing in the pipeline holds it.
        #expect(Self.text(box, "outside/secret.csv") == secret)
        let attributes = try FileManager.default.attributesOfItem(atPath: outside.path)
        #expect((attributes[.referenceCount] as? Int) == 1)
        for folder in ["failed", "outbox", "processing"] {
            for (relative, bytes) in try PipelineSandbox.files(under: box.root.appendingPathComponent(folder)) {
                #expect(!String(decoding: bytes, as: UTF8.self).contains("SECRET-TOKEN-4711"), "\(folder)/\(relative)")
            }
        }
    }

    /// A crash between a claim's link into processing/ and the removal of the inbox name leaves
    /// the inbox name as a second link to the claimed file. It is not a hostile hard link: the
    /// next run imports the claimed file and removes that name, with nothing in failed/. The
    /// state is made as the claimer leaves it: the claim recorded in the ledger, then the link.
    @Test func aCrashInsideAClaimLeavesNoSecondLinkBehind() throws {
        let box = try PipelineSandbox("orderflow-claim-crash")
        defer { box.remove() }
        let name = "ACME-20261122-02.csv"
        try box.dropFixture("R-ACME", name)
        let ledger = try SQLiteLedger(path: box.root.appendingPathComponent("ledger.sqlite").path)
        let owner = ClaimOwner(host: "gone-host", pid: 1, startTime: 1)
        let lease = try #require(try ledger.acquireLease(reseller: "R-ACME", owner: owner, now: 0, duration: 1, ownerIsGone: { _ in true }))
        try ledger.recordClaim(
            FileClaim(claimId: "0123456789abcdef", reseller: "R-ACME", fileName: name, asOf: CalendarDate(iso: "2026-11-22")!, claimedAt: 0),
            under: lease)
        let claimed = try Self.folder(box, "processing/R-ACME").appendingPathComponent("0123456789abcdef--\(name)")
        #expect(link(box.inbox.appendingPathComponent("R-ACME/\(name)").path, claimed.path) == 0)

        let result = try box.run(timeout: 60)
        #expect(result.exitCode != 74 && !result.wasKilled, "\(result.stderr)")
        #expect(Self.exists(box, "outbox/R-ACME/ACME-20261122-02/input.csv"), "\(result.stderr)")
        #expect(Self.entries(box, "inbox/R-ACME").isEmpty)
        #expect(Self.entries(box, "processing/R-ACME").isEmpty)
        #expect(!Self.exists(box, "failed/R-ACME"), "\(Self.entries(box, "failed/R-ACME"))")
    }

    /// Item: a folder or a file naming a reseller the catalog lacks used to give
    /// `RESELLER_MISMATCH`, and any folder name made `processing/<name>`. Both are
    /// `UNKNOWN_RESELLER`; an unknown folder gets `failed/<name>/` and nothing else.
    @Test func unknownResellersFailWithUnknownResellerAndGetNoProcessingFolder() throws {
        let box = try PipelineSandbox("orderflow-unknown-reseller")
        defer { box.remove() }
        let acme = try String(contentsOf: PipelineSandbox.demoDrop("R-ACME", "ACME-20261122-02.csv"), encoding: .utf8)
        try box.drop(acme, reseller: "R-NOPE", name: "ACME-20261122-02.csv")
        try box.drop(acme.replacingOccurrences(of: "R-ACME", with: "R-NOPE"), reseller: "R-NOPE2", name: "NOPE-01.csv")
        try box.drop(acme.replacingOccurrences(of: "R-ACME", with: "R-NOPE"), reseller: "R-ACME", name: "NOPE-02.csv")
        try box.dropFixture(Self.goodDrop.reseller, Self.goodDrop.name)

        let result = try box.run(timeout: 60)
        #expect(result.exitCode == 65, "\(result.stderr)")
        Self.expectGoodDropPublished(box)
        for failed in ["failed/R-NOPE/ACME-20261122-02.csv", "failed/R-NOPE2/NOPE-01.csv", "failed/R-ACME/NOPE-02.csv"] {
            let errors = Self.text(box, failed + ".errors.csv") ?? ""
            #expect(errors.contains("UNKNOWN_RESELLER") && !errors.contains("RESELLER_MISMATCH"), "\(failed): \(errors)")
            #expect(Self.exists(box, failed))
        }
        #expect(!Self.exists(box, "processing/R-NOPE") && !Self.exists(box, "processing/R-NOPE2"))
        #expect(!Self.exists(box, "outbox/R-NOPE") && !Self.exists(box, "outbox/R-NOPE2"))
        #expect(Self.entries(box, "inbox/R-NOPE").isEmpty && Self.entries(box, "inbox/R-NOPE2").isEmpty)
    }
}
