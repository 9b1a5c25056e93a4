import OrderFlowCore

/// The ledger: the one place where a batch exists (Operations.md, crash safety), served by SQLite
/// on one host and by PostgreSQL when scaled out. Every job talks to it through this protocol only.
///
/// Ownership of work is a lease with a fencing token, never a database session
/// (Operations.md, leases): a reseller's lease lets one worker claim and process that reseller's files,
/// one at a time, in order; every write made under it checks the token inside its transaction.
public protocol Ledger: Sendable {
    /// Whether one thread may read a committed batch (to publish it) while another commits the
    /// next: SQLite's readers have their own connections; PostgreSQL's one session serves one
    /// call at a time, so there the job publishes each file before it commits the next.
    var readsBesideCommits: Bool { get }

    // MARK: Leases (one per reseller)

    /// Takes the reseller's lease: inserts it, or takes over an expired one (or one whose owner
    /// `ownerIsGone` says no longer exists) by compare-and-set on its token. nil when a live
    /// owner holds it. Times are milliseconds since the epoch, from the caller's clock.
    func acquireLease(
        reseller: String, owner: ClaimOwner, now: Int64, duration: Int64,
        ownerIsGone: (ClaimOwner) -> Bool
    ) throws -> ResellerLease?

    /// Extends a lease still held with this token (heartbeat); throws ``LedgerError/leaseLost`` otherwise.
    func renewLease(_ lease: ResellerLease, now: Int64, duration: Int64) throws -> ResellerLease

    /// Gives the lease up (when its token still matches; otherwise nothing happens).
    func releaseLease(_ lease: ResellerLease) throws

    // MARK: File claims (fenced by the lease token)

    /// Open claims of this reseller, of every job: files in `processing/` not yet finished, oldest
    /// first (a job resumes only its own, ``FileClaim/job``, and leaves the others' files alone).
    func fileClaims(reseller: String) throws -> [FileClaim]

    /// Records a claim made under `lease` (throws ``LedgerError/leaseLost`` if it was taken over).
    func recordClaim(_ claim: FileClaim, under lease: ResellerLease) throws

    /// The claim is done: its file was published or moved to `failed/`.
    func finishClaim(claimId: String, under lease: ResellerLease) throws

    // MARK: Batches

    func committedBatch(reseller: String, sha256: String) throws -> BatchRecord?
    func committedBatch(reseller: String, batchId: String) throws -> BatchRecord?
    func committedBatch(key: Int64) throws -> BatchRecord?

    /// Judges and stores one batch in ONE transaction (Operations.md, crash safety), checking the
    /// lease token inside it and marking `claimId` committed. `requests` streams the file: it is
    /// called with a sink for each request in file order (twice with `reject-file` when a
    /// request was rejected). Whatever throws rolls everything back and is rethrown.
    func commitBatch(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        requests: (_ sink: (RawRequest) throws -> Void) throws -> Void
    ) throws -> BatchRecord

    /// Streams what the outputs of a committed batch are rendered from (Outputs.md), in one read
    /// transaction and in constant memory: each request's result in file order (with the request as written and every error when it was rejected), then each
    /// payment the batch created or changed, in order.
    func streamOutputs(
        ofBatch key: Int64, result: (RequestResult, RejectedRequest?) throws -> Void,
        payment: (PaymentRow) throws -> Void
    ) throws

    /// Reconciles one bank statement in ONE transaction (Reconciliation.md), like ``commitBatch``:
    /// `entries` streams the statement's lines in file order; each is recognized, matched, applied
    /// and recorded with what it moved on, then the reseller's overdue payments are listed.
    func commitStatement(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        entries: (_ sink: (StatementEntry) throws -> Void) throws -> Void
    ) throws -> BatchRecord

    /// The `provision` job's work for `reseller` on `day` (Provisioning.md) in ONE transaction,
    /// once: a batch `provision-<day>` taken by its id, checking the lease token. When it exists
    /// already, it is returned unchanged (a second run for the same day only publishes again).
    /// `afterStep` is called inside the transaction after each of its steps (the crash tests' hook).
    func commitProvisionDay(
        reseller: String, day: CalendarDate, catalog: Catalog, unpaidCancelDays: Int, under lease: ResellerLease,
        afterStep: () -> Void
    ) throws -> BatchRecord

    /// Judges and stores an approval drop in ONE transaction (Provisioning.md, approvals), like
    /// ``commitBatch``: `rows` streams the file's rows in order.
    func commitApprovals(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        rows: (_ sink: (ApprovalRequest) throws -> Void) throws -> Void
    ) throws -> BatchRecord

    /// The `billing` job's run for `reseller` and `month` (Billing.md) in ONE transaction, once: a
    /// batch `billing-<YYYY-MM>` taken by its id with the run date, checking the lease token. When
    /// it exists already, it is returned as it is.
    func commitBillingMonth(
        reseller: String, month: BillingMonth, runDate: CalendarDate, catalog: Catalog, under lease: ResellerLease
    ) throws -> BatchRecord

    /// The reseller's last billed month and first service start: which months are due.
    func billingStart(reseller: String) throws -> BillingStart

    /// The month's outputs are all in place (checking the lease token).
    func markPublished(reseller: String, month: BillingMonth, under lease: ResellerLease) throws

    /// A billing batch's `results.csv` rows, in order.
    func streamBills(ofBatch key: Int64, _ body: (BillRow) throws -> Void) throws

    /// A billing batch's `suspensions.csv` rows, in order.
    func streamSuspensions(ofBatch key: Int64, _ body: (SuspensionRow) throws -> Void) throws

    /// The trials a provisioning run ended or converted (`expired.csv`), in order.
    func streamTrialEnds(ofBatch key: Int64, _ body: (TrialEndRow) throws -> Void) throws

    /// An approval drop's `results.csv` rows, in file order.
    func streamApprovalResults(ofBatch key: Int64, _ body: (ApprovalResult) throws -> Void) throws

    /// Streams what a committed statement, approval drop or provisioning run moved on
    /// (Reconciliation.md, Provisioning.md) in one read transaction and constant memory: a
    /// statement's reconciliation rows in order, then activations, charges, events and the
    /// payments the batch changed.
    func streamJobOutputs(ofBatch key: Int64, into sink: JobOutputSink) throws

    /// The `provisioning.csv` events of an import batch, in request order: `activate` for each
    /// order whose subscription was `Active` at the commit, `install` for `Installing`, `cancel`
    /// for each accepted cancel; each with its subscription's product, plan, domain and setup.
    func streamImportEvents(ofBatch key: Int64, _ body: (ProvisioningRow) throws -> Void) throws

    /// Invoice and credit-note numbers the batch allocated, in order (for its documents).
    func documentNumbers(ofBatch key: Int64) throws -> [String]

    /// The batch's invoices and credit notes in allocation order, each with what it is rendered
    /// from (Invoices.md), in one read transaction and constant memory.
    func streamDocuments(ofBatch key: Int64, _ body: (DocumentSource) throws -> Void) throws

    /// A read-only view of earlier batches for `validate`/`quote --pipeline`: never takes the
    /// write lock, so a running import is never locked out.
    func readHistory<T>(_ body: (any OrderHistory) throws -> T) throws -> T

    // MARK: Inspection and imports (`orderflow ledger …`)

    /// Everything the ledger holds about the request `ref` of `reseller` (``LedgerEntry``), read
    /// from a snapshot (never blocking a running import); nil when no request has this ref.
    func entry(ref: String, reseller: String) throws -> LedgerEntry?

    /// Judges and stores subscriptions that exist before OrderFlow (``SubscriptionImportRow``), in
    /// ONE transaction checking the lease token: the accepted rows' accounts and subscriptions
    /// (ids from the platform-wide sequences), their refs and a state change each, under one
    /// batch of kind `subscription-import` (none when nothing is new). Returns one outcome per row.
    func importSubscriptions(
        _ rows: [SubscriptionImportRow], file: SubscriptionImportFile, catalog: Catalog, asOf: CalendarDate,
        under lease: ResellerLease
    ) throws -> [SubscriptionImportOutcome]

    // MARK: Usage (billing job)

    /// Judges and stores a usage drop in ONE transaction (Billing.md, usage drops), like
    /// ``commitBatch``: `rows` streams the file's rows in order. Each row is stored in
    /// `usage_rows` when it names a subscription of this reseller, a resource of its plan and a day
    /// of a month not yet billed; every row gets its result, a rejected one with the row as written.
    func commitUsage(
        _ batch: NewBatch, catalog: Catalog, claimId: String, under lease: ResellerLease,
        rows: (_ sink: (UsageRow) throws -> Void) throws -> Void
    ) throws -> BatchRecord

    /// A usage drop's `results.csv` rows in file order, in one read transaction and constant
    /// memory; with each rejected row, the row as written and its error (`rejected.csv`).
    func streamUsageResults(ofBatch key: Int64, _ body: (UsageResult, RejectedRequest?) throws -> Void) throws
}

extension Ledger {
    /// Everything the outputs of a committed batch are rendered from, in memory: for tests and
    /// small batches (publishing streams with ``streamOutputs(ofBatch:result:payment:)``).
    public func outputs(ofBatch key: Int64) throws -> BatchOutputs {
        guard let record = try committedBatch(key: key) else { throw LedgerError.unusable("batch \(key) has no record") }
        var results: [RequestResult] = []
        var rejected: [RejectedRequest] = []
        var payments: [PaymentRow] = []
        try streamOutputs(
            ofBatch: key,
            result: { result, request in
                results.append(result)
                if let request { rejected.append(request) }
            },
            payment: { payments.append($0) })
        return BatchOutputs(
            batch: record, results: results, rejected: rejected, payments: payments,
            documentNumbers: try documentNumbers(ofBatch: key))
    }
}

public enum LedgerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Another worker took the lease over (it had expired): stop, touch nothing.
    case leaseLost(reseller: String)
    /// The ledger is locked or unreachable for longer than the busy timeout (exit 75).
    case busy(String)
    /// The ledger cannot be opened or migrated (configuration, exit 78).
    case unusable(String)

    public var description: String {
        switch self {
        case .leaseLost(let reseller): "the claim on reseller \(reseller)'s files was taken over by another worker"
        case .busy(let detail): "the ledger is busy: \(detail)"
        case .unusable(let detail): "the ledger cannot be used: \(detail)"
        }
    }
}

/// Who holds a lease: one process on one host.
public struct ClaimOwner: Sendable, Hashable, Codable {
    public var host: String
    public var pid: Int32
    /// When the process started (seconds since the epoch): tells a reused pid apart.
    public var startTime: Int64

    public init(host: String, pid: Int32, startTime: Int64) {
        self.host = host
        self.pid = pid
        self.startTime = startTime
    }
}

/// A reseller's lease as last read or written.
public struct ResellerLease: Sendable, Hashable {
    public var reseller: String
    /// The fencing token: new at every acquisition and takeover.
    public var token: String
    public var owner: ClaimOwner
    public var expiresAt: Int64
    public var heartbeatAt: Int64

    public init(reseller: String, token: String, owner: ClaimOwner, expiresAt: Int64, heartbeatAt: Int64) {
        self.reseller = reseller
        self.token = token
        self.owner = owner
        self.expiresAt = expiresAt
        self.heartbeatAt = heartbeatAt
    }
}

/// A file claimed into `processing/<reseller>/<claimId>--<fileName>`.
public struct FileClaim: Sendable, Hashable {
    public var claimId: String
    public var reseller: String
    /// The name it had in the inbox.
    public var fileName: String
    /// The run's date, fixed at the claim; a resumed file keeps it (Operations.md).
    public var asOf: CalendarDate
    /// Set by the commit: a resumed claim then only publishes.
    public var batchKey: Int64?
    public var claimedAt: Int64
    /// The pipeline kind that claimed it (`import`, `reconcile`, …): pipelines of several kinds
    /// may share a ledger and a `processing/` folder.
    public var job: String

    public init(
        claimId: String, reseller: String, fileName: String, asOf: CalendarDate, batchKey: Int64? = nil, claimedAt: Int64,
        job: String = "import"
    ) {
        self.claimId = claimId
        self.reseller = reseller
        self.fileName = fileName
        self.asOf = asOf
        self.batchKey = batchKey
        self.claimedAt = claimedAt
        self.job = job
    }

    /// `<claimId>--<fileName>`.
    public var processingName: String { claimId + "--" + fileName }
}

/// `onInvalidOrder` (PipelineFiles.md; what each policy does: ErrorCodes.md).
public enum InvalidOrderPolicy: String, Sendable, Hashable, Codable {
    case rejectOrder = "reject-order"
    case rejectFile = "reject-file"
}

/// A batch about to be committed.
public struct NewBatch: Sendable, Hashable {
    public var reseller: String
    public var batchId: String
    /// The name the file had in the inbox.
    public var fileName: String
    public var format: BatchHeader.Format
    public var sha256: String
    public var asOf: CalendarDate
    public var policy: InvalidOrderPolicy
    /// CSV: the header row exactly as written (without its line ending), for `rejected.csv`.
    public var headerSource: String?
    /// A drop of the `trials` job (Trials.md): judged with its rules; not stored.
    public var trialsOnly = false

    public init(
        reseller: String, batchId: String, fileName: String, format: BatchHeader.Format, sha256: String,
        asOf: CalendarDate, policy: InvalidOrderPolicy, headerSource: String? = nil
    ) {
        self.reseller = reseller
        self.batchId = batchId
        self.fileName = fileName
        self.format = format
        self.sha256 = sha256
        self.asOf = asOf
        self.policy = policy
        self.headerSource = headerSource
    }
}

/// A committed batch.
public struct BatchRecord: Sendable, Hashable {
    /// The ledger's key for it.
    public var key: Int64
    public var batch: NewBatch

    public init(key: Int64, batch: NewBatch) {
        self.key = key
        self.batch = batch
    }
}

/// What the outputs of one batch are rendered from (Outputs.md), read back from the ledger.
public struct BatchOutputs: Sendable {
    public var batch: BatchRecord
    /// One per request, in file order, as committed.
    public var results: [RequestResult]
    /// The rejected requests, in file order, as written, with every error.
    public var rejected: [RejectedRequest]
    /// Every payment the batch created or changed, in the order it did so.
    public var payments: [PaymentRow]
    /// Invoice and credit-note numbers allocated by the batch, in order.
    public var documentNumbers: [String]

    public init(
        batch: BatchRecord, results: [RequestResult], rejected: [RejectedRequest], payments: [PaymentRow],
        documentNumbers: [String]
    ) {
        self.batch = batch
        self.results = results
        self.rejected = rejected
        self.payments = payments
        self.documentNumbers = documentNumbers
    }
}

public struct RejectedRequest: Sendable, Hashable {
    public var line: Int
    /// ``RawRequest/source``: a CSV row byte for byte, or the XML element as re-serialized.
    public var source: String
    /// Every error, in the order of ErrorCodes.md, Which error wins.
    public var diagnostics: [Diagnostic]

    public init(line: Int, source: String, diagnostics: [Diagnostic]) {
        self.line = line
        self.source = source
        self.diagnostics = diagnostics
    }
}

/// One `payments.csv` row (Outputs.md).
public struct PaymentRow: Sendable, Hashable {
    public var paymentId: String
    public var kind: PaymentKind
    public var salesOrderId: String?
    public var accountId: String?
    public var amount: Money
    public var status: PaymentStatus
    public var dueDate: CalendarDate?
    public var remittanceReference: String

    public init(
        paymentId: String, kind: PaymentKind, salesOrderId: String?, accountId: String?, amount: Money,
        status: PaymentStatus, dueDate: CalendarDate?, remittanceReference: String
    ) {
        self.paymentId = paymentId
        self.kind = kind
        self.salesOrderId = salesOrderId
        self.accountId = accountId
        self.amount = amount
        self.status = status
        self.dueDate = dueDate
        self.remittanceReference = remittanceReference
    }
}
