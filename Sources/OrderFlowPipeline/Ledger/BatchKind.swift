/// What a batch of the ledger came from (`batches.kind`): every job's drops share the ledger's
/// batch ids, so a statement cannot take an order drop's id (PipelineFiles.md, several jobs).
enum BatchKind: String, Sendable {
    /// An order drop of the `import` job.
    case drop
    /// A bank statement of the `reconcile` job.
    case statement
    /// A trial drop of the `trials` job.
    case trials
    /// An approval drop of the `provision` job.
    case approvals
    /// A `provision-<D>` run: one per reseller and run date, taken by its batch id.
    case provisionDay = "provision-day"
    /// A usage drop of the `billing` job.
    case usage
    /// A `billing-<YYYY-MM>` run: one per reseller and month, taken by its batch id.
    case billingMonth = "billing-month"
    /// Subscriptions made before OrderFlow (`orderflow ledger import-subscriptions`).
    case subscriptionImport = "subscription-import"
}
