import Foundation
import OrderFlowTestSupport
import Testing

/// GettingStarted.md, "The nights after": the demo's statement and approval of
/// `Fixtures/demo-later/`, run with the three pipelines of `pipelines/` as a user would, give what
/// the article shows.
@Suite struct DemoLaterTests {
    @Test func theStatementAndTheApprovalMoveTheDemoOn() throws {
        let (root, demo) = try DemoRunTests.demoLayout()
        defer { try? FileManager.default.removeItem(at: root) }
        for name in ["reconcile.yaml", "provision.yaml"] {
            try FileManager.default.copyItem(
                at: TestPaths.packageRoot.appendingPathComponent("pipelines/\(name)"),
                to: root.appendingPathComponent("pipelines/\(name)"))
        }
        #expect(try CLI.run(["run", demo]).exitCode == 65)
        let later = TestPaths.fixtures.appendingPathComponent("demo-later")
        let var_ = root.appendingPathComponent("var")
        for (folder, file) in [("statements", "ACME-STMT-20261201.csv"), ("approvals", "ACME-APPROVALS-20261201.csv")] {
            let inbox = var_.appendingPathComponent("\(folder)/R-ACME")
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: later.appendingPathComponent(file), to: inbox.appendingPathComponent(file))
        }
        let reconcile = try CLI.run(["run", root.appendingPathComponent("pipelines/reconcile.yaml").path, "--as-of", "2026-12-01"])
        #expect(reconcile.exitCode == 65, "one line is unmatched: \(reconcile.stderr)")
        let provision = try CLI.run(["run", root.appendingPathComponent("pipelines/provision.yaml").path, "--as-of", "2026-12-01"])
        #expect(provision.exitCode == 0, "\(provision.stderr)")

        func records(_ path: String) throws -> [[String: String]] {
            PipelineSandbox.csvRecords(try [UInt8](Data(contentsOf: var_.appendingPathComponent("outbox/R-ACME/\(path)"))))
        }
        // The article's table: PAY-1 539.74 (A-2001's total) in full, PAY-3 20.00 of its 46.08
        // top-up (26.08 still due), 12.00 EUR with no reference.
        let lines = try records("ACME-STMT-20261201/reconciliation.csv").map {
            [$0["line"], $0["amount"], $0["reference"], $0["outcome"], $0["payment_id"], $0["sales_order_id"],
             $0["amount_applied"], $0["payment_status"]].map { $0 ?? "" }
        }
        #expect(lines == [
            ["2", "539.74", "RF32PAY1", "matched", "PAY-1", "SO-1", "539.74", "Paid"],
            ["3", "20.00", "RF75PAY3", "partial", "PAY-3", "SO-3", "20.00", "PartiallyPaid"],
            ["4", "12.00", "invoice 2026-17", "unmatched", "", "", "", ""],
        ])
        // A-2001 is 1Y of Hosted Mail: from the booking date to the day before 2027-12-01.
        #expect(try records("ACME-STMT-20261201/activations.csv") == [[
            "sales_order_id": "SO-1", "subscription_id": "SUB-1", "sales_order_status": "Completed",
            "subscription_status": "Active", "service_start": "2026-12-01", "service_end": "2027-11-30",
        ]])
        #expect(try records("ACME-APPROVALS-20261201/results.csv").map { $0["outcome"] } == ["accepted"])
        let approved = try records("ACME-APPROVALS-20261201/provisioning.csv")
        #expect(approved.map { $0["event"] } == ["activate"] && approved.first?["sales_order_id"] == "SO-9")
        #expect(approved.first?["unit_parameters"]?.contains("\"username\":\"lucius\"") == true)
        #expect(try records("provision-2026-12-01/provisioning.csv").map { [$0["event"], $0["sales_order_id"]] } == [["activate", "SO-8"]])
    }
}
