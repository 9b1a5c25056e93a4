import Foundation
import OrderFlowTestSupport
import Testing

/// `orderflow ledger import-subscriptions` and `orderflow ledger show` on the built binary, in a
/// sandbox of the demo pipeline (stableFor 0s) after the demo drops were imported, on each ledger engine.
@Suite struct LedgerCommandTests {
    static let header =
        "reseller,ref,account,account_type,company_name,vat_id,contact_name,contact_email,country,region,city,"
        + "postal_code,address_line1,product,plan,period,resource:SERVERS,resource:MAILBOX,period_start,period_end,"
        + "currency,domain,status"
    static let company = "company,Initech GmbH,DE123456788,Bill Lumbergh,bill@initech.example,DE,BE,Berlin,10115,Alexanderplatz 1"
    static let subscriptions = """
        \(header)
        R-ACME,LIC-1,,\(company),PRD-ONPREM,PLN-ONPREM-STD,1Y,4,,2026-11-01,,,,
        R-ACME,MAIL-1,,\(company),PRD-MAIL,PLN-MAIL-STD,1Y,,20,2026-11-01,2027-11-01,USD,initech.example,
        R-ACME,LIC-2,,\(company),PRD-ONPREM,PLN-ONPREM-STD,1Y,2,,2026-11-01,,,,Stopped

        """

    static func sandbox(_ engine: LedgerEngine) throws -> (root: URL, pipeline: String) {
        let (root, pipeline) = try DemoRunTests.demoLayout()
        var text = try String(contentsOfFile: pipeline, encoding: .utf8)
            .replacingOccurrences(of: "stableFor: 2s", with: "stableFor: 0s")
        if engine == .postgres {
            text = text.replacingOccurrences(of: "ledger: sqlite:../var/ledger.sqlite", with: "ledger: \(try engine.ledger())")
        }
        try text.write(toFile: pipeline, atomically: true, encoding: .utf8)
        let demo = try CLI.run(["run", pipeline])
        #expect(demo.exitCode == 65, "\(demo.stderr)")
        return (root, pipeline)
    }

    /// stdout CSV rows (header left out) split on commas (no quoted cells in these).
    static func rows(_ stdout: String) -> [[String]] {
        stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test(arguments: LedgerEngine.all)
    func importedSubscriptionsAreRenewedAndUpgradedByLaterDrops(_ engine: LedgerEngine) throws {
        let (root, pipeline) = try Self.sandbox(engine)
        let file = root.appendingPathComponent("subscriptions.csv").path
        try Self.subscriptions.write(toFile: file, atomically: true, encoding: .utf8)

        let first = try CLI.run(["ledger", "import-subscriptions", file, "--pipeline", pipeline])
        #expect(first.exitCode == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("ref,line,outcome,account_id,subscription_id,error_code,error_field,error_message\n"))
        let imported = Self.rows(first.stdout)
        #expect(imported.map { $0[0] } == ["LIC-1", "MAIL-1", "LIC-2"])
        #expect(imported.allSatisfy { $0[2] == "accepted" && $0[3].hasPrefix("ACC-") && $0[4].hasPrefix("SUB-") })
        // Rows with the same company details share one new account.
        #expect(Set(imported.map { $0[3] }).count == 1)
        let (licence, mail, stopped) = (imported[0][4], imported[1][4], imported[2][4])

        // Identical again: nothing changes, the same ids.
        let again = try CLI.run(["ledger", "import-subscriptions", file, "--pipeline", pipeline])
        #expect(again.exitCode == 0, "\(again.stderr)")
        #expect(Self.rows(again.stdout).map { $0[2] } == ["duplicate", "duplicate", "duplicate"])
        #expect(Self.rows(again.stdout).map { [$0[3], $0[4]] } == imported.map { [$0[3], $0[4]] })

        // A changed row, and bad rows with their codes.
        let bad = root.appendingPathComponent("bad.csv").path
        try """
            \(Self.header)
            R-ACME,LIC-1,,\(Self.company),PRD-ONPREM,PLN-ONPREM-STD,1Y,5,,2026-11-01,,,,
            R-ACME,B-1,ACC-999,,,,,,,,,,,PRD-ONPREM,PLN-ONPREM-STD,1Y,2,,2026-11-01,,,,
            R-ACME,B-2,\(imported[0][3]),,,,,,,,,,,PRD-ONPREM,PLN-ONPREM-STD,1Y,400,,2026-11-01,,,,
            R-ACME,B-3,\(imported[0][3]),,,,,,,,,,,PRD-MAIL,PLN-MAIL-STD,1Y,,,2026-11-01,,,initech.example,
            R-ACME,B-4,\(imported[0][3]),,,,,,,,,,,PRD-NOPE,PLN-ONPREM-STD,1Y,,,2026-11-01,,,,
            R-ACME,B-5,\(imported[0][3]),,,,,,,,,,,PRD-ONPREM,PLN-ONPREM-STD,1Y,,,,,,,
            R-ACME,B-6,\(imported[0][3]),,,,,,,,,,,PRD-ONPREM,PLN-ONPREM-STD,1Y,,,2026-11-01,,USD,,
            R-ACME,B-7,\(imported[0][3]),,,,,,,,,,,PRD-ONPREM,PLN-ONPREM-STD,1Y,,,2026-11-01,,,,Gone

            """.write(toFile: bad, atomically: true, encoding: .utf8)
        let rejected = try CLI.run(["ledger", "import-subscriptions", bad, "--pipeline", pipeline])
        #expect(rejected.exitCode == 65)
        #expect(Self.rows(rejected.stdout).map { $0[5] } == [
            "DUPLICATE_REF_CONFLICT", "UNKNOWN_ACCOUNT", "AMOUNT_ABOVE_MAX", "DOMAIN_TAKEN", "UNKNOWN_PRODUCT",
            "MISSING_FIELD", "CURRENCY_NOT_AVAILABLE", "INVALID_VALUE",
        ])
        #expect(rejected.stderr.contains("bad.csv:3:3: error: [UNKNOWN_ACCOUNT] account: "))
        #expect(rejected.stderr.contains("0 subscriptions imported, 0 already there, 8 rows rejected"))

        // A drop renewing and upgrading them, on 2027-05-01.
        let inbox = root.appendingPathComponent("var/inbox/R-ACME")
        try """
            reseller,ref,action,subscription,period,resource:SERVERS,resource:MAILBOX
            R-ACME,UP-1,upgrade,\(licence),,6,
            R-ACME,REN-1,renewal,\(mail),1Y,,
            R-ACME,DOWN-1,upgrade,\(mail),,,10
            R-ACME,REN-2,renewal,\(stopped),,,

            """.write(to: inbox.appendingPathComponent("ACME-20270501-01.csv"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", pipeline, "--as-of", "2027-05-01"])
        #expect(run.exitCode == 65, "\(run.stderr)")
        let results = try String(
            contentsOf: root.appendingPathComponent("var/outbox/R-ACME/ACME-20270501-01/results.csv"), encoding: .utf8)
        let lines = results.split(separator: "\n").map(String.init)
        // Upgrade of 2026-11-01..2027-11-01 (P1Y) on 2027-05-01: 2 more servers (4 → 6, 1 included)
        // × 5.00 EUR × 12 months × 184/365 days = 60.4931… → 60.49, rounded once; VAT 19 % = 11.49.
        #expect(lines[1].hasPrefix("UP-1,2,upgrade,accepted,\(imported[0][3]),"))
        #expect(lines[1].contains(",\(licence),Active,EUR,60.49,11.49,71.98,"))
        // Renewal of the mail subscription for the next year, in its billing currency (USD, rate 1):
        // fee 100.00 + 15 extra mailboxes × 2.00 × 12 = 460.00, no setup lines; VAT 87.40.
        #expect(lines[2].hasPrefix("REN-1,3,renewal,accepted,"))
        #expect(lines[2].contains(",\(mail),Active,USD,460.00,87.40,547.40,"))
        #expect(lines[3].hasPrefix("DOWN-1,4,upgrade,rejected,") && lines[3].contains("DOWNGRADE_NOT_ALLOWED,resource:MAILBOX"))
        #expect(lines[4].hasPrefix("REN-2,5,renewal,rejected,") && lines[4].contains("SUBSCRIPTION_NOT_ACTIVE,subscription"))

        let show = try CLI.run(["ledger", "show", "MAIL-1", "--reseller", "R-ACME", "--pipeline", pipeline])
        #expect(show.exitCode == 0, "\(show.stderr)")
        #expect(show.stdout.contains("current period        2026-11-01 to 2028-11-01"))
        #expect(show.stdout.contains("renewal ref REN-1"))
    }

    @Test(arguments: LedgerEngine.all)
    func showPrintsADemoOrderAsTextAndJSON(_ engine: LedgerEngine) throws {
        let (_, pipeline) = try Self.sandbox(engine)
        let text = try CLI.run(["ledger", "show", "A-2001", "--reseller", "R-ACME", "--pipeline", pipeline])
        #expect(text.exitCode == 0, "\(text.stderr)")
        for expected in [
            "Ref A-2001 of R-ACME", "batch                 ACME-20261122-01 (drop, file ACME-20261122-01.xml, as of 2026-11-22)",
            "sales order           SO-1, WaitingForPayment", "amounts               net 453.56 tax 86.18 total 539.74 EUR",
            "invoice               ACME-2026-000001", "PAY-1 order 539.74 EUR WaitingForPayment, due 2026-12-06, reference RF32PAY1",
            "subscription SUB-1: (new) -> WaitingForPayment",
        ] {
            #expect(text.stdout.contains(expected), "missing: \(expected)\n\(text.stdout)")
        }

        let json = try CLI.run(["ledger", "show", "A-2001", "--reseller", "R-ACME", "--pipeline", pipeline, "--json"])
        #expect(json.exitCode == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(Array(object.keys).sorted() == ["account", "balances", "payments", "ref", "relatedOrders", "requests", "reseller", "result", "salesOrder", "stateChanges", "subscription"])
        let order = try #require(object["salesOrder"] as? [String: Any])
        #expect(order["id"] as? String == "SO-1")
        #expect(order["total"] as? String == "539.74")
        #expect((object["stateChanges"] as? [Any])?.count == 3)

        let unknown = try CLI.run(["ledger", "show", "NOPE", "--reseller", "R-ACME", "--pipeline", pipeline])
        #expect(unknown.exitCode == 66)
        #expect(unknown.stderr.contains("no request of reseller R-ACME has ref NOPE"))
    }
}
