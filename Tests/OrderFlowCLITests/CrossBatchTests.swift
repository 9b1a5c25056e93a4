import Foundation
import OrderFlowTestSupport
import Testing

/// Requests that act on earlier batches, over several runs of the built binary, on each ledger engine
/// with `--as-of`: cancels (unpaid, delayed, in window, out of window, twice), an order by the
/// account a new company got in an earlier file, and `quote --pipeline` agreeing with the run.
@Suite struct CrossBatchTests {
    /// A pipeline in a temporary folder, files dropped one run at a time.
    struct Sandbox {
        let root: URL
        let pipeline: String

        init(_ engine: LedgerEngine) throws {
            let sandbox = try PipelineSandbox("orderflow-crossbatch", settings: "", ledger: try engine.ledger())
            root = sandbox.root
            pipeline = sandbox.pipeline.path
        }

        func drop(_ name: String, _ text: String, reseller: String = "R-ACME") throws -> String {
            let folder = root.appendingPathComponent("inbox/\(reseller)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        func run(asOf: String) throws -> CLIResult { try CLI.run(["run", pipeline, "--as-of", asOf]) }

        /// `results.csv` of a batch as rows of cells (no quoted commas in these files).
        func results(_ batchId: String, reseller: String = "R-ACME") throws -> [[String]] {
            try table(root.appendingPathComponent("outbox/\(reseller)/\(batchId)/results.csv"))
        }

        func payments(_ batchId: String, reseller: String = "R-ACME") throws -> [[String]] {
            try table(root.appendingPathComponent("outbox/\(reseller)/\(batchId)/payments.csv"))
        }

        func table(_ url: URL) throws -> [[String]] {
            try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
                .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
    }

    static let header = "reseller,ref,action,channel,account,registration,account_type,company_name,contact_name,contact_email,country,region,city,postal_code,address_line1,product,plan,period,payment_model,provisioning_date,data_location,domain,terms_accepted,terms_version\n"

    static func newCompany(_ ref: String, channel: String = "customer", product: String, plan: String,
                           model: String = "", date: String = "", location: String = "", domain: String = "") -> String {
        "R-ACME,\(ref),order,\(channel),,full,company,\(ref) GmbH,Ann \(ref),ann@\(ref.lowercased()).example,DE,BE,Berlin,10115,Street 1,"
            + "\(product),\(plan),1M,\(model),\(date),\(location),\(domain),true,2026-01\n"
    }

    static func cancel(_ ref: String) -> String { "R-ACME,\(ref),cancel,,,,,,,,,,,,,,,,,,,,,\n" }

    // results.csv columns
    static let (ref, action, outcome, account, salesOrder, orderStatus, subscription, subscriptionStatus) = (0, 2, 3, 4, 5, 6, 7, 8)
    static let (total, payment, invoice, errorCode, errorField) = (12, 13, 14, 15, 16)

    @Test(arguments: LedgerEngine.all)
    func cancelsAndAccountsActOnEarlierBatches(_ engine: LedgerEngine) throws {
        let box = try Sandbox(engine)
        _ = try box.drop("X-01.csv", Self.header
            + Self.newCompany("C-1", product: "PRD-MAIL", plan: "PLN-MAIL-STD", location: "eu-central", domain: "c1.example")
            + Self.newCompany("C-2", channel: "manager", product: "PRD-MAIL", plan: "PLN-MAIL-STD", model: "postpay",
                              date: "2026-11-30", location: "eu-central", domain: "c2.example")
            + Self.newCompany("C-3", channel: "manager", product: "PRD-CRM", plan: "PLN-CRM-TEAM", model: "postpay")
            + Self.newCompany("C-4", channel: "manager", product: "PRD-MAIL", plan: "PLN-MAIL-STD", model: "postpay",
                              location: "eu-central", domain: "c4.example")
            + Self.newCompany("C-5", channel: "manager", product: "PRD-VM", plan: "PLN-VM-BIZ", model: "postpay",
                              location: "eu-central"))
        let first = try box.run(asOf: "2026-11-22")
        #expect(first.exitCode == 0, "\(first.stderr)")
        let one = try box.results("X-01")
        #expect(one.map { $0[Self.outcome] } == Array(repeating: "accepted", count: 5))
        #expect(one.map { $0[Self.orderStatus] } == ["WaitingForPayment", "WaitingForProvisioning", "Completed", "Completed", "Completed"])
        let c1Account = one[0][Self.account]
        let c1Payment = one[0][Self.payment]
        #expect(c1Account == "ACC-1" && c1Payment == "PAY-1")

        // Three days later: the unpaid, the delayed and the in-window orders are canceled; C-1's
        // domain is free again for its own account, named by the id the first results gave it.
        _ = try box.drop("X-02.csv", Self.header
            + Self.cancel("C-1") + Self.cancel("C-2") + Self.cancel("C-3")
            + "R-ACME,C-6,order,customer,\(c1Account),,,,,,,,,,,PRD-MAIL,PLN-MAIL-STD,1M,,,eu-central,c1.example,true,2026-01\n"
            + "R-ACME,C-7,order,customer,ACC-999,,,,,,,,,,,PRD-MAIL,PLN-MAIL-STD,1M,,,eu-central,c7.example,true,2026-01\n")
        let second = try box.run(asOf: "2026-11-25")
        #expect(second.exitCode == 65, "C-7 names no account of R-ACME")
        let two = try box.results("X-02")
        #expect(two.map { $0[Self.outcome] } == ["accepted", "accepted", "accepted", "accepted", "rejected"])
        #expect(two[0..<3].allSatisfy { $0[Self.orderStatus] == "Canceled" && $0[Self.subscriptionStatus] == "Canceled" })
        // The cancel's row carries the canceled order's ids and amounts.
        #expect(two[0][Self.salesOrder] == one[0][Self.salesOrder] && two[0][Self.total] == one[0][Self.total])
        #expect(two[3][Self.account] == c1Account)
        #expect(two[4][Self.errorCode] == "UNKNOWN_ACCOUNT" && two[4][Self.errorField] == "account")
        // C-1 was waiting for its payment: voided, no refund. C-6 creates its own payment.
        let payments = try box.payments("X-02")
        #expect(payments.contains { $0[0] == c1Payment && $0[1] == "order" && $0[6] == "Voided" })
        #expect(!payments.contains { $0[1] == "refund" })
        #expect(payments.filter { $0[6] == "WaitingForPayment" }.count == 1)

        // After the window: C-4 (14 days from 2026-11-22: up to 2026-12-06) and C-5 (no window)
        // can no longer be canceled; C-1 again is a duplicate; C-99 was never ordered.
        let third = Self.header + Self.cancel("C-4") + Self.cancel("C-5") + Self.cancel("C-1") + Self.cancel("C-99")
        let quotePath = box.root.appendingPathComponent("X-03.csv").path
        try third.write(toFile: quotePath, atomically: true, encoding: .utf8)
        let quote = try CLI.run(["quote", quotePath, "--pipeline", box.pipeline, "--as-of", "2026-12-10"])
        #expect(quote.exitCode == 65)
        _ = try box.drop("X-03.csv", third)
        #expect(try box.run(asOf: "2026-12-10").exitCode == 65)
        let three = try box.results("X-03")
        #expect(three.map { $0[Self.outcome] } == ["rejected", "rejected", "duplicate", "rejected"])
        #expect(three.map { $0[Self.errorCode] } == ["CANCEL_NOT_ALLOWED", "CANCEL_NOT_ALLOWED", "", "UNKNOWN_ORDER"])
        #expect(three[2][Self.orderStatus] == "Canceled")
        // quote --pipeline judged the file exactly as the run that followed (no new ids here).
        let quoted = quote.stdout.split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(quoted == three)
    }

    /// An account's stored registration, type and address decide later orders (Rules.md;
    /// Pricing.md, step 4): a short registration may order only short trials; a French company's stored address
    /// decides its taxes in every later file too.
    @Test(arguments: LedgerEngine.all)
    func storedAccountsDecideRegistrationAndTaxes(_ engine: LedgerEngine) throws {
        let box = try Sandbox(engine)
        _ = try box.drop("S-01.csv", Self.header
            + "R-ACME,S-1,order,customer,,short,individual,,,trial@short.example,,,,,,PRD-MAIL,PLN-MAIL-STD,TRIAL30,,,us-east,short.example,true,2026-01\n"
            + "R-ACME,S-2,order,customer,,full,company,Initech SARL,Bill L,bill@initech.example,FR,IDF,Paris,75008,1 rue X,"
            + "PRD-CRM,PLN-CRM-TEAM,1M,,,,,true,2026-01\n")
        #expect(try box.run(asOf: "2026-11-22").exitCode == 0)
        let one = try box.results("S-01")
        let (short, initech) = (one[0][Self.account], one[1][Self.account])
        _ = try box.drop("S-02.csv", Self.header
            + "R-ACME,S-3,order,customer,\(short),,,,,,,,,,,PRD-MAIL,PLN-MAIL-STD,1M,,,us-east,short-paid.example,true,2026-01\n"
            + "R-ACME,S-4,order,customer,\(short),,,,,,,,,,,PRD-CRM,PLN-CRM-TEAM,TRIAL14,,,,,true,2026-01\n"
            + "R-ACME,S-5,order,customer,\(initech),,,,,,,,,,,PRD-CRM,PLN-CRM-TEAM,1M,,,,,true,2026-01\n")
        #expect(try box.run(asOf: "2026-11-23").exitCode == 65)
        let two = try box.results("S-02")
        // The request names no registration: the stored one fails, on field `account`.
        #expect(two[0][Self.errorCode] == "FULL_REGISTRATION_REQUIRED" && two[0][Self.errorField] == "account")
        // TRIAL14 needs full registration too.
        #expect(two[1][Self.errorCode] == "FULL_REGISTRATION_REQUIRED")
        #expect(two[2][Self.outcome] == "accepted" && two[2][Self.account] == initech)
        // The same plan, the same stored address (FR, VAT 20%): the same amounts as the first order.
        #expect(two[2][10...12] == ["15.00", "3.00", "18.00"])
        #expect(Array(two[2][9...12]) == Array(one[1][9...12]))
    }

    /// A cancel within the window of a subscription activated at its (later) provisioning date
    /// counts from that date; the day the window ends is included.
    @Test(arguments: LedgerEngine.all)
    func theLastDayOfTheWindowIsIncluded(_ engine: LedgerEngine) throws {
        let box = try Sandbox(engine)
        _ = try box.drop("W-01.csv", Self.header
            + Self.newCompany("W-1", channel: "manager", product: "PRD-MAIL", plan: "PLN-MAIL-STD", model: "postpay",
                              location: "eu-central", domain: "w1.example")
            + Self.newCompany("W-2", channel: "manager", product: "PRD-MAIL", plan: "PLN-MAIL-STD", model: "postpay",
                              location: "eu-central", domain: "w2.example"))
        #expect(try box.run(asOf: "2026-11-22").exitCode == 0)
        _ = try box.drop("W-02.csv", Self.header + Self.cancel("W-1"))
        #expect(try box.run(asOf: "2026-12-06").exitCode == 0)
        #expect(try box.results("W-02")[0][Self.outcome] == "accepted")
        _ = try box.drop("W-03.csv", Self.header + Self.cancel("W-2"))
        #expect(try box.run(asOf: "2026-12-07").exitCode == 65)
        #expect(try box.results("W-03")[0][Self.errorCode] == "CANCEL_NOT_ALLOWED")
    }

    /// Pricing.md, step 8: a cancel ends the subscription with every charge on it. A CRM Team
    /// subscription (EUR, no exchange, DE VAT 19 %) with postponed billing, renewed, then upgraded
    /// and canceled in one file, within its 30-day window:
    ///
    /// | batch, run's date | request | lines | net | VAT | total | payment, due | invoice |
    /// |---|---|---|---|---|---|---|---|
    /// | X-01, 2026-11-22 | P-1 order, 1M, 3 seats | fee 15.00; 2 extra seats × 12.00 × 1 = 24.00 | 39.00 | 7.41 | 46.41 | PAY-1, 2026-12-22 (postponed) | ACME-2026-000001 |
    /// | X-02, 2026-11-25 | P-2 renewal, 1M | the same, no setup lines | 39.00 | 7.41 | 46.41 | PAY-2, 2026-12-09 | ACME-2026-000002 |
    /// | X-03, 2026-12-01 | P-3 upgrade to 5 seats | 2 seats × 12.00 × 2 months × 52/61 days = 40.918… | 40.92 | 7.77 | 48.69 | PAY-3, 2026-12-15 | ACME-2026-000003 |
    /// | X-03, 2026-12-01 | cancel P-1 | PAY-1, PAY-2, PAY-3 voided; SO-1, SO-2, SO-3 credited | 39.00 | 7.41 | 46.41 | PAY-1 | ACME-2026-000004 |
    ///
    /// The upgrade's span is the paid one after the renewal: 2026-11-22 to 2027-01-22, 2 months, 61
    /// days, 52 of them left on 2026-12-01. The credit notes are ACME-2026-000004 (SO-1), 000005
    /// (SO-2) and 000006 (SO-3).
    @Test(arguments: LedgerEngine.all)
    func aCancelVoidsAndCreditsTheRenewalAndTheUpgradeToo(_ engine: LedgerEngine) throws {
        let box = try Sandbox(engine)
        let columns = [
            "reseller", "ref", "action", "registration", "account_type", "company_name", "contact_name",
            "contact_email", "country", "region", "city", "postal_code", "address_line1", "product", "plan", "period",
            "postponed_billing", "subscription", "resource:SEATS", "terms_accepted", "terms_version",
        ]
        func file(_ rows: [[String: String]]) -> String {
            ([columns.joined(separator: ",")] + rows.map { row in columns.map { row[$0, default: ""] }.joined(separator: ",") })
                .joined(separator: "\n") + "\n"
        }
        let order = [
            "reseller": "R-ACME", "ref": "P-1", "action": "order", "registration": "full", "account_type": "company",
            "company_name": "P1 GmbH", "contact_name": "Paula P", "contact_email": "paula@p1.example", "country": "DE",
            "region": "BE", "city": "Berlin", "postal_code": "10115", "address_line1": "Weg 1", "product": "PRD-CRM",
            "plan": "PLN-CRM-TEAM", "period": "1M", "postponed_billing": "true", "resource:SEATS": "3",
            "terms_accepted": "true", "terms_version": "2026-01",
        ]
        _ = try box.drop("X-01.csv", file([order]))
        #expect(try box.run(asOf: "2026-11-22").exitCode == 0)
        #expect(try box.results("X-01").map { Array($0[0...14]) } == [
            ["P-1", "2", "order", "accepted", "ACC-1", "SO-1", "Completed", "SUB-1", "Active", "EUR", "39.00", "7.41",
             "46.41", "PAY-1", "ACME-2026-000001"],
        ])

        _ = try box.drop("X-02.csv", file([["reseller": "R-ACME", "ref": "P-2", "action": "renewal", "subscription": "SUB-1"]]))
        #expect(try box.run(asOf: "2026-11-25").exitCode == 0)
        #expect(try box.results("X-02").map { Array($0[0...14]) } == [
            ["P-2", "2", "renewal", "accepted", "ACC-1", "SO-2", "WaitingForPayment", "SUB-1", "Active", "EUR", "39.00",
             "7.41", "46.41", "PAY-2", "ACME-2026-000002"],
        ])

        _ = try box.drop("X-03.csv", file([
            ["reseller": "R-ACME", "ref": "P-3", "action": "upgrade", "subscription": "SUB-1", "resource:SEATS": "5"],
            ["reseller": "R-ACME", "ref": "P-1", "action": "cancel"],
        ]))
        let third = try box.run(asOf: "2026-12-01")
        #expect(third.exitCode == 0, "\(third.stderr)")
        #expect(try box.results("X-03").map { Array($0[0...14]) } == [
            ["P-3", "2", "upgrade", "accepted", "ACC-1", "SO-3", "WaitingForPayment", "SUB-1", "Active", "EUR", "40.92",
             "7.77", "48.69", "PAY-3", "ACME-2026-000003"],
            ["P-1", "3", "cancel", "accepted", "ACC-1", "SO-1", "Canceled", "SUB-1", "Canceled", "EUR", "39.00", "7.41",
             "46.41", "PAY-1", "ACME-2026-000004"],
        ])
        // Every payment the cancel voided, the upgrade's of this same file once, by payment id.
        #expect(try box.payments("X-03").map { Array($0[0...7]) } == [
            ["PAY-1", "order", "SO-1", "ACC-1", "46.41", "EUR", "Voided", "2026-12-22"],
            ["PAY-2", "order", "SO-2", "ACC-1", "46.41", "EUR", "Voided", "2026-12-09"],
            ["PAY-3", "order", "SO-3", "ACC-1", "48.69", "EUR", "Voided", "2026-12-15"],
        ])

        // The ledger holds every sales order canceled with its own credit note, and every change.
        let show = try CLI.run(["ledger", "show", "P-1", "--reseller", "R-ACME", "--pipeline", box.pipeline, "--json"])
        #expect(show.exitCode == 0, "\(show.stderr)")
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        func objects(_ value: Any?) -> [[String: Any]] { (value as? [[String: Any]]) ?? [(value as? [String: Any]) ?? [:]] }
        func text(_ object: [String: Any], _ keys: String...) -> String { keys.map { (object[$0] as? String) ?? "-" }.joined(separator: " ") }
        let orders = objects(entry["salesOrder"]) + objects(entry["relatedOrders"])
        #expect(orders.map { text($0, "id", "status", "invoiceNumber", "creditNoteNumber") } == [
            "SO-1 Canceled ACME-2026-000001 ACME-2026-000004", "SO-2 Canceled ACME-2026-000002 ACME-2026-000005",
            "SO-3 Canceled ACME-2026-000003 ACME-2026-000006",
        ])
        #expect(text(objects(entry["subscription"])[0], "id", "status") == "SUB-1 Canceled")
        #expect(objects(entry["payments"]).map { text($0, "id", "status") } == ["PAY-1 Voided", "PAY-2 Voided", "PAY-3 Voided"])
        let cancelChanges = objects(entry["stateChanges"]).filter { text($0, "batchId") == "X-03" && text($0, "to") != "WaitingForPayment" }
        #expect(cancelChanges.map { text($0, "entityKind", "entityId", "from", "to") } == [
            "sales_order SO-1 Completed Canceled", "subscription SUB-1 Active Canceled", "payment PAY-1 WaitingForPayment Voided",
            "sales_order SO-2 WaitingForPayment Canceled", "payment PAY-2 WaitingForPayment Voided",
            "sales_order SO-3 WaitingForPayment Canceled", "payment PAY-3 WaitingForPayment Voided",
        ])
    }
}
