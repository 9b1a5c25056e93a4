import OrderFlowCore

/// `orderflow ledger import-subscriptions`: subscriptions that exist before OrderFlow.
extension SQLiteLedger {
    public func importSubscriptions(
        _ rows: [SubscriptionImportRow], file: SubscriptionImportFile, catalog: Catalog, asOf: CalendarDate,
        under lease: ResellerLease
    ) throws -> [SubscriptionImportOutcome] {
        let context = try SubscriptionImportCommit<SQLiteBatchStore>.context(catalog: catalog, lease: lease, asOf: asOf)
        let recordedAt = clock()
        return try write("importing subscriptions of \(lease.reseller)") { db in
            try Self.checkToken(of: lease, db)
            return try SubscriptionImportCommit(store: SQLiteBatchStore(db), context: context, file: file, recordedAt: recordedAt)
                .run(rows)
        }
    }
}
