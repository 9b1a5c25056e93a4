import OrderFlowCore

/// `orderflow ledger show` on PostgreSQL: SQLiteLedger's entry (SQLiteLedger+Show.swift) read from
/// a snapshot, with the same queries in PostgreSQL's spelling, so both engines print the same.
extension PostgresLedger {
    public func entry(ref: String, reseller: String) throws -> LedgerEntry? {
        try read("reading ref \(ref) of \(reseller)") { connection in
            try Self.entry(ref: ref, reseller: reseller, connection)
        }
    }

    static func entry(ref: String, reseller: String, _ connection: PostgresConnection) throws -> LedgerEntry? {
        let requests = try connection.execute(
            """
            SELECT \(RequestResult.storedColumns(of: "r")), b.batch_id, b.file_name, b.kind, b.as_of,
                r.batch_key AS key, r.seq AS seq
            FROM results r JOIN batches b ON b.key = r.batch_key
            WHERE b.reseller = $1 AND r.ref = $2 ORDER BY r.batch_key, r.seq
            """,
            [.string(reseller), .string(ref)]
        ).map { row in (key: try row.requiredInt64("key"), seq: try row.requiredInt64("seq"), result: try storedResult(row)) }
        guard let last = requests.last else { return nil }
        var result = last.result
        if let accepted = try connection.execute(
            "SELECT batch_key, seq FROM accepted_requests WHERE reseller = $1 AND ref = $2", [.string(reseller), .string(ref)]
        ).first {
            let key = try accepted.requiredInt64("batch_key")
            let seq = try accepted.requiredInt64("seq")
            if let match = requests.first(where: { $0.key == key && $0.seq == seq }) { result = match.result }
        }

        let salesOrder = try connection.execute(
            salesOrderQuery + " WHERE o.reseller = $1 AND o.ref = $2", [.string(reseller), .string(ref)]
        ).first.map(salesOrderEntry)
        let subscriptionId = salesOrder?.subscriptionId ?? result.row.subscriptionId
        var subscription: SubscriptionEntry?
        var relatedOrders: [SalesOrderEntry] = []
        if let subscriptionId {
            subscription = try subscriptionEntry(id: subscriptionId, reseller: reseller, connection)
            relatedOrders = try connection.execute(
                salesOrderQuery
                    + " WHERE o.reseller = $1 AND o.subscription_id = $2 AND o.ref <> $3 ORDER BY o.batch_key, o.seq",
                [.string(reseller), .string(subscriptionId), .string(ref)]
            ).map(salesOrderEntry)
        }
        let accountId = salesOrder?.accountId ?? subscription?.accountId ?? result.row.accountId
        let account = try accountId.flatMap { id in try AccountRecord.fetch(id: id, reseller: reseller, connection) }

        let orderIds = ([salesOrder] + relatedOrders.map(Optional.some)).compactMap { $0?.id }
        var payments: [PaymentEntry] = []
        for orderId in orderIds {
            // SQLite lists them by rowid, the order they were written in: by batch, then by the
            // id's number (`PAY-9` before `PAY-10`, hence the length first).
            payments += try connection.execute(
                """
                SELECT id, kind, sales_order_id, account_id, amount, currency, status, due_date, remittance_ref, paid,
                    postponed, paid_on
                FROM payments WHERE reseller = $1 AND sales_order_id = $2 ORDER BY batch_key, length(id), id
                """,
                [.string(reseller), .string(orderId)]
            ).map { row in
                let currency = try row.requiredString("currency")
                return PaymentEntry(
                    id: try row.requiredString("id"), kind: try row.requiredString("kind"),
                    salesOrderId: try row.string("sales_order_id"), accountId: try row.string("account_id"),
                    amount: try row.money("amount", currency: currency).text, currency: currency,
                    status: try row.requiredString("status"), dueDate: try row.requiredString("due_date"),
                    remittanceReference: try row.requiredString("remittance_ref"),
                    paid: try row.money("paid", currency: currency).text, postponed: try row.requiredBool("postponed"),
                    paidOn: try row.string("paid_on"))
            }
        }

        var entities: [(String, String)] = orderIds.map { ("sales_order", $0) }
        if let subscriptionId { entities.append(("subscription", subscriptionId)) }
        entities += payments.map { ("payment", $0.id) }
        var stateChanges: [StateChangeEntry] = []
        if !entities.isEmpty {
            var parameters: [PostgresParameter] = []
            var conditions: [String] = []
            for (kind, id) in entities {
                parameters += [.string(kind), .string(id)]
                conditions.append("(s.entity_kind = $\(parameters.count - 1) AND s.entity_id = $\(parameters.count))")
            }
            let condition = conditions.joined(separator: " OR ")
            stateChanges = try connection.execute(
                """
                SELECT s.entity_kind, s.entity_id, s.from_status, s.to_status, s.as_of, s.recorded_at, b.batch_id
                FROM state_changes s LEFT JOIN batches b ON b.key = s.batch_key
                WHERE \(condition) ORDER BY s.id
                """,
                parameters
            ).map { row in
                StateChangeEntry(
                    entityKind: try row.requiredString("entity_kind"), entityId: try row.requiredString("entity_id"),
                    from: try row.string("from_status"), to: try row.requiredString("to_status"),
                    asOf: try row.requiredString("as_of"),
                    recordedAt: SQLiteLedger.timestamp(try row.requiredInt64("recorded_at")),
                    batchId: try row.string("batch_id"))
            }
        }
        let balances: [BalanceEntry] = try accountId.map { id in
            try connection.execute(
                "SELECT currency, amount FROM account_balances WHERE account_id = $1 ORDER BY currency", [.string(id)]
            ).map { row in
                let currency = try row.requiredString("currency")
                return BalanceEntry(currency: currency, amount: try row.money("amount", currency: currency).text)
            }
        } ?? []
        return LedgerEntry(
            reseller: reseller, ref: ref, result: result, requests: requests.map(\.result), salesOrder: salesOrder,
            account: account, subscription: subscription, relatedOrders: relatedOrders, payments: payments,
            stateChanges: stateChanges, balances: balances)
    }

    private static func storedResult(_ row: PostgresRow) throws -> StoredResult {
        StoredResult(
            batchId: try row.requiredString("batch_id"), fileName: try row.requiredString("file_name"),
            batchKind: try row.requiredString("kind"), asOf: try row.requiredDate("as_of"),
            row: try RequestResult(postgres: row))
    }

    private static let salesOrderQuery = PostgresSpelling.of(SQLiteLedger.salesOrderQuery)
}
