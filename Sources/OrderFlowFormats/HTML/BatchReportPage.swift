import OrderFlowCore

/// Renders `report.html` for one batch from a ``BatchReport`` (Outputs.md).
///
/// ```
///   BatchReport ──▶ head · batch · requests by action × outcome · totals per currency · payments
///                   · documents (ranges, first and last) · rejections (SVG chart + table, list)
///                   · the batch's other files ──▶ UTF-8 bytes (self-contained HTML5)
/// ```
///
/// - Bounded: the page lists at most ``BatchReport/Documents/listLimit`` documents and
///   ``BatchReport/Rejections/shownLimit`` rejected requests, whatever the batch's size, and points
///   to `results.csv` and `rejected.*` for the rest.
/// - The chart is inline SVG with a `<title>`, text labels and the same numbers in a table beside
///   it; no script, no external asset.
/// - Every value is escaped (``HTMLText``); amounts have exactly their currency's decimals.
/// - Deterministic: the same value gives the same bytes.
public enum BatchReportPage {
    public static let name = "report.html"

    /// A rejected request's ref, field and message are cut to these many characters on the page
    /// (a value may be 4,096 bytes long); the files keep them whole.
    static let refLimit = 100
    static let fieldLimit = 80
    static let messageLimit = 400

    public static func render(_ report: BatchReport) -> [UInt8] {
        var out = HTMLOutput()
        out.bytes.reserveCapacity(16384 + report.rejections.shown.count * 512)
        HTMLPage.begin(
            title: { out in
                out.raw("Batch ")
                out.text(report.batchId)
                out.raw(" — ")
                out.text(report.resellerName)
            }, &out)
        header(report, &out)
        counts(report, &out)
        totals(report, &out)
        payments(report, &out)
        documents(report.documents, &out)
        rejections(report, &out)
        footer(report, &out)
        HTMLPage.end(&out)
        return out.bytes
    }

    // MARK: Batch

    static func header(_ report: BatchReport, _ out: inout HTMLOutput) {
        HTMLPage.batchHeading(
            "Batch " + report.batchId, resellerName: report.resellerName, resellerId: report.resellerId,
            fileName: report.fileName, asOf: report.asOf, sha256: report.sha256, &out)
        if let policy = report.onInvalidOrder {
            out.raw("<dt>On an invalid order</dt><dd>")
            out.text(policy)
            out.raw("</dd>\n")
        }
        out.raw("<dt>Requests</dt><dd>")
        out.integer(report.counts.reduce(0) { $0 + $1.total })
        out.raw("</dd>\n<dt>Documents</dt><dd>")
        out.integer(report.documents.count)
        out.raw("</dd>\n</dl>\n</header>\n")
    }

    // MARK: Requests, totals, payments

    static func counts(_ report: BatchReport, _ out: inout HTMLOutput) {
        out.raw("<h2>Requests</h2>\n")
        guard !report.counts.isEmpty else {
            out.raw("<p>The file held no request.</p>\n")
            return
        }
        out.raw("<table>\n<thead><tr><th scope=\"col\">Action</th><th scope=\"col\" class=\"n\">Accepted</th>")
        out.raw("<th scope=\"col\" class=\"n\">Rejected</th><th scope=\"col\" class=\"n\">Duplicate</th>")
        out.raw("<th scope=\"col\" class=\"n\">Total</th></tr></thead>\n<tbody>\n")
        var sum = BatchReport.ActionCounts(action: "")
        for row in report.counts {
            out.raw("<tr><th scope=\"row\" class=\"t\">")
            out.textOrDash(row.action)
            out.raw("</th>")
            countCells(row, &out)
            sum.accepted += row.accepted
            sum.rejected += row.rejected
            sum.duplicate += row.duplicate
        }
        out.raw("</tbody>\n<tfoot><tr><th scope=\"row\">All</th>")
        countCells(sum, &out)
        out.raw("</tfoot>\n</table>\n")
    }

    private static func countCells(_ row: BatchReport.ActionCounts, _ out: inout HTMLOutput) {
        for value in [row.accepted, row.rejected, row.duplicate, row.total] {
            out.raw("<td class=\"n\">")
            out.integer(value)
            out.raw("</td>")
        }
        out.raw("</tr>\n")
    }

    static func totals(_ report: BatchReport, _ out: inout HTMLOutput) {
        out.raw("<h2>Totals</h2>\n")
        guard !report.totals.isEmpty else {
            out.raw("<p>No order, renewal or upgrade was accepted.</p>\n")
            return
        }
        out.raw("<p class=\"s\">The accepted orders, renewals and upgrades as priced, per currency.</p>\n")
        out.raw("<table>\n<thead><tr><th scope=\"col\">Currency</th><th scope=\"col\" class=\"n\">Net</th>")
        out.raw(
            "<th scope=\"col\" class=\"n\">Tax</th><th scope=\"col\" class=\"n\">Total</th></tr></thead>\n<tbody>\n")
        for row in report.totals {
            let digits = row.currency.minorUnits
            out.raw("<tr><th scope=\"row\">")
            out.shortText(row.currency.code)
            out.raw("</th>")
            for amount in [row.net, row.tax, row.total] {
                out.raw("<td class=\"n\">")
                out.amount(amount, digits: digits)
                out.raw("</td>")
            }
            out.raw("</tr>\n")
        }
        out.raw("</tbody>\n</table>\n")
    }

    static func payments(_ report: BatchReport, _ out: inout HTMLOutput) {
        out.raw("<h2>Payments</h2>\n")
        guard !report.payments.isEmpty else {
            out.raw("<p>The batch created or changed no payment.</p>\n")
            return
        }
        out.raw("<table>\n<thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Status</th>")
        out.raw("<th scope=\"col\">Currency</th><th scope=\"col\" class=\"n\">Count</th>")
        out.raw("<th scope=\"col\" class=\"n\">Amount</th></tr></thead>\n<tbody>\n")
        for row in report.payments {
            out.raw("<tr><td>")
            out.text(row.kind.rawValue)
            out.raw("</td><td>")
            out.text(row.status.rawValue)
            out.raw("</td><td>")
            out.shortText(row.currency.code)
            out.raw("</td><td class=\"n\">")
            out.integer(row.count)
            out.raw("</td><td class=\"n\">")
            out.amount(row.amount, digits: row.currency.minorUnits)
            out.raw("</td></tr>\n")
        }
        out.raw("</tbody>\n</table>\n")
    }

    // MARK: Documents

    /// Counts, the unbroken number ranges, then every document when there are few, else the first and
    /// last few, and the credit notes: at most a few hundred links for any batch.
    static func documents(_ documents: BatchReport.Documents, _ out: inout HTMLOutput) {
        typealias Documents = BatchReport.Documents
        out.raw("<h2>Documents</h2>\n")
        guard documents.count > 0 else {
            out.raw("<p>The batch produced no invoice or credit note.</p>\n")
            return
        }
        out.raw("<p>")
        out.integer(documents.count)
        out.raw(documents.count == 1 ? " document: " : " documents: ")
        out.integer(documents.invoices)
        out.raw(documents.invoices == 1 ? " invoice and " : " invoices and ")
        out.integer(documents.creditNotes)
        out.raw(documents.creditNotes == 1 ? " credit note.</p>\n" : " credit notes.</p>\n")
        let ranges = documents.ranges
        if ranges.count == 1, documents.rangesLeftOut == 0 {
            out.raw("<p>Numbers ")
            range(ranges[0], &out)
            out.raw(".</p>\n")
        } else {
            out.raw("<p>Numbers:</p>\n<ul>\n")
            for entry in ranges {
                out.raw("<li>")
                range(entry, &out)
                out.raw("</li>\n")
            }
            if documents.rangesLeftOut > 0 {
                out.raw("<li>and ")
                out.integer(documents.rangesLeftOut)
                out.raw(" more ranges</li>\n")
            }
            out.raw("</ul>\n")
        }
        if documents.count <= Documents.listLimit {
            list(documents.head, &out)
        } else {
            out.raw("<h3>The first ")
            out.integer(Documents.edgeCount)
            out.raw("</h3>\n")
            list(documents.head.prefix(Documents.edgeCount), &out)
            out.raw("<h3>The last ")
            out.integer(Documents.edgeCount)
            out.raw("</h3>\n")
            list(documents.tail, &out)
            if documents.creditNotes > 0 {
                out.raw("<h3>Credit notes</h3>\n")
                list(documents.creditNoteList, &out)
                if documents.creditNotes > documents.creditNoteList.count {
                    out.raw("<p class=\"s\">and ")
                    out.integer(documents.creditNotes - documents.creditNoteList.count)
                    out.raw(" more.</p>\n")
                }
            }
        }
        out.raw("<p class=\"s\">Each document is the e-invoice <span class=\"m\">invoices/&lt;number&gt;.xml</span>")
        out.raw(" with its page <span class=\"m\">invoices/&lt;number&gt;.html</span>; ")
        out.raw("<a href=\"results.csv\">results.csv</a> names every number (column <span class=\"m\">")
        out.raw("invoice_number</span>).</p>\n")
    }

    /// `ACME-2026-000001 to ACME-2026-100000 (100000 in sequence)`, both ends linked.
    private static func range(_ range: BatchReport.Documents.NumberRange, _ out: inout HTMLOutput) {
        out.invoiceLink(range.first)
        guard range.count > 1 else { return }
        out.raw(" to ")
        out.invoiceLink(range.last)
        out.raw(" (")
        out.integer(range.count)
        out.raw(" in sequence)")
    }

    private static func list(_ documents: some Sequence<BatchReport.Documents.Document>, _ out: inout HTMLOutput) {
        out.raw("<ul class=\"docs\">\n")
        for document in documents {
            out.raw("<li>")
            out.invoiceLink(document.number)
            if document.kind == .creditNote { out.raw(" <span class=\"s\">credit note</span>") }
            out.raw("</li>\n")
        }
        out.raw("</ul>\n")
    }

    // MARK: Rejections

    static func rejections(_ report: BatchReport, _ out: inout HTMLOutput) {
        let rejections = report.rejections
        out.raw("<h2>Rejected requests</h2>\n")
        guard rejections.count > 0 else {
            out.raw("<p>No request was rejected.</p>\n")
            return
        }
        out.raw("<p>")
        out.integer(rejections.count)
        out.raw(rejections.count == 1 ? " request was rejected" : " requests were rejected")
        if let file = report.rejectedFile {
            out.raw("; <a href=\"")
            out.pathSegment(file)
            out.raw("\">")
            out.text(file)
            out.raw("</a> holds each as written, with every error, to fix and drop again")
        }
        out.raw(".</p>\n")
        chart(rejections.byCode, &out)
        out.raw("<h3>Requests</h3>\n<table>\n<thead><tr><th scope=\"col\">Ref</th>")
        out.raw("<th scope=\"col\" class=\"n\">Line</th><th scope=\"col\">Error code</th><th scope=\"col\">Field</th>")
        out.raw("<th scope=\"col\">Message</th></tr></thead>\n<tbody>\n")
        for rejection in rejections.shown { rejectionRows(rejection, &out) }
        out.raw("</tbody>\n</table>\n<p class=\"s\">")
        if rejections.count > rejections.shown.count {
            out.raw("The first ")
            out.integer(rejections.shown.count)
            out.raw(" of ")
            out.integer(rejections.count)
            out.raw(" rejected requests. ")
        }
        out.raw("Every request, with its outcome and first error, is in <a href=\"results.csv\">results.csv</a>")
        if let file = report.rejectedFile {
            out.raw("; every rejected one, with all its errors, in <a href=\"")
            out.pathSegment(file)
            out.raw("\">")
            out.text(file)
            out.raw("</a>")
        }
        out.raw(". Long values are cut here, never in the files.</p>\n")
    }

    /// One row per error; the ref and line span the request's rows.
    private static func rejectionRows(_ rejection: BatchReport.Rejections.Rejection, _ out: inout HTMLOutput) {
        let errors = rejection.errors.isEmpty ? [nil] : rejection.errors.map(Optional.some)
        for (index, error) in errors.enumerated() {
            out.raw("<tr>")
            if index == 0 {
                let span = errors.count > 1
                out.raw(span ? "<td rowspan=\"" : "<td")
                if span {
                    out.integer(errors.count)
                    out.raw("\"")
                }
                out.raw(" class=\"m t\">")
                if rejection.ref.isEmpty { out.raw("—") } else { out.text(rejection.ref, limit: refLimit) }
                out.raw(span ? "</td><td rowspan=\"" : "</td><td")
                if span {
                    out.integer(errors.count)
                    out.raw("\"")
                }
                out.raw(" class=\"n\">")
                out.integer(rejection.line)
                out.raw("</td>")
            }
            out.raw("<td class=\"m\">")
            if let error {
                out.text(error.code.rawValue)
                out.raw("</td><td class=\"m t\">")
                if error.field.isEmpty { out.raw("—") } else { out.text(error.field, limit: fieldLimit) }
                out.raw("</td><td class=\"t\">")
                out.text(error.message, limit: messageLimit)
            } else {
                out.raw("—</td><td>—</td><td>—")
            }
            out.raw("</td></tr>\n")
        }
    }

    // MARK: Footer

    static func footer(_ report: BatchReport, _ out: inout HTMLOutput) {
        out.raw("<footer>\n<h2>Files of this batch</h2>\n<p><a href=\"results.csv\">results.csv</a> · ")
        out.raw("<a href=\"payments.csv\">payments.csv</a> · <a href=\"receipt.json\">receipt.json</a>")
        if let file = report.rejectedFile {
            out.raw(" · <a href=\"")
            out.pathSegment(file)
            out.raw("\">")
            out.text(file)
            out.raw("</a>")
        }
        out.raw(" · <span class=\"m\">invoices/</span></p>\n</footer>\n")
    }
}
