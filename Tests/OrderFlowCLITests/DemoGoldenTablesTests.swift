import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

/// `Fixtures/golden/demo` against the tables of `Fixtures/README.md`, worked out by hand from the
/// catalog and the drops: `DemoRunTests` shows the run writes the goldens byte for byte, these
/// show the goldens say what the tables say, so a golden is never just what the code once wrote.
/// The hand-written sums of the receipt tables are checked against the rows they add up.
@Suite struct DemoGoldenTablesTests {
    static let drops = [
        "R-ACME/ACME-20261122-01.xml", "R-ACME/ACME-20261122-02.csv", "R-MAPLE/MAPLE-20261122-01.xml",
        "R-MAPLE/MAPLE-20261122-02.csv", "R-NIPPON/NIPPON-20261122-01.xml",
    ]

    /// The README's tables for one drop, and its golden folder.
    struct Expected {
        var drop: URL
        var golden: URL
        var results: [[String: String]]
        var payments: [[String: String]]
        var receiptPayments: [[String: String]]
        var receiptTotals: [[String: String]]

        var reseller: String { drop.deletingLastPathComponent().lastPathComponent }
        var batchId: String { drop.deletingPathExtension().lastPathComponent }

        init(_ drop: String) throws {
            let readme = try String(contentsOf: TestPaths.fixtures.appendingPathComponent("README.md"), encoding: .utf8)
            let section = try #require(MarkdownTable.section("#### `drops/\(drop)`", of: readme), "no section for \(drop)")
            let tables = MarkdownTable.all(in: section)
            func table(_ first: String) throws -> [[String: String]] {
                try #require(tables.first { $0.header.first == first }, "\(drop): no table starting '\(first)'").records
            }
            self.drop = TestPaths.fixtures.appendingPathComponent("drops/\(drop)")
            golden = TestPaths.fixtures.appendingPathComponent("golden/demo")
                .appendingPathComponent(String(drop.split(separator: "/")[0]))
                .appendingPathComponent(URL(fileURLWithPath: drop).deletingPathExtension().lastPathComponent)
            results = try table("ref")
            payments = try table("payment_id")
            receiptPayments = try table("receipt kind")
            receiptTotals = try table("receipt currency")
        }

        func goldenCSV(_ name: String) throws -> [[String: String]] {
            PipelineSandbox.csvRecords(Array(try Data(contentsOf: golden.appendingPathComponent(name))))
        }

        /// The accepted order row of `ref` in the requests table.
        func order(_ ref: String?) throws -> [String: String] {
            try #require(results.first { $0["ref"] == ref && $0["action"] == "order" && $0["outcome"] == "accepted" })
        }
    }

    /// `EUR net 453.56 tax 86.18 total 539.74 (…)` → the four cells `results.csv` holds.
    static func amounts(_ cell: String?) -> (currency: String, net: String, tax: String, total: String)? {
        let words = (cell ?? "").split(separator: " ").map { String($0.trimmingCharacters(in: CharacterSet(charactersIn: ";,"))) }
        guard words.count >= 7, words[1] == "net", words[3] == "tax", words[5] == "total" else { return nil }
        return (words[0], words[2], words[4], words[6])
    }

    /// Decimal text in minor units (`12.30` → 1230, `49081` → 49081); the tables write every
    /// amount with its currency's decimals.
    static func minorUnits(_ text: String?) throws -> Int64 {
        let text = try #require(text)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count <= 2 && parts.allSatisfy { !$0.isEmpty }, "'\(text)' is not an amount")
        return try #require(Int64(parts.joined()), "'\(text)' is not an amount")
    }

    @Test(arguments: drops) func resultsCSVSaysWhatTheTableSays(drop: String) throws {
        let expected = try Expected(drop)
        let golden = try expected.goldenCSV("results.csv")
        #expect(golden.count == expected.results.count)
        for (row, table) in zip(golden, expected.results) {
            let at = "\(drop) \(table["ref"] ?? "") line \(table["line"] ?? "")"
            for column in ["ref", "action", "line", "outcome"] { #expect(row[column] == table[column], "\(at): \(column)") }
            if table["outcome"] == "rejected" {
                #expect(row["error_code"] == table["status / code"], "\(at)")
                #expect(row["error_field"] == table["subscription / field"], "\(at)")
                continue
            }
            #expect(row["sales_order_status"] == table["status / code"], "\(at)")
            #expect(row["subscription_status"] == table["subscription / field"]?.split(separator: " ").first.map(String.init), "\(at)")
            let amounts = try #require(Self.amounts(table["amounts"]), "\(at): amounts not worked out")
            #expect(
                [row["currency"], row["net"], row["tax"], row["total"]] == [amounts.currency, amounts.net, amounts.tax, amounts.total],
                "\(at)")
        }
    }

    @Test(arguments: drops) func paymentsCSVSaysWhatTheTableSays(drop: String) throws {
        let expected = try Expected(drop)
        let golden = try expected.goldenCSV("payments.csv")
        let results = try expected.goldenCSV("results.csv")
        #expect(golden.count == expected.payments.count)
        for (row, table) in zip(golden, expected.payments) {
            let at = "\(drop) \(table["payment_id"] ?? "")"
            for column in ["payment_id", "kind", "amount", "currency", "status", "due_date", "remittance_reference"] {
                #expect(row[column] == table[column], "\(at): \(column)")
            }
            // The payment belongs to the request the table names…
            let request = try #require(results.first { $0["ref"] == table["ref"] && $0["action"] == "order" })
            #expect(row["sales_order_id"] == request["sales_order_id"] && row["account_id"] == request["account_id"], "\(at)")
            #expect(request["payment_id"] == row["payment_id"], "\(at)")
            // …and asks for what the requests table priced: the order's total, or its top-up.
            let order = try expected.order(table["ref"])
            if table["kind"] == "topup" {
                #expect(order["amounts"]?.contains("top-up \(table["amount"] ?? "")") == true, "\(at)")
            } else {
                let amounts = try #require(Self.amounts(order["amounts"]))
                #expect(amounts.total == table["amount"] && amounts.currency == table["currency"], "\(at)")
            }
        }
    }

    @Test(arguments: drops) func receiptSaysWhatTheTablesSayAndTheTablesAddUp(drop: String) throws {
        let expected = try Expected(drop)
        let data = try Data(contentsOf: expected.golden.appendingPathComponent("receipt.json"))
        let receipt = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])

        var digest = SHA256()
        digest.update(Array(try Data(contentsOf: expected.drop)))
        #expect(receipt["sha256"] as? String == SHA256.hex(digest.finalize()))
        #expect(receipt["batchId"] as? String == expected.batchId)
        #expect(receipt["reseller"] as? String == expected.reseller)
        #expect(receipt["fileName"] as? String == expected.drop.lastPathComponent)
        #expect(receipt["asOf"] as? String == "2026-11-22")
        #expect(receipt["onInvalidOrder"] as? String == "reject-order")

        // Counts: the requests table, row by row.
        #expect(receipt["requests"] as? Int == expected.results.count)
        var counts: [String: [String: Int]] = [:]
        for row in expected.results {
            counts[row["action"] ?? "", default: ["accepted": 0, "rejected": 0, "duplicate": 0]][row["outcome"] ?? ""]! += 1
        }
        #expect(receipt["counts"] as? [String: [String: Int]] == counts)

        // Payments: the receipt table, which must be the payments table grouped and added up.
        let payments = try #require(receipt["payments"] as? [[String: Any]])
        #expect(payments.map { Self.cells($0, ["kind", "status", "currency", "count", "amount"]) }
            == expected.receiptPayments.map { Self.cells($0, ["receipt kind", "status", "currency", "count", "amount"]) })
        var grouped: [[String]: (count: Int, amount: Int64)] = [:]
        for payment in expected.payments {
            let key = [payment["kind"] ?? "", payment["status"] ?? "", payment["currency"] ?? ""]
            grouped[key, default: (0, 0)].count += 1
            grouped[key, default: (0, 0)].amount += try Self.minorUnits(payment["amount"])
        }
        #expect(grouped.count == expected.receiptPayments.count, "\(drop): a payment group missing from the receipt table")
        for line in expected.receiptPayments {
            let sum = grouped[[line["receipt kind"] ?? "", line["status"] ?? "", line["currency"] ?? ""]]
            #expect(sum?.count == Int(line["count"] ?? ""), "\(drop) \(line): count")
            #expect(try sum?.amount == Self.minorUnits(line["amount"]), "\(drop) \(line): amount")
        }

        // Totals: the receipt table, which must be the accepted orders of the requests table added up
        // (cancels and duplicates are not summed).
        let totals = try #require(receipt["totals"] as? [[String: Any]])
        #expect(totals.map { Self.cells($0, ["currency", "net", "tax", "total"]) }
            == expected.receiptTotals.map { Self.cells($0, ["receipt currency", "net", "tax", "total"]) })
        var sums: [String: [Int64]] = [:]
        for row in expected.results where row["outcome"] == "accepted" && row["action"] != "cancel" {
            let amounts = try #require(Self.amounts(row["amounts"]), "\(drop) \(row["ref"] ?? ""): amounts")
            let values = [try Self.minorUnits(amounts.net), try Self.minorUnits(amounts.tax), try Self.minorUnits(amounts.total)]
            sums[amounts.currency] = zip(sums[amounts.currency] ?? [0, 0, 0], values).map { $0 + $1 }
        }
        #expect(sums.count == expected.receiptTotals.count, "\(drop): a currency missing from the receipt table")
        for line in expected.receiptTotals {
            let written = [try Self.minorUnits(line["net"]), try Self.minorUnits(line["tax"]), try Self.minorUnits(line["total"])]
            #expect(sums[line["receipt currency"] ?? ""] == written, "\(drop) \(line): totals")
        }
    }

    @Test(arguments: drops) func rejectedHoldsTheRejectedRequestsVerbatimWithTheirFirstError(drop: String) throws {
        let expected = try Expected(drop)
        let rejected = expected.results.filter { $0["outcome"] == "rejected" }
        let format = expected.drop.pathExtension
        let file = expected.golden.appendingPathComponent("rejected.\(format)")
        guard !rejected.isEmpty else {
            #expect(!FileManager.default.fileExists(atPath: file.path), "\(drop): nothing rejected, no rejected.\(format)")
            return
        }
        let source = String(decoding: try Data(contentsOf: expected.drop), as: UTF8.self)
            .replacingOccurrences(of: "\u{FEFF}", with: "").replacingOccurrences(of: "\r\n", with: "\n")
        let sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let text = try String(contentsOf: file, encoding: .utf8)
        if format == "csv" {
            let lines = text.split(separator: "\n").map { String($0) }
            #expect(lines.first == String(sourceLines[0]) + ",error_code,error_message")
            #expect(lines.count == rejected.count + 1)
            for (line, row) in zip(lines.dropFirst(), rejected) {
                let original = String(sourceLines[try #require(Int(row["line"] ?? "")) - 1])
                let code = row["status / code"] ?? ""
                #expect(line.hasPrefix(original + "," + code + ",") || line.hasPrefix(original + "," + code + ";"),
                        "\(drop) \(row["ref"] ?? ""): the drop's row, then its first error \(code)")
            }
            return
        }
        #expect(text.contains("reseller=\"\(expected.reseller)\" batchId=\"\(expected.batchId)-R1\""))
        let blocks = text.components(separatedBy: "  <!-- line ").dropFirst()
        #expect(blocks.count == rejected.count)
        for (block, row) in zip(blocks, rejected) {
            let at = "\(drop) \(row["ref"] ?? "")"
            let start = try #require(Int(row["line"] ?? ""))
            let comment = block.components(separatedBy: "  -->\n")
            try #require(comment.count == 2, "\(at): one comment, then the request")
            #expect(comment[0].hasPrefix("\(start) of \(expected.drop.lastPathComponent):\n"), "\(at)")
            let first = comment[0].split(separator: "\n").dropFirst().first?.trimmingCharacters(in: .whitespaces)
            #expect(first?.hasPrefix("[\(row["status / code"] ?? "")] \(row["subscription / field"] ?? ""):") == true, "\(at)")
            let request = Self.request(in: sourceLines, from: start).joined(separator: "\n") + "\n"
            #expect(comment[1].replacingOccurrences(of: "</orderBatch>\n", with: "") == request, "\(at): verbatim from the drop")
        }
    }

    /// The request as written: from its start tag's line (1-based) to the line that closes it.
    static func request(in lines: [Substring], from start: Int) -> ArraySlice<Substring> {
        let first = start - 1
        if lines[first].hasSuffix("/>") { return lines[first...first] }
        let name = lines[first].drop { $0 != "<" }.dropFirst().prefix { $0 != " " && $0 != ">" }
        var end = first
        while end + 1 < lines.count, lines[end].trimmingCharacters(in: .whitespaces) != "</\(name)>" { end += 1 }
        return lines[first...end]
    }

    static func cells(_ object: [String: Any], _ keys: [String]) -> [String] {
        keys.map { key in object[key].map { "\($0)" } ?? "" }
    }
}
