import Foundation
import GRDB
import OrderFlowCore
import OrderFlowFormats
import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

/// A ledger file in a fresh temporary folder, the demo catalog, and CSV batches built row by row.
struct LedgerHarness {
    static let asOf = CalendarDate(iso: "2026-11-22")!
    static let owner = ClaimOwner(host: "test-host", pid: 4242, startTime: 1_700_000_000)
    static let columns = [
        "reseller", "ref", "action", "account", "account_type", "company_name", "contact_name", "contact_email",
        "country", "city", "postal_code", "address_line1", "product", "plan", "period", "data_location", "domain",
        "promo_code", "terms_accepted", "terms_version", "subscription",
    ]

    let path: String
    let ledger: SQLiteLedger
    let catalog: Catalog

    init() throws {
        let folder = try TestPaths.temporaryFolder("ledger")
        path = folder.appendingPathComponent("ledger.sqlite").path
        ledger = try SQLiteLedger(path: path, clock: { 1_800_000_000_000 })
        catalog = try CatalogReader.load(path: TestPaths.fixtures.appendingPathComponent("catalog/demo.xml").path)
    }

    /// A ledger restored from an SQL dump (`sqlite3 ledger.sqlite .dump`) of a ledger an earlier
    /// version wrote, then opened the way a run opens it: the missing migrations run.
    init(restoring dump: URL) throws {
        let folder = try TestPaths.temporaryFolder("ledger")
        path = folder.appendingPathComponent("ledger.sqlite").path
        let sql = try String(contentsOf: dump, encoding: .utf8)
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
        try queue.close()
        ledger = try SQLiteLedger(path: path, clock: { 1_800_000_000_000 })
        catalog = try CatalogReader.load(path: TestPaths.fixtures.appendingPathComponent("catalog/demo.xml").path)
    }

    func lease(_ reseller: String = "R-ACME", now: Int64 = 1_000) throws -> ResellerLease {
        try #require(try ledger.acquireLease(
            reseller: reseller, owner: Self.owner, now: now, duration: 60_000, ownerIsGone: { _ in false }))
    }

    /// A Hosted Mail 1M order of a new company: prepay, 9.22 + 1.75 VAT = 10.97 EUR, a payment and an invoice.
    static func order(_ ref: String, domain: String, promo: String = "", company: String = "Globex GmbH") -> [String: String] {
        [
            "ref": ref, "action": "order", "account_type": "company", "company_name": company,
            "contact_name": "Hank Scorpio", "contact_email": "hank@globex.example", "country": "DE", "city": "Berlin",
            "postal_code": "10115", "address_line1": "Unter den Linden 1", "product": "PRD-MAIL",
            "plan": "PLN-MAIL-STD", "period": "1M", "data_location": "eu-central", "domain": domain,
            "promo_code": promo, "terms_accepted": "true", "terms_version": "2026-01",
        ]
    }

    static func cancel(_ ref: String) -> [String: String] { ["ref": ref, "action": "cancel"] }

    static func csv(_ rows: [[String: String]], reseller: String = "R-ACME") -> String {
        var lines = [columns.joined(separator: ",")]
        for row in rows {
            lines.append(columns.map { $0 == "reseller" ? reseller : row[$0, default: ""] }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func requests(_ text: String, batchId: String) throws -> [RawRequest] {
        try CSVRequestReader(text: text, batchId: batchId, expectedReseller: nil).readAll().requests
    }

    static func newBatch(
        _ batchId: String, text: String, policy: InvalidOrderPolicy = .rejectOrder, reseller: String = "R-ACME"
    ) -> NewBatch {
        NewBatch(
            reseller: reseller, batchId: batchId, fileName: batchId + ".csv", format: .csv,
            sha256: SHA256.hexDigest(of: text), asOf: asOf, policy: policy,
            headerSource: columns.joined(separator: ","))
    }

    /// Claims and commits a CSV batch of these rows under `lease` (of `reseller`), judged against
    /// `catalog` (default: the demo catalog).
    @discardableResult
    func commit(
        _ batchId: String, _ rows: [[String: String]], policy: InvalidOrderPolicy = .rejectOrder,
        reseller: String = "R-ACME", catalog: Catalog? = nil, under lease: ResellerLease
    ) throws -> BatchOutputs {
        let text = Self.csv(rows, reseller: reseller)
        let requests = try Self.requests(text, batchId: batchId)
        let claimId = "claim-" + batchId
        try ledger.recordClaim(
            FileClaim(claimId: claimId, reseller: reseller, fileName: batchId + ".csv", asOf: Self.asOf, claimedAt: 1),
            under: lease)
        let record = try ledger.commitBatch(
            Self.newBatch(batchId, text: text, policy: policy, reseller: reseller), catalog: catalog ?? self.catalog,
            claimId: claimId, under: lease
        ) { sink in
            for request in requests { try sink(request) }
        }
        return try ledger.outputs(ofBatch: record.key)
    }

    /// The demo catalog with the `invoicePrefix` of each reseller id in `prefixes` replaced.
    static func demoCatalog(prefixes: [String: String]) throws -> Catalog {
        var text = try String(
            contentsOf: TestPaths.fixtures.appendingPathComponent("catalog/demo.xml"), encoding: .utf8)
        for (reseller, prefix) in prefixes {
            let element = try #require(text.range(of: "<reseller id=\"\(reseller)\""))
            let end = try #require(text.range(of: "/>", range: element.upperBound..<text.endIndex))
            let attribute = try #require(text.range(of: #"invoicePrefix="[^"]*""#, options: .regularExpression,
                                                    range: element.upperBound..<end.lowerBound))
            text.replaceSubrange(attribute, with: "invoicePrefix=\"\(prefix)\"")
        }
        return try CatalogReader.load(bytes: Array(text.utf8), name: "demo.xml")
    }

    func count(_ table: String) throws -> Int {
        try ledger.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }
}

@Suite struct LedgerTests {
    @Test func migratesAnEmptyFileAndReopensIt() throws {
        let harness = try LedgerHarness()
        let tables = try harness.ledger.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in [
            "accepted_requests", "accounts", "batch_payments", "batches", "document_series", "documents",
            "file_claims", "id_sequences", "leases", "payments", "promo_uses", "results", "sales_orders",
            "state_changes", "subscription_resources", "subscriptions", "statement_lines", "reconciliation_rows",
            "account_balances", "batch_activations", "batch_charges", "batch_events", "trial_uses",
        ] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        let migrations = try harness.ledger.pool.read { db in
            try LedgerSchema.migrator.appliedIdentifiers(db)
        }
        #expect(migrations.count == 12)  // v1 ×3, v2 batches.kind, v3 ×2 (series per prefix, renewals and upgrades index), v4 reconciliation, v5 trial uses, v6 billing, v7 balance payments index, v8 usage diagnostics, v9 orders by account and plan
        let journal = try harness.ledger.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        // Opening again runs no migration twice and keeps what was there.
        _ = try harness.lease()
        let again = try SQLiteLedger(path: harness.path)
        #expect(try again.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM leases") } == 1)
    }

    @Test func readOnlyOpeningNeedsAMigratedLedger() throws {
        let folder = try TestPaths.temporaryFolder("ledger")
        let missing = folder.appendingPathComponent("none.sqlite").path
        #expect {
            try SQLiteLedger(readOnlyPath: missing)
        } throws: { error in
            if case LedgerError.unusable = error { return true }
            return false
        }
        let harness = try LedgerHarness()
        let reader = try SQLiteLedger(readOnlyPath: harness.path)
        #expect(try reader.readHistory { $0.acceptedRequest(ref: "A-1", reseller: "R-ACME") } == nil)
        #expect(try reader.fileClaims(reseller: "R-ACME").isEmpty)
    }

    @Test func anUnopenableFileIsUnusable() throws {
        let folder = try TestPaths.temporaryFolder("ledger")
        let notADatabase = folder.appendingPathComponent("text.sqlite")
        try Data("this is not a database, just text long enough to be read as a header".utf8).write(to: notADatabase)
        #expect {
            try SQLiteLedger(path: notADatabase.path)
        } throws: { error in
            if case LedgerError.unusable = error { return true }
            return false
        }
    }
}
