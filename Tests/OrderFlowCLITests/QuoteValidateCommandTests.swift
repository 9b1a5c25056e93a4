import Foundation
import OrderFlowTestSupport
import Testing

@Suite struct QuoteValidateCommandTests {
    static let catalog = TestPaths.fixtures.appendingPathComponent("catalog/demo.xml").path
    static func request(_ name: String) -> String { TestPaths.fixtures.appendingPathComponent("requests/\(name)").path }

    /// The example batch (`requests/spec-example.xml`) against an empty ledger: A-1001 priced to
    /// the cent, the other three need a ledger and are rejected; the ids a run would assign are
    /// empty.
    @Test func quoteOfTheSpecExamplePricesTheFirstOrderByHand() throws {
        let result = try CLI.run([
            "quote", Self.request("spec-example.xml"), "--catalog", Self.catalog, "--as-of", "2026-11-22",
        ])
        #expect(result.exitCode == 65, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(rows.first == "ref,line,action,outcome,account_id,sales_order_id,sales_order_status,subscription_id,subscription_status,currency,net,tax,total,payment_id,invoice_number,error_code,error_field,error_message")
        // Lines in the plan currency (USD) converted at 0.921500 and rounded once each:
        // fee 100.00 → 92.15; setup 20.00 → 18.43; MAILBOX 15 × 1.00 → 13.82 and
        // 15 × 2.00 × 12 = 360.00 → 331.74; STORAGE 40 × 0.10 × 12 = 48.00 → 44.23.
        let lines: [Int64] = [9215, 1843, 1382, 33174, 4423]
        let recurring: [Int64] = [9215, 33174, 4423]
        // WELCOME10 applies to recurring lines: round(line × 10 / 100) each, half-up.
        let discount = recurring.map { ($0 * 10 + 50) / 100 }.reduce(0, +)
        let net = lines.reduce(0, +) - discount
        let tax = (net * 19 + 50) / 100
        #expect(discount == 4681)
        #expect((net, tax, net + tax) == (45356, 8618, 53974))
        #expect(rows[1] == "A-1001,2,order,accepted,,,WaitingForPayment,,WaitingForPayment,EUR,453.56,86.18,539.74,,,,,")
        #expect(rows[2].hasPrefix("A-1002,18,order,rejected,,,,,,,,,,,,UNKNOWN_ACCOUNT,account,"))
        #expect(rows[3].hasPrefix("A-0990,25,cancel,rejected,,,,,,,,,,,,UNKNOWN_ORDER,ref,"))
        #expect(rows[4].hasPrefix("A-1003,26,renewal,rejected,,,,,,,,,,,,UNKNOWN_ORDER,subscription,"))
        #expect(rows.count == 6 && rows[5].isEmpty)
    }

    /// The 3rd order has two errors: both are reported at that order's line, and the other four are judged.
    @Test func validateReportsBothErrorsOfTheThirdOrderAtItsLine() throws {
        let file = Self.request("third-order-two-errors.xml")
        let result = try CLI.run(["validate", file, "--catalog", Self.catalog, "--as-of", "2026-11-22"])
        #expect(result.exitCode == 65)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(result.stdout)")
        #expect(lines.allSatisfy { $0.hasPrefix("\(file):29:0: error: [") })
        #expect(lines.first?.contains("[DOMAIN_INVALID] domain: ") == true)
        #expect(lines.last?.contains("[TERMS_NOT_ACCEPTED] terms_version: ") == true)
        #expect(result.stderr.contains("5 requests, 1 invalid"))
    }

    @Test func validatePrintsLedgerChecksAsNotesWithoutFailing() throws {
        let file = Self.request("spec-example.xml")
        let result = try CLI.run(["validate", file, "--catalog", Self.catalog, "--as-of", "2026-11-22"])
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.contains(": note: [UNKNOWN_") })
    }

    @Test func quoteOfACSVDropStreamsItsRows() throws {
        let result = try CLI.run([
            "quote", Self.request("every-code.csv"), "--catalog", Self.catalog, "--as-of", "2026-11-22",
        ])
        #expect(result.exitCode == 65)
        let rows = result.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 69)
        #expect(rows.contains { $0.hasPrefix("E-DUPLICATE-1,64,order,duplicate,") })
    }

    @Test func aFileErrorFailsTheWholeFile() throws {
        let file = Self.request("../hostile/doctype-xxe.xml")
        let result = try CLI.run(["quote", file, "--catalog", Self.catalog, "--as-of", "2026-11-22"])
        #expect(result.exitCode == 65)
        #expect(result.stderr.contains("[XML_MALFORMED]"))
        #expect(!result.stdout.contains("root:"))
        #expect(!result.stderr.contains("root:"))
    }

    @Test func missingFileIsExit66AndBadCatalogExit78() throws {
        let missing = try CLI.run(["validate", "/nonexistent.xml", "--catalog", Self.catalog])
        #expect(missing.exitCode == 66)
        let badCatalog = try CLI.run(["quote", Self.request("spec-example.xml"), "--catalog", "/nonexistent-catalog.xml"])
        #expect(badCatalog.exitCode == 78)
    }

    @Test func schemaPrintsBothXSDs() throws {
        let orders = try CLI.run(["schema", "orders"])
        #expect(orders.exitCode == 0)
        #expect(orders.stdout.contains("urn:orderflow:orders:1"))
        let catalog = try CLI.run(["schema", "catalog"])
        #expect(catalog.stdout.contains("urn:orderflow:catalog:1"))
        #expect(try CLI.run(["schema", "invoices"]).exitCode != 0)
    }
}
