import Foundation
import OrderFlowCore

/// Leases and file claims on a PostgreSQL ledger, with SQLiteLedger's semantics (Operations.md,
/// "Claiming and leases"): a lease is taken over only when it expired, or when its owner is gone,
/// and only by compare-and-set on the token seen; every write made under a lease checks its token
/// in the same transaction, so a worker whose lease was taken over writes nothing.
///
/// Workers on several hosts share the ledger, so whether an owner is gone is asked only through
/// `ownerIsGone`: ``ProcessIdentity/isGone(_:)`` judges only owners on this host, and another
/// host's lease ends only when it expires.
///
/// Each call is its own statement or transaction on `connection`, except ``checkToken(of:)``,
/// which runs inside the caller's (the batch's) transaction.
struct PostgresLeases {
    let connection: PostgresConnection

    func acquireLease(
        reseller: String, owner: ClaimOwner, now: Int64, duration: Int64, ownerIsGone: (ClaimOwner) -> Bool
    ) throws -> ResellerLease? {
        let lease = ResellerLease(
            reseller: reseller, token: UUID().uuidString, owner: owner, expiresAt: try Self.expiry(now, duration),
            heartbeatAt: now)
        guard let seen = try self.lease(of: reseller) else {
            // Of two workers inserting the first lease, the key lets one in; the other sees 0 rows.
            let inserted = try connection.execute(
                prepared: "lease_insert",
                """
                INSERT INTO leases (reseller, token, owner_host, owner_pid, owner_start, expires_at, heartbeat_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (reseller) DO NOTHING
                """,
                [
                    .string(reseller), .string(lease.token), .string(owner.host), .int(Int64(owner.pid)),
                    .int(owner.startTime), .int(lease.expiresAt), .int(now),
                ])
            return inserted.rowsAffected == 1 ? lease : nil
        }
        guard seen.expiresAt <= now || ownerIsGone(seen.owner) else { return nil }
        // Compare-and-set on the token seen: a second taker's UPDATE waits for the first one's row
        // lock, then finds another token and changes nothing.
        let taken = try connection.execute(
            prepared: "lease_take_over",
            """
            UPDATE leases SET token = $1, owner_host = $2, owner_pid = $3, owner_start = $4, expires_at = $5,
                heartbeat_at = $6
            WHERE reseller = $7 AND token = $8
            """,
            [
                .string(lease.token), .string(owner.host), .int(Int64(owner.pid)), .int(owner.startTime),
                .int(lease.expiresAt), .int(now), .string(reseller), .string(seen.token),
            ])
        return taken.rowsAffected == 1 ? lease : nil
    }

    /// The heartbeat: throws ``LedgerError/leaseLost(reseller:)`` when the token is no longer the lease's.
    func renewLease(_ lease: ResellerLease, now: Int64, duration: Int64) throws -> ResellerLease {
        let expiresAt = try Self.expiry(now, duration)
        let renewed = try connection.execute(
            prepared: "lease_renew",
            "UPDATE leases SET expires_at = $1, heartbeat_at = $2 WHERE reseller = $3 AND token = $4",
            [.int(expiresAt), .int(now), .string(lease.reseller), .string(lease.token)])
        guard renewed.rowsAffected == 1 else { throw LedgerError.leaseLost(reseller: lease.reseller) }
        var next = lease
        next.expiresAt = expiresAt
        next.heartbeatAt = now
        return next
    }

    /// Gives the lease up; a lease already taken over is left to its new owner.
    func releaseLease(_ lease: ResellerLease) throws {
        try connection.execute(
            prepared: "lease_release", "DELETE FROM leases WHERE reseller = $1 AND token = $2",
            [.string(lease.reseller), .string(lease.token)])
    }

    /// The reseller's unfinished claims, oldest first.
    func fileClaims(reseller: String) throws -> [FileClaim] {
        let rows = try connection.execute(
            prepared: "claims_open",
            """
            SELECT claim_id, reseller, file_name, as_of, batch_key, claimed_at, job FROM file_claims
            WHERE reseller = $1 AND NOT finished ORDER BY claimed_at, claim_id
            """,
            [.string(reseller)])
        return try rows.map { row in
            FileClaim(
                claimId: try row.requiredString("claim_id"), reseller: try row.requiredString("reseller"),
                fileName: try row.requiredString("file_name"),
                asOf: try LedgerColumns.date(try row.requiredString("as_of")), batchKey: try row.int64("batch_key"),
                claimedAt: try row.requiredInt64("claimed_at"), job: try row.requiredString("job"))
        }
    }

    /// Records the claim; a claim id recorded again (a resumed file) keeps its first record, whose
    /// run date the resumed file keeps (Operations.md).
    func recordClaim(_ claim: FileClaim, under lease: ResellerLease) throws {
        // A claim is only ever made under its own reseller's lease.
        guard claim.reseller == lease.reseller else { throw LedgerError.leaseLost(reseller: claim.reseller) }
        try connection.transaction {
            try checkToken(of: lease)
            try connection.execute(
                prepared: "claim_record",
                """
                INSERT INTO file_claims (claim_id, reseller, file_name, as_of, batch_key, claimed_at, job)
                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (claim_id) DO NOTHING
                """,
                [
                    .string(claim.claimId), .string(claim.reseller), .string(claim.fileName),
                    .string(claim.asOf.description), .int(claim.batchKey), .int(claim.claimedAt), .string(claim.job),
                ])
        }
    }

    func finishClaim(claimId: String, under lease: ResellerLease) throws {
        try connection.transaction {
            try checkToken(of: lease)
            try connection.execute(
                prepared: "claim_finish",
                "UPDATE file_claims SET finished = true WHERE claim_id = $1 AND reseller = $2",
                [.string(claimId), .string(lease.reseller)])
        }
    }

    /// `now + duration`, refused rather than trapping when it does not fit.
    private static func expiry(_ now: Int64, _ duration: Int64) throws(PostgresError) -> Int64 {
        let (end, overflow) = now.addingReportingOverflow(duration)
        guard !overflow else {
            throw PostgresError(
                .refused, operation: "leasing",
                message: "a lease of \(duration) ms from \(now) ends past the clock's range")
        }
        return end
    }

    // MARK: Inside a transaction

    /// The fence, inside the caller's transaction: throws ``LedgerError/leaseLost(reseller:)``
    /// unless `lease` still holds, and keeps the lease row locked until the transaction ends, so a
    /// takeover (an UPDATE of that row) waits until the writes made under the lease are in. The
    /// lock is the one an UPDATE of the row takes, so a commit that renews the lease at its end
    /// (as SQLiteLedger's does) has no lock to upgrade, which could deadlock with a waiting taker.
    func checkToken(of lease: ResellerLease) throws {
        let rows = try connection.execute(
            prepared: "lease_check", "SELECT token FROM leases WHERE reseller = $1 FOR NO KEY UPDATE",
            [.string(lease.reseller)])
        guard try rows.first?.string("token") == lease.token else {
            throw LedgerError.leaseLost(reseller: lease.reseller)
        }
    }

    /// The reseller's lease as it stands, or nil when nobody holds one.
    func lease(of reseller: String) throws -> ResellerLease? {
        let rows = try connection.execute(
            prepared: "lease_read",
            """
            SELECT token, owner_host, owner_pid, owner_start, expires_at, heartbeat_at FROM leases
            WHERE reseller = $1
            """,
            [.string(reseller)])
        guard let row = rows.first else { return nil }
        let pid = try row.requiredInt64("owner_pid")
        guard let ownerPid = Int32(exactly: pid) else {
            throw LedgerError.unusable("the lease of \(reseller) names pid \(pid), which no process can have")
        }
        return ResellerLease(
            reseller: reseller, token: try row.requiredString("token"),
            owner: ClaimOwner(
                host: try row.requiredString("owner_host"), pid: ownerPid,
                startTime: try row.requiredInt64("owner_start")),
            expiresAt: try row.requiredInt64("expires_at"), heartbeatAt: try row.requiredInt64("heartbeat_at"))
    }
}
