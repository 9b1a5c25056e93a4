import OrderFlowCore

/// `orderflow ledger show` on PostgreSQL.
extension PostgresLedger {
    public func entry(ref: String, reseller: String) throws -> LedgerEntry? {
        throw LedgerError.unusable("ledger show does not read a PostgreSQL ledger yet")
    }
}
