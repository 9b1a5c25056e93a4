import OrderFlowCore

extension BatchReportPage {
    /// The chart's geometry, in SVG user units (pixels at 100 %).
    enum Chart {
        static let width = 620
        static let labelEnd = 196
        static let barStart = 204
        static let barArea = 340
        static let rowHeight = 22
        static let barHeight = 14
        static let padding = 4
    }

    /// A horizontal bar per error code, longest first, with the code and the count as text, then the
    /// same numbers as a table (the chart's text alternative, and what prints in black and white).
    ///
    /// The bars sit in a nested `<svg>` whose `viewBox` is as wide as the largest count, so a bar's
    /// `width` is its count: the bars are exactly proportional, no rounding. Only the count labels'
    /// positions are rounded, to whole units.
    static func chart(_ bars: [(code: ErrorCode, requests: Int)], _ out: inout HTMLOutput) {
        guard let largest = bars.map(\.requests).max(), largest > 0 else { return }
        let height = bars.count * Chart.rowHeight + 2 * Chart.padding
        out.raw("<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"")
        out.raw(" aria-labelledby=\"chart-title chart-desc\"")
        out.raw(" width=\"")
        out.integer(Chart.width)
        out.raw("\" height=\"")
        out.integer(height)
        out.raw("\" viewBox=\"0 0 ")
        out.integer(Chart.width)
        out.raw(" ")
        out.integer(height)
        out.raw("\">\n<title id=\"chart-title\">Rejected requests by error code</title>\n<desc id=\"chart-desc\">")
        for (index, bar) in bars.enumerated() {
            if index > 0 { out.raw(", ") }
            out.text(bar.code.rawValue)
            out.raw(" ")
            out.integer(bar.requests)
        }
        out.raw("</desc>\n<g font-family=\"ui-monospace,'DejaVu Sans Mono',Menlo,monospace\"")
        out.raw(" font-size=\"12\" fill=\"#111\">\n")
        for (index, bar) in bars.enumerated() {
            let baseline = Chart.padding + index * Chart.rowHeight + Chart.barHeight - 2
            out.raw("<text x=\"")
            out.integer(Chart.labelEnd)
            out.raw("\" y=\"")
            out.integer(baseline)
            out.raw("\" text-anchor=\"end\">")
            out.text(bar.code.rawValue)
            out.raw("</text>")
            // The count just right of its bar: barStart + requests × barArea / largest, rounded.
            let barEnd =
                ExactDivision.rounded(Int128(bar.requests) * Int128(Chart.barArea), Int128(largest), .halfUp) ?? 0
            out.raw("<text x=\"")
            out.integer(Chart.barStart + Int(barEnd) + 4)
            out.raw("\" y=\"")
            out.integer(baseline)
            out.raw("\">")
            out.integer(bar.requests)
            out.raw("</text>\n")
        }
        out.raw("</g>\n<svg x=\"")
        out.integer(Chart.barStart)
        out.raw("\" y=\"0\" width=\"")
        out.integer(Chart.barArea)
        out.raw("\" height=\"")
        out.integer(height)
        out.raw("\" viewBox=\"0 0 ")
        out.integer(largest)
        out.raw(" ")
        out.integer(height)
        out.raw("\" preserveAspectRatio=\"none\" fill=\"#3b6ea8\">\n")
        for (index, bar) in bars.enumerated() {
            out.raw("<rect x=\"0\" y=\"")
            out.integer(Chart.padding + index * Chart.rowHeight)
            out.raw("\" width=\"")
            out.integer(bar.requests)
            out.raw("\" height=\"")
            out.integer(Chart.barHeight)
            out.raw("\"><title>")
            out.text(bar.code.rawValue)
            out.raw(": ")
            out.integer(bar.requests)
            out.raw("</title></rect>\n")
        }
        out.raw("</svg>\n</svg>\n<figcaption class=\"s\">Rejected requests by error code; a request with several ")
        out.raw("errors counts once under each of its codes.</figcaption>\n</figure>\n")
        out.raw("<table class=\"fit\">\n<thead><tr><th scope=\"col\">Error code</th>")
        out.raw("<th scope=\"col\" class=\"n\">Requests</th></tr></thead>\n<tbody>\n")
        for bar in bars {
            out.raw("<tr><td class=\"m\">")
            out.text(bar.code.rawValue)
            out.raw("</td><td class=\"n\">")
            out.integer(bar.requests)
            out.raw("</td></tr>\n")
        }
        out.raw("</tbody>\n</table>\n")
    }
}
