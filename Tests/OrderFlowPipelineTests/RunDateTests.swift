import Foundation
import Logging
import OrderFlowCore
import OrderFlowFormats
import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

/// The run's date without `--as-of` is today in each reseller's time zone (PipelineFiles.md), by
/// the job's clock: injected here, never the machine's.
@Suite struct RunDateTests {
    /// 2026-11-01 23:30 UTC: already 08:30 on the 2nd in Tokyo, still 15:30 on the 1st in Los
    /// Angeles (PST since that morning).
    static let lateOnTheFirst = WallClock { 1_793_575_800_000 }

    static func reseller(_ zone: String) -> Reseller {
        Reseller(id: "R-Z", name: "Z", currency: Currency(code: "EUR")!, country: "DE", timeZone: zone, invoicePrefix: "Z")
    }

    @Test func todayIsTheResellersDay() throws {
        let clock = Self.lateOnTheFirst
        #expect(try RunDate.today(for: Self.reseller("Asia/Tokyo"), now: clock) == CalendarDate(iso: "2026-11-02"))
        #expect(try RunDate.today(for: Self.reseller("America/Los_Angeles"), now: clock) == CalendarDate(iso: "2026-11-01"))
        #expect(try RunDate.today(for: Self.reseller("UTC"), now: clock) == CalendarDate(iso: "2026-11-01"))
        #expect(try RunDate.today(for: Self.reseller("Europe/Berlin"), now: clock) == CalendarDate(iso: "2026-11-02"))
        // 2026-07-01 07:30 UTC is 00:30 in Los Angeles under daylight saving time (a fixed PST
        // offset would still say 23:30 on June 30).
        let summer = WallClock { 1_782_891_000_000 }
        #expect(try RunDate.today(for: Self.reseller("America/Los_Angeles"), now: summer) == CalendarDate(iso: "2026-07-01"))
    }

    /// An unknown zone is never read as UTC: a reseller value built in code with one is an error.
    @Test func anUnknownZoneIsAnError() {
        for zone in ["Mars/Olympus_Mons", "PST", "GMT+5", "europe/berlin", ""] {
            #expect(throws: RunDate.UnknownTimeZone.self, "\(zone)") {
                try RunDate.today(for: Self.reseller(zone), now: Self.lateOnTheFirst)
            }
        }
    }

    /// One run at 23:30 UTC on the 1st: R-TOKYO's file is judged as of the 2nd (an order
    /// provisioned on the 1st is in the past), R-LA's as of the 1st (the same order is accepted).
    @Test func aRunJudgesEachResellersFileAsOfItsOwnDay() throws {
        let root = try TestPaths.temporaryFolder("orderflow-rundate")
        defer { try? FileManager.default.removeItem(at: root) }
        let job = try JobFolders(root: root)
        let folders = job.folders
        let catalog = try CatalogReader.load(
            bytes: Array(
                """
                <catalog xmlns="urn:orderflow:catalog:1">
                  <reseller id="R-TOKYO" name="Tokyo KK" currency="EUR" country="DE" invoicePrefix="TYO" timeZone="Asia/Tokyo"/>
                  <reseller id="R-LA" name="LA Inc." currency="EUR" country="DE" invoicePrefix="LAX" timeZone="America/Los_Angeles"/>
                  <product id="PRD" name="Product" service="cloud">
                    <plan id="PLN" name="Plan" currency="EUR"><period id="1M" duration="P1M" fee="1.00"/></plan>
                  </product>
                </catalog>
                """.utf8), name: "zones.xml")
        for (reseller, ref) in [("R-TOKYO", "T-1"), ("R-LA", "L-1")] {
            let inbox = try job.inbox(reseller)
            let csv = """
                reseller,ref,account_type,company_name,contact_name,contact_email,country,city,postal_code,address_line1,plan,period,provisioning_date
                \(reseller),\(ref),company,Globex GmbH,Hank Scorpio,hank@globex.example,DE,Berlin,10115,Unter den Linden 1,PLN,1M,2026-11-01

                """
            try Data(csv.utf8).write(to: URL(fileURLWithPath: inbox + "/\(reseller)-1.csv"))
        }
        let ledgerPath = root.appendingPathComponent("ledger.sqlite").path
        let config = PipelineConfig(
            kind: .import, catalogPath: "zones.xml", ledger: .sqlite(path: ledgerPath), folders: folders, stableFor: 0)
        let clock = Self.lateOnTheFirst
        var importJob = ImportJob(
            config: config, catalog: catalog, ledger: try SQLiteLedger(path: ledgerPath, clock: { clock.milliseconds }),
            options: ImportJob.Options(), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            clock: clock)
        let summary = try importJob.runUntilIdle()
        #expect(summary.batchesPublished == 2)

        func output(_ reseller: String, _ name: String) throws -> String {
            try String(contentsOfFile: folders.outbox + "/\(reseller)/\(reseller)-1/\(name)", encoding: .utf8)
        }
        #expect(try output("R-TOKYO", "receipt.json").contains(#""asOf": "2026-11-02""#))
        #expect(try output("R-TOKYO", "results.csv").contains("T-1,2,order,rejected,,,,,,,,,,,,PROVISIONING_DATE_PAST,provisioning_date,"))
        #expect(try output("R-LA", "receipt.json").contains(#""asOf": "2026-11-01""#))
        #expect(try output("R-LA", "results.csv").contains("L-1,2,order,accepted,ACC-"))
    }
}
