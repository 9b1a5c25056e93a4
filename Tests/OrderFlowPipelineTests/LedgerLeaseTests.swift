import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

@Suite struct LedgerLeaseTests {
    static let other = ClaimOwner(host: "other-host", pid: 7, startTime: 1_700_000_001)

    @Test func aLiveLeaseIsRefusedAndAnExpiredOneTakenOverByCompareAndSet() throws {
        let harness = try LedgerHarness()
        let second = try SQLiteLedger(path: harness.path)
        let first = try harness.lease(now: 1_000)
        #expect(first.expiresAt == 61_000)

        // Live: refused, whatever the other process thinks of it, unless its owner is gone.
        #expect(try second.acquireLease(
            reseller: "R-ACME", owner: Self.other, now: 2_000, duration: 60_000, ownerIsGone: { _ in false }) == nil)

        // Expired: taken over with a new token.
        let taken = try #require(try second.acquireLease(
            reseller: "R-ACME", owner: Self.other, now: 61_000, duration: 60_000, ownerIsGone: { _ in false }))
        #expect(taken.token != first.token)
        #expect(taken.owner == Self.other)

        // The old holder is fenced out: no renewal, its release does nothing.
        #expect(throws: LedgerError.leaseLost(reseller: "R-ACME")) {
            try harness.ledger.renewLease(first, now: 61_500, duration: 60_000)
        }
        try harness.ledger.releaseLease(first)
        let renewed = try second.renewLease(taken, now: 70_000, duration: 60_000)
        #expect(renewed.expiresAt == 130_000 && renewed.heartbeatAt == 70_000)

        // A lease whose owner is gone (same host, process no longer there) is taken over at once.
        let third = try #require(try harness.ledger.acquireLease(
            reseller: "R-ACME", owner: LedgerHarness.owner, now: 71_000, duration: 60_000,
            ownerIsGone: { $0 == Self.other }))
        #expect(third.token != taken.token)

        // Released with its own token: free for anyone.
        try harness.ledger.releaseLease(third)
        #expect(try second.acquireLease(
            reseller: "R-ACME", owner: Self.other, now: 72_000, duration: 60_000, ownerIsGone: { _ in false }) != nil)
    }

    /// A commit is the heartbeat nobody else could write while it held the write lock: the lease
    /// runs a full lease from the commit's end, so a worker that waited does not take over.
    @Test func aCommitRenewsTheLeaseFromItsEnd() throws {
        let harness = try LedgerHarness()  // its ledger's clock reads 1_800_000_000_000
        let lease = try harness.lease(now: 1_000)
        _ = try harness.commit("B-1", [LedgerHarness.order("A-1", domain: "a1.example")], under: lease)
        let other = try SQLiteLedger(path: harness.path)
        // Long past the lease as taken (61_000), but within a lease of the commit's end.
        #expect(try other.acquireLease(
            reseller: "R-ACME", owner: Self.other, now: 1_800_000_059_000, duration: 60_000,
            ownerIsGone: { _ in false }) == nil)
        #expect(try other.acquireLease(
            reseller: "R-ACME", owner: Self.other, now: 1_800_000_060_000, duration: 60_000,
            ownerIsGone: { _ in false }) != nil)
    }

    @Test func anExpiredLeaseIsTakenOverExactlyOnceByConcurrentTakers() throws {
        let harness = try LedgerHarness()
        _ = try harness.lease(now: 0)
        let ledgers = try (0..<4).map { _ in try SQLiteLedger(path: harness.path) }
        let winners = Counter()
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            let owner = ClaimOwner(host: "host-\(index)", pid: Int32(index), startTime: 1)
            if let lease = try? ledgers[index % 4].acquireLease(
                reseller: "R-ACME", owner: owner, now: 100_000, duration: 60_000, ownerIsGone: { _ in false })
            {
                winners.add(lease.token)
            }
        }
        #expect(winners.tokens.count == 1)
    }

    @Test func aCommitUnderALostLeaseWritesNothing() throws {
        let harness = try LedgerHarness()
        let old = try harness.lease(now: 0)
        try harness.ledger.recordClaim(
            FileClaim(claimId: "c1", reseller: "R-ACME", fileName: "B1.csv", asOf: LedgerHarness.asOf, claimedAt: 0),
            under: old)
        let second = try SQLiteLedger(path: harness.path)
        _ = try #require(try second.acquireLease(
            reseller: "R-ACME", owner: Self.other, now: 60_000, duration: 60_000, ownerIsGone: { _ in false }))

        let text = LedgerHarness.csv([LedgerHarness.order("A-1", domain: "globex.example")])
        let requests = try LedgerHarness.requests(text, batchId: "B1")
        var streamed = 0
        #expect(throws: LedgerError.leaseLost(reseller: "R-ACME")) {
            try harness.ledger.commitBatch(
                LedgerHarness.newBatch("B1", text: text), catalog: harness.catalog, claimId: "c1", under: old
            ) { sink in
                for request in requests {
                    streamed += 1
                    try sink(request)
                }
            }
        }
        #expect(streamed == 0)
        #expect(try harness.count("batches") == 0)
        #expect(try harness.count("results") == 0)
        #expect(throws: LedgerError.leaseLost(reseller: "R-ACME")) {
            try harness.ledger.finishClaim(claimId: "c1", under: old)
        }
        #expect(throws: LedgerError.leaseLost(reseller: "R-ACME")) {
            try harness.ledger.recordClaim(
                FileClaim(claimId: "c2", reseller: "R-ACME", fileName: "B2.csv", asOf: LedgerHarness.asOf, claimedAt: 1),
                under: old)
        }
    }

    @Test func claimsAreListedOldestFirstUntilFinished() throws {
        let harness = try LedgerHarness()
        let lease = try harness.lease()
        for (id, at) in [("b", Int64(20)), ("a", 10), ("c", 30)] {
            try harness.ledger.recordClaim(
                FileClaim(claimId: id, reseller: "R-ACME", fileName: "\(id).csv", asOf: LedgerHarness.asOf, claimedAt: at),
                under: lease)
        }
        // Recording a claim again (a resumed file) keeps the first record.
        try harness.ledger.recordClaim(
            FileClaim(
                claimId: "a", reseller: "R-ACME", fileName: "a.csv", asOf: CalendarDate(iso: "2026-12-01")!,
                claimedAt: 99),
            under: lease)
        #expect(try harness.ledger.fileClaims(reseller: "R-ACME").map(\.claimId) == ["a", "b", "c"])
        #expect(try harness.ledger.fileClaims(reseller: "R-ACME").first?.asOf == LedgerHarness.asOf)
        try harness.ledger.finishClaim(claimId: "b", under: lease)
        #expect(try harness.ledger.fileClaims(reseller: "R-ACME").map(\.claimId) == ["a", "c"])
        #expect(try harness.ledger.fileClaims(reseller: "R-MAPLE").isEmpty)
    }
}

/// Tokens won by concurrent takers.
final class Counter: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var won: [String] = []

    func add(_ token: String) { lock.withLock { won.append(token) } }
    var tokens: [String] { lock.withLock { won } }
}

@Suite struct LedgerBusyTests {
    @Test func aWriteLockHeldPastTheBusyTimeoutIsBusy() throws {
        let harness = try LedgerHarness()
        let lease = try harness.lease()
        let impatient = try SQLiteLedger(path: harness.path, busyTimeout: 0.2)
        try harness.ledger.recordClaim(
            FileClaim(claimId: "c1", reseller: "R-ACME", fileName: "B1.csv", asOf: LedgerHarness.asOf, claimedAt: 1),
            under: lease)
        let text = LedgerHarness.csv([LedgerHarness.order("A-1", domain: "globex.example")])
        var blocked: (any Error)?
        _ = try harness.ledger.commitBatch(
            LedgerHarness.newBatch("B1", text: text), catalog: harness.catalog, claimId: "c1", under: lease
        ) { _ in
            // The commit holds the write lock: another writer gives up after its timeout.
            do {
                _ = try impatient.acquireLease(
                    reseller: "R-MAPLE", owner: LedgerHarness.owner, now: 0, duration: 1, ownerIsGone: { _ in false })
            } catch {
                blocked = error
            }
        }
        guard case LedgerError.busy = try #require(blocked) else {
            Issue.record("expected LedgerError.busy, got \(String(describing: blocked))")
            return
        }
    }
}
