import OrderFlowCore

/// Leases and file claims: PostgresLeases on the ledger's session.
extension PostgresLedger {
    public func acquireLease(
        reseller: String, owner: ClaimOwner, now: Int64, duration: Int64, ownerIsGone: (ClaimOwner) -> Bool
    ) throws -> ResellerLease? {
        try withConnection("acquiring the lease of \(reseller)") { connection in
            try PostgresLeases(connection: connection).acquireLease(
                reseller: reseller, owner: owner, now: now, duration: duration, ownerIsGone: ownerIsGone)
        }
    }

    public func renewLease(_ lease: ResellerLease, now: Int64, duration: Int64) throws -> ResellerLease {
        try withConnection("renewing the lease of \(lease.reseller)") { connection in
            try PostgresLeases(connection: connection).renewLease(lease, now: now, duration: duration)
        }
    }

    public func releaseLease(_ lease: ResellerLease) throws {
        try withConnection("releasing the lease of \(lease.reseller)") { connection in
            try PostgresLeases(connection: connection).releaseLease(lease)
        }
    }

    public func fileClaims(reseller: String) throws -> [FileClaim] {
        try withConnection("reading the claims of \(reseller)") { connection in
            try PostgresLeases(connection: connection).fileClaims(reseller: reseller)
        }
    }

    public func recordClaim(_ claim: FileClaim, under lease: ResellerLease) throws {
        try withConnection("recording a claim of \(claim.reseller)") { connection in
            try PostgresLeases(connection: connection).recordClaim(claim, under: lease)
        }
    }

    public func finishClaim(claimId: String, under lease: ResellerLease) throws {
        try withConnection("finishing a claim of \(lease.reseller)") { connection in
            try PostgresLeases(connection: connection).finishClaim(claimId: claimId, under: lease)
        }
    }
}
