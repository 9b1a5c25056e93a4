import OrderFlowCore

/// `orderflow ledger import-subscriptions` on a PostgreSQL ledger: the same commit as SQLite's
/// (``SubscriptionImportCommit``), in one transaction under the reseller's lease.
extension PostgresLedger {
    public func importSubscriptions(
        _ rows: [SubscriptionImportRow], file: SubscriptionImportFile, catalog: Catalog, asOf: CalendarDate,
        under lease: ResellerLease
    ) throws -> [SubscriptionImportOutcome] {
        let context = try SubscriptionImportCommit<PostgresBatchStore>.context(catalog: catalog, lease: lease, asOf: asOf)
        let recordedAt = clock()
        return try transaction("importing subscriptions of \(lease.reseller)") { connection in
            try PostgresLeases(connection: connection).checkToken(of: lease)
            return try SubscriptionImportCommit(
                store: PostgresBatchStore(connection: connection), context: context, file: file, recordedAt: recordedAt
            ).run(rows)
        }
    }
}
