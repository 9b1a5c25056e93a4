import OrderFlowCore

/// Earlier batches as the rules see them (``OrderHistory``) on a PostgreSQL ledger: LedgerHistory's
/// lookups, with the same SQL in PostgreSQL's spelling, through prepared statements on the batch's
/// (or a read's) connection.
///
/// The loan of the connection and the first error kept are BorrowedHistory's, as for LedgerHistory.
final class PostgresHistory: BorrowedHistory<PostgresConnection>, CommitHistory, @unchecked Sendable {
    // @unchecked: see BorrowedHistory.
    func account(id: String, reseller: String) -> AccountRecord? {
        lookup { connection in try AccountRecord.fetch(id: id, reseller: reseller, connection) }
    }

    func acceptedRequest(ref: String, reseller: String) -> StoredRequest? {
        lookup { connection in
            let rows = try connection.execute(
                prepared: "history_accepted",
                """
                SELECT a.action AS stored_action, a.content_digest AS stored_digest, \(RequestResult.storedColumns(of: "r"))
                FROM accepted_requests a JOIN results r ON r.batch_key = a.batch_key AND r.seq = a.seq
                WHERE a.reseller = $1 AND a.ref = $2
                """,
                [.string(reseller), .string(ref)])
            return try rows.first.map { row in
                StoredRequest(
                    ref: ref, action: try row.status("stored_action", "accepted_requests.action"),
                    contentDigest: try row.requiredString("stored_digest"), result: try RequestResult(postgres: row))
            }
        }
    }

    func order(ref: String, reseller: String) -> OrderRecord? {
        lookup { connection in
            let rows = try connection.execute(
                prepared: "history_order", OrderRecord.postgresQuery, [.string(reseller), .string(ref)])
            return try rows.first.map(OrderRecord.init(postgres:))
        }
    }

    func renewalsAndUpgrades(subscription: String, reseller: String) -> [OrderRecord] {
        lookup { connection in
            try connection.execute(
                prepared: "history_changes", OrderRecord.postgresChangesQuery, [.string(subscription), .string(reseller)]
            ).map(OrderRecord.init(postgres:))
        } ?? []
    }

    func subscription(id: String, reseller: String) -> SubscriptionRecord? {
        lookup { connection in try SubscriptionRecord.fetch(id: id, reseller: reseller, connection) }
    }

    func isDomainHeld(_ domain: String, productId: String) -> Bool {
        lookup { connection in
            try !connection.execute(
                prepared: "history_domain_held",
                "SELECT 1 FROM subscriptions WHERE product_id = $1 AND domain = $2 AND status <> 'Canceled' LIMIT 1",
                [.string(productId), .string(domain)]
            ).isEmpty
        } ?? false
    }

    func domainHolders(_ domain: String, productId: String) -> [DomainHolder] {
        lookup { connection in
            try connection.execute(
                prepared: "history_domain_holders",
                """
                SELECT account_id, plan_id, period_id FROM subscriptions
                WHERE product_id = $1 AND domain = $2 AND status <> 'Canceled'
                """,
                [.string(productId), .string(domain)]
            ).map {
                DomainHolder(
                    accountId: try $0.requiredString("account_id"), planId: try $0.requiredString("plan_id"),
                    periodId: try $0.requiredString("period_id"))
            }
        } ?? []
    }

    func trialUsed(_ use: TrialUse) -> Bool {
        lookup { connection in
            try !connection.execute(
                prepared: "history_trial_used",
                "SELECT 1 FROM trial_uses WHERE reseller = $1 AND email = $2 AND plan_id = $3",
                [.string(use.reseller), .string(use.email), .string(use.planId)]
            ).isEmpty
        } ?? false
    }

    func promoUses(code: String) -> Int {
        lookup { connection in
            let rows = try connection.execute(
                prepared: "history_promo_uses", "SELECT count(*) AS uses FROM promo_uses WHERE code = $1 AND batch_key <> $2",
                [.string(code), .int(excludedBatch)])
            return try rows.first?.int("uses")
        } ?? 0
    }
}
