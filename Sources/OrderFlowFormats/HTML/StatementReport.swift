import OrderFlowCore

/// What a statement's `report.html` shows (Reconciliation.md): the statement, its lines by
/// outcome, its money per currency, and the lines a person must look at.
public struct StatementReport: Sendable, Hashable {
    /// At most this many lines needing attention are listed; `reconciliation.csv` has them all.
    public static let shownLimit = 200

    public struct OutcomeCount: Sendable, Hashable {
        public var outcome: String
        public var count: Int
        public init(outcome: String, count: Int) {
            self.outcome = outcome
            self.count = count
        }
    }

    /// Money of one currency by what became of it; sums may pass `Int64`.
    public struct CurrencySums: Sendable, Hashable {
        public var currency: String
        public var minorUnits: Int
        /// Credits matched, partly or over paid, in the wrong currency or unmatched.
        public var received: Int128 = 0
        public var applied: Int128 = 0
        public var toBalances: Int128 = 0
        public var unmatched: Int128 = 0
        /// Still due on the overdue payments listed.
        public var overdue: Int128 = 0

        public init(currency: String, minorUnits: Int) {
            self.currency = currency
            self.minorUnits = minorUnits
        }

        /// In the order `receipt.json` writes them.
        public var named: [(String, Int128)] {
            [("received", received), ("applied", applied), ("toBalances", toBalances), ("unmatched", unmatched),
             ("overdue", overdue)]
        }
    }

    public struct Line: Sendable, Hashable {
        public var line: Int
        public var outcome: String
        public var amount: String
        public var currency: String
        public var reference: String
        public var message: String
        public init(line: Int, outcome: String, amount: String, currency: String, reference: String, message: String) {
            self.line = line
            self.outcome = outcome
            self.amount = amount
            self.currency = currency
            self.reference = reference
            self.message = message
        }
    }

    /// What the batch is, for the page's title: `Statement`, `Approvals`, `Provisioning run`.
    public var kind = "Statement"
    /// The heading of the ``outcomes`` table and the name of what it counts.
    public var outcomesHeading = "Lines by outcome"
    public var itemsName = "Lines"
    public var resellerId: String
    public var resellerName: String
    public var batchId: String
    public var fileName: String
    public var asOf: CalendarDate
    public var sha256: String
    public var lines: Int
    public var outcomes: [OutcomeCount]
    public var sums: [CurrencySums]
    public var activations: Int
    public var charges: Int
    public var attention: [Line]
    public var attentionTotal: Int
    /// The batch's own files named first in the footer (`reconciliation.csv`, `results.csv`, …).
    public var files: [String] = ["reconciliation.csv"]
    /// The name of the ``outcomes`` table's first column.
    public var outcomeColumn = "Outcome"
    /// False for a batch whose rows never need a person (a provisioning run).
    public var showsAttention = true
    /// False for a batch that moves nothing on (a usage drop): the heading has no counts of orders
    /// moved on and the footer no links to the files that would list them.
    public var movesOn = true
    /// The headings of the attention table's amount and reference columns.
    public var amountColumn = "Amount"
    public var referenceColumn = "Reference"
    /// More facts for the heading, in order (payments changed, credit notes).
    public var facts: [Fact] = []

    public struct Fact: Sendable, Hashable {
        public var label: String
        public var value: String
        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    public init(
        resellerId: String, resellerName: String, batchId: String, fileName: String, asOf: CalendarDate, sha256: String,
        lines: Int, outcomes: [OutcomeCount], sums: [CurrencySums], activations: Int, charges: Int, attention: [Line],
        attentionTotal: Int
    ) {
        self.resellerId = resellerId
        self.resellerName = resellerName
        self.batchId = batchId
        self.fileName = fileName
        self.asOf = asOf
        self.sha256 = sha256
        self.lines = lines
        self.outcomes = outcomes
        self.sums = sums
        self.activations = activations
        self.charges = charges
        self.attention = attention
        self.attentionTotal = attentionTotal
    }
}

/// Renders a statement's `report.html`: self-contained HTML5, no script, every value escaped.
public enum StatementReportPage {
    static let messageLimit = 400

    public static func render(_ report: StatementReport) -> [UInt8] {
        var out = HTMLOutput()
        HTMLPage.begin(
            title: { out in
                out.text(report.kind)
                out.raw(" ")
                out.text(report.batchId)
                out.raw(" — ")
                out.text(report.resellerName)
            }, &out)
        header(report, &out)
        outcomes(report, &out)
        money(report, &out)
        attention(report, &out)
        out.raw("<footer>\n<h2>Files of this batch</h2>\n<p>")
        for file in report.files {
            out.raw("<a href=\"")
            out.pathSegment(file)
            out.raw("\">")
            out.text(file)
            out.raw("</a> · ")
        }
        if report.movesOn {
            out.raw("<a href=\"activations.csv\">activations.csv</a> · <a href=\"charges.csv\">charges.csv</a>")
            out.raw(" · <a href=\"provisioning.csv\">provisioning.csv</a> · <a href=\"payments.csv\">payments.csv</a> · ")
        }
        out.raw("<a href=\"receipt.json\">receipt.json</a></p>\n</footer>\n")
        HTMLPage.end(&out)
        return out.bytes
    }

    static func header(_ report: StatementReport, _ out: inout HTMLOutput) {
        HTMLPage.batchHeading(
            report.kind + " " + report.batchId, resellerName: report.resellerName, resellerId: report.resellerId,
            fileName: report.fileName, asOf: report.asOf, sha256: report.sha256, &out)
        out.raw("<dt>")
        out.text(report.itemsName)
        out.raw("</dt><dd>")
        out.integer(report.lines)
        out.raw("</dd>\n")
        if report.movesOn {
            out.raw("<dt>Orders moved on</dt><dd>")
            out.integer(report.activations)
            out.raw("</dd>\n<dt>Service periods started</dt><dd>")
            out.integer(report.charges)
            out.raw("</dd>\n")
        }
        for fact in report.facts {
            out.raw("<dt>")
            out.text(fact.label)
            out.raw("</dt><dd>")
            out.text(fact.value)
            out.raw("</dd>\n")
        }
        out.raw("</dl>\n</header>\n")
    }

    static func outcomes(_ report: StatementReport, _ out: inout HTMLOutput) {
        out.raw("<h2>")
        out.text(report.outcomesHeading)
        out.raw("</h2>\n<table>\n<thead><tr><th scope=\"col\">")
        out.text(report.outcomeColumn)
        out.raw("</th>")
        out.raw("<th scope=\"col\" class=\"n\">Rows</th></tr></thead>\n<tbody>\n")
        for row in report.outcomes where row.count > 0 {
            out.raw("<tr><th scope=\"row\" class=\"t\">")
            out.text(row.outcome)
            out.raw("</th><td class=\"n\">")
            out.integer(row.count)
            out.raw("</td></tr>\n")
        }
        out.raw("</tbody>\n</table>\n")
    }

    static func money(_ report: StatementReport, _ out: inout HTMLOutput) {
        guard report.kind == "Statement" else { return }
        out.raw("<h2>Money</h2>\n")
        guard !report.sums.isEmpty else {
            out.raw("<p>The statement held no amount.</p>\n")
            return
        }
        out.raw("<table>\n<thead><tr><th scope=\"col\">Currency</th><th scope=\"col\" class=\"n\">Received</th>")
        out.raw("<th scope=\"col\" class=\"n\">Applied</th><th scope=\"col\" class=\"n\">To balances</th>")
        out.raw("<th scope=\"col\" class=\"n\">Unmatched</th><th scope=\"col\" class=\"n\">Overdue</th></tr></thead>\n")
        out.raw("<tbody>\n")
        for sum in report.sums {
            out.raw("<tr><th scope=\"row\">")
            out.shortText(sum.currency)
            out.raw("</th>")
            for (_, value) in sum.named {
                out.raw("<td class=\"n\">")
                out.amount(value, digits: sum.minorUnits)
                out.raw("</td>")
            }
            out.raw("</tr>\n")
        }
        out.raw("</tbody>\n</table>\n")
    }

    static func attention(_ report: StatementReport, _ out: inout HTMLOutput) {
        guard report.showsAttention else { return }
        out.raw("<h2>")
        out.text(report.itemsName)
        out.raw(" to look at</h2>\n")
        guard report.attentionTotal > 0 else {
            out.raw("<p>Nothing needs a person.</p>\n")
            return
        }
        out.raw("<table>\n<thead><tr><th scope=\"col\" class=\"n\">Line</th><th scope=\"col\">Outcome</th>")
        out.raw("<th scope=\"col\" class=\"n\">")
        out.text(report.amountColumn)
        out.raw("</th><th scope=\"col\">")
        out.text(report.referenceColumn)
        out.raw("</th>")
        out.raw("<th scope=\"col\">What to do</th></tr></thead>\n<tbody>\n")
        for line in report.attention {
            out.raw("<tr><td class=\"n\">")
            out.integer(line.line)
            out.raw("</td><td>")
            out.text(line.outcome)
            out.raw("</td><td class=\"n\">")
            out.text(line.amount)
            out.raw(" ")
            out.shortText(line.currency)
            out.raw("</td><td class=\"m\">")
            out.text(line.reference, limit: 100)
            out.raw("</td><td>")
            out.text(line.message, limit: messageLimit)
            out.raw("</td></tr>\n")
        }
        out.raw("</tbody>\n</table>\n<p class=\"s\">")
        if report.attentionTotal > report.attention.count {
            out.raw("The first ")
            out.integer(report.attention.count)
            out.raw(" of ")
            out.integer(report.attentionTotal)
            out.raw(" lines. ")
        }
        out.raw("Every one is in <a href=\"")
        out.pathSegment(report.files.first ?? "")
        out.raw("\">")
        out.text(report.files.first ?? "")
        out.raw("</a>.</p>\n")
    }
}
