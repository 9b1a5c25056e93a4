import OrderFlowCore

/// The commit stage (Operations.md, crash safety): inside the batch's one transaction, judges
/// each request as the file streams by and stores its result row and effects at once.
///
/// ```
///  requests ─► sink ─► BatchJudge ─► results row ─► effects (accounts, orders, subscriptions,
///              (file      (ledger history                   payments, documents, promo uses,
///               order)     + batch overlay, ids)            state changes, batch payments)
/// ```
///
/// With `reject-file` the first pass runs in a savepoint; when it rejected anything, the
/// savepoint is rolled back and a second pass stores result rows only (ErrorCodes.md,
/// `reject-file`).
///
/// It speaks to the ledger only through `Store` (``BatchStore``), generic so that each request's
/// writes are direct calls into the engine's store.
struct BatchCommit<Store: BatchStore> {
    let store: Store
    let batchKey: Int64
    let batch: NewBatch
    let context: JudgeContext
    /// Wall-clock time of the commit: the time of every state change it records.
    let recordedAt: Int64

    /// Runs the whole batch; the caller's transaction commits or rolls back what it wrote.
    func run(requests: (_ sink: (RawRequest) throws -> Void) throws -> Void) throws {
        let history = store.history(excludingBatch: batchKey)
        defer { history.close() }
        var ids = try LedgerIdentifiers(store, reportingTo: history)
        switch batch.policy {
        case .rejectOrder:
            _ = try judgeAndStore(requests: requests, history: history, ids: &ids)
            try ids.save()
        case .rejectFile:
            let start = ids
            var rejected = false
            try store.savepoint {
                rejected = try judgeAndStore(requests: requests, history: history, ids: &ids)
                return !rejected
            }
            if rejected {
                // The same starting counters replay the first pass exactly (a later request may
                // name an id an earlier one was given); none of them is saved.
                var replay = start
                try storeRejectedFile(requests: requests, history: history, ids: &replay)
            } else {
                try ids.save()
            }
        }
    }

    /// Judges and stores every request with its effects; true when any was rejected.
    private func judgeAndStore(
        requests: (_ sink: (RawRequest) throws -> Void) throws -> Void, history: Store.History,
        ids: inout LedgerIdentifiers
    ) throws -> Bool {
        // Every accepted request's effects are stored before the next request is judged, in this
        // transaction the history reads through: the ledger answers for the batch itself.
        var judge = BatchJudge(context: context, history: history, baseHoldsBatchWrites: true)
        var writer = try EffectsWriter(commit: self)
        var seq: Int64 = 0
        var rejected = false
        // Time in the judge and in the writes, added to StageClock once for the batch.
        var judging: UInt64 = 0, storing: UInt64 = 0
        defer {
            StageClock.judge.add(judging, ordering: .relaxed)
            StageClock.store.add(storing, ordering: .relaxed)
        }
        try requests { raw in
            seq += 1
            let start = StageClock.now()
            let judged = judge.judge(raw, ids: &ids)
            try history.check()
            let judgedAt = StageClock.now()
            try writer.storeResult(judged, seq: seq)
            switch judged.outcome {
            case .rejected: rejected = true
            case .accepted: if let effects = judged.effects { try writer.apply(effects, judged: judged, seq: seq) }
            case .duplicate: break
            }
            let storedAt = StageClock.now()
            judging &+= judgedAt &- start
            storing &+= storedAt &- judgedAt
        }
        return rejected
    }

    /// `reject-file` after a rejection: result rows only. Rejected requests keep their errors,
    /// valid ones become `BATCH_REJECTED`, duplicates of earlier batches stay duplicates; a
    /// duplicate of a request of this same file repeats nothing that exists, so it is rejected too.
    private func storeRejectedFile(
        requests: (_ sink: (RawRequest) throws -> Void) throws -> Void, history: Store.History,
        ids: inout LedgerIdentifiers
    ) throws {
        // Result rows only: nothing this pass accepts is stored, so the overlay must remember it.
        var judge = BatchJudge(context: context, history: history)
        let writer = try EffectsWriter(commit: self)
        var seq: Int64 = 0
        try requests { raw in
            seq += 1
            var judged = judge.judge(raw, ids: &ids)
            try history.check()
            switch judged.outcome {
            case .rejected: break
            case .duplicate where duplicatesEarlierBatch(judged, history: history): break
            case .accepted, .duplicate: judged = batchRejected(judged)
            }
            try writer.storeResult(judged, seq: seq)
        }
    }

    private func duplicatesEarlierBatch(_ judged: JudgedRequest, history: Store.History) -> Bool {
        guard let ref = judged.raw.ref else { return false }
        if judged.raw.action == .cancel {
            return history.order(ref: ref, reseller: batch.reseller)?.status == .canceled
        }
        return history.acceptedRequest(ref: ref, reseller: batch.reseller) != nil
    }

    private func batchRejected(_ judged: JudgedRequest) -> JudgedRequest {
        let diagnostic = Diagnostic(
            .batchRejected, field: "",
            "This request is valid, but the whole file was rejected because other requests in it were rejected: fix "
                + "those and drop the whole file again.", at: judged.raw.location)
        var result = RequestResult(
            ref: judged.result.ref, line: judged.result.line, action: judged.result.action, outcome: .rejected)
        result.errorCode = diagnostic.code
        result.errorField = diagnostic.field
        result.errorMessage = diagnostic.message
        var rejected = judged
        rejected.outcome = .rejected
        rejected.diagnostics = [diagnostic]
        rejected.result = result
        rejected.effects = nil
        return rejected
    }
}
