import Foundation
import Testing

/// Concurrency (Operations.md, leases): three `orderflow run` processes on one pipeline import one reseller's
/// thirty drops exactly once, in order, with the outputs of a single worker.
@Suite struct ImportConcurrencyTests {
    static let header =
        "reseller,ref,action,channel,registration,account_type,company_name,contact_name,contact_email,country,region,city,postal_code,address_line1,product,plan,period,data_location,domain,terms_accepted,terms_version"

    /// Drop `i` (1…30): one prepaid mail order with its own ref and domain; every third drop also
    /// cancels the order of the drop two before it, so the order of the files matters. Names are
    /// scrambled against the mtimes, so only "oldest mtime first" gives the reference's order.
    static func name(_ i: Int) -> String { String(format: "ACME-C%02d-%02d.csv", (i * 11) % 31, i) }

    static func drop(_ i: Int) -> String {
        var text = header + "\n"
        text += "R-ACME,A-7\(String(format: "%03d", i)),order,customer,full,company,Parallel \(i) GmbH,Pat \(i),pat\(i)@parallel-\(i).example,DE,BE,Berlin,10115,Teststraße \(i),PRD-MAIL,PLN-MAIL-STD,1M,eu-central,parallel-\(i).example,true,2026-01\n"
        if i % 3 == 0 {
            text += "R-ACME,A-7\(String(format: "%03d", i - 2)),cancel,,,,,,,,,,,,,,,,,,\n"
        }
        return text
    }

    /// Runs `sandbox` on three workers at once, each looping until the inbox and processing/
    /// are empty (a worker exits early when another holds the reseller's lease). Worker `i` runs
    /// with the crash point `crashes[i]`, when given, until it has been killed once.
    static func runThreeWorkers(_ sandbox: PipelineSandbox, crashes: [String]? = nil) -> Runs {
        runWorkers(3, on: sandbox, crashes: crashes)
    }

    /// `count` workers as above; worker `i` runs with `environment(i)` (a host identity, say).
    static func runWorkers(
        _ count: Int, on sandbox: PipelineSandbox, crashes: [String]? = nil,
        environment: @Sendable (Int) -> [String: String] = { _ in [:] }
    ) -> Runs {
        let runs = Runs()
        DispatchQueue.concurrentPerform(iterations: count) { worker in
            var armed = crashes != nil
            for _ in 0..<200 {
                do {
                    var settings = environment(worker)
                    if armed { settings["ORDERFLOW_CRASH_AT"] = crashes![worker] }
                    let result = try sandbox.run(environment: settings, timeout: 300)
                    if result.wasKilled {
                        armed = false
                        runs.kill(worker)
                    } else {
                        runs.append(result, worker: worker)
                    }
                    if try sandbox.leftovers(in: sandbox.inbox).isEmpty && sandbox.leftovers(in: sandbox.processing).isEmpty {
                        return
                    }
                } catch {
                    runs.fail("worker \(worker): \(error)")
                    return
                }
            }
            runs.fail("worker \(worker): the inbox never emptied")
        }
        return runs
    }

    static func fill(_ sandbox: PipelineSandbox) throws {
        for i in 1...30 {
            try sandbox.drop(drop(i), reseller: "R-ACME", name: name(i), mtime: PipelineSandbox.baseMtime + Double(i))
        }
    }

    final class Runs: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Int: [CLIResult]] = [:]
        private var errors: [String] = []
        func append(_ result: CLIResult, worker: Int) { lock.withLock { results[worker, default: []].append(result) } }
        func fail(_ message: String) { lock.withLock { errors.append(message) } }
        private var killed = 0
        func kill(_ worker: Int) { lock.withLock { killed += 1 } }
        var kills: Int { lock.withLock { killed } }
        var all: [Int: [CLIResult]] { lock.withLock { results } }
        var failures: [String] { lock.withLock { errors } }
    }

    @Test(arguments: LedgerEngine.all)
    func threeWorkersImportThirtyDropsOnceInOrderLikeOne(_ engine: LedgerEngine) throws {
        let shared = try PipelineSandbox("orderflow-concurrent", ledger: try engine.ledger())
        defer { shared.remove() }
        let single = try PipelineSandbox("orderflow-single")
        defer { single.remove() }
        // The ledger is created first: three processes creating a fresh ledger at once is the
        // known start-up race of freshLedger… below, not what this test is about.
        let create = try shared.run()
        #expect(create.terminationReason == .exit && create.exitCode == 0, "\(create.stderr)")
        try Self.fill(shared)
        try shared.copyInbox(to: single)
        #expect(try PipelineSandbox.files(under: single.inbox).count == 30)

        // The reference: one worker, one run.
        let one = try single.run()
        #expect(one.terminationReason == .exit && one.exitCode == 0, "\(one.stderr)")
        let expected = try single.snapshot()
        try ImportInvariants.check(single, snapshot: expected, context: "single worker")
        #expect(expected.keys.filter { $0.hasSuffix("/results.csv") }.count == 30)
        let cancels = expected.filter { $0.key.hasSuffix("/results.csv") }.values
            .flatMap { PipelineSandbox.csvRecords($0) }.filter { $0["action"] == "cancel" && $0["outcome"] == "accepted" }
        #expect(cancels.count == 10, "every cancel finds the order of an earlier file")

        // Three workers at once; each keeps running until the inbox and processing/ are empty
        // (a worker exits early when another holds the reseller's lease).
        let runs = Self.runThreeWorkers(shared)
        #expect(runs.failures == [])
        var published: [Int: Int] = [:]
        for (worker, results) in runs.all {
            for result in results {
                #expect(result.terminationReason == .exit && result.exitCode == 0, "worker \(worker): \(result.stderr)")
                published[worker, default: 0] += result.stderr.components(separatedBy: "batch published").count - 1
            }
        }
        #expect(published.values.reduce(0, +) == 30, "batches published per worker: \(published)")

        let actual = try shared.snapshot()
        #expect(actual.keys.filter { $0.hasPrefix("failed/") } == [])
        let inputs = actual.keys.filter { $0.hasPrefix("outbox/R-ACME/") && $0.hasSuffix("/input.csv") }
        #expect(inputs.count == 30)
        try ImportInvariants.check(shared, snapshot: actual, context: "three workers")
        let diffs = ImportInvariants.differences(actual, expected)
        #expect(diffs == [], "three workers differ from one:\n\(diffs.joined(separator: "\n"))")
    }

    /// Three workers at once, each armed with a crash point until it has been killed once (the
    /// first to hold the lease always dies; others may die after taking over), all looping until
    /// the inbox is empty: a dead worker's lease and
    /// claim are taken over by whichever live worker gets there first, and the outputs are still
    /// those of a single uninterrupted worker.
    @Test(arguments: [
        ["duringCommit:5", "afterPublish:3", "afterCommit:2"], ["afterClaimMove:2", "beforeFinish:4", "afterClaimRecorded:3"],
    ], LedgerEngine.all)
    func threeWorkersKilledOnTheWayStillImportEveryDropOnce(_ crashes: [String], _ engine: LedgerEngine) throws {
        let shared = try PipelineSandbox("orderflow-concurrent-kill", ledger: try engine.ledger())
        defer { shared.remove() }
        let single = try PipelineSandbox("orderflow-single-kill")
        defer { single.remove() }
        _ = try shared.run()  // creates the ledger (see freshLedgerOpenedByThreeWorkersAtOnce)
        try Self.fill(shared)
        try shared.copyInbox(to: single)
        let one = try single.run()
        #expect(one.terminationReason == .exit && one.exitCode == 0, "\(one.stderr)")
        let expected = try single.snapshot()

        let runs = Self.runThreeWorkers(shared, crashes: crashes)
        #expect(runs.failures == [])
        #expect(runs.kills >= 1, "the worker holding the lease first reaches its crash point")
        for (worker, results) in runs.all {
            for result in results {
                #expect(result.terminationReason == .exit && result.exitCode == 0, "worker \(worker): \(result.stderr)")
            }
        }
        let actual = try shared.snapshot()
        try ImportInvariants.check(shared, snapshot: actual, context: "three workers, \(crashes), \(runs.kills) killed")
        let diffs = ImportInvariants.differences(actual, expected)
        #expect(diffs == [], "\(crashes): differs from one worker:\n\(diffs.joined(separator: "\n"))")
    }

    /// Three workers started at once on a pipeline whose ledger does not exist yet must all open
    /// it: GRDB's DatabaseMigrator decides what to apply before it holds SQLite's write lock, so
    /// without `MigrationLock` two processes both ran `CREATE TABLE` and the loser exited 78.
    /// On PostgreSQL, the migrations run under an advisory lock (PostgresSchema).
    @Test(arguments: LedgerEngine.all)
    func freshLedgerOpenedByThreeWorkersAtOnce(_ engine: LedgerEngine) throws {
        for _ in 0..<5 {
            let sandbox = try PipelineSandbox("orderflow-fresh-ledger", ledger: try engine.ledger())
            defer { sandbox.remove() }
            try sandbox.drop(Self.drop(1), reseller: "R-ACME", name: Self.name(1), mtime: PipelineSandbox.baseMtime)
            let runs = Runs()
            DispatchQueue.concurrentPerform(iterations: 3) { worker in
                do { runs.append(try sandbox.run(), worker: worker) } catch { runs.fail("worker \(worker): \(error)") }
            }
            #expect(runs.failures == [])
            let results = runs.all.values.flatMap { $0 }
            for result in results {
                #expect(result.terminationReason == .exit && result.exitCode == 0, "\(result.stderr)")
            }
            // Whatever the others did, the one file was imported once.
            var rerun = try sandbox.run()
            if rerun.exitCode != 0 { rerun = try sandbox.run() }
            let snapshot = try sandbox.snapshot()
            #expect(snapshot.keys.filter { $0.hasSuffix("/input.csv") }.count == 1, "\(snapshot.keys.sorted())")
            try ImportInvariants.check(sandbox, snapshot: snapshot, context: "fresh ledger")
        }
    }
}
