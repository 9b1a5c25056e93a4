import OrderFlowCore

/// What every OrderFlow page shares: the HTML5 head with its one short style sheet, and the end.
///
/// The style sheet is about 1.9 KB and the same bytes on every page (a batch may write 100,000
/// invoice pages): system fonts, no external asset, no script. On screen a page is an A4-wide
/// column; in print (`@media print`, `@page` A4 with 14 mm margins) it fills the sheet, table
/// headers repeat on each sheet, rows and the totals stay whole, and links print as plain text.
enum HTMLPage {
    static let style: StaticString = """
        @page{size:A4;margin:14mm}
        *{box-sizing:border-box}
        html{background:#eee}
        body{font:10pt/1.45 system-ui,"Segoe UI",Roboto,"Helvetica Neue",Arial,"DejaVu Sans",sans-serif;color:#111;\
        background:#fff;max-width:210mm;margin:0 auto;padding:12mm 10mm;overflow-wrap:break-word}
        h1{font-size:17pt;margin:0 0 1mm}
        h2{font-size:11pt;margin:6mm 0 2mm;padding-bottom:.5mm;border-bottom:1px solid #888}
        h3{font-size:10pt;margin:3mm 0 1mm}
        p{margin:1mm 0}
        table{border-collapse:collapse;width:100%;margin:1mm 0}
        th,td{padding:1mm 2mm;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
        thead th{background:#f2f2f2;border-bottom:1px solid #999;font-weight:600}
        tbody th{font-weight:400}
        .n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
        .nw{white-space:nowrap}.t,.n .s{overflow-wrap:anywhere;white-space:normal}
        .m{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,monospace;font-size:9.5pt}
        .s,.s a{color:#555;font-size:9pt}
        .cols{display:flex;gap:6mm}.cols>*{flex:1;min-width:0}
        dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.3mm 4mm;margin:1mm 0}
        dl.two{grid-template-columns:max-content minmax(0,1fr) max-content minmax(0,1fr)}
        dt{color:#555}dd{margin:0}
        .sum{width:auto;min-width:50%;margin-left:auto}.fit{width:auto;min-width:40%}
        footer{margin-top:6mm}
        .sum .due>*{font-weight:700;border-top:2px solid #111;border-bottom:none}
        .note{border-left:3px solid #888;padding:1mm 3mm;background:#f7f7f7}
        ul.docs{list-style:none;padding:0;margin:1mm 0;columns:3;overflow-wrap:anywhere}
        figure{margin:2mm 0}svg{max-width:100%;height:auto}
        @media print{html{background:none}body{max-width:none;padding:0;font-size:9pt;line-height:1.35}\
        h1{font-size:15pt}h2{margin:4mm 0 1.5mm}footer{margin-top:4mm}a{color:inherit;text-decoration:none}\
        thead{display:table-header-group}tr,.sum,figure{break-inside:avoid}h2,h3{break-after:avoid}}
        """

    /// `<!DOCTYPE html>` … `<body>`; `title` is escaped.
    static func begin(title: (inout HTMLOutput) -> Void, _ out: inout HTMLOutput) {
        out.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        out.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        out.raw("<meta name=\"generator\" content=\"OrderFlow\">\n<title>")
        title(&out)
        out.raw("</title>\n<style>\n")
        out.raw(style)
        out.raw("\n</style>\n</head>\n<body>\n")
    }

    /// A batch page's heading and the start of its facts list: `<h1>`, the reseller, then file
    /// (when the batch has one: a provisioning run has none), run date and SHA-256 as `<dt>`/`<dd>`
    /// pairs; the caller adds its own and closes the list.
    static func batchHeading(
        _ title: String, resellerName: String, resellerId: String, fileName: String, asOf: CalendarDate,
        sha256: String, _ out: inout HTMLOutput
    ) {
        out.raw("<header>\n<h1>")
        out.text(title)
        out.raw("</h1>\n<p>")
        out.text(resellerName)
        out.raw(" <span class=\"m s\">")
        out.text(resellerId)
        out.raw("</span></p>\n<dl>\n")
        if !fileName.isEmpty {
            out.raw("<dt>File</dt><dd>")
            out.text(fileName)
            out.raw("</dd>\n")
        }
        out.raw("<dt>As of</dt><dd>")
        out.date(asOf)
        out.raw("</dd>\n")
        if !fileName.isEmpty {
            out.raw("<dt>SHA-256</dt><dd class=\"m\">")
            out.text(sha256)
            out.raw("</dd>\n")
        }
    }

    static func end(_ out: inout HTMLOutput) {
        out.raw("</body>\n</html>\n")
    }
}
