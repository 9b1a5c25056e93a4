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
}
