import Foundation
import Testing

/// A file of the wrong format in a later job's inbox fails whole with `UNSUPPORTED_FORMAT` and a
/// message naming what that job takes (Statements.md, Approvals.md), not the import's order drops.
@Suite struct JobFormatTests {
    @Test func aStatementOrApprovalOfAnotherFormatIsRefusedInItsJobsWords() throws {
        let sandbox = try DemoLedger.copy("orderflow-job-formats")
        defer { sandbox.remove() }
        try sandbox.dropStatement("booking_date,amount,currency,reference\n", name: "stmt.txt")
        #expect(try sandbox.reconcile(asOf: "2026-12-01").exitCode == 65)
        let statement = String(decoding: try Data(contentsOf: sandbox.failed.appendingPathComponent("R-ACME/stmt.txt.errors.csv")), as: UTF8.self)
        #expect(statement.contains("UNSUPPORTED_FORMAT") && statement.contains("drop bank statements as camt.053 XML"))

        try sandbox.addProvisionPipeline()
        let folder = sandbox.approvals.appendingPathComponent("R-ACME")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("<approvals/>".utf8).write(to: folder.appendingPathComponent("approvals.xml"))
        #expect(try sandbox.provision(asOf: "2026-12-01").exitCode == 65)
        let approval = String(decoding: try Data(contentsOf: sandbox.failed.appendingPathComponent("R-ACME/approvals.xml.errors.csv")), as: UTF8.self)
        #expect(approval.contains("UNSUPPORTED_FORMAT") && approval.contains("drop approvals as CSV"))
    }
}
