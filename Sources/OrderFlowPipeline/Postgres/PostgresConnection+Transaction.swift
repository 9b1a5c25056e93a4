import CLibPQ

extension PostgresConnection {
    /// Runs `body` between BEGIN and COMMIT; ROLLBACK when it throws, and the error goes on.
    ///
    /// A statement that failed inside `body` has already doomed the transaction on the server, even
    /// if `body` caught its error: then the transaction is rolled back and this throws, rather than
    /// let COMMIT quietly answer ROLLBACK.
    ///
    /// When the connection is lost during COMMIT, nobody can know whether the server committed: the
    /// caller reconnects and looks (a batch's unique key says whether it is in the ledger, as after
    /// a crash: Operations.md, "Crashes and restarts"). Whatever happened, nothing is half-committed.
    func transaction<Value>(_ body: () throws -> Value) throws -> Value {
        guard PQtransactionStatus(handle) == PQTRANS_IDLE else {
            throw PostgresError(
                .refused, operation: "BEGIN", message: "a transaction is already open on this connection")
        }
        try execute("BEGIN")
        let value: Value
        do {
            value = try body()
            // The writes still queued are answered now: one that failed dooms the transaction.
            try sync()
        } catch {
            rollBack()
            throw error
        }
        if PQtransactionStatus(handle) == PQTRANS_INERROR {
            rollBack()
            throw PostgresError(
                .statementFailed, operation: "COMMIT",
                message: "a statement of the transaction failed, so it was rolled back instead")
        }
        try execute("COMMIT")
        return value
    }

    /// ROLLBACK, when there is a session and a transaction to end. Its own failure is not reported:
    /// the error that caused it is the one that matters, and a lost session rolls back by itself.
    private func rollBack() {
        abandonPipeline()
        guard isConnected, PQtransactionStatus(handle) != PQTRANS_IDLE else { return }
        PQclear(PQexec(handle, "ROLLBACK"))
    }
}
