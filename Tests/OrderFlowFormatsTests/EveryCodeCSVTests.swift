import Foundation
import Testing
import OrderFlowCore
import OrderFlowTestSupport
@testable import OrderFlowFormats

/// `Fixtures/requests/every-code.csv`: each ref names the code its request must produce
/// (`E-<CODE>-<n>`). A request that sets up a later one must be accepted: n = 0, or the first of
/// two requests with the same ref (`Fixtures/README.md`); `E-DUPLICATE` expects the `duplicate` outcome.
@Suite struct EveryCodeCSVTests {
    @Test func eachRequestGivesTheCodeItsRefNames() throws {
        let catalog = try CatalogReader.load(path: TestPaths.fixtures.appendingPathComponent("catalog/demo.xml").path)
        let path = TestPaths.fixtures.appendingPathComponent("requests/every-code.csv").path
        var judge: BatchJudge?
        var ids = NoIdentifiers()
        var checked = 0
        let all = try CSVRequestReader(path: path, batchId: "every-code", expectedReseller: nil).readAll().requests
        var remaining: [String: Int] = [:]
        for raw in all { remaining[raw.ref ?? "", default: 0] += 1 }
        try CSVRequestReader(path: path, batchId: "every-code", expectedReseller: nil).read(
            header: { header in
                let reseller = try #require(catalog.reseller(id: header.reseller ?? ""))
                judge = BatchJudge(
                    context: JudgeContext(catalog: catalog, reseller: reseller, asOf: CalendarDate(iso: "2026-11-22")!),
                    history: EmptyHistory())
            },
            request: { raw in
                let judged = judge!.judge(raw, ids: &ids)
                let parts = (raw.ref ?? "").split(separator: "-")
                guard parts.count >= 3, parts.first == "E" else { return }
                let expected = parts[1..<(parts.count - 1)].joined(separator: "-")
                let ref = raw.ref!
                remaining[ref]! -= 1
                if parts.last == "0" || remaining[ref]! > 0 {
                    #expect(judged.outcome == .accepted, "\(raw.ref!): \(judged.errors)")
                } else if expected == "DUPLICATE" {
                    #expect(judged.outcome == .duplicate, "\(raw.ref!): \(judged.errors)")
                } else {
                    #expect(judged.result.errorCode?.rawValue == expected, "\(raw.ref!): \(judged.errors)")
                }
                checked += 1
            })
        #expect(checked > 40)
    }
}
