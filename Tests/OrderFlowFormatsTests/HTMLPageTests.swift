import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// The invoice page and the batch report: escaping, amounts to the minor unit, the chart, bounded
/// size for a 100,000-document batch, determinism, and a real browser's rendering.
@Suite struct HTMLPageTests {
    // MARK: Escaping

    @Test func escapesTextAndAttributes() {
        let hostile = "<script>alert('x')</script> & \"q\" `b`"
        #expect(HTMLText.escaped(hostile) == "&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"q\" `b`")
        #expect(
            HTMLText.escapedAttribute(hostile)
                == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; &#96;b&#96;")
        #expect(HTMLText.escaped("&amp;") == "&amp;amp;")
        #expect(HTMLText.escaped("Müller 日本 🙂 é\u{301}") == "Müller 日本 🙂 é\u{301}")
        #expect(HTMLText.escaped("tab\tand\nline") == "tab\tand\nline")
    }

    @Test func replacesControlAndBidiCharacters() {
        let replacement = "\u{FFFD}"
        for scalar: UInt32 in [
            0x00, 0x01, 0x08, 0x0B, 0x0C, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0x202A, 0x202E, 0x2066, 0x2069,
            0xFFFE, 0xFFFF,
        ] {
            let character = String(Character(Unicode.Scalar(scalar)!))
            #expect(
                HTMLText.escaped("a" + character + "b") == "a" + replacement + "b", "U+\(String(scalar, radix: 16))")
            #expect(HTMLText.escapedAttribute(character) == replacement, "U+\(String(scalar, radix: 16))")
        }
        // Neighbours of the replaced ranges stay: U+00A0, U+2029, U+202F, U+2065, U+206A, U+FFFD, U+200E.
        for scalar: UInt32 in [0xA0, 0x2029, 0x202F, 0x2065, 0x206A, 0xFFFD, 0x200E] {
            let character = String(Character(Unicode.Scalar(scalar)!))
            #expect(HTMLText.escaped(character) == character, "U+\(String(scalar, radix: 16))")
        }
        // The amount after an override would read backwards; the override is gone.
        #expect(HTMLText.escaped("Promo \u{202E}00.01") == "Promo \u{FFFD}00.01")
    }

    @Test func linksArePercentEncoded() {
        #expect(HTMLText.pathSegment("ACME-2026-000001") == "ACME-2026-000001")
        #expect(HTMLText.pathSegment("../a b/ü?#\"'<>") == "..%2Fa%20b%2F%C3%BC%3F%23%22%27%3C%3E")
        #expect(HTMLText.pathSegment("javascript:alert(1)") == "javascript%3Aalert%281%29")
        var out = HTMLOutput()
        out.invoiceLink("X\"><script>")
        #expect(
            String(decoding: out.bytes, as: UTF8.self)
                == "<a href=\"invoices/X%22%3E%3Cscript%3E.html\">X\"&gt;&lt;script&gt;</a>")
    }

    @Test func cutsLongTextByCharacters() {
        var out = HTMLOutput()
        out.text(String(repeating: "é", count: 10), limit: 4)
        #expect(String(decoding: out.bytes, as: UTF8.self) == "éééé…")
        out = HTMLOutput()
        out.text("<abc>", limit: 5)
        #expect(String(decoding: out.bytes, as: UTF8.self) == "&lt;abc&gt;")
    }

    /// Every string of the invoice hostile: the page has exactly the markup of the same invoice with
    /// harmless strings (same number of `<`, but for the breakable spans around long codes), and
    /// none of the payload survives as markup.
    @Test func hostileInvoiceValuesStayText() {
        let payload = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'`&\u{0}\u{1B}\u{202E}"
        let hostile = Samples.everyString(of: Samples.germanInvoice(), payload)
        let harmless = Samples.everyString(of: Samples.germanInvoice(), "x")
        let page = text(InvoicePage.render(hostile))
        #expect(markup(page) == markup(text(InvoicePage.render(harmless))))
        Self.expectSafe(page)
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;\"'`&amp;"))
    }

    @Test func hostileReportValuesStayText() {
        let payload = "<script>alert(1)</script>\"'&\u{7}\u{2067}"
        let page = text(BatchReportPage.render(Samples.report(hostile: payload)))
        #expect(markup(page) == markup(text(BatchReportPage.render(Samples.report(hostile: "x")))))
        Self.expectSafe(page)
        #expect(page.contains("<title>Batch &lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    /// Only the pages' own elements, no event handler, style attribute or source, links relative;
    /// no raw control or bidi character; nothing on the network.
    static func expectSafe(_ page: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let elements: Set<Substring> = [
            "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "header", "footer", "section", "div", "h1",
            "h2", "h3", "p", "dl", "dt", "dd", "strong", "br", "span", "abbr", "a", "ul", "li", "table", "thead",
            "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption", "svg", "desc", "g", "text", "rect",
        ]
        var rest = page[...]
        while let open = rest.firstIndex(of: "<") {
            let close = rest[open...].firstIndex(of: ">") ?? rest.endIndex
            let tag = rest[rest.index(after: open)..<close]
            let name = tag.drop { $0 == "/" }.prefix { !$0.isWhitespace && $0 != "/" }
            #expect(elements.contains(name), "<\(tag)>", sourceLocation: sourceLocation)
            #expect(
                !tag.contains(/\s(on[a-z]+|src|style|srcset|formaction)\s*=/), "<\(tag)>",
                sourceLocation: sourceLocation)
            if let href = tag.firstMatch(of: /href="([^"]*)"/) {
                #expect(!href.1.contains(":") && !href.1.hasPrefix("/"), "<\(tag)>", sourceLocation: sourceLocation)
            }
            rest = rest[close...]
        }
        let bad = page.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value)
                || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
        }
        #expect(bad.isEmpty, "\(bad.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
        let external = page.components(separatedBy: "http").count - 1
        let svgNamespaces = page.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1
        #expect(external == svgNamespaces, "a page names nothing on the network", sourceLocation: sourceLocation)
        #expect(!page.contains("url(") && !page.contains("@import"), sourceLocation: sourceLocation)
    }

    // MARK: The page

    @Test func invoicePageIsSelfContainedHTML5() {
        let page = text(InvoicePage.render(Samples.germanInvoice()))
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"))
        #expect(page.hasSuffix("</body>\n</html>\n"))
        #expect(page.contains("<title>Invoice ACME-2026-000001</title>"))
        #expect(page.contains("<h1>Invoice ACME-2026-000001</h1>"))
        #expect(page.contains("@media print{") && page.contains("@page{size:A4"))
        #expect(matches(of: "<style>", in: page) == 1)
        Self.expectSafe(page)
        // Compact: the style sheet and a three-line invoice in under 12 KB.
        #expect(page.utf8.count < 12_000, "\(page.utf8.count) bytes")
        #expect(InvoicePage.path(forNumber: "ACME-2026-000001") == "invoices/ACME-2026-000001.html")
    }

    /// EUR, worked out by hand: 453.60 − 10 % = 408.24; 15 × 12.00 = 180.00; 25.00; Σ 613.24; −5.00
    /// promo = 608.24; 19 % VAT 115.5656 → 115.57; 723.81 due.
    @Test func eurAmountsToTheCent() {
        let page = text(InvoicePage.render(Samples.germanInvoice()))
        let rows = [
            "<td class=\"n\">-45.36<br><span class=\"s\">Promo WELCOME10 · 10 % of 453.60"
                + "</span></td><td class=\"nw\">",
            "<td class=\"n\">408.24</td></tr>",
            "<td class=\"n\">15</td><td class=\"n\">12.00</td>",
            "<td class=\"n\">180.00</td></tr>",
            "<tr><th scope=\"row\">Sum of line net amounts</th><td class=\"n\">613.24 EUR</td></tr>",
            "<tr><th scope=\"row\">Allowances</th><td class=\"n\">-5.00 EUR</td></tr>",
            "<tr><th scope=\"row\">Total without VAT</th><td class=\"n\">608.24 EUR</td></tr>",
            "<tr><th scope=\"row\">VAT</th><td class=\"n\">115.57 EUR</td></tr>",
            "<tr><th scope=\"row\">Total with VAT</th><td class=\"n\">723.81 EUR</td></tr>",
            "<tr class=\"due\"><th scope=\"row\">Amount due</th><td class=\"n\">723.81 EUR</td></tr>",
            "<tr><td>Standard rate (S)</td><td class=\"n\">19 %</td><td class=\"n\">608.24</td>"
                + "<td class=\"n\">115.57</td><td class=\"t\">—</td></tr>",
            "<td class=\"t\">Promo FIVEOFF</td><td class=\"nw\"><abbr title=\"Standard rate\">S</abbr> 19 %</td>"
                + "<td class=\"n\">-5.00</td>",
            "<td class=\"n\">1 year</td><td class=\"n\">453.60</td>",
        ]
        for row in rows { #expect(page.contains(row), "\(row)") }
    }

    /// JPY has no decimals: `3702`, never `3702.00` or `37.02`.
    @Test func jpyAmountsHaveNoDecimals() {
        let page = text(InvoicePage.render(Samples.jpyCreditNote()))
        #expect(page.contains("<td class=\"n\">3 months</td><td class=\"n\">1234</td>"))
        #expect(
            page.contains("<tr class=\"due\"><th scope=\"row\">Amount credited</th><td class=\"n\">3702 JPY</td></tr>"))
        #expect(!page.contains("3702.") && !page.contains("37.02"))
    }

    /// BHD has three: 1.250 and 12.400 keep their trailing zeros (the UBL document writes `1.25`,
    /// as EN 16931 counts decimals; a person reads the currency's own form).
    @Test func bhdAmountsHaveThreeDecimals() {
        let page = text(InvoicePage.render(Samples.bhdInvoice()))
        #expect(page.contains("<td class=\"n\">3</td><td class=\"n\">3.760<br><span class=\"s\">per 3</span></td>"))
        #expect(page.contains("<td class=\"n\">1</td><td class=\"n\">1.250</td>"))
        #expect(page.contains("<tr><th scope=\"row\">Sum of line net amounts</th><td class=\"n\">12.400 BHD</td></tr>"))
        #expect(page.contains("<tr><th scope=\"row\">VAT</th><td class=\"n\">1.240 BHD</td></tr>"))
        #expect(
            page.contains("<tr class=\"due\"><th scope=\"row\">Amount due</th><td class=\"n\">13.640 BHD</td></tr>"))
        #expect(!page.contains("1.25<") && !page.contains("12.4<"))
    }

    /// The writer's digits are `Money.format`'s, for every currency's decimals and any sign or size.
    @Test func amountsMatchMoneyFormat() {
        let values: [Int64] = [0, 1, -1, 9, 10, 99, 100, 101, 1230, -1230, 123_456_789, Int64.max, Int64.min, -5]
        for digits in 0...4 {
            for value in values {
                var out = HTMLOutput()
                out.amount(value, digits: digits)
                #expect(String(decoding: out.bytes, as: UTF8.self) == Money.format(value, minorUnits: digits))
            }
            let wide = Int128(Int64.max) * 1_000_003
            for value in [wide, -wide, Int128.max, Int128.min + 1] {
                var out = HTMLOutput()
                out.amount(value, digits: digits)
                #expect(String(decoding: out.bytes, as: UTF8.self) == Money.format(value, minorUnits: digits))
            }
        }
    }

    @Test func partiesDatesAndPayment() {
        let page = text(InvoicePage.render(Samples.germanInvoice()))
        for piece in [
            "<h2>Seller</h2>\n<p><strong>ACME Hosting GmbH</strong><br>Torstraße 1<br>10119 Berlin<br>BE, DE</p>",
            "<dt>VAT id</dt><dd class=\"m\">DE811907980</dd>",
            "<h2>Buyer</h2>\n<p><strong>Müller &amp; Söhne KG</strong>"
                + "<br>Hauptstraße 5<br>Hinterhaus<br>80331 München<br>DE</p>",
            "<dt>Issue date</dt><dd>2026-11-22</dd>",
            "<dt>Due date</dt><dd>2026-12-06</dd>",
            "<dt>Service period</dt><dd><span class=\"nw\">2026-11-22</span> – <span class=\"nw\">2027-11-21</span>"
                + "</dd>",
            "<dt>Order</dt><dd>SO-1</dd>",
            "<p class=\"note\">Please pay <strong>723.81 EUR</strong> by <strong>2026-12-06</strong>"
                + " quoting the reference <strong class=\"m\">\(Samples.reference)</strong>.</p>",
            "<dt>Means</dt><dd>SEPA credit transfer</dd>",
            "<dt>Account</dt><dd class=\"m\">DE89370400440532013000</dd>",
            "<dt>BIC</dt><dd class=\"m\">COBADEFFXXX</dd>",
            "<dt>Reference</dt><dd class=\"m\">\(Samples.reference)</dd>",
            "<dt>Terms</dt><dd>Payable by 2026-12-06</dd>",
            "<span class=\"m\">MAILBOX</span> · <span class=\"nw\">2026-12-01</span>"
                + " – <span class=\"nw\">2027-11-21</span></span>",
            "<a href=\"ACME-2026-000001.xml\">ACME-2026-000001.xml</a>",
        ] {
            #expect(page.contains(piece), "\(piece)")
        }
        #expect(CreditorReference.isValid(Samples.reference))
    }

    @Test func creditNoteReverseChargeAndExchangeRate() {
        let page = text(InvoicePage.render(Samples.jpyCreditNote()))
        for piece in [
            "<title>Credit note ACME-2026-000007</title>",
            "<h1>Credit note ACME-2026-000007</h1>\n"
                + "<p>Corrects invoice <strong>ACME-2026-000003</strong> of 2026-10-01.</p>",
            "<tr><td>Reverse charge (AE)</td><td class=\"n\">0 %</td><td class=\"n\">3702</td><td class=\"n\">0</td>"
                + "<td class=\"t\">Reverse charge <span class=\"m s\">VATEX-EU-AE</span></td></tr>",
            "<p class=\"note\"><strong>Reverse charge</strong>: the buyer accounts for the VAT. Seller's VAT id "
                + "<span class=\"m\">DE811907980</span>, buyer's VAT id <span class=\"m\">FR40303265045</span>.</p>",
            "<dt>Exchange rate</dt>"
                + "<dd>1 USD = 151.25 JPY (effective 2026-11-01);"
                + " the amounts are converted from the USD price list</dd>",
            "<dt>Settlement date</dt><dd>2026-11-30</dd>",
            "<dt>Means</dt><dd>Not specified</dd>",
        ] {
            #expect(page.contains(piece), "\(piece)")
        }
        // A credit note asks for no payment.
        #expect(!page.contains("Please pay"))
    }

    @Test func quebecTaxesAndVATCurrency() {
        let page = text(InvoicePage.render(Samples.quebecInvoice()))
        for piece in [
            "<tr><td>Standard rate (S)</td><td class=\"n\">14.975 %</td><td class=\"n\">1250.00</td>"
                + "<td class=\"n\">187.19</td><td class=\"t\">—</td></tr>",
            "<tr class=\"s\"><td class=\"t\">of which GST</td><td class=\"n\">5 %</td><td></td>"
                + "<td class=\"n\">62.50</td><td></td></tr>",
            "<tr class=\"s\"><td class=\"t\">of which QST</td><td class=\"n\">9.975 %</td><td></td>"
                + "<td class=\"n\">124.69</td><td></td></tr>",
            "<dt>Tax registration</dt><dd class=\"m\">1234567890TQ0001</dd>",
            "<tr><th scope=\"row\">VAT in EUR</th><td class=\"n\">127.29 EUR</td></tr>",
            "<p>VAT in EUR: 1 CAD = 0.68 EUR (rate of 2026-11-21).</p>",
            "<p><strong>Maple Cloud Inc.</strong><br>1 rue Sainte-Catherine<br>Montréal QC H2X 1Z4<br>CA</p>",
            "<p><strong>Boulangerie Tremblay</strong><br>Québec QC<br>CA</p>",
        ] {
            #expect(page.contains(piece), "\(piece)")
        }
        #expect(!page.contains("Reverse charge</strong>"))
    }

    /// Amounts at the ends of `Int64` render (negated allowances included) instead of trapping.
    @Test func extremeAmountsNeverTrap() {
        var invoice = Samples.germanInvoice()
        invoice.allowances[0].amount = Int64.min
        invoice.lines[0].allowance?.amount = Int64.min
        invoice.totals.allowances = Int64.min
        invoice.totals.paid = Int64.min
        invoice.totals.payable = Int64.max
        let page = String(decoding: InvoicePage.render(invoice), as: UTF8.self)
        #expect(
            page.contains("<tr><th scope=\"row\">Allowances</th><td class=\"n\">92233720368547758.08 EUR</td></tr>"))
        #expect(page.contains("<tr><th scope=\"row\">Paid</th><td class=\"n\">92233720368547758.08 EUR</td></tr>"))
        #expect(page.contains("<td class=\"n\">92233720368547758.08</td></tr>"))
        #expect(page.contains("<td class=\"n\">92233720368547758.07 EUR</td></tr>"))
    }

    @Test func samplesAreValidEInvoices() {
        for invoice in [
            Samples.germanInvoice(), Samples.jpyCreditNote(), Samples.bhdInvoice(), Samples.quebecInvoice(),
        ] {
            #expect(EInvoiceCheck.findings(invoice) == [], "\(invoice.number)")
        }
    }

    @Test func deterministic() throws {
        let invoice = Samples.germanInvoice()
        let again = try JSONDecoder().decode(EInvoice.self, from: JSONEncoder().encode(invoice))
        #expect(InvoicePage.render(invoice) == InvoicePage.render(again))
        let report = Samples.report(hostile: "x")
        let copy = try JSONDecoder().decode(BatchReport.self, from: JSONEncoder().encode(report))
        #expect(BatchReportPage.render(report) == BatchReportPage.render(copy))
        // Appending to a reused buffer gives the same bytes after what was there.
        var sink = Array("previous".utf8)
        InvoicePage.write(invoice, to: &sink)
        #expect(sink == Array("previous".utf8) + InvoicePage.render(invoice))
    }

    // MARK: The report

    @Test func reportCountsTotalsAndPayments() {
        let page = text(BatchReportPage.render(Samples.report(hostile: "x")))
        for piece in [
            "<title>Batch x — x</title>",
            "<tr><th scope=\"row\" class=\"t\">order</th><td class=\"n\">5</td><td class=\"n\">2</td>"
                + "<td class=\"n\">0</td><td class=\"n\">7</td></tr>",
            "<tfoot><tr><th scope=\"row\">All</th><td class=\"n\">8</td><td class=\"n\">21</td>"
                + "<td class=\"n\">1</td><td class=\"n\">30</td></tr>",
            "<tr><th scope=\"row\">BHD</th><td class=\"n\">1.250</td><td class=\"n\">0.125</td>"
                + "<td class=\"n\">1.375</td></tr>",
            "<tr><th scope=\"row\">EUR</th><td class=\"n\">503.09</td><td class=\"n\">62.58</td>"
                + "<td class=\"n\">565.67</td></tr>",
            "<tr><th scope=\"row\">JPY</th><td class=\"n\">123456</td><td class=\"n\">12345</td>"
                + "<td class=\"n\">135801</td></tr>",
            "<tr><td>order</td><td>WaitingForPayment</td><td>EUR</td><td class=\"n\">3</td>"
                + "<td class=\"n\">215.81</td></tr>",
            "<tr><td>refund</td><td>Paid</td><td>JPY</td><td class=\"n\">1</td><td class=\"n\">500</td></tr>",
            "<dt>SHA-256</dt><dd class=\"m\">\(Samples.sha256)</dd>",
            "<dt>As of</dt><dd>2026-11-22</dd>",
            "<a href=\"rejected.xml\">rejected.xml</a>",
        ] {
            #expect(page.contains(piece), "\(piece)")
        }
        Self.expectSafe(page)
    }

    /// One bar per code, most requests first; each bar's width is its count in a viewBox as wide as
    /// the largest count, so the widths are exactly proportional; labels, a title and a table too.
    @Test func chartHasOneProportionalBarPerCode() throws {
        let report = Samples.report(hostile: "x")
        let page = text(BatchReportPage.render(report))
        let expected: [(String, Int)] = [
            ("REGION_FORBIDDEN", 12), ("DOMAIN_TAKEN", 5), ("TERMS_NOT_ACCEPTED", 3), ("COUNTRY_LOCKED", 1),
            ("UNKNOWN_PLAN", 1),
        ]
        #expect(report.rejections.byCode.map { ($0.code.rawValue, $0.requests) }.elementsEqual(expected) { $0 == $1 })

        let svg = try #require(
            page.range(of: "<svg").flatMap { start in
                page.range(of: "</svg>\n</svg>", range: start.upperBound..<page.endIndex).map {
                    page[start.lowerBound..<$0.upperBound]
                }
            })
        #expect(
            svg.contains("role=\"img\"")
                && svg.contains("<title id=\"chart-title\">Rejected requests by error code</title>"))
        #expect(svg.contains("viewBox=\"0 0 12 "), "the bars' viewBox is as wide as the largest count")
        let rects = matches(of: "<rect x=\"0\" y=\"", in: String(svg))
        #expect(rects == expected.count)
        for (index, (code, requests)) in expected.enumerated() {
            let y = 4 + index * 22
            #expect(
                svg.contains(
                    "<rect x=\"0\" y=\"\(y)\" width=\"\(requests)\" height=\"14\">"
                        + "<title>\(code): \(requests)</title></rect>"
                ))
            #expect(svg.contains("text-anchor=\"end\">\(code)</text>"), "a text label per bar")
            // The table gives the same numbers without the picture.
            #expect(page.contains("<tr><td class=\"m\">\(code)</td><td class=\"n\">\(requests)</td></tr>"))
        }
        // Count labels stand right of their bars: 204 + 340 × count / 12, rounded, + 4.
        #expect(svg.contains("<text x=\"548\" y=\"16\">12</text>"))
        #expect(svg.contains("<text x=\"350\" y=\"38\">5</text>"))  // 141.67 → 142
        #expect(svg.contains("<text x=\"236\" y=\"104\">1</text>"))  // 28.33 → 28
    }

    @Test func rejectedRequestsAreListedWithEveryError() {
        let page = text(BatchReportPage.render(Samples.report(hostile: "x")))
        #expect(
            page.contains(
                "<tr><td rowspan=\"2\" class=\"m t\">A-2003</td><td rowspan=\"2\" class=\"n\">40</td>"
                    + "<td class=\"m\">DOMAIN_TAKEN</td>"
                    + "<td class=\"m t\">domain</td><td class=\"t\">taken.example is already used.</td></tr>\n"
                    + "<tr><td class=\"m\">TERMS_NOT_ACCEPTED</td><td class=\"m t\">terms_version</td>"
                    + "<td class=\"t\">Accept 2026-01.</td></tr>"
            ))
        #expect(
            page.contains(
                "<tr><td class=\"m t\">—</td><td class=\"n\">90</td><td class=\"m\">UNKNOWN_PLAN</td>"
                    + "<td class=\"m t\">—</td>"
            ))
        #expect(page.contains("<p>21 requests were rejected; <a href=\"rejected.xml\">rejected.xml</a> holds each"))
        #expect(!page.contains("The first "), "all 21 are listed")
    }

    @Test func rejectedRequestsAreCapped() {
        var report = Samples.report(hostile: "x")
        var rejections = BatchReport.Rejections()
        let long = String(repeating: "y", count: 5000)
        for index in 0..<250 {
            rejections.add(
                .init(
                    ref: "R-\(index)", line: index + 2,
                    errors: [Diagnostic(index % 5 == 0 ? .regionForbidden : .domainTaken, field: "domain", long)]))
        }
        report.rejections = rejections
        let page = text(BatchReportPage.render(report))
        #expect(rejections.shown.count == BatchReport.Rejections.shownLimit)
        #expect(page.contains("R-99</td>") && !page.contains("R-100</td>"))
        #expect(page.contains("The first 100 of 250 rejected requests."))
        #expect(page.contains("width=\"200\" height=\"14\"><title>DOMAIN_TAKEN: 200</title>"))
        #expect(page.contains("width=\"50\" height=\"14\"><title>REGION_FORBIDDEN: 50</title>"))
        #expect(page.contains(String(repeating: "y", count: BatchReportPage.messageLimit) + "…</td>"))
        #expect(page.utf8.count < 80_000, "\(page.utf8.count) bytes")
    }

    @Test func fewDocumentsAreAllListed() {
        var report = Samples.report(hostile: "x")
        report.documents = BatchReport.Documents([
            .init(number: "ACME-2026-000001", kind: .invoice), .init(number: "ACME-2026-000002", kind: .invoice),
            .init(number: "ACME-2026-000003", kind: .creditNote),
        ])
        let page = text(BatchReportPage.render(report))
        #expect(page.contains("<p>3 documents: 2 invoices and 1 credit note.</p>"))
        #expect(
            page.contains(
                "<p>Numbers <a href=\"invoices/ACME-2026-000001.html\">ACME-2026-000001</a> to "
                    + "<a href=\"invoices/ACME-2026-000003.html\">ACME-2026-000003</a> (3 in sequence).</p>"))
        #expect(
            page.contains(
                "<li><a href=\"invoices/ACME-2026-000003.html\">ACME-2026-000003</a>"
                    + " <span class=\"s\">credit note</span></li>"
            ))
        #expect(!page.contains("<h3>The first"))
    }

    /// 100,000 documents: counts, one range, the first and last ten and the credit notes' first 40;
    /// the page stays small.
    @Test func manyDocumentsAreSummarized() {
        var report = Samples.report(hostile: "x")
        var documents = BatchReport.Documents()
        for sequence in 1...100_000 {
            let number = DocumentNumber.format(prefix: "ACME", year: 2026, sequence: sequence)
            documents.add(number, kind: sequence % 97 == 0 ? .creditNote : .invoice)
        }
        report.documents = documents
        let page = text(BatchReportPage.render(report))
        #expect(page.contains("<p>100000 documents: 98970 invoices and 1030 credit notes.</p>"))
        #expect(
            page.contains(
                "<p>Numbers <a href=\"invoices/ACME-2026-000001.html\">ACME-2026-000001</a> to "
                    + "<a href=\"invoices/ACME-2026-100000.html\">ACME-2026-100000</a> (100000 in sequence).</p>"))
        #expect(page.contains(">ACME-2026-000010</a>") && !page.contains(">ACME-2026-000011</a>"))
        #expect(page.contains(">ACME-2026-099991</a>") && !page.contains(">ACME-2026-099990</a>"))
        #expect(page.contains(">ACME-2026-003880</a> <span class=\"s\">credit note</span>"))  // the 40th
        #expect(!page.contains(">ACME-2026-003977</a>"))
        #expect(page.contains("<p class=\"s\">and 990 more.</p>"))
        #expect(matches(of: "<a href=\"invoices/", in: page) == 2 + 10 + 10 + 40)
        #expect(page.utf8.count < 40_000, "\(page.utf8.count) bytes")
    }

    @Test func documentRangesFollowTheSeries() {
        var documents = BatchReport.Documents()
        for number in [
            "ACME-2026-999998", "ACME-2026-999999", "ACME-2026-1000000", "ACME-2027-000001", "ACME-2027-000003",
            "OTHER-2027-000004", "not a number", "not a number",
        ] {
            documents.add(number, kind: .invoice)
        }
        #expect(
            documents.ranges.map { "\($0.first)…\($0.last) \($0.count)" } == [
                "ACME-2026-999998…ACME-2026-1000000 3", "ACME-2027-000001…ACME-2027-000001 1",
                "ACME-2027-000003…ACME-2027-000003 1", "OTHER-2027-000004…OTHER-2027-000004 1",
                "not a number…not a number 1", "not a number…not a number 1",
            ])
        var many = BatchReport.Documents()
        for sequence in stride(from: 1, through: 200, by: 2) {
            many.add(DocumentNumber.format(prefix: "A", year: 2026, sequence: sequence), kind: .invoice)
        }
        #expect(many.ranges.count == BatchReport.Documents.rangeLimit)
        #expect(many.rangesLeftOut == 100 - BatchReport.Documents.rangeLimit)
        var report = Samples.report(hostile: "x")
        report.documents = many
        #expect(text(BatchReportPage.render(report)).contains("<li>and 80 more ranges</li>"))
    }

    @Test func emptyBatch() {
        let report = BatchReport(
            resellerId: "R-ACME", resellerName: "ACME", batchId: "B-1", fileName: "B-1.csv",
            asOf: Samples.date("2026-11-22"), sha256: Samples.sha256)
        let page = text(BatchReportPage.render(report))
        for piece in [
            "<p>The file held no request.</p>", "<p>No order, renewal or upgrade was accepted.</p>",
            "<p>The batch created or changed no payment.</p>", "<p>The batch produced no invoice or credit note.</p>",
            "<p>No request was rejected.</p>",
        ] {
            #expect(page.contains(piece), "\(piece)")
        }
        #expect(!page.contains("<svg"))
        Self.expectSafe(page)
    }

    // MARK: Helpers

    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The number of tags, without the `<span class="t">…</span>` a long code is put in.
    private func markup(_ page: String) -> Int {
        page.reduce(0) { $0 + ($1 == "<" ? 1 : 0) } - 2 * matches(of: "<span class=\"t\">", in: page)
    }

    private func matches(of needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
}

/// The pages in a real browser: headless Chromium renders an invoice page, a report and a
/// statement's report to PNG
/// through `Tests/Tools/render_html.sh`. Set `ORDERFLOW_SKIP_BROWSER=1` where no browser can be
/// installed; set `ORDERFLOW_SCREENSHOTS=<folder>` to keep the pages and screenshots to look at.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ORDERFLOW_SKIP_BROWSER"] != "1"))
struct HTMLBrowserTests {
    @Test func chromiumRendersTheInvoicePageAndTheReport() throws {
        let script = TestPaths.packageRoot.appendingPathComponent("Tests/Tools/render_html.sh")
        let browser = ProcessInfo.processInfo.environment["CHROMIUM"] ?? "chromium"
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        let installed =
            browser.contains("/")
            ? FileManager.default.isExecutableFile(atPath: browser)
            : path.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(browser)") }
        try #require(
            installed,
            """
            '\(browser)' is not installed: the HTML pages are checked in a real browser. Install it \
            (Debian or Ubuntu: apt-get install chromium), or set ORDERFLOW_SKIP_BROWSER=1 to skip this test.
            """)

        let folder =
            try ProcessInfo.processInfo.environment["ORDERFLOW_SCREENSHOTS"].map { path in
                let url = URL(fileURLWithPath: path, isDirectory: true)
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                return url
            } ?? TestPaths.temporaryFolder("orderflow-html")
        var report = Samples.report(hostile: "<script>alert('report')</script>")
        report.resellerName = "ACME Hosting GmbH"
        report.batchId = "ACME-20261122-01"
        var documents = BatchReport.Documents()
        for sequence in 1...1234 {
            documents.add(
                DocumentNumber.format(prefix: "ACME", year: 2026, sequence: sequence),
                kind: sequence % 50 == 0 ? .creditNote : .invoice)
        }
        report.documents = documents
        let pages: [(String, [UInt8])] = [
            ("invoice", InvoicePage.render(Samples.germanInvoice())),
            ("report", BatchReportPage.render(report)),
            ("statement", StatementReportPage.render(StatementReportPageTests.statement(hostile: "<b>payer</b>"))),
        ]
        for (name, bytes) in pages {
            let html = folder.appendingPathComponent("\(name).html")
            let png = folder.appendingPathComponent("\(name).png")
            try Data(bytes).write(to: html)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = [script.path, html.path, png.path]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "render_html.sh \(name): \(message)")
            let image = try [UInt8](Data(contentsOf: png))
            #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "\(name): a PNG")
            // IHDR: width and height, big-endian, at bytes 16 and 20: the window's 1000 × 1400.
            let width = image.count > 24 ? image[16..<20].reduce(0) { $0 << 8 | Int($1) } : 0
            let height = image.count > 24 ? image[20..<24].reduce(0) { $0 << 8 | Int($1) } : 0
            #expect(width == 1000 && height == 1400, "\(name): \(width) × \(height)")
            // A blank 1000 × 1400 page compresses to a few KB; text and tables make it far larger.
            #expect(image.count > 40_000, "\(name): \(image.count) bytes, a blank page?")
        }
    }
}

/// Sample documents with amounts worked out by hand, and a report.
enum Samples {
    static let reference = CreditorReference.make(paymentId: "PAY-1")
    static let sha256 = "9f2c4b7e0d1a3c5e7f9b2d4f6a8c0e1b3d5f7a9c1e3b5d7f9a2c4e6b8d0f1a3c"

    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    static func rate(_ text: String) -> ScaledDecimal { ScaledDecimal.parse(text, scale: ScaledDecimal.Scale.rate)! }

    static let acme = EInvoice.Party(
        name: "ACME Hosting GmbH",
        address: EInvoice.Address(
            street: "Torstraße 1", city: "Berlin", postcode: "10119", region: "BE", country: "DE"),
        vatId: "DE811907980")

    static func germanInvoice() -> EInvoice {
        let standard = EInvoice.TaxCategory(.standard, rate: rate("0.19"))
        return EInvoice(
            kind: .invoice, number: "ACME-2026-000001", issueDate: date("2026-11-22"), dueDate: date("2026-12-06"),
            currency: Currency(code: "EUR", minorUnits: 2), orderReference: "SO-1",
            period: EInvoice.Period(start: date("2026-11-22"), end: date("2027-11-21")), seller: acme,
            buyer: EInvoice.Party(
                name: "Müller & Söhne KG",
                address: EInvoice.Address(
                    street: "Hauptstraße 5", additionalStreet: "Hinterhaus", city: "München", postcode: "80331",
                    country: "DE"),
                vatId: "DE129273398"),
            paymentMeans: EInvoice.PaymentMeans(
                code: .sepaCreditTransfer, remittanceReference: reference,
                payeeAccount: EInvoice.PayeeAccount(
                    id: "DE89370400440532013000", name: "ACME Hosting GmbH", bic: "COBADEFFXXX")),
            paymentTerms: "Payable by 2026-12-06",
            lines: [
                EInvoice.Line(
                    id: "1", name: "Mail Standard 1Y", sellerItemId: "PLN-MAIL-STD", quantity: 1, unitCode: "ANN",
                    price: EInvoice.UnitPrice(amount: 45360),
                    allowance: EInvoice.LineAllowance(
                        amount: 4536, baseAmount: 45360, percent: ScaledDecimal(units: 10, scale: 0),
                        reason: "Promo WELCOME10"),
                    netAmount: 40824, tax: standard),
                EInvoice.Line(
                    id: "2", name: "Mailbox × 15", sellerItemId: "MAILBOX", quantity: 15,
                    price: EInvoice.UnitPrice(lineAmount: 18000, quantity: 15), netAmount: 18000, tax: standard,
                    period: EInvoice.Period(start: date("2026-12-01"), end: date("2027-11-21"))),
                EInvoice.Line(
                    id: "3", name: "Setup fee", quantity: 1, price: EInvoice.UnitPrice(amount: 2500), netAmount: 2500,
                    tax: standard),
            ],
            allowances: [EInvoice.DocumentAllowance(amount: 500, reason: "Promo FIVEOFF", tax: standard)],
            vatBreakdown: [EInvoice.VATBreakdown(tax: standard, taxable: 60824, amount: 11557)],
            totals: EInvoice.Totals(
                lineNet: 61324, allowances: 500, taxExclusive: 60824, tax: 11557, taxInclusive: 72381, payable: 72381))
    }

    /// 3 months × 1234 JPY = 3702 JPY, reverse charge (DE seller, FR buyer), converted from USD.
    static func jpyCreditNote() -> EInvoice {
        let reverse = EInvoice.TaxCategory(.reverseCharge, rate: rate("0"))
        return EInvoice(
            kind: .creditNote, number: "ACME-2026-000007", issueDate: date("2026-11-22"), dueDate: date("2026-11-30"),
            currency: Currency(code: "JPY", minorUnits: 0),
            conversion: EInvoice.Conversion(from: "USD", rate: rate("151.25"), effective: date("2026-11-01")),
            precedingInvoice: EInvoice.PrecedingInvoice(number: "ACME-2026-000003", issueDate: date("2026-10-01")),
            seller: acme,
            buyer: EInvoice.Party(
                name: "Dupont SARL",
                address: EInvoice.Address(street: "1 rue de Rivoli", city: "Paris", postcode: "75001", country: "FR"),
                vatId: "FR40303265045"),
            paymentMeans: EInvoice.PaymentMeans(code: .notDefined, remittanceReference: reference),
            lines: [
                EInvoice.Line(
                    id: "1", name: "CRM Team 1M", quantity: 3, unitCode: "MON", price: EInvoice.UnitPrice(amount: 1234),
                    netAmount: 3702, tax: reverse)
            ],
            vatBreakdown: [.untaxed(.reverseCharge, taxable: 3702)],
            totals: EInvoice.Totals(
                lineNet: 3702, allowances: 0, taxExclusive: 3702, tax: 0, taxInclusive: 3702, payable: 3702))
    }

    /// BHD, three decimals: 3 seats for 3.760 together (no exact price per seat, so the price is per
    /// 3), 1.250 and 7.390: 12.400 BHD, 10 % VAT 1.240, 13.640 due. Every amount ends in 0, as
    /// EN 16931's two decimals need (BR-DEC).
    static func bhdInvoice() -> EInvoice {
        let standard = EInvoice.TaxCategory(.standard, rate: rate("0.10"))
        return EInvoice(
            kind: .invoice, number: "ACME-2026-000009", issueDate: date("2026-11-22"),
            currency: Currency(code: "BHD", minorUnits: 3), seller: acme,
            buyer: EInvoice.Party(
                name: "Gulf Trading WLL", address: EInvoice.Address(city: "Manama", country: "BH"),
                vatId: "BH200000000000002"),
            lines: [
                EInvoice.Line(
                    id: "1", name: "Seats", quantity: 3, price: EInvoice.UnitPrice(lineAmount: 3760, quantity: 3),
                    netAmount: 3760, tax: standard),
                EInvoice.Line(
                    id: "2", name: "Setup fee", quantity: 1, price: EInvoice.UnitPrice(amount: 1250), netAmount: 1250,
                    tax: standard),
                EInvoice.Line(
                    id: "3", name: "Plan", quantity: 1, price: EInvoice.UnitPrice(amount: 7390), netAmount: 7390,
                    tax: standard),
            ],
            vatBreakdown: [EInvoice.VATBreakdown(tax: standard, taxable: 12400, amount: 1240)],
            totals: EInvoice.Totals(
                lineNet: 12400, allowances: 0, taxExclusive: 12400, tax: 1240, taxInclusive: 13640, payable: 13640))
    }

    /// Quebec: 1250.00 CAD at GST 5 % (62.50) + QST 9.975 % (124.6875 → 124.69) = 187.19, stated also
    /// in EUR at 0.68 (127.2892 → 127.29).
    static func quebecInvoice() -> EInvoice {
        let combined = EInvoice.TaxCategory(.standard, rate: rate("0.14975"))
        var seller = EInvoice.Party(
            name: "Maple Cloud Inc.",
            address: EInvoice.Address(
                street: "1 rue Sainte-Catherine", city: "Montréal", postcode: "H2X 1Z4", region: "QC", country: "CA"),
            vatId: "CA123456789RT0001", taxRegistrationId: "1234567890TQ0001")
        seller.companyId = "1171234567"
        return EInvoice(
            kind: .invoice, number: "MAPLE-2026-000001", issueDate: date("2026-11-22"), dueDate: date("2026-12-22"),
            currency: Currency(code: "CAD", minorUnits: 2),
            taxCurrency: EInvoice.TaxCurrency(
                currency: Currency(code: "EUR", minorUnits: 2), tax: 12729, rate: rate("0.68"),
                rateDate: date("2026-11-21")),
            seller: seller,
            buyer: EInvoice.Party(
                name: "Boulangerie Tremblay", address: EInvoice.Address(city: "Québec", region: "QC", country: "CA"),
                vatId: "CA987654321RT0001"),
            lines: [
                EInvoice.Line(
                    id: "1", name: "CRM Business 1Y", quantity: 1, unitCode: "ANN",
                    price: EInvoice.UnitPrice(amount: 125000), netAmount: 125000, tax: combined)
            ],
            vatBreakdown: [
                EInvoice.VATBreakdown(
                    tax: combined, taxable: 125000, amount: 18719,
                    components: [
                        EInvoice.TaxComponent(name: "GST", rate: rate("0.05"), amount: 6250),
                        EInvoice.TaxComponent(name: "QST", rate: rate("0.09975"), amount: 12469),
                    ])
            ],
            totals: EInvoice.Totals(
                lineNet: 125000, allowances: 0, taxExclusive: 125000, tax: 18719, taxInclusive: 143719, payable: 143719)
        )
    }

    /// `invoice` with every free text replaced by `text` (names, addresses, ids, references, reasons,
    /// notes, unit codes), the structure kept.
    static func everyString(of invoice: EInvoice, _ text: String) -> EInvoice {
        var invoice = invoice
        func party(_ party: inout EInvoice.Party) {
            party.name = text
            party.vatId = text
            party.taxRegistrationId = text
            party.companyId = text
            party.address = EInvoice.Address(
                street: text, additionalStreet: text, city: text, postcode: text, region: text, country: text)
        }
        invoice.number = text
        invoice.currency = Currency(code: text, minorUnits: 2)
        invoice.note = text
        invoice.buyerReference = text
        invoice.orderReference = text
        invoice.precedingInvoice = EInvoice.PrecedingInvoice(number: text, issueDate: nil)
        invoice.conversion = EInvoice.Conversion(from: text, rate: rate("1.5"), effective: date("2026-11-01"))
        invoice.taxCurrency = EInvoice.TaxCurrency(
            currency: Currency(code: text, minorUnits: 2), tax: 1, rate: rate("2"), rateDate: date("2026-11-01"))
        party(&invoice.seller)
        party(&invoice.buyer)
        invoice.paymentTerms = text
        invoice.paymentMeans?.remittanceReference = text
        invoice.paymentMeans?.payeeAccount = EInvoice.PayeeAccount(id: text, name: text, bic: text)
        for index in invoice.lines.indices {
            invoice.lines[index].id = text
            invoice.lines[index].name = text
            invoice.lines[index].sellerItemId = text
            invoice.lines[index].unitCode = text
            invoice.lines[index].allowance?.reason = text
        }
        for index in invoice.allowances.indices { invoice.allowances[index].reason = text }
        for index in invoice.vatBreakdown.indices {
            invoice.vatBreakdown[index].exemptionReason = text
            invoice.vatBreakdown[index].exemptionReasonCode = text
            invoice.vatBreakdown[index].components = [EInvoice.TaxComponent(name: text, rate: rate("0.19"), amount: 1)]
        }
        return invoice
    }

    /// A batch with every section filled: 30 requests, three currencies, four kinds of payment,
    /// 21 rejections under five codes (one with two errors, one without a ref). `hostile` is every
    /// text a drop file or the catalog gives.
    static func report(hostile: String) -> BatchReport {
        var rejections = BatchReport.Rejections()
        func reject(_ ref: String, _ line: Int, _ errors: [(ErrorCode, String, String)]) {
            rejections.add(.init(ref: ref, line: line, errors: errors.map { Diagnostic($0.0, field: $0.1, $0.2) }))
        }
        for index in 0..<12 {
            reject(
                index == 0 ? hostile : "A-21\(index)", 100 + index,
                [(.regionForbidden, "region", hostile == "x" ? "Region UA-43 is not served." : hostile)])
        }
        reject(
            "A-2003", 40,
            [
                (.domainTaken, "domain", "taken.example is already used."),
                (.termsNotAccepted, "terms_version", "Accept 2026-01."),
            ])
        for index in 0..<4 {
            reject("A-23\(index)", 60 + index, [(.domainTaken, hostile == "x" ? "domain" : hostile, "Taken.")])
        }
        for index in 0..<2 {
            reject("A-24\(index)", 70 + index, [(.termsNotAccepted, "terms_version", "Accept 2026-01.")])
        }
        reject("M-3006", 77, [(.countryLocked, "country", "R-MAPLE registers companies in CA only, not US.")])
        reject("", 90, [(.unknownPlan, "", "There is no plan PLN-X.")])
        return BatchReport(
            resellerId: hostile, resellerName: hostile, batchId: hostile, fileName: hostile, asOf: date("2026-11-22"),
            sha256: sha256, onInvalidOrder: "reject-order",
            counts: [
                BatchReport.ActionCounts(action: "cancel", accepted: 1),
                BatchReport.ActionCounts(action: hostile, rejected: 1),
                BatchReport.ActionCounts(action: "order", accepted: 5, rejected: 2),
                BatchReport.ActionCounts(action: "renewal", accepted: 2, rejected: 18, duplicate: 1),
            ],
            totals: [
                BatchReport.CurrencyTotals(
                    currency: Currency(code: "BHD", minorUnits: 3), net: 1250, tax: 125, total: 1375),
                BatchReport.CurrencyTotals(
                    currency: Currency(code: "EUR", minorUnits: 2), net: 50309, tax: 6258, total: 56567),
                BatchReport.CurrencyTotals(
                    currency: Currency(code: "JPY", minorUnits: 0), net: 123_456, tax: 12345, total: 135_801),
            ],
            payments: [
                BatchReport.PaymentTotals(
                    kind: .order, status: .waitingForPayment, currency: Currency(code: "EUR", minorUnits: 2), count: 3,
                    amount: 21581),
                BatchReport.PaymentTotals(
                    kind: .topup, status: .waitingForPayment, currency: Currency(code: "EUR", minorUnits: 2), count: 1,
                    amount: 5000),
                BatchReport.PaymentTotals(
                    kind: .order, status: .voided, currency: Currency(code: "EUR", minorUnits: 2), count: 1,
                    amount: 34986),
                BatchReport.PaymentTotals(
                    kind: .refund, status: .paid, currency: Currency(code: "JPY", minorUnits: 0), count: 1,
                    amount: 500),
            ],
            documents: BatchReport.Documents([
                .init(number: hostile, kind: .invoice), .init(number: "ACME-2026-000002", kind: .creditNote),
            ]),
            rejections: rejections, rejectedFile: "rejected.xml")
    }
}
