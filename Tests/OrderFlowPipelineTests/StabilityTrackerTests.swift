import Foundation
import Logging
import OrderFlowPipeline
import OrderFlowTestSupport
import Synchronization
import Testing

/// A clock the test moves by hand.
final class FakeClock: Sendable {
    private let now = Mutex<Int64>(0)
    func advance(_ milliseconds: Int64) { now.withLock { $0 += milliseconds } }
    var clock: MonotonicClock { MonotonicClock { self.now.withLock { $0 } } }
}

@Suite struct StabilityTrackerTests {
    static let signature = FileSignature(size: 10, mtimeNanoseconds: 5, device: 1, inode: 7)

    @Test func stableOnlyAfterTheSignatureHeldForStableFor() {
        var tracker = StabilityTracker(stableFor: 2_000)
        #expect(tracker.observe(reseller: "R", name: "a", signature: Self.signature, now: 100) == .waiting(remaining: 2_000))
        #expect(tracker.observe(reseller: "R", name: "a", signature: Self.signature, now: 2_099) == .waiting(remaining: 1))
        #expect(tracker.observe(reseller: "R", name: "a", signature: Self.signature, now: 2_100) == .stable)
    }

    @Test func anyChangeStartsTheWaitAgain() {
        var tracker = StabilityTracker(stableFor: 1_000)
        _ = tracker.observe(reseller: "R", name: "a", signature: Self.signature, now: 0)
        var grown = Self.signature
        grown.size += 1
        #expect(tracker.observe(reseller: "R", name: "a", signature: grown, now: 900) == .waiting(remaining: 1_000))
        var replaced = grown
        replaced.inode = 8  // renamed over with the same size and mtime
        #expect(tracker.observe(reseller: "R", name: "a", signature: replaced, now: 1_900) == .waiting(remaining: 1_000))
        #expect(tracker.observe(reseller: "R", name: "a", signature: replaced, now: 2_900) == .stable)
    }

    @Test func zeroMeansStableAtFirstSight() {
        var tracker = StabilityTracker(stableFor: 0)
        #expect(tracker.observe(reseller: "R", name: "a", signature: Self.signature, now: 0) == .stable)
    }

    @Test func aGrowingFileIsNotStableAndAnOldMtimeCopyIsJudgedByOurClock() throws {
        let root = try TestPaths.temporaryFolder("stability").path
        try FileManager.default.createDirectory(atPath: root + "/R-ACME", withIntermediateDirectories: true)
        let growing = root + "/R-ACME/growing.xml", copied = root + "/R-ACME/copied.xml"
        try Data("<a>".utf8).write(to: URL(fileURLWithPath: growing))
        // A copy that kept a year-old mtime: mtime alone would call it complete at once.
        try Data("<b/>".utf8).write(to: URL(fileURLWithPath: copied))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -365 * 86_400)], ofItemAtPath: copied)

        let time = FakeClock()
        var scanner = InboxScanner(inbox: root, stableFor: 2_000, clock: time.clock, logger: Logger(label: "test"))
        var scan = try scanner.scan()
        #expect(scan.resellers.isEmpty)
        #expect(Set(scan.waiting.map(\.name)) == ["growing.xml", "copied.xml"])
        #expect(scan.nextCheckIn == 2_000)

        time.advance(1_500)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: growing))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("more".utf8))
        try handle.close()
        scan = try scanner.scan()
        #expect(scan.resellers.isEmpty)
        #expect(scan.nextCheckIn == 500)  // copied.xml: 2 s after we first saw it

        time.advance(500)
        scan = try scanner.scan()
        #expect(scan.resellers.first?.candidates.map(\.name) == ["copied.xml"])
        #expect(scan.waiting.map(\.name) == ["growing.xml"])
        #expect(scan.nextCheckIn == 1_500)

        time.advance(1_500)
        scan = try scanner.scan()
        #expect(scan.resellers.first?.candidates.map(\.name) == ["copied.xml", "growing.xml"])
        #expect(scan.waiting.isEmpty && scan.nextCheckIn == nil)
    }

    @Test func filesThatLeftTheInboxAreForgotten() throws {
        let root = try TestPaths.temporaryFolder("stability").path
        try FileManager.default.createDirectory(atPath: root + "/R-ACME", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/R-ACME/a.xml"))
        var scanner = InboxScanner(inbox: root, stableFor: 1_000, clock: FakeClock().clock, logger: Logger(label: "test"))
        _ = try scanner.scan()
        #expect(scanner.tracker.count == 1)
        try FileManager.default.removeItem(atPath: root + "/R-ACME/a.xml")
        _ = try scanner.scan()
        #expect(scanner.tracker.count == 0)
    }
}
