import Foundation
import GRDB
import OrderFlowCore

/// Leases and file claims (Operations.md, leases: ownership is a lease with a fencing token, taken over
/// only by compare-and-set on the token seen, never by a database session).
extension SQLiteLedger {
    public func acquireLease(
        reseller: String, owner: ClaimOwner, now: Int64, duration: Int64, ownerIsGone: (ClaimOwner) -> Bool
    ) throws -> ResellerLease? {
        try write("acquiring the lease of \(reseller)") { db in
            let lease = ResellerLease(
                reseller: reseller, token: UUID().uuidString, owner: owner, expiresAt: now + duration, heartbeatAt: now)
            guard let seen = try Self.lease(of: reseller, db) else {
                try db.execute(
                    sql: """
                        INSERT INTO leases (reseller, token, owner_host, owner_pid, owner_start, expires_at, heartbeat_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        reseller, lease.token, owner.host, owner.pid, owner.startTime, lease.expiresAt, now,
                    ])
                return lease
            }
            guard seen.expiresAt <= now || ownerIsGone(seen.owner) else { return nil }
            // Compare-and-set on the token seen: of two takers of one expired lease, one wins.
            try db.execute(
                sql: """
                    UPDATE leases SET token = ?, owner_host = ?, owner_pid = ?, owner_start = ?, expires_at = ?,
                        heartbeat_at = ?
                    WHERE reseller = ? AND token = ?
                    """,
                arguments: [
                    lease.token, owner.host, owner.pid, owner.startTime, lease.expiresAt, now, reseller, seen.token,
                ])
            return db.changesCount == 1 ? lease : nil
        }
    }

    public func renewLease(_ lease: ResellerLease, now: Int64, duration: Int64) throws -> ResellerLease {
        try write("renewing the lease of \(lease.reseller)") { db in
            try db.execute(
                sql: "UPDATE leases SET expires_at = ?, heartbeat_at = ? WHERE reseller = ? AND token = ?",
                arguments: [now + duration, now, lease.reseller, lease.token])
            guard db.changesCount == 1 else { throw LedgerError.leaseLost(reseller: lease.reseller) }
            var renewed = lease
            renewed.expiresAt = now + duration
            renewed.heartbeatAt = now
            return renewed
        }
    }

    public func releaseLease(_ lease: ResellerLease) throws {
        try write("releasing the lease of \(lease.reseller)") { db in
            try db.execute(
                sql: "DELETE FROM leases WHERE reseller = ? AND token = ?", arguments: [lease.reseller, lease.token])
        }
    }

    public func fileClaims(reseller: String) throws -> [FileClaim] {
        try read("reading the claims of \(reseller)") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT claim_id, reseller, file_name, as_of, batch_key, claimed_at, job FROM file_claims
                    WHERE reseller = ? AND finished = 0 ORDER BY claimed_at, claim_id
                    """,
                arguments: [reseller]
            ).map { row in
                FileClaim(
                    claimId: row["claim_id"], reseller: row["reseller"], fileName: row["file_name"],
                    asOf: try LedgerColumns.date(row["as_of"]), batchKey: row["batch_key"], claimedAt: row["claimed_at"],
                    job: row["job"])
            }
        }
    }

    /// Records the claim; recording a claim id again (a resumed file) keeps the first record,
    /// whose run date the resumed file keeps (Operations.md).
    public func recordClaim(_ claim: FileClaim, under lease: ResellerLease) throws {
        // A claim is only ever made under its own reseller's lease.
        guard claim.reseller == lease.reseller else { throw LedgerError.leaseLost(reseller: claim.reseller) }
        try write("recording claim \(claim.claimId)") { db in
            try Self.checkToken(of: lease, db)
            try db.execute(
                sql: """
                    INSERT INTO file_claims (claim_id, reseller, file_name, as_of, batch_key, claimed_at, job)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (claim_id) DO NOTHING
                    """,
                arguments: [
                    claim.claimId, claim.reseller, claim.fileName, claim.asOf.description, claim.batchKey,
                    claim.claimedAt, claim.job,
                ])
        }
    }

    public func finishClaim(claimId: String, under lease: ResellerLease) throws {
        try write("finishing claim \(claimId)") { db in
            try Self.checkToken(of: lease, db)
            try db.execute(
                sql: "UPDATE file_claims SET finished = 1 WHERE claim_id = ? AND reseller = ?",
                arguments: [claimId, lease.reseller])
        }
    }

    // MARK: Inside a transaction

    static func lease(of reseller: String, _ db: Database) throws -> ResellerLease? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT token, owner_host, owner_pid, owner_start, expires_at, heartbeat_at FROM leases
                WHERE reseller = ?
                """)
        return try Row.fetchOne(statement, arguments: [reseller]).map { row in
            ResellerLease(
                reseller: reseller, token: row["token"],
                owner: ClaimOwner(host: row["owner_host"], pid: row["owner_pid"], startTime: row["owner_start"]),
                expiresAt: row["expires_at"], heartbeatAt: row["heartbeat_at"])
        }
    }

    /// The fence: a write made under a lease that was taken over touches nothing.
    static func checkToken(of lease: ResellerLease, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: "SELECT token FROM leases WHERE reseller = ?")
        guard try String.fetchOne(statement, arguments: [lease.reseller]) == lease.token else {
            throw LedgerError.leaseLost(reseller: lease.reseller)
        }
    }
}
