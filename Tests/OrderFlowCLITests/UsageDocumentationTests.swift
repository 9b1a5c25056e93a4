import Foundation
import OrderFlowCore
import OrderFlowFormats
import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

/// Billing.md cannot drift from the usage reader and the job: every column the reader accepts,
/// every code a usage row or file can get and every column of the drop's `results.csv` is in the
/// article, and every diagnostic it prints for a fixture is the one the reader gives.
@Suite struct UsageDocumentationTests {
    static func billing() throws -> String { try DocumentationTests.article("Billing") }

    /// The text of the first fenced block after the line that ends with `marker`, with its last
    /// line ending.
    static func block(after marker: String) throws -> String {
        let text = try billing()
        let start = try #require(text.range(of: marker + "\n\n```\n"), "Billing.md has no block after \(marker)")
        let rest = text[start.upperBound...]
        let end = try #require(rest.range(of: "\n```\n"))
        return String(rest[..<end.lowerBound]) + "\n"
    }

    @Test func everyColumnAndCodeHasItsRow() throws {
        let names = DocumentationTests.tableNames(try Self.billing())
        let columns = UsageCSVReader.requiredColumns + UsageCSVReader.ignoredColumns
        #expect(DocumentationTests.missing(columns, from: names).isEmpty, "Billing.md lacks the columns \(DocumentationTests.missing(columns, from: names))")
        // The reader's codes, and those the job gives a row after reading it.
        let codes = try DocumentationTests.codes(namedIn: "OrderFlowFormats/Usage") + ["USAGE_MONTH_BILLED"]
        #expect(codes.count >= 10, "the usage reader's codes were found: \(codes)")
        #expect(DocumentationTests.missing(codes, from: names).isEmpty, "Billing.md lacks a table row for \(DocumentationTests.missing(codes, from: names))")
        let results = UsageResultsFile.columns
        #expect(DocumentationTests.missing(results, from: names).isEmpty, "Billing.md lacks results.csv columns \(DocumentationTests.missing(results, from: names))")
        let text = try Self.billing()
        let keys = ["batchId", "reseller", "fileName", "sha256", "asOf", "rows", "outcomes", "accepted", "rejected"]
        #expect(keys.allSatisfy { text.contains("`\($0)`") }, "Billing.md names every receipt.json key")
    }

    /// Each `Fixtures/usage/…: error: …` line of the article is what reading that file gives.
    @Test func everyPrintedDiagnosticIsTheReaders() throws {
        let printed = try Self.billing().split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix("Fixtures/usage/") && $0.contains(": error: [") }
        #expect(printed.count >= 7)
        for line in printed {
            let path = String(line.prefix { $0 != ":" })
            let reader = try UsageCSVReader(path: TestPaths.packageRoot.appendingPathComponent(path).path)
            var given: [Diagnostic] = []
            do {
                try reader.read { given += $0.problems }
            } catch let error as FileError {
                given += error.diagnostics
            }
            let formatted = given.map { $0.formatted(file: path) }
            #expect(formatted.contains(line), "\(path) gives \(formatted), not \(line)")
        }
    }

    /// The example drop the article shows is the fixture, byte for byte.
    @Test func theExampleIsTheFixture() throws {
        let fixture = try String(contentsOf: TestPaths.fixtures.appendingPathComponent("usage/ACME-USAGE-2026-11.csv"), encoding: .utf8)
        #expect(try Self.block(after: "(<doc:GettingStarted>):") == fixture)
    }
}

/// The monthly run's own outputs (Billing.md, "Outputs of a month"), named in code type, so the
/// article keeps up with `results.csv`, `suspensions.csv` and the receipt.
@Suite struct BillingDocumentationTests {
    @Test func everyBillingOutputColumnAndKeyIsDocumented() throws {
        let text = try UsageDocumentationTests.billing()
        let receipt = ["subscriptions", "outcomes", "billed", "suspensions", "net", "tax", "total"]
        let words = BillResultsFile.columns + SuspensionsFile.columns + BillRow.outcomes + receipt + ["usageGraceDays"]
        let undocumented = words.filter { !text.contains("`\($0)`") }
        #expect(undocumented.isEmpty, "Billing.md does not name \(undocumented)")
    }
}
