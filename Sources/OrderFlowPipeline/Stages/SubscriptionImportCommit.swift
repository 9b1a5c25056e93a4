import OrderFlowCore

/// `orderflow ledger import-subscriptions` inside its one transaction, on either engine
/// (Operations.md, subscriptions made before OrderFlow): every row is judged against the ledger;
/// when any is accepted, one batch of kind `subscription-import` holds the accepted rows' results,
/// refs, accounts and subscriptions, each with its first state change.
struct SubscriptionImportCommit<Store: BatchStore> {
    let store: Store
    let context: JudgeContext
    let file: SubscriptionImportFile
    let recordedAt: Int64

    /// What the rows are judged with: the lease's reseller, which must be in the catalog.
    static func context(catalog: Catalog, lease: ResellerLease, asOf: CalendarDate) throws -> JudgeContext {
        guard let reseller = catalog.reseller(id: lease.reseller) else {
            throw LedgerError.unusable("reseller \(lease.reseller) is not in the catalog")
        }
        return JudgeContext(catalog: catalog, reseller: reseller, asOf: asOf, unresolvedReferences: .reject)
    }

    func run(_ rows: [SubscriptionImportRow]) throws -> [SubscriptionImportOutcome] {
        // No batch row exists yet, so there is none to leave out of the history (keys start at 1).
        let history = store.history(excludingBatch: 0)
        defer { history.close() }
        var ids = try LedgerIdentifiers(store, reportingTo: history)
        var judge = SubscriptionImportJudge(context: context, history: history)
        var outcomes: [SubscriptionImportOutcome] = []
        for row in rows {
            outcomes.append(judge.judge(row, ids: &ids))
            try history.check()
        }
        let accepted = outcomes.filter { $0.outcome == .accepted }
        guard !accepted.isEmpty else { return outcomes }
        let reseller = context.reseller.id
        let batchKey = try store.insertSubscriptionImportBatch(
            reseller: reseller, file: file, asOf: context.asOf, recordedAt: recordedAt)
        for (index, outcome) in accepted.enumerated() {
            try store(outcome, batchKey: batchKey, seq: Int64(index + 1), reseller: reseller)
        }
        try ids.save()
        return outcomes
    }

    private func store(_ outcome: SubscriptionImportOutcome, batchKey: Int64, seq: Int64, reseller: String) throws {
        try store.storeResult(
            ResultRow(result: outcome.result, diagnostics: [], contentDigest: outcome.contentDigest, source: nil),
            batchKey: batchKey, seq: seq)
        // The ref joins the reseller's ref namespace (as an `order`: the only action whose
        // content a later request could be compared with; the digests never match a drop's).
        try store.insertAcceptedRequest(
            AcceptedRequestRow(reseller: reseller, ref: outcome.ref, action: .order, contentDigest: outcome.contentDigest),
            batchKey: batchKey, seq: seq)
        if let account = outcome.newAccount { try store.insertAccount(account, batchKey: batchKey) }
        guard let subscription = outcome.subscription else { return }
        try store.insertSubscription(subscription, activationDate: nil, setup: nil, batchKey: batchKey)
        try store.recordChange(
            StateChange(kind: .subscription, id: subscription.id, from: nil, to: subscription.status.rawValue),
            batchKey: batchKey, asOf: context.asOf, recordedAt: recordedAt)
    }
}
