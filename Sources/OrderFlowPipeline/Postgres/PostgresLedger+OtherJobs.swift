import OrderFlowCore

/// The jobs after the import other than statements and billing (provisioning, approvals) do not
/// run on PostgreSQL yet: PipelineSetup refuses their pipelines before a ledger is opened
/// (exit 78), so these refusals are only a guard.
extension PostgresLedger {
    private func notYet(_ job: String) -> LedgerError {
        LedgerError.unusable("the \(job) job does not run on a PostgreSQL ledger yet; use a sqlite: ledger for it")
    }

    public func commitProvisionDay(
        reseller: String, day: CalendarDate, catalog: Catalog, unpaidCancelDays: Int, under lease: ResellerLease
    ) throws -> BatchRecord { throw notYet("provision") }

    public func commitApprovals(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        rows: (_ sink: (ApprovalRequest) throws -> Void) throws -> Void
    ) throws -> BatchRecord { throw notYet("approvals") }

    public func streamTrialEnds(ofBatch key: Int64, _ body: (TrialEndRow) throws -> Void) throws {
        throw notYet("provision")
    }

    public func streamApprovalResults(ofBatch key: Int64, _ body: (ApprovalResult) throws -> Void) throws {
        throw notYet("approvals")
    }
}
