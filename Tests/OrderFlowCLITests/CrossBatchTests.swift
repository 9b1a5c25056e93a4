import Foundation
import OrderFlowTestSupport
import Testing

/// Requests that act on earlier batches, over several runs of the built binary
/// with `--as-of`: cancels (unpaid, delayed, in window, out of window, twice), an order by the
/// account a new company got in an earlier file, and `quote --pipeline` agreeing with the run.
@Suite struct CrossBatchTests {
    /// A pipeline in a temporary folder, files dropped one run at a time.
    struct Sandbox {
        let root: URL
        let pipeline: String

        init() throws {
            let sandbox = try PipelineSandbox("orderflow-crossbatch", settings: "")
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

    @Test func cancelsAndAccountsActOnEarlierBatches() throws {
        let box = try Sandbox()
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
    @Test func storedAccountsDecideRegistrationAndTaxes() throws {
        let box = try Sandbox()
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
    @Test func theLastDayOfTheWindowIsIncluded() throws {
        let box = try Sandbox()
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
}
