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
        #expect(try claimer.processingFiles(reseller: "R-ACME").map { [$0.claimId, $0.fileName] } == [["c1", "a.xml"]])
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

    @Test func twoClaimersRacingForOneFileExactlyOneWinsAndNothingIsLeftBehind() throws {
        let folders = try Self.folders()
        let claimer = Claimer(folders: folders)
        for round in 0..<300 {
            try Data("round \(round)".utf8).write(to: URL(fileURLWithPath: folders.inbox + "/R-ACME/f\(round).xml"))
            let outcomes = Mutex<[ClaimOutcome]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { worker in
                let outcome = claimer.claim(reseller: "R-ACME", name: "f\(round).xml", claimId: "r\(round)w\(worker)")
                outcomes.withLock { $0.append(outcome) }
            }
            let winners = outcomes.withLock { $0.filter(\.isClaimed) }
            #expect(winners.count == 1, "round \(round): \(outcomes.withLock { $0 })")
        }
        #expect(Self.contents(folders.inbox + "/R-ACME").isEmpty)
        let claimed = try claimer.processingFiles(reseller: "R-ACME")
        #expect(claimed.count == 300)
        #expect(Set(claimed.map(\.fileName)).count == 300)
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
