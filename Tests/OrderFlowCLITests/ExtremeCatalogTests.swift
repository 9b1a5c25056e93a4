import Foundation
import OrderFlowTestSupport
import Testing

/// Catalogs nobody here wrote: limits left out, fees and amounts at the edge of what OrderFlow
/// holds (CatalogFormat.md, Resource limits; ErrorCodes.md).
@Suite struct ExtremeCatalogTests {
    static func catalog(_ name: String) -> String {
        TestPaths.fixtures.appendingPathComponent("catalog/tests/\(name)").path
    }
    static func request(_ name: String) -> String {
        TestPaths.fixtures.appendingPathComponent("requests/extreme/\(name)").path
    }

    @Test func aCatalogWithoutMaxIsClean() throws {
        let result = try CLI.run(["catalog", "check", Self.catalog("unlimited.xml")])
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix("ok\n"))
    }

    /// STORAGE has no max: a trillion additional GB is an order like any other. By hand:
    /// 1,000,000,000,000 GB × 0.02 EUR × 1 month = 20,000,000,000.00; fee 5.00; net
    /// 20,000,000,005.00; VAT 19 % = 3,800,000,000.95; total 23,800,000,005.95. A 40-digit amount
    /// is still AMOUNT_ABOVE_MAX, and SEATS keeps its max of 100.
    @Test func anUnlimitedResourceTakesAnyAmountThatIsANumber() throws {
        let result = try CLI.run([
            "quote", Self.request("unlimited.csv"), "--catalog", Self.catalog("unlimited.xml"), "--as-of", "2026-11-22",
        ])
        #expect(result.exitCode == 65, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 4, "\(result.stdout)")
        guard rows.count == 4 else { return }
        #expect(rows[1] == "U-1,2,order,accepted,,,WaitingForPayment,,WaitingForPayment,EUR,20000000005.00,3800000000.95,23800000005.95,,,,,")
        #expect(rows[2].hasPrefix("U-2,3,order,rejected,,,,,,,,,,,,AMOUNT_ABOVE_MAX,resource:STORAGE,"))
        #expect(rows[3].hasPrefix("U-3,4,order,rejected,,,,,,,,,,,,AMOUNT_ABOVE_MAX,resource:SEATS,"))
        #expect(rows[3].contains("at most 100"))
    }

    @Test func theExtremeCatalogIsClean() throws {
        let result = try CLI.run(["catalog", "check", Self.catalog("extreme.xml")])
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
    }

    /// `requests/extreme/too-large.csv` (Fixtures/README.md, Extreme catalogs): X-1 fits, by hand
    /// net 70,000,000,000,000,001.00, VAT 13,300,000,000,000,000.19, total 83,300,000,000,000,001.19
    /// (postpay: Completed, Active); every other request is beyond 92,233,720,368,547,758.07 EUR.
    static let tooLargeRows = [
        "X-1,2,order,accepted,,,Completed,,Active,EUR,70000000000000001.00,13300000000000000.19,83300000000000001.19,,,,,",
        "X-2,3,order,rejected,,,,,,,,,,,,AMOUNT_TOO_LARGE,resource:DISK,",
        "X-3,4,order,rejected,,,,,,,,,,,,AMOUNT_TOO_LARGE,resource:DISK,",
        "X-4,5,order,rejected,,,,,,,,,,,,AMOUNT_TOO_LARGE,resource:DISK,",
        "X-5,6,order,rejected,,,,,,,,,,,,AMOUNT_TOO_LARGE,blocking_threshold,",
        "X-6,7,order,rejected,,,,,,,,,,,,AMOUNT_TOO_LARGE,resource:DISK,",
        "X-7,8,order,rejected,,,,,,,,,,,,AMOUNT_TOO_LARGE,resource:HUGE,",
    ]

    /// `ids`: the rows of a run carry the ids the ledger assigned (quote leaves them empty).
    static func expectRows(_ rows: [String], ids: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        var expectedRows = tooLargeRows
        if ids { expectedRows[0] = expectedRows[0].replacingOccurrences(of: "accepted,,,Completed,,", with: "accepted,ACC-1,SO-1,Completed,SUB-1,") }
        #expect(rows.count == expectedRows.count, "\(rows)", sourceLocation: sourceLocation)
        for (row, expected) in zip(rows, expectedRows) {
            #expect(row.hasPrefix(expected), "\(row)", sourceLocation: sourceLocation)
        }
    }

    @Test func amountsBeyondWhatOrderFlowHoldsAreRequestErrors() throws {
        let result = try CLI.run([
            "quote", Self.request("too-large.csv"), "--catalog", Self.catalog("extreme.xml"), "--as-of", "2026-11-22",
        ])
        #expect(result.terminationReason == .exit && result.exitCode == 65, "\(result.exitCode) \(result.stderr)")
        Self.expectRows(Array(result.stdout.split(separator: "\n").map(String.init).dropFirst()))
    }

    /// The built binary imports the file: it is published (the too-large requests rejected), leaves
    /// processing/, and the reseller's next file is imported after it.
    @Test func aRunPublishesAFileWithAmountsTooLargeAndGoesOn() throws {
        let sandbox = try PipelineSandbox("orderflow-extreme", catalog: Self.catalog("extreme.xml"))
        defer { sandbox.remove() }
        let tooLarge = try Data(contentsOf: URL(fileURLWithPath: Self.request("too-large.csv")))
        try sandbox.drop(Array(tooLarge), reseller: "R-EXT", name: "EXT-1.csv", mtime: PipelineSandbox.baseMtime)
        let next = """
            reseller,ref,account_type,company_name,contact_name,contact_email,country,city,postal_code,address_line1,plan,period,resource:DISK
            R-EXT,X-8,company,Initech GmbH,Bill Lumbergh,bill@initech.example,DE,Berlin,10115,Unter den Linden 2,PLN-BIG,1M,1

            """
        try sandbox.drop(next, reseller: "R-EXT", name: "EXT-2.csv", mtime: PipelineSandbox.baseMtime + 1)

        let result = try sandbox.run()
        #expect(result.terminationReason == .exit && result.exitCode == 65, "\(result.exitCode) \(result.stderr)")
        #expect(try sandbox.leftovers(in: sandbox.processing) == [])
        #expect(try sandbox.leftovers(in: sandbox.inbox) == [])
        let snapshot = try sandbox.snapshot()
        let first = String(decoding: snapshot["outbox/R-EXT/EXT-1/results.csv"] ?? [], as: UTF8.self)
        Self.expectRows(Array(first.split(separator: "\n").map(String.init).dropFirst()), ids: true)
        // X-8: DISK 1 TB × 1,000,000 + fee 1.00 = 1,000,001.00; VAT 190,000.19; total 1,190,001.19.
        let second = String(decoding: snapshot["outbox/R-EXT/EXT-2/results.csv"] ?? [], as: UTF8.self)
        #expect(second.contains("X-8,2,order,accepted,ACC-2,SO-2,Completed,SUB-2,Active,EUR,1000001.00,190000.19,1190001.19,"), "\(second)")
    }

    /// Two orders that each fit (X-1's 83,300,000,000,000,001.19 EUR) sum beyond what one amount
    /// holds: the receipt prints the exact sums, the run publishes and leaves processing/ empty.
    @Test func aReceiptSumsTwoOfTheLargestOrdersExactly() throws {
        let sandbox = try PipelineSandbox("orderflow-extreme-sum", catalog: Self.catalog("extreme.xml"))
        defer { sandbox.remove() }
        let drop = """
            reseller,ref,account_type,company_name,contact_name,contact_email,country,city,postal_code,address_line1,plan,period,resource:DISK
            R-EXT,X-1,company,Globex GmbH,Hank Scorpio,hank@globex.example,DE,Berlin,10115,Unter den Linden 1,PLN-BIG,1M,70000000000
            R-EXT,X-2,company,Initech GmbH,Bill Lumbergh,bill@initech.example,DE,Berlin,10115,Unter den Linden 2,PLN-BIG,1M,70000000000

            """
        try sandbox.drop(drop, reseller: "R-EXT", name: "EXT-SUM.csv", mtime: PipelineSandbox.baseMtime)
        let result = try sandbox.run()
        #expect(result.terminationReason == .exit && result.exitCode == 0, "\(result.exitCode) \(result.stderr)")
        #expect(try sandbox.leftovers(in: sandbox.processing) == [])
        let receipt = String(decoding: try sandbox.snapshot()["outbox/R-EXT/EXT-SUM/receipt.json"] ?? [], as: UTF8.self)
        // 2 × 70,000,000,000,000,001.00 net; 2 × 13,300,000,000,000,000.19 VAT; 2 × 83,300,000,000,000,001.19.
        #expect(receipt.contains(#""net": "140000000000000002.00""#), "\(receipt)")
        #expect(receipt.contains(#""tax": "26600000000000000.38""#))
        #expect(receipt.contains(#""total": "166600000000000002.38""#))
    }

    /// `catalog/tests/overflow.xml`: a fixed promo of 922,337,203,685,477 EUR in IDR at 17,000; the
    /// plan's threshold in IDR; the 1Y fee of 10^14 EUR in IDR (1.7 × 10^18 IDR); SEATS at its max
    /// of 10^12 × 100,000 EUR × 12 months: each beyond what OrderFlow holds. A run refuses the catalog.
    @Test func aCatalogThatCanOverflowIsRefused() throws {
        let path = Self.catalog("overflow.xml")
        let check = try CLI.run(["catalog", "check", path])
        #expect(check.exitCode == 65)
        // Each line is `PATH:line:col: error: [CODE] field: …`; the path may hold spaces.
        let found = check.stdout.split(separator: "\n").map { line in
            line.hasPrefix(path) ? line.dropFirst(path.count).split(separator: " ").prefix(4).joined(separator: " ") : String(line)
        }
        #expect(
            found == [
                ":8:0: error: [CATALOG_INVALID] amount:", ":10:0: error: [CATALOG_INVALID] blockingThreshold:",
                ":11:0: error: [CATALOG_INVALID] fee:", ":12:0: error: [CATALOG_INVALID] max:",
            ], "\(check.stdout)")
        #expect(check.stdout.contains("more than OrderFlow can hold exactly in IDR (at most 92233720368547758.07 IDR)"))

        let sandbox = try PipelineSandbox("orderflow-overflow", catalog: path)
        defer { sandbox.remove() }
        let run = try sandbox.run()
        #expect(run.exitCode == 78, "\(run.stderr)")
        #expect(run.stderr.contains("overflow.xml:12:0: error: [CATALOG_INVALID] max:"))
    }

    /// A `timeZone` that is no IANA zone name (`PST`: a fixed offset, no daylight saving time) is a
    /// catalog error, so a run refuses the catalog (exit 78) instead of judging by UTC or by PST.
    @Test func aRunRefusesACatalogWithAnUnknownTimeZone() throws {
        let folder = try TestPaths.temporaryFolder("orderflow-zone")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("zone.xml").path
        let text = try String(contentsOfFile: Self.catalog("unlimited.xml"), encoding: .utf8)
            .replacingOccurrences(of: #"invoicePrefix="UNL"/>"#, with: #"invoicePrefix="UNL" timeZone="PST"/>"#)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let check = try CLI.run(["catalog", "check", path])
        #expect(check.exitCode == 65)
        #expect(check.stdout.contains("\(path):5:0: error: [CATALOG_INVALID] timeZone: timeZone 'PST' is not an IANA time zone name"), "\(check.stdout)")

        let sandbox = try PipelineSandbox("orderflow-zone", settings: "lease: 2s", catalog: path)
        defer { sandbox.remove() }
        try sandbox.drop(try String(contentsOfFile: Self.request("unlimited.csv"), encoding: .utf8), reseller: "R-UNL", name: "UNL-1.csv")
        let run = try sandbox.run()
        #expect(run.exitCode == 78, "\(run.stderr)")
        #expect(try sandbox.leftovers(in: sandbox.inbox) == ["R-UNL/UNL-1.csv"])
    }
}
