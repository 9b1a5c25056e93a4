import Foundation
import Logging
import OrderFlowCore
import OrderFlowFormats
import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

/// A file is published on a second thread while the job commits the next one (``PublishAhead``;
/// Operations.md, claiming and leases): one pass still ends with every file it committed
/// published, every claim closed and every lease given back, also the lease of a reseller whose
/// last file was still being published when the next reseller's turn began.
@Suite struct PublishAheadTests {
    static let catalog = """
        <catalog xmlns="urn:orderflow:catalog:1">
          <reseller id="R-ONE" name="One GmbH" currency="EUR" country="DE" invoicePrefix="ONE" timeZone="UTC"/>
          <reseller id="R-TWO" name="Two GmbH" currency="EUR" country="DE" invoicePrefix="TWO" timeZone="UTC"/>
          <product id="PRD" name="Product" service="cloud">
            <plan id="PLN" name="Plan" currency="EUR"><period id="1M" duration="P1M" fee="1.00"/></plan>
          </product>
        </catalog>
        """

    static func drop(reseller: String, file: Int, refs: ClosedRange<Int>) -> String {
        let header = "reseller,ref,account_type,company_name,contact_name,contact_email,country,city,postal_code,address_line1,plan,period,provisioning_date\n"
        return header + refs.map { ref in
            "\(reseller),\(reseller)-\(file)-\(ref),company,Globex GmbH,Hank Scorpio,hank\(ref)@globex.example,DE,Berlin,10115,Unter den Linden 1,PLN,1M,2026-11-23\n"
        }.joined()
    }

    @Test func onePassPublishesEveryFileItCommittedAndGivesEveryLeaseBack() throws {
        let root = try TestPaths.temporaryFolder("orderflow-publish-ahead")
        defer { try? FileManager.default.removeItem(at: root) }
        let pipeline = try JobFolders(root: root)
        let folders = pipeline.folders
        let catalog = try CatalogReader.load(bytes: Array(Self.catalog.utf8), name: "two.xml")
        // Three files of R-ONE (in order: each later file's mtime is later), one of R-TWO.
        for (reseller, files) in [("R-ONE", 3), ("R-TWO", 1)] {
            let inbox = try pipeline.inbox(reseller)
            for file in 1...files {
                let path = inbox + "/\(reseller)-\(file).csv"
                try Data(Self.drop(reseller: reseller, file: file, refs: 1...5).utf8).write(to: URL(fileURLWithPath: path))
                let mtime = Date(timeIntervalSince1970: 1_795_000_000 + Double(file))
                try FileManager.default.setAttributes([.modificationDate: mtime], ofItemAtPath: path)
            }
        }
        let ledgerPath = root.appendingPathComponent("ledger.sqlite").path
        let ledger = try SQLiteLedger(path: ledgerPath)
        let config = PipelineConfig(
            kind: .import, catalogPath: "two.xml", ledger: .sqlite(path: ledgerPath), folders: folders, stableFor: 0)
        var job = ImportJob(
            config: config, catalog: catalog, ledger: ledger, options: ImportJob.Options(asOf: CalendarDate(iso: "2026-11-22")),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))

        let pass = try job.runPass()
        #expect(pass.didWork)
        #expect(job.summary.batchesPublished == 4)
        #expect(job.summary.blockedFiles.isEmpty && job.summary.heldFiles.isEmpty)
        for (reseller, batch) in [("R-ONE", "R-ONE-1"), ("R-ONE", "R-ONE-2"), ("R-ONE", "R-ONE-3"), ("R-TWO", "R-TWO-1")] {
            let published = folders.outbox + "/\(reseller)/\(batch)"
            #expect(FileManager.default.fileExists(atPath: published + "/input.csv"), "\(batch)")
            let results = try String(contentsOfFile: published + "/results.csv", encoding: .utf8)
            #expect(results.split(separator: "\n").filter { $0.contains(",accepted,") }.count == 5, "\(batch)")
            // The invoices are numbered in file order, five per file: the files were committed in order.
            let file = Int(batch.suffix(1))!
            let prefix = reseller == "R-ONE" ? "ONE" : "TWO"
            let invoices = try FileManager.default.contentsOfDirectory(atPath: published + "/invoices").filter { $0.hasSuffix(".xml") }
            let numbers = invoices.compactMap { Int($0.dropFirst(prefix.count + 6).prefix(6)) }.sorted()
            #expect(numbers == Array((file - 1) * 5 + 1...file * 5), "\(batch): \(invoices.sorted())")
        }
        for reseller in ["R-ONE", "R-TWO"] {
            #expect(try ledger.fileClaims(reseller: reseller).isEmpty, "\(reseller)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folders.processing + "/\(reseller)").isEmpty)
            // Given back: another live owner takes it at once, well before the 60 s it would last.
            let other = ClaimOwner(host: "elsewhere", pid: 1, startTime: 1)
            let taken = try ledger.acquireLease(
                reseller: reseller, owner: other, now: SQLiteLedger.systemClock(), duration: 60_000, ownerIsGone: { _ in false })
            #expect(taken != nil, "\(reseller)'s lease is still held after the pass")
        }
    }
}
