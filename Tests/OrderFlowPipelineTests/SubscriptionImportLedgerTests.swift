import Foundation
import GRDB
import OrderFlowCore
import OrderFlowFormats
import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

/// `Ledger.importSubscriptions` and `Ledger.entry(ref:reseller:)` on the SQLite ledger.
@Suite struct SubscriptionImportLedgerTests {
    static let file = SubscriptionImportFile(fileName: "subs.csv", sha256: String(repeating: "ab", count: 32))

    static func rows(_ text: String) throws -> [SubscriptionImportRow] {
        try SubscriptionImportReader(bytes: Array(text.utf8)).read().rows
    }

    static let text = """
        reseller,ref,account_type,company_name,contact_name,contact_email,country,city,postal_code,address_line1,product,plan,period,resource:SERVERS,period_start,status
        R-ACME,LIC-1,company,Initech GmbH,Bill,bill@initech.example,DE,Berlin,10115,Alexanderplatz 1,PRD-ONPREM,PLN-ONPREM-STD,1Y,4,2026-11-01,
        R-ACME,LIC-2,company,Initech GmbH,Bill,bill@initech.example,DE,Berlin,10115,Alexanderplatz 1,PRD-ONPREM,PLN-ONPREM-STD,1Y,,2026-11-01,Stopped
        R-ACME,LIC-3,company,Initech GmbH,Bill,bill@initech.example,DE,Berlin,10115,Alexanderplatz 1,PRD-ONPREM,PLN-ONPREM-STD,TRIAL,,2026-11-01,

        """

    @Test func storesAccountsSubscriptionsRefsAndStateChangesInOneBatch() throws {
        let harness = try LedgerHarness()
        let lease = try harness.lease()
        let outcomes = try harness.ledger.importSubscriptions(
            try Self.rows(Self.text), file: Self.file, catalog: harness.catalog, asOf: LedgerHarness.asOf, under: lease)
        #expect(outcomes.map(\.outcome) == [.accepted, .accepted, .rejected])
        #expect(outcomes.map(\.accountId) == ["ACC-1", "ACC-1", nil])
        #expect(outcomes.map(\.subscriptionId) == ["SUB-1", "SUB-2", nil])
        #expect(outcomes[2].diagnostics.first?.code == .unknownPeriod)

        let subscription = try #require(try harness.ledger.readHistory { $0.subscription(id: "SUB-1", reseller: "R-ACME") })
        #expect(subscription.productId == "PRD-ONPREM")
        #expect(subscription.currentPeriodStart == CalendarDate(iso: "2026-11-01"))
        #expect(subscription.currentPeriodEnd == CalendarDate(iso: "2027-11-01"))
        #expect(subscription.resources == [ResourceQuantity(id: "SERVERS", amount: 4)])
        #expect(subscription.status == .active)
        #expect(try harness.ledger.readHistory { $0.subscription(id: "SUB-2", reseller: "R-ACME")?.status } == .stopped)
        #expect(try harness.ledger.readHistory { $0.account(id: "ACC-1", reseller: "R-ACME")?.companyName } == "Initech GmbH")

        let entry = try #require(try harness.ledger.entry(ref: "LIC-1", reseller: "R-ACME"))
        #expect(entry.result.batchKind == "subscription-import")
        #expect(entry.result.batchId == "subscription-import:1")
        #expect(entry.result.row.action == "import")
        #expect(entry.salesOrder == nil)
        #expect(entry.subscription?.id == "SUB-1")
        #expect(entry.stateChanges.map { "\($0.entityId) \($0.from ?? "-") \($0.to) \($0.asOf)" } == ["SUB-1 - Active 2026-11-22"])
        #expect(entry.stateChanges.first?.recordedAt == "2027-01-15T08:00:00.000Z")
        #expect(try harness.ledger.entry(ref: "LIC-3", reseller: "R-ACME") == nil)

        // Identical again: nothing stored, the same ids; a later import's ids continue the sequences.
        let again = try harness.ledger.importSubscriptions(
            try Self.rows(Self.text), file: Self.file, catalog: harness.catalog, asOf: LedgerHarness.asOf, under: lease)
        #expect(again.map(\.outcome) == [.duplicate, .duplicate, .rejected])
        #expect(again.map(\.subscriptionId) == ["SUB-1", "SUB-2", nil])
        let batches = try DatabaseQueue(path: harness.path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM batches WHERE kind = 'subscription-import'")
        }
        #expect(batches == 1)
    }

    @Test func aStaleLeaseStoresNothing() throws {
        let harness = try LedgerHarness()
        var lease = try harness.lease()
        lease.token = "stale"
        #expect(throws: LedgerError.self) {
            try harness.ledger.importSubscriptions(
                try Self.rows(Self.text), file: Self.file, catalog: harness.catalog, asOf: LedgerHarness.asOf,
                under: lease)
        }
        #expect(try harness.ledger.readHistory { $0.subscription(id: "SUB-1", reseller: "R-ACME") } == nil)
    }

    @Test func theReaderReportsUnknownColumnsAndAnotherReseller() throws {
        #expect(throws: FileError.self) { try Self.rows("reseller,ref,provisioning_date\nR-ACME,X,2026-11-01\n") }
        #expect(throws: FileError.self) { try Self.rows("reseller,ref\nR-ACME,X\nR-MAPLE,Y\n") }
        let quoted = try Self.rows("reseller,ref,domain\r\n\r\n\"R-ACME\",\"A,\"\"1\"\"\",\nR-ACME,B\n")
        #expect(quoted.map(\.line) == [3, 4])
        #expect(quoted[0].raw.ref == "A,\"1\"")
        #expect(quoted[1].raw.readerErrors.first?.code == .csvMalformed)
    }

    /// Bad input is reported with its code, line, column and field, never as a bare failure.
    @Test func wholeFileErrorsNameCodeLineColumnAndField() throws {
        func fileError(_ text: String) throws -> FileError {
            do {
                _ = try Self.rows(text)
            } catch let error as FileError {
                return error
            }
            Issue.record("no FileError for \(text)")
            throw CancellationError()
        }
        let unknown = try fileError("reseller,ref,provisioning_date\nR-ACME,X,2026-11-01\n").diagnostics
        #expect(unknown.map(\.code) == [.unknownColumn])
        #expect(unknown.first?.field == "provisioning_date")
        #expect(unknown.first.map { [$0.location.line, $0.location.column] } == [1, 3])

        let noRef = try fileError("reseller,product\nR-ACME,P\n").diagnostics
        #expect(noRef.map(\.code) == [.missingField])
        #expect(noRef.first?.field == "ref")

        let other = try fileError("reseller,ref\nR-ACME,X\n\nR-MAPLE,Y\n").diagnostics
        #expect(other.map(\.code) == [.resellerMismatch])
        #expect(other.first?.field == "reseller")
        #expect(other.first.map { [$0.location.line, $0.location.column] } == [4, 1])

        // An unclosed quote is reported on the line that opened it.
        let open = try fileError("reseller,ref,domain\nR-ACME,A,x\nR-ACME,\"B\nR-ACME,C,y\n").diagnostics
        #expect(open.map(\.code) == [.csvMalformed])
        #expect(open.first?.location.line == 3)

        // A row-level problem rejects that row only, at its line; the others are read.
        let rows = try Self.rows("reseller,ref,domain\nR-ACME,A,x\"y\nR-ACME,B,z\n")
        #expect(rows.map(\.line) == [2, 3])
        #expect(rows[0].raw.readerErrors.map(\.code) == [.csvMalformed])
        #expect(rows[0].raw.readerErrors.first?.location.line == 2)
        #expect(rows[1].raw.readerErrors.isEmpty)
    }

    @Test func timestampsAreUTC() {
        #expect(SQLiteLedger.timestamp(0) == "1970-01-01T00:00:00.000Z")
        #expect(SQLiteLedger.timestamp(1_800_000_000_123) == "2027-01-15T08:00:00.123Z")
        #expect(SQLiteLedger.decimalText(units: 921_500, scale: 6) == "0.921500")
        #expect(SQLiteLedger.decimalText(units: 1, scale: 0) == "1")
    }
}
