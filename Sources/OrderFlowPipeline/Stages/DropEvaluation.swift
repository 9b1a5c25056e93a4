import OrderFlowCore
import OrderFlowFormats

/// Judges a drop file without storing anything: `validate` and `quote` (PipelineFiles.md).
///
/// The file is streamed; each judged request is handed to `each` at once, so a file of any
/// size is judged in constant memory (the batch's own history aside).
public struct DropEvaluation {
    public var catalog: Catalog
    /// Earlier batches: ``EmptyHistory`` without `--pipeline`, the ledger's read-only view with it.
    public var history: any OrderHistory
    /// `--as-of`; nil: today in the reseller's time zone.
    public var asOf: CalendarDate?
    public var unresolvedReferences: JudgeContext.UnresolvedReferences
    /// With `--pipeline` of kind `trials`: judged as the trials job judges (Trials.md).
    public var trialsOnly = false
    /// What "today" is when `asOf` is nil.
    public var clock: WallClock

    public init(
        catalog: Catalog, history: any OrderHistory, asOf: CalendarDate?,
        unresolvedReferences: JudgeContext.UnresolvedReferences, clock: WallClock = .system
    ) {
        self.catalog = catalog
        self.history = history
        self.asOf = asOf
        self.unresolvedReferences = unresolvedReferences
        self.clock = clock
    }

    /// Judges every request of the file at `path`, in file order.
    ///
    /// - Throws: ``FileError`` when the file fails whole (after some requests may have been
    ///   handed over), `CSVReadIOError` when it cannot be read.
    public func evaluate(path: String, each: (JudgedRequest) throws -> Void) throws {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        var judge: BatchJudge?
        var ids = NoIdentifiers()
        try DropReader.read(
            path: path, fileName: fileName, expectedReseller: nil,
            header: { header in
                let (reseller, _) = try DropReader.checkHeader(header, catalog: catalog, inboxOwner: nil)
                let date = try asOf ?? RunDate.today(for: reseller, now: clock)
                var context = JudgeContext(
                    catalog: catalog, reseller: reseller, asOf: date, unresolvedReferences: unresolvedReferences)
                context.trialsOnly = trialsOnly
                judge = BatchJudge(context: context, history: history)
            },
            request: { raw in
                guard let judged = judge?.judge(raw, ids: &ids) else { return }
                try each(judged)
            })
    }
}
