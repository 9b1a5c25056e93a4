import Foundation
import Testing

/// Crash safety of the billing job (Billing.md: each month billed once; Operations.md, crashes
/// and restarts): a run that commits the waiting usage drop and bills three missed months, killed
/// with SIGKILL at a crash point inside the drop, inside a month's batch or between two months,
/// then rerun, leaves exactly what an uninterrupted run leaves: no month billed twice or skipped,
/// no invoice number lost or given twice, no payment made twice.
@Suite struct BillingCrashTests {
    /// `BillingRunTests.template` waits with `usage-2026-12.csv` in the inbox and November billed;
    /// on 2027-03-01 the run commits the drop, then bills 2026-12, 2027-01 and 2027-02, oldest first.
    static let asOf = "2027-03-01"

    /// The uninterrupted run, once for the suite (the drop rejects two rows: exit 65).
    static let reference = Result {
        try UninterruptedRun(BillingRunTests.copy("orderflow-billing-crash-reference")) { try $0.bill(asOf: asOf) }
    }

    /// Every subscription month billed in the story, by hand: November's two bills (in the
    /// template), then SUB-1, SUB-3 and SUB-4 in each of the three months of this run.
    static let billedMonths: Set<String> = {
        let missed = ["2026-12", "2027-01", "2027-02"].flatMap { month in
            ["SUB-1", "SUB-3", "SUB-4"].map { "\($0) \(month)" }
        }
        return Set(["SUB-1 2026-11", "SUB-3 2026-11"] + missed)
    }()

    @Test func theReferenceRunBillsEachMissedMonthOnce() throws {
        let reference = try Self.reference.get()
        #expect(reference.exitCode == 65, "the usage drop rejects two rows")
        for batch in ["usage-2026-12", "billing-2026-12", "billing-2027-01", "billing-2027-02"] {
            #expect(reference.snapshot["outbox/R-ACME/\(batch)/receipt.json"] != nil, "\(batch)")
        }
        #expect(reference.snapshot["outbox/R-ACME/billing-2027-03/receipt.json"] == nil, "March is not over")
        // Three bills a month, numbered on the first day after it: ACME-2027-000001 to 000009.
        #expect(BillingInvariants.documentNumbers(reference.snapshot, series: "ACME-2027") == Array(1...9))
        BillingInvariants.check(reference.snapshot, context: "reference")

        // The outputs are a function of the ledger: a second uninterrupted run on another copy
        // publishes the same bytes (else "byte-identical after a crash" would prove nothing).
        let sandbox = try BillingRunTests.copy("orderflow-billing-crash-ref-check")
        defer { sandbox.remove() }
        #expect(try sandbox.bill(asOf: Self.asOf).exitCode == 65)
        #expect(
            ImportInvariants.differences(try sandbox.snapshot(), reference.snapshot) == [],
            "two uninterrupted runs differ")
        let billed = try sandbox.ledgerBilled()
        #expect(Set(billed.keys) == Self.billedMonths && billed.values.allSatisfy { $0 == 1 }, "\(billed)")
    }

    /// Hook counts in one run (CrashHooks.swift): the drop reaches `afterClaimRecorded`,
    /// `afterClaimMove`, `beforeCommit`, `afterCommit`, `afterPublish` and `beforeFinish` once and
    /// `duringCommit` once per row (3); then each month reaches `beforeCommit`, `afterCommit` and
    /// `afterPublish` (2026-12 the 2nd, 2027-01 the 3rd, 2027-02 the 4th). `afterPublish` of a
    /// month is after its files are in place and before it is recorded as published;
    /// `beforeCommit:3` and `:4` fall between two months.
    static let crashes: [[String]] = [
        // Inside the drop.
        ["afterClaimRecorded:1"], ["afterClaimMove:1"], ["beforeCommit:1"], ["duringCommit:1"], ["duringCommit:3"],
        ["afterCommit:1"], ["afterPublish:1"], ["beforeFinish:1"],
        // After the drop, before the first month.
        ["beforeCommit:2"],
        // Inside each month: committed and not published, published and not recorded as such.
        ["afterCommit:2"], ["afterPublish:2"], ["afterCommit:3"], ["afterPublish:3"], ["afterCommit:4"],
        ["afterPublish:4"],
        // Between months.
        ["beforeCommit:3"], ["beforeCommit:4"],
        // Killed again while recovering: the rerun's own first hook of that kind.
        ["duringCommit:2", "afterCommit:1"],  // the drop again, then after its commit
        ["beforeFinish:1", "afterCommit:1"],  // the drop's claim resumed, killed before it republishes
        ["afterCommit:2", "afterPublish:1"],  // 2026-12 republished, killed before it is recorded
        ["afterCommit:3", "beforeCommit:1"],  // 2027-01 published, killed before 2027-02 is committed
        ["afterPublish:4", "afterPublish:1"],  // the last month published twice, recorded by the third run
    ]

    @Test(arguments: crashes)
    func aKilledBillingRunRecoversToTheReferenceOutputs(_ specs: [String]) throws {
        let reference = try Self.reference.get().snapshot
        let sandbox = try BillingRunTests.copy("orderflow-billing-crash")
        defer { sandbox.remove() }
        try sandbox.recoverFromCrashes(specs, inbox: sandbox.usage, reference: reference) { environment in
            try sandbox.bill(asOf: Self.asOf, environment: environment)
        } check: { context in
            let snapshot = try sandbox.snapshot()
            BillingInvariants.check(snapshot, context: context)
            #expect(BillingInvariants.documentNumbers(snapshot, series: "ACME-2027") == Array(1...9), "\(context)")
            // The ledger, not only the outputs: each subscription month billed once, and the
            // drop's one accepted row stored once (three rows of usage-2026-11 before it).
            let billed = try sandbox.ledgerBilled()
            #expect(
                Set(billed.keys) == Self.billedMonths && billed.values.allSatisfy { $0 == 1 }, "\(context): \(billed)")
            #expect(try sandbox.storedUsage().count == 4, "\(context)")
        }
    }
}

/// What must hold after any billing story, crashed, raced or not: every document number once in
/// the whole outbox and each series gapless; each billing batch's invoices exactly the numbers
/// its `results.csv` gives; every subscription and month billed at most once; every payment
/// listed once per state.
enum BillingInvariants {
    /// The numbers of a series (`ACME-2027`) found as `invoices/<number>.xml` anywhere in the outbox.
    static func documentNumbers(_ snapshot: [String: [UInt8]], series: String) -> [Int] {
        snapshot.keys.filter { $0.hasPrefix("outbox/") && $0.contains("/invoices/\(series)-") && $0.hasSuffix(".xml") }
            .compactMap { Int($0.split(separator: "-").last?.dropLast(4) ?? "") }.sorted()
    }

    static func check(
        _ snapshot: [String: [UInt8]], context: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        // Documents: each number in one batch only; each series 1…n.
        var documents: [String: [String]] = [:]
        for path in snapshot.keys
        where path.hasPrefix("outbox/") && path.contains("/invoices/") && path.hasSuffix(".xml") {
            documents[
                String(path.split(separator: "/").last ?? "").replacingOccurrences(of: ".xml", with: ""), default: []
            ]
            .append(path)
        }
        var series: [String: [Int]] = [:]
        for (number, paths) in documents {
            if paths.count != 1 {
                Issue.record("\(context): document \(number) in \(paths.sorted())", sourceLocation: sourceLocation)
            }
            let parts = number.split(separator: "-")
            series[parts.dropLast().joined(separator: "-"), default: []].append(Int(parts.last ?? "") ?? -1)
        }
        for (name, numbers) in series where numbers.sorted() != Array(1...numbers.count) {
            Issue.record(
                "\(context): series \(name) is not gapless: \(numbers.sorted())", sourceLocation: sourceLocation)
        }

        // Billing batches: the invoice numbers of results.csv, once each, are the batch's invoices/.
        var billed: [String: Int] = [:]
        var invoiced: [String: Int] = [:]
        for (path, bytes) in snapshot where path.hasPrefix("outbox/") && path.hasSuffix("/results.csv") {
            let parts = path.split(separator: "/")
            guard parts.count == 4, parts[2].hasPrefix("billing-") else { continue }
            let batch = path.dropLast("results.csv".count)
            var numbers = Set<String>()
            for row in PipelineSandbox.csvRecords(bytes) {
                if row["outcome"] == "billed" {
                    billed["\(row["subscription_id"] ?? "") \(row["month"] ?? "")", default: 0] += 1
                }
                if let number = row["invoice_number"], !number.isEmpty {
                    invoiced[number, default: 0] += 1
                    numbers.insert(number)
                }
            }
            let files = Set(
                snapshot.keys.filter { $0.hasPrefix(batch + "invoices/") && $0.hasSuffix(".xml") }
                    .map { String($0.dropFirst(batch.count + "invoices/".count).dropLast(4)) })
            if files != numbers {
                Issue.record(
                    "\(context): \(batch) numbers \(numbers.sorted()), documents \(files.sorted())",
                    sourceLocation: sourceLocation)
            }
        }
        for (number, count) in invoiced where count != 1 {
            Issue.record("\(context): invoice \(number) given \(count) times", sourceLocation: sourceLocation)
        }
        for (month, count) in billed where count != 1 {
            Issue.record("\(context): \(month) billed \(count) times", sourceLocation: sourceLocation)
        }

        // Payments: each (id, status) in one payments.csv, once.
        var states: [String: Int] = [:]
        for (path, bytes) in snapshot where path.hasPrefix("outbox/") && path.hasSuffix("/payments.csv") {
            for row in PipelineSandbox.csvRecords(bytes) {
                states["\(row["payment_id"] ?? "") \(row["status"] ?? "")", default: 0] += 1
            }
        }
        for (state, count) in states where count != 1 {
            Issue.record("\(context): payment \(state) listed \(count) times", sourceLocation: sourceLocation)
        }
    }
}
