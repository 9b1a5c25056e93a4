import Foundation
import OrderFlowTestSupport
import Testing

/// DropFiles.md, "Limits", on the built binary: a hostile drop fails (XML) or rejects its row (CSV)
/// with its code, at a cost bounded by the limits, and a good drop beside it is still published.
@Suite struct DropLimitRunTests {
    static let goodXML = TestPaths.fixtures.appendingPathComponent("drops/R-ACME/ACME-20261122-01.xml")
    static let goodCSV = TestPaths.fixtures.appendingPathComponent("drops/R-ACME/ACME-20261122-02.csv")

    private static func size(_ url: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int) ?? 0
    }

    @Test func anOrderWithAHundredThousandAttributesFailsAndTheGoodFileIsPublished() throws {
        let box = try FileFailureTests.Sandbox()
        // The issue's file: 110,000 attributes on one <order> (1 MB) took 23 s and wrote a 17.7 MB rejected.xml.
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<orderBatch xmlns=\"urn:orderflow:orders:1\" reseller=\"R-ACME\" batchId=\"ACME-ATTR\">\n<order ref=\"X-1\""
        for index in 0..<110_000 { text += " a\(index)=\"1\"" }
        text += "/>\n</orderBatch>\n"
        try text.write(to: box.inbox.appendingPathComponent("ACME-ATTR.xml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: Self.goodXML, to: box.inbox.appendingPathComponent("ACME-20261122-01.xml"))
        let result = try box.run()
        #expect(result.exitCode == 65, "\(result.stderr)")
        let errors = try #require(box.failed("ACME-ATTR.xml.errors.csv"))
        #expect(errors.contains("\n3,"), "the 65th attribute's line")
        #expect(errors.contains(",LIMIT_EXCEEDED,order,<order> has more than 64 attributes"))
        #expect(!FileManager.default.fileExists(atPath: box.root.appendingPathComponent("outbox/R-ACME/ACME-ATTR").path))
        #expect(FileManager.default.fileExists(
            atPath: box.root.appendingPathComponent("outbox/R-ACME/ACME-20261122-01/results.csv").path))
    }

    @Test func aTwentyMegabyteCellRejectsItsRowAndTheLedgerKeepsACutCopy() throws {
        let box = try FileFailureTests.Sandbox()
        let good = try String(contentsOf: Self.goodCSV, encoding: .utf8)
        // The first request's promo code becomes 20 MB (the issue's 200 MB cell took 916 MB and 192 MB of ledger).
        let huge = good.replacingOccurrences(of: ",FIVEOFF,", with: ",\(String(repeating: "Z", count: 20_000_000)),")
        try huge.write(to: box.inbox.appendingPathComponent("ACME-HUGE.csv"), atomically: true, encoding: .utf8)
        let result = try box.run()
        #expect(result.exitCode == 65, "\(result.stderr)")
        let outbox = box.root.appendingPathComponent("outbox/R-ACME/ACME-HUGE")
        let results = try String(contentsOf: outbox.appendingPathComponent("results.csv"), encoding: .utf8)
        #expect(results.contains("A-2101,2,order,rejected,,,,,,,,,,,,VALUE_TOO_LONG,promo_code,"), "\(results.prefix(2000))")
        // The other requests are judged as without the long cell (A-2102 is accepted in the fixture).
        #expect(results.contains("A-2102,3,order,accepted,"))
        let rejected = try String(contentsOf: outbox.appendingPathComponent("rejected.csv"), encoding: .utf8)
        #expect(rejected.contains(",\"\(String(repeating: "Z", count: 4_096))\","))
        #expect(!rejected.contains(String(repeating: "Z", count: 4_097)))
        #expect(Self.size(outbox.appendingPathComponent("rejected.csv")) < 100_000)
        #expect(Self.size(box.root.appendingPathComponent("ledger.sqlite")) < 2_000_000)
    }
}
