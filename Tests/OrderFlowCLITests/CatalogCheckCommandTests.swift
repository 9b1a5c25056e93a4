import Foundation
import Testing
import OrderFlowTestSupport

@Suite struct CatalogCheckCommandTests {
    @Test func demoCatalogIsClean() throws {
        let path = TestPaths.fixtures.appendingPathComponent("catalog/demo.xml").path
        let result = try CLI.run(["catalog", "check", path])
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix("ok\n"))
    }

    @Test func brokenCatalogReportsEveryProblemWithItsLine() throws {
        let folder = try TestPaths.temporaryFolder()
        let path = folder.appendingPathComponent("broken.xml").path
        let xml = """
            <catalog xmlns="urn:orderflow:catalog:1">
              <reseller id="R-X" name="X" currency="EUR" country="DE" invoicePrefix="X"/>
              <product id="P" name="P" service="saas">
                <plan id="PL" name="PL" currency="EUR">
                  <period id="1M" duration="P1M" fee="1.00"/>
                  <resource id="R" name="R" min="10" max="5"/>
                </plan>
              </product>
              <promo code="NOPE" percent="10" plans="NO-SUCH-PLAN"/>
            </catalog>
            """
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["catalog", "check", path])
        #expect(result.exitCode == 65)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count >= 2, "\(result.stdout)")
        #expect(lines.allSatisfy { $0.hasPrefix(path + ":") && $0.contains("error: [") })
    }
}

@Suite struct CatalogCheckNotesTests {
    /// The example catalog (`catalog/tests/spec-example.xml`) names R-MAPLE in a tax without
    /// defining it: a note, not a failure.
    @Test func notesAloneDoNotFail() throws {
        let path = TestPaths.fixtures.appendingPathComponent("catalog/tests/spec-example.xml").path
        let result = try CLI.run(["catalog", "check", path])
        #expect(result.exitCode == 0, "\(result.stdout)")
        #expect(result.stdout.contains("note: ["))
    }
}

@Suite struct CatalogCheckMissingFileTests {
    /// A catalog that does not exist is a missing FILE argument (66), not a catalog with errors (65).
    @Test func aMissingCatalogIsExit66() throws {
        let path = try TestPaths.temporaryFolder().appendingPathComponent("no-such-catalog.xml").path
        let result = try CLI.run(["catalog", "check", path])
        #expect(result.exitCode == 66, "\(result.stderr)")
        #expect(result.stderr.contains("no such file"))
        #expect(result.stdout.isEmpty)
    }
}
