import Dispatch
import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

/// Leases and claims on a real PostgreSQL server: SQLiteLedger's semantics (LedgerLeaseTests), with
/// workers that each have a connection of their own, as workers on several hosts do.
@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresLeasesTests {
    static let mine = ClaimOwner(host: "host-a", pid: 11, startTime: 1_700_000_000)
    static let other = ClaimOwner(host: "host-b", pid: 22, startTime: 1_700_000_001)
    static let asOf = CalendarDate(iso: "2026-11-22")!

    /// A migrated database and `count` workers' connections to it.
    static func workers(_ count: Int = 2) throws -> [PostgresLeases] {
        let url = try TestPostgres.database()
        let first = try PostgresConnection(url: url)
        try PostgresSchema.migrate(first)
        return try [PostgresLeases(connection: first)]
            + (1..<count).map { _ in PostgresLeases(connection: try PostgresConnection(url: url)) }
    }

    static func claim(_ id: String, at: Int64 = 0) -> FileClaim {
        FileClaim(claimId: id, reseller: "R-ACME", fileName: "\(id).csv", asOf: asOf, claimedAt: at)
    }

    @Test func aLiveLeaseIsRefusedAndAnExpiredOneTakenOverWithANewToken() throws {
        let workers = try Self.workers()
        let (a, b) = (workers[0], workers[1])
        let first = try #require(try a.acquireLease(
            reseller: "R-ACME", owner: Self.mine, now: 1_000, duration: 60_000, ownerIsGone: { _ in false }))
        #expect(first.expiresAt == 61_000 && first.heartbeatAt == 1_000)
        #expect(try b.acquireLease(
            reseller: "R-ACME", owner: Self.other, now: 60_999, duration: 60_000, ownerIsGone: { _ in false }) == nil)

        let taken = try #require(try b.acquireLease(
            reseller: "R-ACME", owner: Self.other, now: 61_000, duration: 60_000, ownerIsGone: { _ in false }))
        #expect(taken.token != first.token && taken.owner == Self.other)
        #expect(try a.lease(of: "R-ACME") == taken)

        // The old holder's heartbeat finds the lease lost; its release leaves the new one alone.
        #expect(throws: LedgerError.leaseLost(reseller: "R-ACME")) {
            try a.renewLease(first, now: 61_500, duration: 60_000)
        }
        try a.releaseLease(first)
        let renewed = try b.renewLease(taken, now: 70_000, duration: 60_000)
        #expect(renewed.expiresAt == 130_000 && renewed.heartbeatAt == 70_000)
        #expect(try a.lease(of: "R-ACME") == renewed)

        // A lease that would end past the clock's range is refused, not wrapped.
        #expect(throws: PostgresError.self) { try b.renewLease(renewed, now: .max, duration: 1) }

        // Released with its own token: free for anyone at once.
        try b.releaseLease(renewed)
        #expect(try a.lease(of: "R-ACME") == nil)
        #expect(try a.acquireLease(
            reseller: "R-ACME", owner: Self.mine, now: 71_000, duration: 60_000, ownerIsGone: { _ in false }) != nil)
    }

    /// Eight workers race for one expired lease (and, first, for a lease nobody held), round
    /// after round: each time exactly one wins.
    @Test func workersRacingForOneLeaseHaveExactlyOneWinner() throws {
        let workers = try Self.workers(8)
        nonisolated(unsafe) let shared = workers  // each thread uses only its own connection
        for round in Int64(0)..<20 {
            let winners = Counter()
            DispatchQueue.concurrentPerform(iterations: 8) { index in
                let owner = ClaimOwner(host: "host-\(index)", pid: Int32(index + 1), startTime: 1)
                if let lease = try? shared[index].acquireLease(
                    reseller: "R-ACME", owner: owner, now: round * 100_000, duration: 60_000,
                    ownerIsGone: { _ in false })
                {
                    winners.add(lease.token)
                }
            }
            #expect(winners.tokens.count == 1, "round \(round)")
            #expect(try workers[0].lease(of: "R-ACME")?.token == winners.tokens.first)
        }
    }

    @Test func aLostLeaseCanNeitherRecordNorFinishAClaim() throws {
        let workers = try Self.workers()
        let (a, b) = (workers[0], workers[1])
        let old = try #require(try a.acquireLease(
            reseller: "R-ACME", owner: Self.mine, now: 0, duration: 60_000, ownerIsGone: { _ in false }))
        try a.recordClaim(Self.claim("c1"), under: old)
        let taken = try #require(try b.acquireLease(
            reseller: "R-ACME", owner: Self.other, now: 60_000, duration: 60_000, ownerIsGone: { _ in false }))

        #expect(throws: LedgerError.leaseLost(reseller: "R-ACME")) { try a.recordClaim(Self.claim("c2"), under: old) }
        #expect(throws: LedgerError.leaseLost(reseller: "R-ACME")) { try a.finishClaim(claimId: "c1", under: old) }
        #expect(throws: LedgerError.leaseLost(reseller: "R-ACME")) { try a.renewLease(old, now: 60_001, duration: 1) }
        // A claim under another reseller's lease is refused before anything is written.
        var elsewhere = Self.claim("c3")
        elsewhere.reseller = "R-MAPLE"
        #expect(throws: LedgerError.leaseLost(reseller: "R-MAPLE")) { try b.recordClaim(elsewhere, under: taken) }
        #expect(try b.fileClaims(reseller: "R-ACME").map(\.claimId) == ["c1"])
        #expect(try b.fileClaims(reseller: "R-MAPLE").isEmpty)

        // The new holder resumes it.
        try b.finishClaim(claimId: "c1", under: taken)
        #expect(try b.fileClaims(reseller: "R-ACME").isEmpty)
    }

    /// The fence holds the lease row while the caller's transaction writes: a takeover waits for
    /// it, so nothing is written under a lease after another worker took it over.
    @Test func aTakeoverWaitsForTheWritesOfTheHolderItFences() throws {
        let workers = try Self.workers()
        let (a, b) = (workers[0], workers[1])
        let held = try #require(try a.acquireLease(
            reseller: "R-ACME", owner: Self.mine, now: 0, duration: 60_000, ownerIsGone: { _ in false }))
        let takeover = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var taken: ResellerLease?
        nonisolated(unsafe) let taker = b
        try a.connection.transaction {
            try a.checkToken(of: held)
            DispatchQueue.global().async {
                taken = try? taker.acquireLease(
                    reseller: "R-ACME", owner: Self.other, now: 60_000, duration: 60_000, ownerIsGone: { _ in false })
                takeover.signal()
            }
            #expect(takeover.wait(timeout: .now() + 0.5) == .timedOut, "the takeover waits for the fenced writes")
            try a.connection.execute("UPDATE id_sequences SET last_value = 0")
        }
        takeover.wait()
        #expect(taken != nil)
        #expect(throws: LedgerError.leaseLost(reseller: "R-ACME")) { try a.recordClaim(Self.claim("c1"), under: held) }
    }

    /// The process-liveness shortcut is for owners on this host only: a lease whose owner ran on
    /// another host lasts until it expires, even when a process of its pid is gone here.
    @Test func anotherHostsOwnerIsNeverJudgedGoneBeforeExpiry() throws {
        let workers = try Self.workers()
        let here = ProcessIdentity.current.host
        let exited = try Self.pidOfAnExitedProcess()
        let goneHere = ClaimOwner(host: here, pid: exited, startTime: 1)
        let elsewhere = ClaimOwner(host: here + ".elsewhere", pid: exited, startTime: 1)
        let myself = ProcessIdentity.current
        let isGone = ProcessIdentity.isGone
        #expect(ProcessIdentity.isGone(goneHere) && !ProcessIdentity.isGone(elsewhere))

        // Another host's lease: held until it expires, whatever is running here.
        _ = try #require(try workers[1].acquireLease(
            reseller: "R-ACME", owner: elsewhere, now: 0, duration: 60_000, ownerIsGone: isGone))
        #expect(try workers[0].acquireLease(
            reseller: "R-ACME", owner: myself, now: 59_999, duration: 60_000, ownerIsGone: isGone) == nil)
        #expect(try workers[0].acquireLease(
            reseller: "R-ACME", owner: myself, now: 60_000, duration: 60_000, ownerIsGone: isGone) != nil)

        // This host's owner whose process is gone: taken over at once.
        _ = try #require(try workers[1].acquireLease(
            reseller: "R-MAPLE", owner: goneHere, now: 0, duration: 60_000, ownerIsGone: isGone))
        #expect(try workers[0].acquireLease(
            reseller: "R-MAPLE", owner: myself, now: 1, duration: 60_000, ownerIsGone: isGone) != nil)
    }

    @Test func claimsAreListedOldestFirstUntilFinishedAndARecordedClaimKeepsItsFirstRecord() throws {
        let workers = try Self.workers(1)
        let leases = workers[0]
        let lease = try #require(try leases.acquireLease(
            reseller: "R-ACME", owner: Self.mine, now: 0, duration: 60_000, ownerIsGone: { _ in false }))
        for (id, at) in [("b", Int64(20)), ("a", 10), ("c", 30)] {
            try leases.recordClaim(Self.claim(id, at: at), under: lease)
        }
        var again = Self.claim("b", at: 99)
        again.asOf = CalendarDate(iso: "2026-12-01")!
        again.job = "reconcile"
        try leases.recordClaim(again, under: lease)
        let claims = try leases.fileClaims(reseller: "R-ACME")
        #expect(claims.map(\.claimId) == ["a", "b", "c"])
        #expect(claims[1] == Self.claim("b", at: 20))
        try leases.finishClaim(claimId: "b", under: lease)
        #expect(try leases.fileClaims(reseller: "R-ACME").map(\.claimId) == ["a", "c"])
    }

    /// The pid of a child that has exited and been reaped: no process of it runs on this host.
    static func pidOfAnExitedProcess() throws -> Int32 {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        return child.processIdentifier
    }
}
