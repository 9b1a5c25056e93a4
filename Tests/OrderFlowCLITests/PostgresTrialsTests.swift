import Foundation
import OrderFlowTestSupport
import Testing

/// `orderflow run` of a trials pipeline on a PostgreSQL ledger against the same run on SQLite
/// (Trials.md): two campaign files after the demo import publish the same bytes, the second one
/// finding the first one's trials, and a run killed inside a campaign's commit is finished once.
@Suite(.enabled(if: !TestPostgres.skipRequested, "ORDERFLOW_SKIP_POSTGRES=1: the PostgreSQL tests are skipped"))
struct PostgresTrialsTests {
    /// The demo import on `ledger`, `trials.yaml` beside it on the same ledger, and its inbox.
    static func imported(_ name: String, ledger: String) throws -> (PipelineSandbox, URL, URL) {
        let sandbox = try PostgresReconcileTests.imported(name, ledger: ledger)
        let trials = sandbox.root.appendingPathComponent("trials.yaml")
        let inbox = sandbox.root.appendingPathComponent("trials")
        try sandbox.writeJobPipeline(trials, kind: "trials", inbox: inbox, ledger: ledger)
        try FileManager.default.createDirectory(at: inbox.appendingPathComponent("R-ACME"), withIntermediateDirectories: true)
        return (sandbox, trials, inbox)
    }

    static func campaign(_ rows: [String], named name: String, into inbox: URL) throws {
        try Data(([TrialsRunTests.header] + rows).joined(separator: "\n").appending("\n").utf8)
            .write(to: inbox.appendingPathComponent("R-ACME/\(name)"))
    }

    @Test func campaignsOnPostgresPublishWhatTheSameCampaignsOnSQLitePublish() throws {
        let sqlite = try Self.imported("orderflow-pg-trials-sqlite", ledger: "sqlite:ledger.sqlite")
        defer { sqlite.0.remove() }
        let postgres = try Self.imported("orderflow-pg-trials-pg", ledger: try TestPostgres.database())
        defer { postgres.0.remove() }
        for (_, _, inbox) in [sqlite, postgres] {
            try Self.campaign([
                TrialsRunTests.row("T-1", "tess@trial.example"),
                TrialsRunTests.row("T-2", "TESS@Trial.Example", domain: "t-2.example"),
                TrialsRunTests.row("T-3", "tess@trial.example", product: "PRD-CRM", plan: "PLN-CRM-TEAM", period: "TRIAL14"),
                TrialsRunTests.row("T-4", "paul@trial.example", product: "PRD-CRM", plan: "PLN-CRM-TEAM", period: "1M"),
            ], named: "CAMPAIGN-1.csv", into: inbox)
        }
        let first = try [sqlite, postgres].map { box, trials, _ in try box.runJob(trials, asOf: "2026-11-22") }
        #expect(first[0].exitCode == 65, "\(first[0].stderr)")
        #expect(first[1].exitCode == first[0].exitCode, "\(first[1].stderr)")
        #expect(try postgres.0.records("R-ACME", "CAMPAIGN-1", "results.csv").map { $0["error_code"]! } == [
            "", "TRIAL_ALREADY_USED", "", "PERIOD_NOT_TRIAL",
        ])

        // The ledger remembers T-1's trial on PostgreSQL too, whatever the e-mail's case.
        for (_, _, inbox) in [sqlite, postgres] {
            try Self.campaign([
                TrialsRunTests.row("T-6", "Tess@trial.example", domain: "t-6.example"),
                TrialsRunTests.row("T-7", "nina@trial.example"),
            ], named: "CAMPAIGN-2.csv", into: inbox)
        }
        let second = try [sqlite, postgres].map { box, trials, _ in try box.runJob(trials, asOf: "2026-11-22") }
        #expect(second[1].exitCode == second[0].exitCode, "\(second[1].stderr)")
        #expect(try postgres.0.records("R-ACME", "CAMPAIGN-2", "results.csv").map { $0["error_code"]! } == [
            "TRIAL_ALREADY_USED", "",
        ])
        let diffs = ImportInvariants.differences(try postgres.0.snapshot(), try sqlite.0.snapshot())
        #expect(diffs == [], "PostgreSQL differs from SQLite:\n\(diffs.joined(separator: "\n"))")
    }

    @Test func aCampaignKilledInItsCommitIsFinishedOnce() throws {
        let rows = (1...3).map { TrialsRunTests.row("K-\($0)", "k\($0)@trial.example") }
        let reference = try Self.imported("orderflow-pg-trials-ref", ledger: "sqlite:ledger.sqlite")
        defer { reference.0.remove() }
        try Self.campaign(rows, named: "CAMPAIGN-K.csv", into: reference.2)
        #expect(try reference.0.runJob(reference.1, asOf: "2026-11-22").exitCode == 0)
        let (sandbox, trials, inbox) = try Self.imported("orderflow-pg-trials-kill", ledger: try TestPostgres.database())
        defer { sandbox.remove() }
        try Self.campaign(rows, named: "CAMPAIGN-K.csv", into: inbox)
        try sandbox.recoverFromCrashes(
            ["duringCommit:2", "afterCommit:1"], inbox: inbox, reference: try reference.0.snapshot(),
            run: { environment in try sandbox.runJob(trials, asOf: "2026-11-22", environment: environment) },
            check: { context in
                let results = try sandbox.records("R-ACME", "CAMPAIGN-K", "results.csv")
                #expect(results.map { $0["outcome"] } == ["accepted", "accepted", "accepted"], "\(context)")
            })
    }
}
