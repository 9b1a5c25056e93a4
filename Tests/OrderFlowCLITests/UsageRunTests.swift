import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

/// The billing job's usage drops end to end (Billing.md, usage drops): the real binary on a copy
/// of the imported demo (``UsageLedger``). Every expected output is written out here by hand from
/// the demo's subscriptions and the catalog, never copied from a run.
@Suite struct UsageRunTests {
    static let unknownOrder = ": use the subscription_id of an accepted order (results.csv of its batch)."
    static let vmResources = ": use one of VCPU, RAM, DISK, IPV4."
    static let notQuantity = " is not a quantity: write the units used as a whole number, digits only, without sign, decimal point or separator (for example 20)."
    static let billed = "2026-11 was billed for R-ACME on 2026-12-01 (billing-2026-11): usage of a billed month is no longer added; remove the row, and correct that bill by hand if it must change."

    @Test func aUsageDropStoresItsGoodRowsAndRejectsEachOtherWithItsCode() throws {
        let sandbox = try UsageLedger.filled("orderflow-usage-codes")
        defer { sandbox.remove() }
        let run = try sandbox.bill(asOf: "2027-01-05")
        #expect(run.terminationReason == .exit && run.exitCode == 65, "\(run.stderr)")
        #expect(run.stderr.contains("billing.yaml: 2 batches published, 12 usage rows or subscription months rejected, 0 files failed, 0 unsafe entries."), "\(run.stderr)")

        // The checks in their order: what the reader found, then the subscription (of this
        // reseller), the resource (of its plan), the month (not billed). SUB-3 and SUB-4 are not
        // active (their top-ups are unpaid): their rows are stored all the same.
        let results = try sandbox.outboxText("R-ACME", "ACME-USAGE-2026-12", "results.csv")
        #expect(results == """
            line,subscription_id,date,resource,quantity,outcome,error_code,error_field,error_message
            2,SUB-5,2026-12-01,VCPU,4,accepted,,,
            3,SUB-5,2026-12-02,RAM,16,accepted,,,
            4,SUB-3,2026-12-02,EGRESS,1200,accepted,,,
            5,SUB-4,2026-12-31,DISK,0,accepted,,,
            6,SUB-19,2026-12-02,VCPU,2,rejected,UNKNOWN_ORDER,subscription,R-ACME has no subscription SUB-19\(Self.unknownOrder)
            7,SUB-999,2026-12-02,VCPU,2,rejected,UNKNOWN_ORDER,subscription,R-ACME has no subscription SUB-999\(Self.unknownOrder)
            8,SUB-5,2026-12-02,STORED,5,rejected,UNKNOWN_RESOURCE,resource,"Plan PLN-VM-BIZ of SUB-5 has no resource 'STORED'\(Self.vmResources)"
            9,SUB-5,2026-11-30,VCPU,4,rejected,USAGE_MONTH_BILLED,date,"\(Self.billed)"
            10,SUB-5,2026-12-32,VCPU,4,rejected,INVALID_VALUE,date,'2026-12-32' is not a calendar day: write YYYY-MM-DD (for example 2026-11-03).
            11,SUB-5,2026-12-03,VCPU,-4,rejected,INVALID_VALUE,quantity,"'-4'\(Self.notQuantity)"
            12,SUB-999,2026-11-30,STORED,x,rejected,INVALID_VALUE,quantity,"'x'\(Self.notQuantity)"
            13,SUB-999,2026-11-30,STORED,1,rejected,UNKNOWN_ORDER,subscription,R-ACME has no subscription SUB-999\(Self.unknownOrder)
            14,SUB-5,2026-11-30,STORED,1,rejected,UNKNOWN_RESOURCE,resource,"Plan PLN-VM-BIZ of SUB-5 has no resource 'STORED'\(Self.vmResources)"
            15,SUB-5,2026-12-02,'=1+2,5,rejected,UNKNOWN_RESOURCE,resource,"Plan PLN-VM-BIZ of SUB-5 has no resource '=1+2'\(Self.vmResources)"
            16,,2026-12-03,VCPU,,rejected,MISSING_FIELD,subscription,The row has no subscription: write the subscription_id the usage was measured on (SUB-1234).

            """)

        // The rejected rows as written (no spreadsheet escaping), each with every error (line 16
        // lacks two values), under the input's header: fixed, the file can be dropped again.
        let rejected = try sandbox.outboxText("R-ACME", "ACME-USAGE-2026-12", "rejected.csv")
        #expect(rejected == """
            subscription,date,resource,quantity,error_code,error_message
            SUB-19,2026-12-02,VCPU,2,UNKNOWN_ORDER,subscription: R-ACME has no subscription SUB-19\(Self.unknownOrder)
            SUB-999,2026-12-02,VCPU,2,UNKNOWN_ORDER,subscription: R-ACME has no subscription SUB-999\(Self.unknownOrder)
            SUB-5,2026-12-02,STORED,5,UNKNOWN_RESOURCE,"resource: Plan PLN-VM-BIZ of SUB-5 has no resource 'STORED'\(Self.vmResources)"
            SUB-5,2026-11-30,VCPU,4,USAGE_MONTH_BILLED,"date: \(Self.billed)"
            SUB-5,2026-12-32,VCPU,4,INVALID_VALUE,date: '2026-12-32' is not a calendar day: write YYYY-MM-DD (for example 2026-11-03).
            SUB-5,2026-12-03,VCPU,-4,INVALID_VALUE,"quantity: '-4'\(Self.notQuantity)"
            SUB-999,2026-11-30,STORED,x,INVALID_VALUE,"quantity: 'x'\(Self.notQuantity)"
            SUB-999,2026-11-30,STORED,1,UNKNOWN_ORDER,subscription: R-ACME has no subscription SUB-999\(Self.unknownOrder)
            SUB-5,2026-11-30,STORED,1,UNKNOWN_RESOURCE,"resource: Plan PLN-VM-BIZ of SUB-5 has no resource 'STORED'\(Self.vmResources)"
            SUB-5,2026-12-02,=1+2,5,UNKNOWN_RESOURCE,"resource: Plan PLN-VM-BIZ of SUB-5 has no resource '=1+2'\(Self.vmResources)"
            ,2026-12-03,VCPU,,MISSING_FIELD;MISSING_FIELD,"subscription: The row has no subscription: write the subscription_id the usage was measured on (SUB-1234). | quantity: The row has no quantity: write the units used, digits only (for example 20)."

            """)

        let sha256 = SHA256.hexDigest(of: UsageLedger.drop)
        #expect(try sandbox.outboxText("R-ACME", "ACME-USAGE-2026-12", "receipt.json") == """
            {
              "batchId": "ACME-USAGE-2026-12",
              "reseller": "R-ACME",
              "fileName": "ACME-USAGE-2026-12.csv",
              "sha256": "\(sha256)",
              "asOf": "2027-01-05",
              "rows": 15,
              "outcomes": {
                "accepted": 4,
                "rejected": 11
              }
            }

            """)
        let report = try sandbox.outboxText("R-ACME", "ACME-USAGE-2026-12", "report.html")
        #expect(report.contains("<h1>Usage ACME-USAGE-2026-12</h1>"))
        #expect(report.contains("<td class=\"m\">SUB-5 =1+2 2026-12-02</td>"))
        #expect(report.contains("<a href=\"rejected.csv\">rejected.csv</a>") && !report.contains("activations.csv"))
        // The input moved beside its outputs; nothing else (a usage drop moves no order on).
        #expect(try sandbox.outboxText("R-ACME", "ACME-USAGE-2026-12", "input.csv") == UsageLedger.drop)
        let files = try sandbox.snapshot().keys.filter { $0.hasPrefix("outbox/R-ACME/ACME-USAGE-2026-12/") }.sorted()
        #expect(files == ["input.csv", "receipt.json", "rejected.csv", "report.html", "results.csv"].map { "outbox/R-ACME/ACME-USAGE-2026-12/" + $0 })

        // R-MAPLE's drop: its own subscription, and its 2026-11, which is not billed.
        #expect(try sandbox.outboxText("R-MAPLE", "MAPLE-USAGE-2026-12", "results.csv") == """
            line,subscription_id,date,resource,quantity,outcome,error_code,error_field,error_message
            2,SUB-19,2026-12-02,VCPU,2,accepted,,,
            3,SUB-5,2026-12-02,VCPU,2,rejected,UNKNOWN_ORDER,subscription,R-MAPLE has no subscription SUB-5\(Self.unknownOrder)
            4,SUB-19,2026-11-30,RAM,8,accepted,,,

            """)

        // The ledger holds the accepted rows only, each once.
        #expect(try sandbox.storedUsage() == [
            ["R-ACME", "SUB-5", "2026-12-01", "VCPU", "4", "ACME-USAGE-2026-12"],
            ["R-ACME", "SUB-5", "2026-12-02", "RAM", "16", "ACME-USAGE-2026-12"],
            ["R-ACME", "SUB-3", "2026-12-02", "EGRESS", "1200", "ACME-USAGE-2026-12"],
            ["R-ACME", "SUB-4", "2026-12-31", "DISK", "0", "ACME-USAGE-2026-12"],
            ["R-MAPLE", "SUB-19", "2026-12-02", "VCPU", "2", "MAPLE-USAGE-2026-12"],
            ["R-MAPLE", "SUB-19", "2026-11-30", "RAM", "8", "MAPLE-USAGE-2026-12"],
        ])
        #expect(try sandbox.leftovers(in: sandbox.usage) == [] && sandbox.leftovers(in: sandbox.processing) == [])
    }

    @Test func aCleanDropExitsZeroAndTheSameBytesAgainAreADuplicate() throws {
        let sandbox = try UsageLedger.copy("orderflow-usage-duplicate")
        defer { sandbox.remove() }
        let text = "subscription,date,resource,quantity\r\nSUB-5,2026-11-30,IPV4,2\r\nSUB-5,2026-11-30,IPV4,3\r\n"
        try sandbox.dropUsage(text, name: "usage-1.csv")
        let first = try sandbox.bill(asOf: "2026-12-01")
        #expect(first.terminationReason == .exit && first.exitCode == 0, "\(first.stderr)")
        #expect(first.stderr.contains("1 batches published, 0 usage rows or subscription months rejected"), "\(first.stderr)")
        // Two rows for the same day and resource are both kept: the billing run takes the largest.
        #expect(try sandbox.storedUsage().map { $0[4] } == ["2", "3"])
        #expect(!FileManager.default.fileExists(atPath: sandbox.outbox.appendingPathComponent("R-ACME/usage-1/rejected.csv").path))
        let receipt = try sandbox.receipt("R-ACME", "usage-1")
        #expect(receipt["outcomes"] as? [String: Int] == ["accepted": 2, "rejected": 0])
        #expect(!(try sandbox.outboxText("R-ACME", "usage-1", "report.html")).contains("rejected.csv"))

        // The same bytes under another name: DUPLICATE_FILE, nothing stored twice, still exit 0.
        try sandbox.dropUsage(text, name: "usage-1-again.csv")
        let again = try sandbox.bill(asOf: "2026-12-02")
        #expect(again.terminationReason == .exit && again.exitCode == 0, "\(again.stderr)")
        let errors = try String(contentsOf: sandbox.failed.appendingPathComponent("R-ACME/usage-1-again.csv.errors.csv"), encoding: .utf8)
        #expect(errors == """
            line,column,error_code,error_field,error_message
            1,1,DUPLICATE_FILE,,This file was already imported as batch usage-1 (usage-1.csv); nothing was imported again.

            """)
        #expect(try sandbox.storedUsage().count == 2)
        // Other bytes under a batch id already used: BATCH_ID_REUSED (exit 65).
        try sandbox.dropUsage(text + "SUB-5,2026-11-30,IPV4,4\r\n", name: "usage-1.csv")
        let reused = try sandbox.bill(asOf: "2026-12-02")
        #expect(reused.exitCode == 65, "\(reused.stderr)")
        let reusedErrors = try String(contentsOf: sandbox.failed.appendingPathComponent("R-ACME/usage-1.csv.errors.csv"), encoding: .utf8)
        #expect(reusedErrors.contains(",BATCH_ID_REUSED,batchId,"))
        #expect(try sandbox.storedUsage().count == 2)
    }

    @Test func aRejectedFileFixedAndDroppedAgainIsStored() throws {
        let sandbox = try UsageLedger.copy("orderflow-usage-resubmit")
        defer { sandbox.remove() }
        try sandbox.dropUsage("date,subscription,resource,quantity,note_ignored_by_nobody\n", name: "bad-header.csv")
        try sandbox.dropUsage("quantity,subscription,date,resource\n4,SUB-5,2026-11-30,VCPU\n2.5,SUB-5,2026-11-30,RAM\n", name: "usage-2.csv")
        let first = try sandbox.bill(asOf: "2026-12-01")
        #expect(first.exitCode == 65, "\(first.stderr)")
        // The header problem failed its file whole.
        let headerErrors = try String(contentsOf: sandbox.failed.appendingPathComponent("R-ACME/bad-header.csv.errors.csv"), encoding: .utf8)
        #expect(headerErrors.contains(",UNKNOWN_COLUMN,note_ignored_by_nobody,"))
        let rejected = try sandbox.outboxText("R-ACME", "usage-2", "rejected.csv")
        #expect(rejected == """
            quantity,subscription,date,resource,error_code,error_message
            2.5,SUB-5,2026-11-30,RAM,INVALID_VALUE,"quantity: '2.5'\(Self.notQuantity)"

            """)
        // Fixed in place and dropped again under a new name: its error cells are not read, and
        // the new rejected.csv (none here) would replace them.
        try sandbox.dropUsage(rejected.replacingOccurrences(of: "\n2.5,", with: "\n3,"), name: "usage-2-R1.csv")
        let second = try sandbox.bill(asOf: "2026-12-01")
        #expect(second.exitCode == 0, "\(second.stderr)")
        #expect(try sandbox.records("R-ACME", "usage-2-R1", "results.csv").map { $0["outcome"] } == ["accepted"])
        #expect(try sandbox.storedUsage().map { [$0[3], $0[4], $0[5]] } == [["VCPU", "4", "usage-2"], ["RAM", "3", "usage-2-R1"]])

        // Rejected again, a resubmitted file gets its error cells replaced, not appended.
        try sandbox.dropUsage(rejected.replacingOccurrences(of: "\n2.5,", with: "\n3.0,"), name: "usage-2-R2.csv")
        #expect(try sandbox.bill(asOf: "2026-12-01").exitCode == 65)
        #expect(try sandbox.outboxText("R-ACME", "usage-2-R2", "rejected.csv") == """
            quantity,subscription,date,resource,error_code,error_message
            3.0,SUB-5,2026-11-30,RAM,INVALID_VALUE,"quantity: '3.0'\(Self.notQuantity)"

            """)
    }

    @Test func filesThatCannotBeReadFailWholeWithTheirReasons() throws {
        let sandbox = try UsageLedger.copy("orderflow-usage-files")
        defer { sandbox.remove() }
        try sandbox.dropUsage("subscription,date,resource,quantity\nSUB-5,2026-11-30,VCPU,4\n", name: "usage.xml", mtime: PipelineSandbox.baseMtime + 1)
        // A name OrderFlow keeps for its monthly run, and a header without quantity: both reported.
        try sandbox.dropUsage("subscription,date,resource\nSUB-5,2026-11-30,VCPU\n", name: "billing-2026-11.csv", mtime: PipelineSandbox.baseMtime + 2)
        try sandbox.drop(Array("subscription,date,resource,quantity\nSUB-5,2026-11-30,VCPU,\u{0}4\n".utf8), into: sandbox.usage, reseller: "R-ACME", name: "nul.csv", mtime: PipelineSandbox.baseMtime + 3)
        try sandbox.dropUsage("", name: "empty.csv", mtime: PipelineSandbox.baseMtime + 4)
        try sandbox.dropUsage("subscription,date,resource,quantity\nSUB-5,2026-11-30,VCPU,4\n", name: "good.csv", mtime: PipelineSandbox.baseMtime + 5)
        let run = try sandbox.bill(asOf: "2026-12-01")
        #expect(run.exitCode == 65, "\(run.stderr)")
        #expect(run.stderr.contains("1 batches published, 0 usage rows or subscription months rejected, 4 files failed"), "\(run.stderr)")
        func errors(_ name: String) throws -> [[String]] {
            let bytes = try Data(contentsOf: sandbox.failed.appendingPathComponent("R-ACME/\(name).errors.csv"))
            return PipelineSandbox.csvRecords(Array(bytes)).map { [$0["line"] ?? "", $0["error_code"] ?? "", $0["error_field"] ?? "", $0["error_message"] ?? ""] }
        }
        #expect(try errors("usage.xml") == [["1", "UNSUPPORTED_FORMAT", "", "usage.xml is not a .csv file: drop usage as CSV."]])
        #expect(try errors("billing-2026-11.csv") == [
            ["1", "INVALID_VALUE", "batchId", "Batch ids starting with 'billing-' belong to the runs OrderFlow makes by date: rename the file."],
            ["1", "MISSING_FIELD", "quantity", "The header has no quantity column; a usage drop needs the columns subscription, date, resource, quantity."],
        ])
        #expect(try errors("nul.csv").map { [$0[0], $0[1]] } == [["2", "CSV_MALFORMED"]])
        #expect(try errors("empty.csv").map { [$0[0], $0[1]] } == [["1", "CSV_MALFORMED"]])
        #expect(try sandbox.storedUsage().map { $0[5] } == ["good"])
        #expect(try sandbox.leftovers(in: sandbox.usage) == [] && sandbox.leftovers(in: sandbox.processing) == [])
    }

    /// The committed `pipelines/billing.yaml` after the demo, with `Fixtures/usage/`'s example
    /// (Billing.md): what the article shows.
    @Test func theDemoBillingPipelineTakesTheExampleDrop() throws {
        let (root, demo) = try DemoRunTests.demoLayout()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(
            at: TestPaths.packageRoot.appendingPathComponent("pipelines/billing.yaml"),
            to: root.appendingPathComponent("pipelines/billing.yaml"))
        #expect(try CLI.run(["run", demo]).exitCode == 65)
        let inbox = root.appendingPathComponent("var/usage/R-ACME")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: TestPaths.fixtures.appendingPathComponent("usage/ACME-USAGE-2026-11.csv"),
            to: inbox.appendingPathComponent("ACME-USAGE-2026-11.csv"))
        let run = try CLI.run(["run", root.appendingPathComponent("pipelines/billing.yaml").path, "--as-of", "2026-12-01"])
        #expect(run.exitCode == 65, "\(run.stderr)")
        // Billing.md, "An example", shows both files as they are.
        let batch = root.appendingPathComponent("var/outbox/R-ACME/ACME-USAGE-2026-11")
        let resultsText = String(decoding: try Data(contentsOf: batch.appendingPathComponent("results.csv")), as: UTF8.self)
        #expect(resultsText == (try UsageDocumentationTests.block(after: "`outbox/R-ACME/ACME-USAGE-2026-11/results.csv`:")))
        let rejectedText = String(decoding: try Data(contentsOf: batch.appendingPathComponent("rejected.csv")), as: UTF8.self)
        #expect(rejectedText == (try UsageDocumentationTests.block(after: "(`ACME-USAGE-2026-11-R1.csv`):")))
        // The usage drop, then November billed for R-ACME and R-MAPLE (Billing.md).
        #expect(run.stderr.contains("billing.yaml: 3 batches published, 5 usage rows or subscription months rejected, 0 files failed, 0 unsafe entries."))
        // Billing.md, "A month of the demo billed": SUB-5's first bill, worked out there by hand.
        let bill = PipelineSandbox.csvRecords(Array(try Data(contentsOf: root.appendingPathComponent(
            "var/outbox/R-ACME/billing-2026-11/results.csv"))))
        let columns = ["subscription_id", "outcome", "sales_order_id", "net", "tax", "total", "payment_id", "invoice_number"]
        #expect(bill.map { row in columns.map { row[$0] ?? "" } } == [
            ["SUB-5", "billed", "SO-37", "68.24", "12.97", "81.21", "PAY-24", "ACME-2026-000013"],
        ])
        let results = PipelineSandbox.csvRecords(Array(resultsText.utf8))
        #expect(results.map { [$0["line"] ?? "", $0["outcome"] ?? "", $0["error_code"] ?? ""] } == [
            ["2", "accepted", ""], ["3", "accepted", ""], ["4", "accepted", ""], ["5", "accepted", ""], ["6", "accepted", ""],
            ["7", "rejected", "UNKNOWN_ORDER"], ["8", "rejected", "UNKNOWN_RESOURCE"], ["9", "rejected", "INVALID_VALUE"],
            ["10", "rejected", "INVALID_VALUE"], ["11", "rejected", "MISSING_FIELD"],
        ])
    }
}
