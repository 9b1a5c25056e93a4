/// One row of an approval drop as the `provision` job judges it (Provisioning.md): a manager's
/// decision on a sales order waiting in `Installing`.
public struct ApprovalRequest: Sendable, Hashable {
    public enum Decision: String, Sendable, Hashable {
        case approve, reject
    }

    public var line: Int
    public var salesOrderId: String?
    public var decision: Decision?
    /// As written, for the result row (an invalid decision is shown as it was).
    public var decisionText: String
    public var manager: String?
    public var comment: String?
    /// What the reader could not read; a row with problems is rejected with the first.
    public var problems: [Diagnostic]

    public init(
        line: Int, salesOrderId: String?, decision: Decision?, decisionText: String, manager: String? = nil,
        comment: String? = nil, problems: [Diagnostic] = []
    ) {
        self.line = line
        self.salesOrderId = salesOrderId
        self.decision = decision
        self.decisionText = decisionText
        self.manager = manager
        self.comment = comment
        self.problems = problems
    }
}

/// One `results.csv` row of an approval drop.
public struct ApprovalResult: Sendable, Hashable {
    public var salesOrderId: String
    public var line: Int
    public var decision: String
    public var outcome: RequestOutcomeKind
    public var error: Diagnostic?

    public init(salesOrderId: String, line: Int, decision: String, outcome: RequestOutcomeKind, error: Diagnostic?) {
        self.salesOrderId = salesOrderId
        self.line = line
        self.decision = decision
        self.outcome = outcome
        self.error = error
    }
}
