import Foundation
import Testing

/// Re-drops (Operations.md, files dropped again; Outputs.md, rejected files): what a reseller
/// dropping a file again, or reusing refs and batch ids, gets from `orderflow run`, on each ledger engine.
@Suite struct ImportRedropTests {
    static func text(_ bytes: [UInt8]?) -> String { String(decoding: bytes ?? [], as: UTF8.self) }

    static func rows(_ snapshot: [String: [UInt8]], _ path: String) -> [[String: String]] {
        PipelineSandbox.csvRecords(snapshot[path] ?? [])
    }

    @Test(arguments: LedgerEngine.all)
    func theSameFileDroppedAgainFailsAsDuplicateFileAndExitsZero(_ engine: LedgerEngine) throws {
        let sandbox = try PipelineSandbox("orderflow-redrop", ledger: try engine.ledger())
        defer { sandbox.remove() }
        try sandbox.dropFixture("R-ACME", "ACME-20261122-01.xml")
        let first = try sandbox.run()
        #expect(first.exitCode == 65, "\(first.stderr)")  // it has two rejected requests
        let before = try sandbox.snapshot()

        try sandbox.dropFixture("R-ACME", "ACME-20261122-01.xml")
        let second = try sandbox.run()
        #expect(second.terminationReason == .exit && second.exitCode == 0, "DUPLICATE_FILE alone is not a data error: \(second.stderr)")
        let after = try sandbox.snapshot()
        #expect(after["failed/R-ACME/ACME-20261122-01.xml"] == before["outbox/R-ACME/ACME-20261122-01/input.xml"])
        let errors = Self.rows(after, "failed/R-ACME/ACME-20261122-01.xml.errors.csv")
        #expect(errors.map { $0["error_code"] } == ["DUPLICATE_FILE"])
        #expect(errors.first?["error_message"]?.contains("ACME-20261122-01") == true, "names the batch that has it")
        // Nothing else changed: no new outputs, no new ids.
        #expect(after.filter { !$0.key.hasPrefix("failed/") } == before)
        #expect(try sandbox.leftovers(in: sandbox.inbox) == [] && sandbox.leftovers(in: sandbox.processing) == [])
    }

    static let header = "reseller,ref,action,channel,registration,account_type,company_name,contact_name,contact_email,country,region,city,postal_code,address_line1,product,plan,period,data_location,domain,terms_accepted,terms_version"
    static func order(_ ref: String, domain: String) -> String {
        "R-ACME,\(ref),order,customer,full,company,Redrop \(ref) GmbH,Rita Redrop,rita@\(domain),DE,BE,Berlin,10115,Weg 1,PRD-MAIL,PLN-MAIL-STD,1M,eu-central,\(domain),true,2026-01"
    }

    @Test(arguments: LedgerEngine.all)
    func reusedRefsAreDuplicatesWhenIdenticalAndConflictsWhenChanged(_ engine: LedgerEngine) throws {
        let sandbox = try PipelineSandbox("orderflow-redrop-refs", ledger: try engine.ledger())
        defer { sandbox.remove() }
        try sandbox.drop(
            [Self.header, Self.order("B-1", domain: "b-one.example"), Self.order("B-2", domain: "b-two.example"), ""]
                .joined(separator: "\n"),
            reseller: "R-ACME", name: "REFS-1.csv", mtime: PipelineSandbox.baseMtime)
        let first = try sandbox.run()
        #expect(first.terminationReason == .exit && first.exitCode == 0, "\(first.stderr)")

        try sandbox.drop(
            [Self.header, Self.order("B-3", domain: "b-three.example"), Self.order("B-1", domain: "b-one.example"),
             Self.order("B-2", domain: "b-two-changed.example"), ""].joined(separator: "\n"),
            reseller: "R-ACME", name: "REFS-2.csv", mtime: PipelineSandbox.baseMtime + 1)
        let second = try sandbox.run()
        #expect(second.terminationReason == .exit && second.exitCode == 65, "a conflict is a rejected request: \(second.stderr)")
        let snapshot = try sandbox.snapshot()
        let stored = Self.rows(snapshot, "outbox/R-ACME/REFS-1/results.csv")
        let again = Self.rows(snapshot, "outbox/R-ACME/REFS-2/results.csv")
        try #require(stored.count == 2 && again.count == 3, "\(Self.text(snapshot["outbox/R-ACME/REFS-2/results.csv"]))")
        #expect(again[0]["outcome"] == "accepted")
        #expect(again[1]["ref"] == "B-1" && again[1]["outcome"] == "duplicate")
        // A duplicate row repeats the stored result of the request it duplicates.
        let resultColumns = ["account_id", "sales_order_id", "sales_order_status", "subscription_id", "subscription_status",
                             "currency", "net", "tax", "total", "payment_id", "invoice_number", "error_code"]
        for column in resultColumns {
            #expect(again[1][column] == stored[0][column], "\(column) of the duplicate")
        }
        #expect(stored[0]["sales_order_id"]?.isEmpty == false)
        #expect(again[2]["ref"] == "B-2" && again[2]["outcome"] == "rejected")
        #expect(again[2]["error_code"] == "DUPLICATE_REF_CONFLICT")
        // Nothing was created twice: the duplicate's payment is not listed again as created.
        let payments = Self.rows(snapshot, "outbox/R-ACME/REFS-2/payments.csv").map { $0["payment_id"] }
        #expect(!payments.contains(stored[0]["payment_id"]))
        try ImportInvariants.check(sandbox, snapshot: snapshot, context: "reused refs")
    }

    @Test(arguments: LedgerEngine.all)
    func aReusedBatchIdWithOtherContentFailsTheFile(_ engine: LedgerEngine) throws {
        let sandbox = try PipelineSandbox("orderflow-redrop-batchid", ledger: try engine.ledger())
        defer { sandbox.remove() }
        try sandbox.dropFixture("R-ACME", "ACME-20261122-01.xml", mtime: PipelineSandbox.baseMtime)
        try sandbox.drop(
            [Self.header, Self.order("C-1", domain: "c-one.example"), ""].joined(separator: "\n"),
            reseller: "R-ACME", name: "CSV-BATCH.csv", mtime: PipelineSandbox.baseMtime + 1)
        _ = try sandbox.run()
        let before = try sandbox.snapshot()

        // XML: the batch id is in the file; other content under another file name.
        let xml = Self.text(Array(try Data(contentsOf: PipelineSandbox.demoDrop("R-ACME", "ACME-20261122-01.xml"))))
            .replacingOccurrences(of: "globex-berlin.example", with: "globex-hamburg.example")
        try sandbox.drop(xml, reseller: "R-ACME", name: "ACME-again.xml", mtime: PipelineSandbox.baseMtime + 2)
        // CSV: the batch id is the file name.
        try sandbox.drop(
            [Self.header, Self.order("C-2", domain: "c-two.example"), ""].joined(separator: "\n"),
            reseller: "R-ACME", name: "CSV-BATCH.csv", mtime: PipelineSandbox.baseMtime + 3)
        let result = try sandbox.run()
        #expect(result.terminationReason == .exit && result.exitCode == 65, "\(result.stderr)")
        let after = try sandbox.snapshot()
        #expect(Self.rows(after, "failed/R-ACME/ACME-again.xml.errors.csv").map { $0["error_code"] } == ["BATCH_ID_REUSED"])
        #expect(Self.rows(after, "failed/R-ACME/CSV-BATCH.csv.errors.csv").map { $0["error_code"] } == ["BATCH_ID_REUSED"])
        #expect(after.filter { !$0.key.hasPrefix("failed/") } == before, "the outbox is untouched")
    }

    @Test(arguments: LedgerEngine.all)
    func aFixedRejectedCSVDroppedUnderANewNameIsAccepted(_ engine: LedgerEngine) throws {
        let sandbox = try PipelineSandbox("orderflow-redrop-csv", ledger: try engine.ledger())
        defer { sandbox.remove() }
        try sandbox.dropFixture("R-ACME", "ACME-20261122-02.csv")
        _ = try sandbox.run()
        let rejected = Self.text(try sandbox.snapshot()["outbox/R-ACME/ACME-20261122-02/rejected.csv"])
        try #require(rejected.contains("DOMAIN_TAKEN") && rejected.contains("TERMS_NOT_ACCEPTED"))
        // The reseller fixes both rows and leaves the error columns as they are.
        let fixed = rejected
            .replacingOccurrences(of: ",SOUSA-Madeira.example,", with: ",madeira-wines.example,")
            .replacingOccurrences(of: ",true,2025-07,", with: ",true,2026-01,")
        #expect(fixed != rejected)
        try sandbox.drop(fixed, reseller: "R-ACME", name: "ACME-20261122-02-fixed.csv")
        let result = try sandbox.run()
        #expect(result.terminationReason == .exit && result.exitCode == 0, "\(result.stderr)")
        let after = try sandbox.snapshot()
        let rows = Self.rows(after, "outbox/R-ACME/ACME-20261122-02-fixed/results.csv")
        #expect(rows.map { $0["ref"] } == ["A-2105", "A-2106"])
        #expect(rows.map { $0["outcome"] } == ["accepted", "accepted"], "\(rows)")
        #expect(after["outbox/R-ACME/ACME-20261122-02-fixed/rejected.csv"] == nil)
        #expect(after["outbox/R-ACME/ACME-20261122-02-fixed/input.csv"] == Array(fixed.utf8))
        try ImportInvariants.check(sandbox, snapshot: after, context: "fixed rejected.csv")
    }

    @Test(arguments: LedgerEngine.all)
    func aFixedRejectedXMLIsAcceptedAndAStillRejectedOneBecomesR2(_ engine: LedgerEngine) throws {
        let sandbox = try PipelineSandbox("orderflow-redrop-xml", ledger: try engine.ledger())
        defer { sandbox.remove() }
        try sandbox.dropFixture("R-ACME", "ACME-20261122-01.xml")
        _ = try sandbox.run()
        let rejected = Self.text(try sandbox.snapshot()["outbox/R-ACME/ACME-20261122-01/rejected.xml"])
        try #require(rejected.contains("batchId=\"ACME-20261122-01-R1\""))

        // First only A-2013 is fixed (the promo removed): A-2012 is rejected again, in -R2.
        let partly = rejected.replacingOccurrences(of: "    <promoCode>ONCEONLY</promoCode>\n", with: "")
        #expect(partly != rejected)
        try sandbox.drop(partly, reseller: "R-ACME", name: "ACME-20261122-01-R1.xml")
        let second = try sandbox.run()
        #expect(second.terminationReason == .exit && second.exitCode == 65, "\(second.stderr)")
        var after = try sandbox.snapshot()
        var rows = Self.rows(after, "outbox/R-ACME/ACME-20261122-01-R1/results.csv")
        #expect(rows.map { $0["ref"] ?? "" } == ["A-2012", "A-2013"])
        #expect(rows.map { $0["outcome"] ?? "" } == ["rejected", "accepted"], "\(rows)")
        let r2 = Self.text(after["outbox/R-ACME/ACME-20261122-01-R1/rejected.xml"])
        #expect(r2.contains("batchId=\"ACME-20261122-01-R2\""), "\(r2)")

        // Then A-2012 is fixed (an address the platform serves) and dropped as -R2.
        let fixed = r2.replacingOccurrences(
            of: "country=\"UA\" region=\"43\" city=\"Simferopol\" postalCode=\"95000\"",
            with: "country=\"DE\" region=\"BE\" city=\"Berlin\" postalCode=\"10115\"")
        #expect(fixed != r2)
        try sandbox.drop(fixed, reseller: "R-ACME", name: "ACME-20261122-01-R2.xml")
        let third = try sandbox.run()
        #expect(third.terminationReason == .exit && third.exitCode == 0, "\(third.stderr)")
        after = try sandbox.snapshot()
        rows = Self.rows(after, "outbox/R-ACME/ACME-20261122-01-R2/results.csv")
        #expect(rows.map { $0["ref"] ?? "" } == ["A-2012"])
        #expect(rows.map { $0["outcome"] ?? "" } == ["accepted"], "\(rows)")
        #expect(after["outbox/R-ACME/ACME-20261122-01-R2/rejected.xml"] == nil)
        #expect(after.keys.filter { $0.hasPrefix("failed/") } == [])
        try ImportInvariants.check(sandbox, snapshot: after, context: "fixed rejected.xml")
    }

    /// The longest batch id (100 characters): its `rejected.xml` says `<id>-R1` (103), which is
    /// still a batch id, and dropped again it is a batch of its own (DropFiles.md, batch ids).
    @Test(arguments: LedgerEngine.all)
    func theRejectedXMLOfAHundredCharacterBatchIdIsABatchAgain(_ engine: LedgerEngine) throws {
        let sandbox = try PipelineSandbox("orderflow-redrop-longest", ledger: try engine.ledger())
        defer { sandbox.remove() }
        let batchId = "ACME-" + String(repeating: "x", count: 95)
        #expect(batchId.count == 100)
        let xml = Self.text(Array(try Data(contentsOf: PipelineSandbox.demoDrop("R-ACME", "ACME-20261122-01.xml"))))
            .replacingOccurrences(of: "batchId=\"ACME-20261122-01\"", with: "batchId=\"\(batchId)\"")
        try sandbox.drop(xml, reseller: "R-ACME", name: "longest.xml", mtime: PipelineSandbox.baseMtime)
        let first = try sandbox.run()
        #expect(first.terminationReason == .exit && first.exitCode == 65, "\(first.stderr)")
        let rejected = Self.text(try sandbox.snapshot()["outbox/R-ACME/\(batchId)/rejected.xml"])
        try #require(rejected.contains("batchId=\"\(batchId)-R1\""), "\(rejected)")

        // Dropped again as it came back, unfixed: a batch whose two requests are rejected again.
        try sandbox.drop(rejected, reseller: "R-ACME", name: "longest-again.xml", mtime: PipelineSandbox.baseMtime + 1)
        let second = try sandbox.run()
        #expect(second.terminationReason == .exit && second.exitCode == 65, "\(second.stderr)")
        let after = try sandbox.snapshot()
        #expect(after.keys.filter { $0.hasPrefix("failed/") } == [], "\(Self.text(after["failed/R-ACME/longest-again.xml.errors.csv"]))")
        let rows = Self.rows(after, "outbox/R-ACME/\(batchId)-R1/results.csv")
        #expect(rows.map { $0["ref"] ?? "" } == ["A-2012", "A-2013"])
        #expect(rows.map { $0["outcome"] ?? "" } == ["rejected", "rejected"])
        let again = Self.text(after["outbox/R-ACME/\(batchId)-R1/rejected.xml"])
        #expect(again.contains("batchId=\"\(batchId)-R2\""), "\(again)")
    }
}
