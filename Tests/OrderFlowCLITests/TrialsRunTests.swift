import Foundation
import OrderFlowTestSupport
import Testing

/// The `trials` job on the built binary (Trials.md): a campaign file of trial requests after the
/// demo import, then a second file, on the same ledger.
@Suite struct TrialsRunTests {
    static let header = "reseller,ref,action,channel,account,registration,account_type,company_name,vat_id,contact_name,"
        + "contact_email,country,region,city,postal_code,address_line1,product,plan,period,payment_model,"
        + "provisioning_date,data_location,domain,admin_user,send_credentials,terms_accepted,terms_version"

    /// A new individual's trial of `plan`/`period` with `email`.
    static func row(_ ref: String, _ email: String, product: String = "PRD-MAIL", plan: String = "PLN-MAIL-STD",
                    period: String = "TRIAL30", action: String = "order", domain: String? = nil) -> String {
        let mail = product == "PRD-MAIL"
        let registration = period == "TRIAL30" ? "short" : "full"
        return "R-ACME,\(ref),\(action),customer,,\(registration),company,Trial Co \(ref),,Tess Trial,\(email),DE,BE,Berlin,"
            + "10115,Street 1,\(product),\(plan),\(period),,2026-11-22,\(mail ? "eu-central" : ""),"
            + "\(mail ? domain ?? ref.lowercased() + ".example" : ""),,,true,2026-01"
    }

    @Test func aCampaignFileGivesOneTrialPerEmailAndPlan() throws {
        let sandbox = try DemoLedger.copy("orderflow-trials")
        defer { sandbox.remove() }
        let trials = sandbox.root.appendingPathComponent("trials.yaml")
        let inbox = sandbox.root.appendingPathComponent("trials")
        try sandbox.writeJobPipeline(trials, kind: "trials", inbox: inbox)
        let rows = [
            Self.row("T-1", "tess@trial.example"),
            Self.row("T-2", "TESS@Trial.Example", domain: "t-2.example"),  // the same e-mail and plan
            Self.row("T-3", "tess@trial.example", product: "PRD-CRM", plan: "PLN-CRM-TEAM", period: "TRIAL14"),  // another plan
            Self.row("T-4", "paul@trial.example", product: "PRD-CRM", plan: "PLN-CRM-TEAM", period: "1M"),
            Self.row("T-5", "paul@trial.example", action: "cancel"),
        ]
        let folder = inbox.appendingPathComponent("R-ACME")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(([Self.header] + rows).joined(separator: "\n").appending("\n").utf8)
            .write(to: folder.appendingPathComponent("CAMPAIGN-1.csv"))
        let run = try sandbox.runJob(trials, asOf: "2026-11-22")
        #expect(run.exitCode == 65, "\(run.stderr)")

        let results = try sandbox.records("R-ACME", "CAMPAIGN-1", "results.csv")
        #expect(results.map { [$0["ref"]!, $0["outcome"]!, $0["error_code"]!] } == [
            ["T-1", "accepted", ""], ["T-2", "rejected", "TRIAL_ALREADY_USED"], ["T-3", "accepted", ""],
            ["T-4", "rejected", "PERIOD_NOT_TRIAL"], ["T-5", "rejected", "INVALID_VALUE"],
        ])
        // A trial: active at once, nothing to pay, no invoice.
        let first = try #require(results.first)
        #expect(first["sales_order_status"] == "Completed" && first["subscription_status"] == "Active")
        #expect(first["total"] == "0.00" && first["payment_id"] == "" && first["invoice_number"] == "")
        #expect(try sandbox.records("R-ACME", "CAMPAIGN-1", "payments.csv").isEmpty)
        let events = try sandbox.records("R-ACME", "CAMPAIGN-1", "provisioning.csv")
        #expect(events.map { [$0["event"]!, $0["plan"]!, $0["domain"]!] } == [
            ["activate", "PLN-MAIL-STD", "t-1.example"], ["activate", "PLN-CRM-TEAM", ""],
        ])
        let rejected = String(decoding: try Data(contentsOf: sandbox.outbox.appendingPathComponent("R-ACME/CAMPAIGN-1/rejected.csv")), as: UTF8.self)
        #expect(rejected.split(separator: "\n").count == 4)

        // A later file: the ledger remembers T-1's trial, whatever its case; a new e-mail is fine.
        try Data(([Self.header, Self.row("T-6", "Tess@trial.example", domain: "t-6.example"), Self.row("T-7", "nina@trial.example")])
            .joined(separator: "\n").appending("\n").utf8).write(to: folder.appendingPathComponent("CAMPAIGN-2.csv"))
        #expect(try sandbox.runJob(trials, asOf: "2026-11-22").exitCode == 65)
        #expect(try sandbox.records("R-ACME", "CAMPAIGN-2", "results.csv").map { $0["error_code"]! } == ["TRIAL_ALREADY_USED", ""])

        // XML is not a trial drop.
        try Data("<orders/>".utf8).write(to: folder.appendingPathComponent("CAMPAIGN-3.xml"))
        #expect(try sandbox.runJob(trials, asOf: "2026-11-22").exitCode == 65)
        let errors = String(decoding: try Data(contentsOf: sandbox.failed.appendingPathComponent("R-ACME/CAMPAIGN-3.xml.errors.csv")), as: UTF8.self)
        #expect(errors.contains("UNSUPPORTED_FORMAT"))
    }

    /// SIGKILL and restart (Operations.md, crash safety): a campaign file killed while claimed,
    /// during and after its commit and while published leaves, after a rerun, the outputs of an
    /// uninterrupted run; every trial exists once.
    @Test(arguments: [["afterClaimMove:1"], ["duringCommit:2"], ["afterCommit:1"], ["afterPublish:1"], ["beforeFinish:1"], ["duringCommit:1", "afterCommit:1"]])
    func aKilledCampaignIsFinishedOnce(specs: [String]) throws {
        func prepared(_ name: String) throws -> (PipelineSandbox, URL, URL) {
            let sandbox = try DemoLedger.copy(name)
            let trials = sandbox.root.appendingPathComponent("trials.yaml")
            let inbox = sandbox.root.appendingPathComponent("trials")
            try sandbox.writeJobPipeline(trials, kind: "trials", inbox: inbox)
            let folder = inbox.appendingPathComponent("R-ACME")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let rows = (1...3).map { Self.row("K-\($0)", "k\($0)@trial.example") }
            try Data(([Self.header] + rows).joined(separator: "\n").appending("\n").utf8)
                .write(to: folder.appendingPathComponent("CAMPAIGN-K.csv"))
            return (sandbox, trials, inbox)
        }
        let (reference, referencePipeline, _) = try prepared("orderflow-trials-ref")
        defer { reference.remove() }
        #expect(try reference.runJob(referencePipeline, asOf: "2026-11-22").exitCode == 0)
        let (sandbox, trials, inbox) = try prepared("orderflow-trials-crash")
        defer { sandbox.remove() }
        try sandbox.recoverFromCrashes(
            specs, inbox: inbox, reference: try reference.snapshot(),
            run: { environment in try sandbox.runJob(trials, asOf: "2026-11-22", environment: environment) },
            check: { context in
                let results = try sandbox.records("R-ACME", "CAMPAIGN-K", "results.csv")
                #expect(results.map { $0["outcome"] } == ["accepted", "accepted", "accepted"], "\(context)")
            })
    }
}
