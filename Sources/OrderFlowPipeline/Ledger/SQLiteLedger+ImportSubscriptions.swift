import OrderFlowCore

/// `orderflow ledger import-subscriptions`: subscriptions that exist before OrderFlow.
extension SQLiteLedger {
    public func importSubscriptions(
        _ rows: [SubscriptionImportRow], file: SubscriptionImportFile, catalog: Catalog, asOf: CalendarDate,
        under lease: ResellerLease
    ) throws -> [SubscriptionImportOutcome] {
        guard let reseller = catalog.reseller(id: lease.reseller) else {
            throw LedgerError.unusable("reseller \(lease.reseller) is not in the catalog")
        }
        let recordedAt = clock()
        return try write("importing subscriptions of \(lease.reseller)") { db in
            try Self.checkToken(of: lease, db)
            let context = JudgeContext(catalog: catalog, reseller: reseller, asOf: asOf, unresolvedReferences: .reject)
            return try SubscriptionImportCommit(store: SQLiteBatchStore(db), context: context, file: file, recordedAt: recordedAt)
                .run(rows)
        }
    }
}
