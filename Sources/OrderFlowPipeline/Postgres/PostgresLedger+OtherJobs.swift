import OrderFlowCore

/// The billing job (billing runs, usage drops) does not run on PostgreSQL yet: PipelineSetup
/// refuses its pipelines before a ledger is opened (exit 78), so these refusals are only a guard.
extension PostgresLedger {
    private func notYet(_ job: String) -> LedgerError {
        LedgerError.unusable("the \(job) job does not run on a PostgreSQL ledger yet; use a sqlite: ledger for it")
    }

    public func commitBillingMonth(
        reseller: String, month: BillingMonth, runDate: CalendarDate, catalog: Catalog, under lease: ResellerLease
    ) throws -> BatchRecord { throw notYet("billing") }

    public func billingStart(reseller: String) throws -> BillingStart { throw notYet("billing") }

    public func markPublished(reseller: String, month: BillingMonth, under lease: ResellerLease) throws {
        throw notYet("billing")
    }

    public func streamBills(ofBatch key: Int64, _ body: (BillRow) throws -> Void) throws { throw notYet("billing") }

    public func streamSuspensions(ofBatch key: Int64, _ body: (SuspensionRow) throws -> Void) throws {
        throw notYet("billing")
    }

    public func commitUsage(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        rows: (_ sink: (UsageRow) throws -> Void) throws -> Void
    ) throws -> BatchRecord { throw notYet("usage") }

    public func streamUsageResults(ofBatch key: Int64, _ body: (UsageResult, RejectedRequest?) throws -> Void) throws {
        throw notYet("usage")
    }
}
