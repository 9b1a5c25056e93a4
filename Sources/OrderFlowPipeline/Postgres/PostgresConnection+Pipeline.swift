import CLibPQ

/// Writes whose result is only "it worked", sent without waiting for the server (libpq's pipeline
/// mode): a batch's dozen inserts per order cost no round trip each. They are answered, in order,
/// when the next statement that needs its own result runs (a lookup of the judge, the counters,
/// COMMIT), which rides in the same round trip; the first of them that failed is thrown there, and
/// the transaction is doomed as it would have been by ``execute(prepared:_:_:)``.
extension PostgresConnection {
    /// At most this many writes wait for their answers, so that neither side buffers a whole batch.
    static let pipelineDepth = 1_000

    /// Queues the statement prepared under `name` (preparing it from `sql` the first time, in the
    /// same pipeline); its failure is thrown by the next ``execute(prepared:_:_:)``, ``execute(_:_:)``
    /// or ``sync()`` instead of here.
    func send(prepared name: String, _ sql: String, _ parameters: [PostgresParameter] = []) throws(PostgresError) {
        let texts = try Self.texts(sql, parameters, name)
        if pending.isEmpty, PQpipelineStatus(handle) == PQ_PIPELINE_OFF {
            guard PQenterPipelineMode(handle) == 1 else { throw failure(nil, name) }
        }
        try queuePrepared(name, sql, texts)
        if pending.count >= Self.pipelineDepth { _ = try sync(keeping: nil) }
    }

    /// Waits for every queued write's answer; throws the first failure among them.
    func sync() throws(PostgresError) {
        _ = try sync(keeping: nil)
    }

    /// Runs the prepared statement after the queued writes, in the same round trip, and returns
    /// its rows (``execute(prepared:_:_:)`` while writes are queued).
    func executeAfterQueued(prepared name: String, _ sql: String, _ texts: [String?]) throws(PostgresError) -> PostgresRows {
        try queuePrepared(name, sql, texts)
        let index = pending.count - 1
        guard let result = try sync(keeping: index) else {
            throw PostgresError(.connectionLost, operation: name, message: "the server sent no result")
        }
        return PostgresRows(taking: result, operation: name)
    }

    /// Ends pipeline mode with nothing read: for a ROLLBACK after a failure, whose own error matters.
    func abandonPipeline() {
        guard PQpipelineStatus(handle) != PQ_PIPELINE_OFF else { return }
        _ = try? sync(keeping: nil)
        pending = []
    }

    private func queuePrepared(_ name: String, _ sql: String, _ texts: [String?]) throws(PostgresError) {
        if let known = prepared[name] {
            guard known == sql else {
                throw PostgresError(
                    .refused, operation: name, message: "the prepared statement '\(name)' was prepared with other SQL")
            }
        } else {
            guard PQsendPrepare(handle, name, sql, 0, nil) == 1 else { throw failure(nil, "PREPARE \(name)") }
            pending.append("PREPARE \(name)")
            prepared[name] = sql
        }
        let sent = Self.withCStrings(texts) { values in
            PQsendQueryPrepared(handle, name, Int32(values.count), values, nil, nil, 0)
        }
        guard sent == 1 else { throw failure(nil, name) }
        pending.append(name)
    }

    /// Marks the end of the queued statements, reads every answer up to that mark and leaves
    /// pipeline mode. The result of the statement at `keeping` is returned, not freed.
    private func sync(keeping: Int?) throws(PostgresError) -> OpaquePointer? {
        guard PQpipelineStatus(handle) != PQ_PIPELINE_OFF else { return nil }
        let operations = pending
        pending = []
        guard PQpipelineSync(handle) == 1 else { throw failure(nil, operations.last ?? "SYNC") }
        var index = 0
        var kept: OpaquePointer?
        var firstFailure: PostgresError?
        var synced = false
        var answered = Set<Int>()
        // Each statement's answer is its results, then a NULL; the mark's is one PIPELINE_SYNC.
        // A lost session answers NULLs: the count of statements bounds the loop.
        while index <= operations.count {
            guard let result = PQgetResult(handle) else {
                index += 1
                continue
            }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC {
                PQclear(result)
                synced = true
                break
            }
            let succeeded = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
            if succeeded { answered.insert(index) }
            if succeeded && index == keeping && kept == nil {
                kept = result
                continue
            }
            if !succeeded && status != PGRES_PIPELINE_ABORTED && firstFailure == nil {
                firstFailure = failure(result, index < operations.count ? operations[index] : "SYNC")
            }
            PQclear(result)
        }
        // A PREPARE that an earlier failure aborted never happened: prepare it again next time.
        for (index, operation) in operations.enumerated() where operation.hasPrefix("PREPARE ") && !answered.contains(index) {
            prepared[String(operation.dropFirst("PREPARE ".count))] = nil
        }
        let left = PQexitPipelineMode(handle) == 1
        guard firstFailure == nil, synced, left, PQstatus(handle) == CONNECTION_OK else {
            if let kept { PQclear(kept) }
            throw firstFailure ?? failure(nil, operations.last ?? "SYNC")
        }
        return kept
    }
}
