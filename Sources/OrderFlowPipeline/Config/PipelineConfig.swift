import Glibc
import OrderFlowCore
/// One pipeline file (PipelineFiles.md): which job, with which catalog, ledger and folders.
/// Read with ``load(path:)``; every path in it is absolute.
public struct PipelineConfig: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case `import`, reconcile, trials, billing, provision
    }

    /// Where the ledger lives (Operations.md: SQLite on one host, PostgreSQL when scaled out).
    public enum LedgerLocation: Sendable, Hashable {
        /// An absolute path to the SQLite file.
        case sqlite(path: String)
        /// `postgres://user@host:port/db`, as written.
        case postgres(url: String)
    }

    public var kind: Kind
    /// The catalog file, absolute.
    public var catalogPath: String
    public var ledger: LedgerLocation
    public var folders: PipelineFolders
    /// Milliseconds a file must stay unchanged before it is claimed (`stableFor`, default 2 s).
    public var stableFor: Int64
    public var onInvalidOrder: InvalidOrderPolicy
    /// Larger files fail whole with `FILE_TOO_LARGE` (`maxFileBytes`, default 1 GiB).
    public var maxFileBytes: Int64
    /// Milliseconds a reseller lease lasts without a heartbeat (`lease`, default 60 s).
    public var lease: Int64
    /// Milliseconds between inbox scans with `--watch` (`pollInterval`, default 5 s).
    public var pollInterval: Int64
    /// A fixed run date for every file of this pipeline (`asOf`; `--as-of` wins): replays and the demo.
    public var asOf: CalendarDate?
    /// Demo only (`seedFrom`): a folder of `<reseller>/<file>` drops copied into the inbox
    /// before each pass, unless already imported, claimed, failed or waiting there.
    public var seedFrom: String?
    /// The permission bits of every file OrderFlow writes into `outbox/` and `failed/`
    /// (`outputMode`, default 0640), whatever the process's umask (PipelineFiles.md).
    public var outputMode: mode_t = defaultOutputMode
    /// `provision`: days after its due date that an order's unpaid payment cancels it.
    public var unpaidCancelDays = 30
    /// `billing`: days after a month's end that its usage drops may still arrive before it is billed.
    public var usageGraceDays = 0

    public static let defaultStableFor: Int64 = 2_000
    public static let defaultMaxFileBytes: Int64 = 1 << 30
    public static let defaultLease: Int64 = 60_000
    public static let defaultPollInterval: Int64 = 5_000
    public static let defaultOutputMode: mode_t = 0o640

    public init(
        kind: Kind, catalogPath: String, ledger: LedgerLocation, folders: PipelineFolders,
        stableFor: Int64 = defaultStableFor, onInvalidOrder: InvalidOrderPolicy = .rejectOrder,
        maxFileBytes: Int64 = defaultMaxFileBytes, lease: Int64 = defaultLease, pollInterval: Int64 = defaultPollInterval
    ) {
        self.kind = kind
        self.catalogPath = catalogPath
        self.ledger = ledger
        self.folders = folders
        self.stableFor = stableFor
        self.onInvalidOrder = onInvalidOrder
        self.maxFileBytes = maxFileBytes
        self.lease = lease
        self.pollInterval = pollInterval
    }
}

/// The four pipeline folders, absolute, all on one filesystem (Operations.md).
public struct PipelineFolders: Sendable, Hashable {
    public var inbox: String
    public var processing: String
    public var outbox: String
    public var failed: String

    public init(inbox: String, processing: String, outbox: String, failed: String) {
        self.inbox = inbox
        self.processing = processing
        self.outbox = outbox
        self.failed = failed
    }
}
