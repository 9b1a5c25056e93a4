import Foundation
import OrderFlowCore
import OrderFlowFormats
import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

/// PostgresLedger's commit on a real server: the lease fence, and a session lost mid-batch.
@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresLedgerTests {
    static let other = ClaimOwner(host: "other-host", pid: 7, startTime: 1_700_000_001)

    static func ledger(_ url: String) throws -> PostgresLedger {
        try PostgresLedger(url: url, retryDelays: [0.1], clock: { 1_800_000_000_000 })
    }

    static func claim(_ id: String, under lease: ResellerLease, _ ledger: PostgresLedger) throws {
        try ledger.recordClaim(
            FileClaim(claimId: id, reseller: "R-ACME", fileName: "\(id).csv", asOf: LedgerHarness.asOf, claimedAt: 0),
            under: lease)
    }

    static func commit(
        _ batchId: String, claimId: String, under lease: ResellerLease, _ ledger: PostgresLedger,
        midway: () throws -> Void = {}
    ) throws -> BatchRecord {
        let text = LedgerHarness.csv((1...20).map { LedgerHarness.order("A-\($0)", domain: "d\($0).example") })
        let requests = try LedgerHarness.requests(text, batchId: batchId)
        let catalog = try CatalogReader.load(path: TestPaths.fixtures.appendingPathComponent("catalog/demo.xml").path)
        return try ledger.commitBatch(
            LedgerHarness.newBatch(batchId, text: text), catalog: catalog, claimId: claimId, under: lease
        ) { sink in
            for (index, request) in requests.enumerated() {
                if index == 10 { try midway() }
                try sink(request)
            }
        }
    }

    @Test func aCommitUnderALostLeaseWritesNothing() throws {
        let url = try TestPostgres.database()
        let ledger = try Self.ledger(url)
        let old = try #require(try ledger.acquireLease(
            reseller: "R-ACME", owner: LedgerHarness.owner, now: 0, duration: 60_000, ownerIsGone: { _ in false }))
        try Self.claim("c1", under: old, ledger)
        let second = try Self.ledger(url)
        _ = try #require(try second.acquireLease(
            reseller: "R-ACME", owner: Self.other, now: 60_000, duration: 60_000, ownerIsGone: { _ in false }))
        #expect(throws: LedgerError.leaseLost(reseller: "R-ACME")) {
            try Self.commit("B1", claimId: "c1", under: old, ledger)
        }
        #expect(try second.committedBatch(reseller: "R-ACME", batchId: "B1") == nil)
        #expect(try second.fileClaims(reseller: "R-ACME").map(\.batchKey) == [nil])
    }

    @Test func aSessionLostMidBatchCommitsNothingAndTheNextTryCommitsAll() throws {
        let server = try TestPostgres.shared()
        let url = try TestPostgres.database()
        let database = String(url.split(separator: "/").last ?? "")
        let ledger = try Self.ledger(url)
        let lease = try #require(try ledger.acquireLease(
            reseller: "R-ACME", owner: LedgerHarness.owner, now: 0, duration: 600_000, ownerIsGone: { _ in false }))
        try Self.claim("c1", under: lease, ledger)
        #expect {
            try Self.commit("B1", claimId: "c1", under: lease, ledger) {
                try server.adminCommand(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(database)'")
            }
        } throws: { error in
            guard case LedgerError.busy(let detail) = error else { return false }
            return detail.contains("check that the PostgreSQL server is running")
        }
        #expect(try ledger.committedBatch(reseller: "R-ACME", batchId: "B1") == nil)
        #expect(try ledger.fileClaims(reseller: "R-ACME").map(\.batchKey) == [nil])

        // The next run: a new session, the same claim, the whole batch.
        let record = try Self.commit("B1", claimId: "c1", under: lease, ledger)
        let outputs = try ledger.outputs(ofBatch: record.key)
        #expect(outputs.results.count == 20 && outputs.results.allSatisfy { $0.outcome == .accepted })
        #expect(outputs.documentNumbers.count == 20)
        #expect(outputs.results.first?.accountId == "ACC-1")
    }
}
