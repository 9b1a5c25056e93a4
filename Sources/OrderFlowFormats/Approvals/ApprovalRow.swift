import OrderFlowCore

/// What a manager decided about a sales order waiting for manual approval (`Installing`).
public enum ApprovalDecision: String, Sendable, CaseIterable {
    case approve
    case reject

    /// The decision a cell names: `approve` or `reject` in any ASCII case, with spaces, tabs and
    /// line breaks around it ignored (`" Approve "`); nil for anything else.
    public init?(cell: String) {
        let trimmed = ApprovalText.trimmed(cell)
        let lowered = String(decoding: trimmed.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
        self.init(rawValue: lowered)
    }
}

/// One row of an approval drop, as ``ApprovalCSVReader`` read it.
///
/// A row with ``problems`` is rejected as a whole (the provision job applies no part of it); the
/// other rows of the file go on. Its ``salesOrderId`` and ``decision`` are still filled in where
/// they could be read, so that the job's `results.csv` can name the order.
public struct ApprovalRow: Sendable, Hashable {
    /// The line on which the row starts (1-based; the header is line 1 or later).
    public var line: Int
    /// The `sales_order_id` cell, with spaces, tabs and line breaks around it removed; nil when it
    /// is empty or longer than ``ApprovalLimits/maxValueBytes``. It is kept as written also when
    /// it is not a sales order id (`INVALID_VALUE` in ``problems``).
    public var salesOrderId: String?
    /// The decision; nil when the `decision` cell is empty, names no decision or is too long.
    public var decision: ApprovalDecision?
    /// The `decision` cell as written, trimmed, when it names no decision (`maybe`), so a result
    /// can show it; nil otherwise.
    public var decisionText: String?
    /// The `manager` cell as written (not trimmed); nil when absent, empty or too long.
    public var manager: String?
    /// The `comment` cell as written (not trimmed, a leading `=` or `+` kept); nil when absent,
    /// empty or too long.
    public var comment: String?
    /// Why the row cannot be applied, each with its code, column and place; empty for a good row.
    public var problems: [Diagnostic]

    public init(
        line: Int, salesOrderId: String? = nil, decision: ApprovalDecision? = nil, manager: String? = nil,
        comment: String? = nil, problems: [Diagnostic] = []
    ) {
        self.line = line
        self.salesOrderId = salesOrderId
        self.decision = decision
        self.manager = manager
        self.comment = comment
        self.problems = problems
    }

    /// True when the row can be applied: it has no ``problems`` (then it has a sales order id and
    /// a decision).
    public var isReadable: Bool { problems.isEmpty }
}

/// Small text helpers of the approval reader.
enum ApprovalText {
    /// `text` without ASCII spaces, tabs, CRs and LFs at either end.
    static func trimmed(_ text: String) -> String {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !blank($0) }), let last = utf8.lastIndex(where: { !blank($0) }) else {
            return ""
        }
        return String(decoding: utf8[first...last], as: UTF8.self)
    }

    /// A value to quote in a message: at most 40 characters, control characters shown as `?`, so
    /// a hostile cell cannot fill or drive the terminal that prints the diagnostic.
    static func quoted(_ text: String) -> String {
        let shown = String(String.UnicodeScalarView(text.unicodeScalars.prefix(41).map {
            $0.properties.generalCategory == .control ? "?" : $0
        }))
        return shown.unicodeScalars.count > 40 ? String(String.UnicodeScalarView(shown.unicodeScalars.prefix(37))) + "..." : shown
    }
}
