import GRDB
import OrderFlowCore

/// `orderflow ledger import-subscriptions`: subscriptions that exist before OrderFlow.
extension SQLiteLedger {
    /// The batch kind an import is stored under (``LedgerSchema`` v2 `batches.kind`).
    static let subscriptionImportKind = "subscription-import"

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
            let history = LedgerHistory(db)
            defer { history.close() }
            var ids = try LedgerIdentifiers(db, reportingTo: history)
            let context = JudgeContext(catalog: catalog, reseller: reseller, asOf: asOf, unresolvedReferences: .reject)
            var judge = SubscriptionImportJudge(context: context, history: history)
            var outcomes: [SubscriptionImportOutcome] = []
            for row in rows {
                outcomes.append(judge.judge(row, ids: &ids))
                try history.check()
            }
            let accepted = outcomes.filter { $0.outcome == .accepted }
            guard !accepted.isEmpty else { return outcomes }

            // One batch per import that stores anything. Its batch id and SHA-256 hold a ':',
            // which no drop's can (DropFiles.md, batch ids), so they never collide with a drop's.
            let sequence = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM batches WHERE reseller = ? AND kind = ?",
                arguments: [reseller.id, Self.subscriptionImportKind]) ?? 0
            let batchId = "subscription-import:\(sequence + 1)"
            try db.execute(
                sql: """
                    INSERT INTO batches (reseller, batch_id, file_name, format, sha256, as_of, policy, header_source,
                        committed_at, kind)
                    VALUES (?, ?, ?, 'csv', ?, ?, ?, NULL, ?, ?)
                    """,
                arguments: [
                    reseller.id, batchId, file.fileName, "\(batchId):\(file.sha256)", asOf.description,
                    InvalidOrderPolicy.rejectOrder.rawValue, recordedAt, Self.subscriptionImportKind,
                ])
            let key = db.lastInsertedRowID
            var seq: Int64 = 0
            for outcome in accepted {
                seq += 1
                try Self.store(outcome, batchKey: key, seq: seq, reseller: reseller.id, asOf: asOf, recordedAt: recordedAt, db)
            }
            try ids.save()
            return outcomes
        }
    }

    private static func store(
        _ outcome: SubscriptionImportOutcome, batchKey: Int64, seq: Int64, reseller: String, asOf: CalendarDate,
        recordedAt: Int64, _ db: Database
    ) throws {
        var values: [(any DatabaseValueConvertible)?] = [batchKey, seq]
        values += outcome.result.storedValues
        values += ["[]", outcome.contentDigest, nil]
        try db.execute(
            sql: """
                INSERT INTO results (batch_key, seq, \(RequestResult.storedColumns), diagnostics, content_digest, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: StatementArguments(values))
        // The ref joins the reseller's ref namespace (as an `order`: the only action whose
        // content a later request could be compared with; the digests never match a drop's).
        try db.execute(
            sql: """
                INSERT INTO accepted_requests (reseller, ref, action, content_digest, batch_key, seq)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [reseller, outcome.ref, RequestAction.order.rawValue, outcome.contentDigest, batchKey, seq])
        if let account = outcome.newAccount {
            let accountValues: [(any DatabaseValueConvertible)?] = [
                account.id, account.reseller, account.accountType, account.registration.rawValue, account.companyName,
                account.vatId, account.contactName, account.contactEmail, account.country, account.region,
                account.city, account.postalCode, account.addressLine1, batchKey,
            ]
            try db.execute(
                sql: """
                    INSERT INTO accounts (id, reseller, account_type, registration, company_name, vat_id, contact_name,
                        contact_email, country, region, city, postal_code, address_line1, batch_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: StatementArguments(accountValues))
        }
        guard let subscription = outcome.subscription else { return }
        let subscriptionValues: [(any DatabaseValueConvertible)?] = [
            subscription.id, subscription.reseller, subscription.accountId, subscription.productId,
            subscription.planId, subscription.periodId, subscription.currentPeriodStart.description,
            subscription.currentPeriodEnd.description, subscription.currency.code,
            subscription.paymentModel.rawValue, subscription.status.rawValue,
            subscription.blockingThreshold?.minorUnits, subscription.domain, nil, batchKey,
        ]
        try db.execute(
            sql: """
                INSERT INTO subscriptions (id, reseller, account_id, product_id, plan_id, period_id, period_start,
                    period_end, currency, payment_model, status, blocking_threshold, domain, activation_date, batch_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: StatementArguments(subscriptionValues))
        for (position, amount) in subscription.resources.enumerated() {
            try db.execute(
                sql: "INSERT INTO subscription_resources (subscription_id, position, resource_id, amount) VALUES (?, ?, ?, ?)",
                arguments: [subscription.id, position, amount.id, amount.amount])
        }
        try db.execute(
            sql: """
                INSERT INTO state_changes (entity_kind, entity_id, from_status, to_status, batch_key, as_of, recorded_at)
                VALUES ('subscription', ?, NULL, ?, ?, ?, ?)
                """,
            arguments: [subscription.id, subscription.status.rawValue, batchKey, asOf.description, recordedAt])
    }
}
