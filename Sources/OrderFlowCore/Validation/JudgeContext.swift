/// What every rule may read besides the request: the catalog, the reseller whose inbox the
/// file came from, the run's date and how to treat references no ledger can answer.
public struct JudgeContext: Sendable {
    /// How references to earlier batches (accounts, orders, subscriptions) that cannot be found are reported.
    public enum UnresolvedReferences: Sendable {
        /// `UNKNOWN_ACCOUNT` / `UNKNOWN_ORDER` errors: a run, and `quote` (PipelineFiles.md).
        case reject
        /// Notes that do not count as errors: `validate` without a ledger (PipelineFiles.md).
        case note
    }

    public let catalog: Catalog
    public let reseller: Reseller
    /// The run's date: exchange rates, promo validity, provisioning window, cancel windows.
    public let asOf: CalendarDate
    public let unresolvedReferences: UnresolvedReferences
    /// The `trials` job (Trials.md): every request must be an order of a trial period, one trial
    /// per contact e-mail and plan.
    public var trialsOnly = false

    public init(catalog: Catalog, reseller: Reseller, asOf: CalendarDate, unresolvedReferences: UnresolvedReferences = .reject) {
        self.catalog = catalog
        self.reseller = reseller
        self.asOf = asOf
        self.unresolvedReferences = unresolvedReferences
    }

    /// An unresolved reference, as an error or a note depending on the mode.
    func unresolved(_ code: ErrorCode, field: String, _ message: String, at location: SourceLocation) -> Diagnostic {
        switch unresolvedReferences {
        case .reject: return Diagnostic(code, field: field, message, at: location)
        case .note:
            return Diagnostic(
                code, field: field, message + " (Not checked: no ledger was given.)", at: location, severity: .note)
        }
    }
}
