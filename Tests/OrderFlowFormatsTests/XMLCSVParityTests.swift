import Foundation
import Testing
import OrderFlowCore
import OrderFlowTestSupport
@testable import OrderFlowFormats

/// `Fixtures/requests/parity.xml` and `parity.csv` hold the same 16 requests: both readers must
/// give the same values, and the judge the same results (but for the line).
@Suite struct XMLCSVParityTests {
    struct Resource: Hashable {
        var id: String
        var amount: String
    }

    static func both() throws -> (xml: [RawRequest], csv: [RawRequest]) {
        let xml = try XMLFixtures.read("parity.xml", expectedReseller: "R-ACME")
        let csv = try CSVRequestReader(path: XMLFixtures.path("parity.csv"), batchId: "parity", expectedReseller: "R-ACME")
            .readAll()
        #expect(xml.header.reseller == csv.header.reseller)
        #expect(xml.header.batchId == csv.header.batchId)
        return (xml.requests, csv.requests)
    }

    @Test func bothReadersGiveTheSameValues() throws {
        let (xml, csv) = try Self.both()
        #expect(xml.count == 16)
        #expect(xml.count == csv.count)
        for (x, c) in zip(xml, csv) {
            let ref = x.ref ?? ""
            #expect(x.action == c.action, "\(ref)")
            for field in RequestField.allCases {
                #expect(x[field] == c[field], "\(ref): \(field.name) XML \(x[field] ?? "nil") CSV \(c[field] ?? "nil")")
            }
            #expect(x.values == c.values, "\(ref)")
            #expect(
                Set(x.resources.map { Resource(id: $0.id, amount: $0.amount) })
                    == Set(c.resources.map { Resource(id: $0.id, amount: $0.amount) }), "\(ref)")
            #expect(RequestContent.digest(of: x) == RequestContent.digest(of: c), "\(ref)")
            #expect(x.readerErrors.isEmpty && c.readerErrors.isEmpty, "\(ref)")
        }
    }

    @Test func bothAreJudgedAlike() throws {
        let (xml, csv) = try Self.both()
        let judgedXML = try XMLFixtures.judge(xml, reseller: "R-ACME")
        let judgedCSV = try XMLFixtures.judge(csv, reseller: "R-ACME")
        for (x, c) in zip(judgedXML, judgedCSV) {
            var xResult = x.result
            var cResult = c.result
            xResult.line = 0
            cResult.line = 0
            #expect(xResult == cResult, "\(x.raw.ref ?? "")")
            #expect(x.outcome == c.outcome)
            #expect(x.contentDigest == c.contentDigest)
            let strip: (Diagnostic) -> Diagnostic = { var d = $0; d.location = .unknown; return d }
            #expect(x.diagnostics.map(strip) == c.diagnostics.map(strip), "\(x.raw.ref ?? "")")
        }
        #expect(judgedXML.map(\.result.line) == [7, 21, 36, 45, 58, 68, 81, 91, 103, 108, 118, 119, 129, 130, 133, 143])
        #expect(judgedXML.map(\.outcome).filter { $0 == .accepted }.count == 8)
        #expect(judgedXML[11].outcome == .duplicate)
    }
}
