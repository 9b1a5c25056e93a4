import Foundation
import Glibc
import OrderFlowPipeline
import OrderFlowTestSupport
import Synchronization
import Testing

@Suite struct ClaimerTests {
    static func folders() throws -> PipelineFolders {
        let root = try TestPaths.temporaryFolder("claimer").path
        let folders = PipelineFolders(
            inbox: root + "/inbox", processing: root + "/processing", outbox: root + "/outbox", failed: root + "/failed")
        try FileManager.default.createDirectory(atPath: folders.inbox + "/R-ACME", withIntermediateDirectories: true)
        return folders
    }

    static func contents(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    @Test func claimMovesTheFileToProcessingUnderItsClaimId() throws {
        let folders = try Self.folders()
        try Data("<x/>".utf8).write(to: URL(fileURLWithPath: folders.inbox + "/R-ACME/a.xml"))
        let claimer = Claimer(folders: folders)
        let outcome = claimer.claim(reseller: "R-ACME", name: "a.xml", claimId: "c1")
        #expect(outcome == .claimed(path: folders.processing + "/R-ACME/c1--a.xml"))
        #expect(Self.contents(folders.inbox + "/R-ACME").isEmpty)
        let listing = try ProcessingFolder.entries(root: folders.processing, reseller: "R-ACME", claimIds: ["c1"])
        #expect(listing.files.map { [$0.claimId, $0.fileName] } == [["c1", "a.xml"]] && listing.strays.isEmpty)
        #expect(try String(contentsOfFile: folders.processing + "/R-ACME/c1--a.xml", encoding: .utf8) == "<x/>")
        // Gone from the inbox: a second claim fails closed.
        #expect(!claimer.claim(reseller: "R-ACME", name: "a.xml", claimId: "c2").isClaimed)
    }

    @Test func refusesSymlinksBadNamesAndBadClaimIds() throws {
        let folders = try Self.folders()
        try FileManager.default.createSymbolicLink(atPath: folders.inbox + "/R-ACME/l.xml", withDestinationPath: "/etc/hostname")
        try Data("x".utf8).write(to: URL(fileURLWithPath: folders.inbox + "/R-ACME/a.xml"))
        let claimer = Claimer(folders: folders)
        #expect(!claimer.claim(reseller: "R-ACME", name: "l.xml", claimId: "c1").isClaimed)
        #expect(!claimer.claim(reseller: "R-ACME", name: "../R-ACME/a.xml", claimId: "c1").isClaimed)
        #expect(!claimer.claim(reseller: "R-ACME", name: "a.xml", claimId: "c--1").isClaimed)
        #expect(!claimer.claim(reseller: "..", name: "a.xml", claimId: "c1").isClaimed)
        #expect(Self.contents(folders.processing + "/R-ACME").isEmpty)
    }

    /// Reasons that will not go away are refusals, not "try again" (Operations.md, hostile input):
    /// a name whose claim name would pass 255 bytes, and a file with another hard link. The file
    /// stays in the inbox, unread, and nothing is left in processing/.
    @Test func aNameTooLongAndASecondLinkAreRefused() throws {
        let folders = try Self.folders()
        let longName = String(repeating: "n", count: Claimer.longestName - 4) + ".xml"
        let tooLong = String(repeating: "n", count: Claimer.longestName - 4) + "x.xml"
        for name in [longName, tooLong, "linked.xml"] {
            try Data("<x/>".utf8).write(to: URL(fileURLWithPath: folders.inbox + "/R-ACME/" + name))
        }
        let outside = folders.inbox + "-outside.xml"
        try FileManager.default.linkItem(atPath: folders.inbox + "/R-ACME/linked.xml", toPath: outside)
        let claimer = Claimer(folders: folders)
        #expect(claimer.claim(reseller: "R-ACME", name: tooLong, claimId: "0123456789abcdef") == .refused(.nameTooLong))
        #expect(claimer.claim(reseller: "R-ACME", name: "linked.xml", claimId: "0123456789abcdef") == .refused(.hardLinked))
        #expect(Self.contents(folders.inbox + "/R-ACME") == [longName, "linked.xml", tooLong].sorted())
        #expect(Self.contents(folders.processing + "/R-ACME").isEmpty)
        #expect(claimer.claim(reseller: "R-ACME", name: longName, claimId: "0123456789abcdef").isClaimed)
    }

    /// Fail closed (Operations.md, claiming): an error on the way, here a processing/ folder that
    /// cannot be created, answers not claimed and leaves the file in the inbox, whole.
    @Test func anErrorWhileClaimingIsNotClaimedAndLeavesTheFileInTheInbox() throws {
        var folders = try Self.folders()
        let blocker = folders.processing + "-blocker"
        try Data("a file".utf8).write(to: URL(fileURLWithPath: blocker))
        folders.processing = blocker + "/processing"
        try Data("<x/>".utf8).write(to: URL(fileURLWithPath: folders.inbox + "/R-ACME/a.xml"))
        let outcome = Claimer(folders: folders).claim(reseller: "R-ACME", name: "a.xml", claimId: "c1")
        #expect(!outcome.isClaimed, "\(outcome)")
        #expect(try String(contentsOfFile: folders.inbox + "/R-ACME/a.xml", encoding: .utf8) == "<x/>")
    }

    /// Names from outsiders become single, visible path components (Operations.md, hostile input).
    @Test func safeNamesAreSingleVisibleComponents() {
        for name in ["..", ".", "", "a/b", "../x", "bell\u{7}.xml", "del\u{7F}.xml", "c1\u{85}.xml", "cod\u{202E}fdp.exe",
                     String(repeating: "a", count: 256)] {
            #expect(!SafeName.isPlain(name), "\(name.debugDescription)")
        }
        #expect(SafeName.isPlain("ACME-20261122-01.xml") && SafeName.isPlain("café.csv"))
        #expect(!SafeName.isPlain(bytes: Array("caf".utf8) + [0xE9]))
        #expect(SafeName.sanitized("../x") == ".._x" && SafeName.sanitized("..") == "_" && SafeName.sanitized("") == "_")
        #expect(SafeName.sanitized("cod\u{202E}fdp.exe") == "cod_fdp.exe")
        #expect(SafeName.sanitized(String(repeating: "é", count: 150)).utf8.count <= 200)
        for name in ["../../etc/passwd", "a\u{0}b", "\u{1B}[31m.xml", String(repeating: "/", count: 300)] {
            let clean = SafeName.sanitized(name)
            #expect(SafeName.isPlain(clean) && !clean.contains("/"), "\(name.debugDescription) → \(clean.debugDescription)")
        }
    }

    /// The import claims only under the reseller's lease, so two claimers never race in a run;
    /// if they did (a bug, an older worker), at most one may win and the file is never lost or
    /// claimed twice: a round nobody wins (each saw the other's link as a second hard link)
    /// leaves the file in the inbox and no link in processing/.
    @Test func twoClaimersRacingForOneFileAtMostOneWinsAndNothingIsLost() throws {
        let folders = try Self.folders()
        let claimer = Claimer(folders: folders)
        var won: [String] = []
        for round in 0..<300 {
            try Data("round \(round)".utf8).write(to: URL(fileURLWithPath: folders.inbox + "/R-ACME/f\(round).xml"))
            let outcomes = Mutex<[ClaimOutcome]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { worker in
                let outcome = claimer.claim(reseller: "R-ACME", name: "f\(round).xml", claimId: "r\(round)w\(worker)")
                outcomes.withLock { $0.append(outcome) }
            }
            let winners = outcomes.withLock { $0.filter(\.isClaimed) }
            #expect(winners.count <= 1, "round \(round): \(outcomes.withLock { $0 })")
            if winners.count == 1 { won.append("f\(round).xml") }
        }
        let ids = Set((0..<300).flatMap { round in (0..<2).map { "r\(round)w\($0)" } })
        let listing = try ProcessingFolder.entries(root: folders.processing, reseller: "R-ACME", claimIds: ids)
        #expect(listing.strays.isEmpty)
        #expect(listing.files.map(\.fileName).sorted() == won.sorted())
        let left = Self.contents(folders.inbox + "/R-ACME")
        #expect(Set(left).union(won).count == 300 && Set(left).isDisjoint(with: won))
    }

    @Test func processIdentityKnowsThisProcessAndAGoneOne() {
        let me = ProcessIdentity.current
        #expect(me.pid == getpid() && me.startTime > 1_600_000_000 && !me.host.isEmpty)
        #expect(!ProcessIdentity.isGone(me))
        var reused = me
        reused.startTime -= 3_600
        #expect(ProcessIdentity.isGone(reused))
        var elsewhere = reused
        elsewhere.host = me.host + "-other"
        #expect(!ProcessIdentity.isGone(elsewhere))
        var gone = me
        gone.pid = Int32.max - 1  // above any pid_max
        #expect(ProcessIdentity.isGone(gone))
    }
}
