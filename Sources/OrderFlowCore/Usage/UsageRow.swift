/// One row of a usage drop (Billing.md, usage drops): how much of a resource a subscription used
/// on one day, as the reader read it and as the `billing` job judges it.
///
/// A row with ``problems`` is rejected with the first of them (they are in the order of
/// ErrorCodes.md, Which error wins); the other rows of the file go on. Its cells are still kept
/// where they could be read, so that `results.csv` shows what was written.
public struct UsageRow: Sendable, Hashable {
    /// The line on which the row starts (1-based; the header is line 1 or later).
    public var line: Int
    /// The `subscription` cell, trimmed of spaces, tabs and line breaks; nil when empty or too long.
    /// Whether it names a subscription of the reseller is the job's to judge (`UNKNOWN_ORDER`).
    public var subscriptionId: String?
    /// The `date` cell, trimmed, as written (also when it is not a date); nil when empty or too long.
    public var dateText: String?
    /// The day, when ``dateText`` is `YYYY-MM-DD` naming a real calendar day.
    public var date: CalendarDate?
    /// The `resource` cell, trimmed; nil when empty or too long. Whether the subscription's plan
    /// has it is the job's to judge (`UNKNOWN_RESOURCE`).
    public var resourceId: String?
    /// The `quantity` cell, trimmed, as written (also when it is not a quantity); nil when empty
    /// or too long.
    public var quantityText: String?
    /// The units used, when ``quantityText`` is digits only and fits in 64 bits.
    public var quantity: Int64?
    /// The row exactly as written, without its line ending (a cell over the reader's limit cut):
    /// what `rejected.csv` repeats.
    public var source: String
    /// Why the row cannot be stored, each with its code, column and place; empty for a readable row.
    public var problems: [Diagnostic]

    public init(
        line: Int, subscriptionId: String? = nil, dateText: String? = nil, date: CalendarDate? = nil,
        resourceId: String? = nil, quantityText: String? = nil, quantity: Int64? = nil, source: String = "",
        problems: [Diagnostic] = []
    ) {
        self.line = line
        self.subscriptionId = subscriptionId
        self.dateText = dateText
        self.date = date
        self.resourceId = resourceId
        self.quantityText = quantityText
        self.quantity = quantity
        self.source = source
        self.problems = problems
    }

    /// True when the reader found nothing wrong: the row has a subscription, a day, a resource
    /// and a quantity, for the job to judge against the ledger and the catalog.
    public var isReadable: Bool { problems.isEmpty }
}

/// One `results.csv` row of a usage drop, as committed.
public struct UsageResult: Sendable, Hashable {
    public var line: Int
    /// The cells as the reader kept them (trimmed; empty when absent).
    public var subscriptionId: String
    public var date: String
    public var resource: String
    public var quantity: String
    public var outcome: RequestOutcomeKind
    /// The error the row was rejected with; nil when accepted.
    public var error: Diagnostic?

    public init(
        line: Int, subscriptionId: String, date: String, resource: String, quantity: String,
        outcome: RequestOutcomeKind, error: Diagnostic?
    ) {
        self.line = line
        self.subscriptionId = subscriptionId
        self.date = date
        self.resource = resource
        self.quantity = quantity
        self.outcome = outcome
        self.error = error
    }
}
