import Foundation
import OrderFlowTestSupport
import Testing

/// The provision job end to end (Provisioning.md, Approvals.md): the real binary on the story of
/// ``ProvisionLedger``, several days simulated with `--as-of`. Every expected amount and date is
/// worked out here from the demo's and the story's drops, never copied from an output.
@Suite struct ProvisionRunTests {
    typealias Row = [String: String]

    static func pick(_ rows: [Row], _ columns: [String]) -> [[String]] {
        rows.map { row in columns.map { row[$0] ?? "?" } }
    }

    // MARK: Approvals

    @Test func anApprovalDropApprovesRejectsAndRejectsRowsItCannotApply() throws {
        let sandbox = try ProvisionLedger.copy("orderflow-provision-approvals")
        defer { sandbox.remove() }
        let before = try sandbox.documentNumbers()
        try sandbox.dropApprovals(ProvisionLedger.approvalDrop, name: "approvals-2026-12-01.csv")
        let run = try sandbox.provision(asOf: "2026-12-01")
        #expect(run.terminationReason == .exit && run.exitCode == 65, "\(run.stderr)")

        let notPending = ": only an order waiting for its manager can be approved or rejected."
        let unknown = ": check the sales_order_id (results.csv of the order's batch)."
        let results = try sandbox.records("R-ACME", "approvals-2026-12-01", "results.csv")
        #expect(Self.pick(results, ApprovalResultsFileColumns.all) == [
            ["SO-31", "2", "reject", "accepted", "", "", ""],
            ["SO-9", "3", "approve", "accepted", "", "", ""],
            ["SO-22", "4", "approve", "rejected", "UNKNOWN_ORDER", "sales_order_id", "R-ACME has no sales order SO-22" + unknown],
            ["SO-999", "5", "approve", "rejected", "UNKNOWN_ORDER", "sales_order_id", "R-ACME has no sales order SO-999" + unknown],
            ["SO-9", "6", "reject", "rejected", "APPROVAL_NOT_PENDING", "sales_order_id", "SO-9 is Completed, not Installing" + notPending],
            ["SO-1", "7", "approve", "rejected", "APPROVAL_NOT_PENDING", "sales_order_id", "SO-1 is WaitingForPayment, not Installing" + notPending],
            ["SO-x", "8", "approve", "rejected", "INVALID_VALUE", "sales_order_id",
             "'SO-x' is not a sales order id: write it as OrderFlow gave it, SO- and digits (SO-1234)."],
            ["SO-32", "9", "maybe", "rejected", "INVALID_VALUE", "decision", "'maybe' is not a decision: write approve or reject."],
        ])

        // SO-9 (demo A-2009, postpay, provisioning date 2026-11-22, nothing paid) approved on
        // 2026-12-01: the run date is the latest of the three, so service 2026-12-01 to 2026-12-31.
        // 3 users, 1 included: 2 × 10.00 setup + 2 × 25.00 + the 20.00 fee, 19 % VAT.
        let net = 2 * 1000 + 2 * 2500 + 2000, tax = net * 19 / 100
        let activations = try sandbox.records("R-ACME", "approvals-2026-12-01", "activations.csv")
        #expect(Self.pick(activations, ["sales_order_id", "subscription_id", "sales_order_status", "subscription_status", "service_start", "service_end"]) == [
            ["SO-9", "SUB-9", "Completed", "Active", "2026-12-01", "2026-12-31"],
        ])
        let charges = try sandbox.records("R-ACME", "approvals-2026-12-01", "charges.csv")
        #expect(Self.pick(charges, ["subscription_id", "sales_order_id", "service_start", "service_end", "currency", "net", "tax", "total"]) == [
            ["SUB-9", "SO-9", "2026-12-01", "2026-12-31", "EUR", Minor.text(net), Minor.text(tax), Minor.text(net + tax)],
        ])
        let events = try sandbox.records("R-ACME", "approvals-2026-12-01", "provisioning.csv")
        #expect(Self.pick(events, ["event", "sales_order_id", "subscription_id", "account_id", "product", "data_location"]) == [
            ["cancel", "SO-31", "SUB-31", "ACC-31", "PRD-DESK", "eu-central"],
            ["activate", "SO-9", "SUB-9", "ACC-9", "PRD-DESK", "eu-central"],
        ])
        let parameters = try JSONSerialization.jsonObject(with: Data((events.last?["unit_parameters"] ?? "").utf8)) as? [[String: String]]
        #expect(parameters?.count == 3 && parameters?.allSatisfy { $0["resource"] == "USERS" } == true)
        #expect(parameters?.first?["username"] == "bruce", "\(parameters ?? [])")
        #expect(events.first?["unit_parameters"]?.contains("\"username\":\"pepper\"") == true)
        #expect(!events.contains { ($0["unit_parameters"] ?? "").lowercased().contains("password") })

        // SO-31 was paid in full (PAY-18, 23.80): all of it refunded to ACC-31's balance, a new
        // payment after the story's last one (PAY-19), and a credit note next in R-ACME's 2026 series.
        let payments = try sandbox.records("R-ACME", "approvals-2026-12-01", "payments.csv")
        #expect(Self.pick(payments, ["payment_id", "kind", "sales_order_id", "account_id", "amount", "currency", "status"]) == [
            ["PAY-20", "refund", "SO-31", "ACC-31", Minor.text(ProvisionLedger.deskTotal), "EUR", "Paid"],
        ])
        let creditNote = "ACME-2026-" + String(format: "%06d", (before.last ?? 0) + 1)
        #expect(before == Array(1...before.count), "the demo's series has gaps: \(before)")
        let document = sandbox.outbox.appendingPathComponent("R-ACME/approvals-2026-12-01/invoices/\(creditNote).xml")
        let xml = String(decoding: try Data(contentsOf: document), as: UTF8.self)
        #expect(xml.contains("<CreditNote") && xml.contains(creditNote) && xml.contains(Minor.text(ProvisionLedger.deskTotal)))
        #expect(FileManager.default.fileExists(atPath: document.deletingPathExtension().appendingPathExtension("html").path))

        let receipt = try sandbox.receipt("R-ACME", "approvals-2026-12-01")
        #expect(receipt["rows"] as? Int == 8 && receipt["asOf"] as? String == "2026-12-01")
        #expect(receipt["outcomes"] as? [String: Int] == ["accepted": 2, "rejected": 6])
        #expect(receipt["events"] as? [String: Int] == ["activate": 1, "cancel": 1])

        // The ledger agrees: PAY-18 stays paid, the refund is paid at once.
        let ledger = try sandbox.ledgerPayments(ref: "P-01")
        #expect(ledger["PAY-18"]?["status"] == "Paid" && ledger["PAY-20"]?["status"] == "Paid", "\(ledger)")
        // The run for the date went on for every reseller after the drop.
        for reseller in ["R-ACME", "R-MAPLE", "R-NIPPON"] {
            #expect(FileManager.default.fileExists(atPath: sandbox.outbox.appendingPathComponent("\(reseller)/provision-2026-12-01/receipt.json").path))
        }
    }

    // MARK: Step 2

    /// SO-8 (postpay, provisioning date 2026-12-01) starts that day; SO-12 (paid 2026-11-25,
    /// provisioning date 2026-11-30) starts on its date, not on the run's; SO-32 (manual approval,
    /// paid, date 2026-11-28) goes `Installing`. USD 10.00 at 0.9215 = 9.22 EUR, 19 % VAT 1.75.
    @Test func dueDelayedOrdersStartOnTheirDateOrWaitForTheirManager() throws {
        let sandbox = try ProvisionLedger.copy("orderflow-provision-step2")
        defer { sandbox.remove() }
        let early = try sandbox.provision(asOf: "2026-11-27")
        #expect(early.exitCode == 0, "\(early.stderr)")
        #expect(try sandbox.records("R-ACME", "provision-2026-11-27", "activations.csv").isEmpty)

        let run = try sandbox.provision(asOf: "2026-12-01")
        #expect(run.exitCode == 0, "\(run.stderr)")
        let activations = try sandbox.records("R-ACME", "provision-2026-12-01", "activations.csv")
        #expect(Self.pick(activations, ["sales_order_id", "subscription_id", "sales_order_status", "subscription_status", "service_start", "service_end"]) == [
            ["SO-8", "SUB-8", "Completed", "Active", "2026-12-01", "2026-12-31"],
            ["SO-12", "SUB-12", "Completed", "Active", "2026-11-30", "2026-12-29"],
            ["SO-32", "SUB-32", "Installing", "Installing", "", ""],
        ])
        let net = (1000 * 9215 + 5000) / 10000, tax = (net * 19 + 50) / 100
        let charges = try sandbox.records("R-ACME", "provision-2026-12-01", "charges.csv")
        #expect(Self.pick(charges, ["subscription_id", "service_start", "service_end", "net", "tax", "total"]) == [
            ["SUB-8", "2026-12-01", "2026-12-31", Minor.text(net), Minor.text(tax), Minor.text(net + tax)],
            ["SUB-12", "2026-11-30", "2026-12-29", Minor.text(net), Minor.text(tax), Minor.text(net + tax)],
        ])
        let events = try sandbox.records("R-ACME", "provision-2026-12-01", "provisioning.csv")
        #expect(Self.pick(events, ["event", "sales_order_id", "subscription_id", "domain"]) == [
            ["activate", "SO-8", "SUB-8", "umbrella-pharma.example"],
            ["activate", "SO-12", "SUB-12", "massive-dynamic.example"],
            ["install", "SO-32", "SUB-32", ""],
        ])
        #expect(events.last?["unit_parameters"]?.contains("norman") == true)

        // SO-32 approved two days later: service from the approval's run date.
        try sandbox.dropApprovals("sales_order_id,decision\nSO-32,approve\n", name: "appr-1203.csv")
        #expect(try sandbox.provision(asOf: "2026-12-03").exitCode == 0)
        let approved = try sandbox.records("R-ACME", "appr-1203", "charges.csv")
        #expect(Self.pick(approved, ["subscription_id", "service_start", "service_end", "total"]) == [
            ["SUB-32", "2026-12-03", "2027-01-02", Minor.text(ProvisionLedger.deskTotal)],
        ])
    }

    // MARK: Steps 3, 5 (a trial that just ends) and 6, day by day

    /// A missed day is caught up, the boundary days change nothing, the same date twice
    /// republishes the same bytes.
    @Test func eachStepActsTheDayAfterItsLastDayAndAMissedDayIsCaughtUp() throws {
        let sandbox = try ProvisionLedger.copy("orderflow-provision-days")
        defer { sandbox.remove() }
        let before = try sandbox.documentNumbers()

        // 2026-12-21, the first run: step 2's three orders (due 2026-11-28 to 2026-12-01) and the
        // two CRM trials (last day 2026-11-22 + 14 − 1 = 2026-12-05) ended; the demo's mail trial
        // SUB-6 (last day 2026-11-22 + 30 − 1 = 2026-12-21) and free plan SUB-7 (paid span to
        // 2026-12-21) are not due yet.
        let missed = try sandbox.provision(asOf: "2026-12-21")
        #expect(missed.exitCode == 0, "\(missed.stderr)")
        #expect(Self.pick(try sandbox.records("R-ACME", "provision-2026-12-21", "activations.csv"), ["sales_order_id"]) == [["SO-8"], ["SO-12"], ["SO-32"]])
        #expect(Self.pick(try sandbox.records("R-ACME", "provision-2026-12-21", "expired.csv"), ExpiredColumns.all) == [
            ["SUB-33", "ACC-33", "PLN-CRM-TEAM", "2026-11-22", "2026-12-05", ""],
            ["SUB-34", "ACC-34", "PLN-CRM-TEAM", "2026-11-22", "2026-12-05", ""],
        ])
        #expect(Self.pick(try sandbox.records("R-ACME", "provision-2026-12-21", "provisioning.csv"), ["event", "subscription_id"]) == [
            ["activate", "SUB-8"], ["activate", "SUB-12"], ["install", "SUB-32"], ["expire", "SUB-33"], ["expire", "SUB-34"],
        ])

        // 2026-12-22: SUB-6's trial ends (step 5), SUB-7's month ended (step 6). PAY-2 (SUB-2's
        // postponed payment, due 2026-12-22) is not yet before the date.
        #expect(try sandbox.provision(asOf: "2026-12-22").exitCode == 0)
        #expect(Self.pick(try sandbox.records("R-ACME", "provision-2026-12-22", "expired.csv"), ExpiredColumns.all) == [
            ["SUB-6", "ACC-6", "PLN-MAIL-STD", "2026-11-22", "2026-12-21", ""],
        ])
        #expect(Self.pick(try sandbox.records("R-ACME", "provision-2026-12-22", "provisioning.csv"), ["event", "sales_order_id", "subscription_id", "domain"]) == [
            ["expire", "", "SUB-6", "doe-family.example"], ["expire", "", "SUB-7", ""],
        ])

        // 2026-12-23: step 3 cancels SUB-2 (PRD-CRM 1Y, 756.00 postponed): PAY-2 voided, nothing
        // was paid so nothing refunded, a credit note next in the 2026 series.
        #expect(try sandbox.provision(asOf: "2026-12-23").exitCode == 0)
        #expect(Self.pick(try sandbox.records("R-ACME", "provision-2026-12-23", "provisioning.csv"), ["event", "sales_order_id", "subscription_id"]) == [
            ["cancel", "SO-2", "SUB-2"],
        ])
        #expect(Self.pick(try sandbox.records("R-ACME", "provision-2026-12-23", "payments.csv"), ["payment_id", "kind", "amount", "status"]) == [
            ["PAY-2", "order", Minor.text(75600), "Voided"],
        ])
        #expect(try sandbox.documentNumbers() == before + [(before.last ?? 0) + 1])
        let creditNote = "ACME-2026-" + String(format: "%06d", (before.last ?? 0) + 1)
        #expect(FileManager.default.fileExists(atPath: sandbox.outbox.appendingPathComponent("R-ACME/provision-2026-12-23/invoices/\(creditNote).xml").path))

        // 2026-12-29 is SUB-12's last day (from 2026-11-30); 2026-12-30 it expires.
        #expect(try sandbox.provision(asOf: "2026-12-29").exitCode == 0)
        #expect(try sandbox.records("R-ACME", "provision-2026-12-29", "provisioning.csv").isEmpty)
        #expect(try sandbox.provision(asOf: "2026-12-30").exitCode == 0)
        #expect(Self.pick(try sandbox.records("R-ACME", "provision-2026-12-30", "provisioning.csv"), ["event", "subscription_id"]) == [["expire", "SUB-12"]])

        // The same date again: exit 0, nothing new, the same bytes.
        let published = try sandbox.snapshot()
        let again = try sandbox.provision(asOf: "2026-12-23")
        #expect(again.terminationReason == .exit && again.exitCode == 0, "\(again.stderr)")
        #expect(ImportInvariants.differences(try sandbox.snapshot(), published) == [])
        ProvisionInvariants.check(published, context: "days")
    }

    // MARK: Step 4

    /// New orders' payments due 2026-12-06 are canceled when due + `unpaidCancelDays` is before
    /// the date: with the default 30 on 2027-01-06, not 2027-01-05. PAY-6 (5.02) was paid 3.00:
    /// that part is refunded. Credit notes issued in 2027 open that year's series.
    @Test func unpaidOrdersAreCanceledTheDayAfterTheirGracePeriod() throws {
        let sandbox = try ProvisionLedger.copy("orderflow-provision-unpaid")
        defer { sandbox.remove() }
        try sandbox.dropStatement(StatementCSV.text([paying("PAY-6", "3.00", on: "2026-12-01", bank: "U-1")]), name: "stmt-u.csv")
        #expect(try sandbox.reconcile(asOf: "2026-12-01").exitCode == 0)

        #expect(try sandbox.provision(asOf: "2027-01-05").exitCode == 0)
        // Only step 3's SUB-2 (PAY-2 due 2026-12-22) among the cancels; its credit note is 2027's first.
        let boundary = try sandbox.records("R-ACME", "provision-2027-01-05", "provisioning.csv").filter { $0["event"] == "cancel" }
        #expect(Self.pick(boundary, ["sales_order_id"]) == [["SO-2"]])
        #expect(try sandbox.documentNumbers(prefix: "ACME-2027-") == [1])

        #expect(try sandbox.provision(asOf: "2027-01-06").exitCode == 0)
        let cancels = try sandbox.records("R-ACME", "provision-2027-01-06", "provisioning.csv").filter { $0["event"] == "cancel" }
        // Every new order whose own payment is still open: PAY-1, 3, 4 (top-ups), 6, 8, 9, 10, 12.
        #expect(Self.pick(cancels, ["sales_order_id", "subscription_id"]) == [
            ["SO-1", "SUB-1"], ["SO-3", "SUB-3"], ["SO-4", "SUB-4"], ["SO-11", "SUB-11"], ["SO-13", "SUB-13"],
            ["SO-14", "SUB-14"], ["SO-15", "SUB-15"], ["SO-17", "SUB-17"],
        ])
        let payments = try sandbox.records("R-ACME", "provision-2027-01-06", "payments.csv")
        #expect(Self.pick(payments, ["payment_id", "kind", "sales_order_id", "amount", "currency", "status"]) == [
            ["PAY-1", "order", "SO-1", "539.74", "EUR", "Voided"],
            ["PAY-3", "topup", "SO-3", "46.08", "EUR", "Voided"],
            ["PAY-4", "topup", "SO-4", "46.00", "EUR", "Voided"],
            ["PAY-6", "order", "SO-11", "5.02", "EUR", "Voided"],
            ["PAY-8", "order", "SO-13", "5.15", "EUR", "Voided"],
            ["PAY-9", "order", "SO-14", "30.97", "EUR", "Voided"],
            ["PAY-10", "order", "SO-15", "10.00", "USD", "Voided"],
            ["PAY-12", "order", "SO-17", "179.69", "EUR", "Voided"],
            ["PAY-20", "refund", "SO-11", Minor.text(300), "EUR", "Paid"],
        ])
        // Six invoiced orders (the top-ups have no invoice): 2027's numbers 2 to 7.
        #expect(try sandbox.documentNumbers(prefix: "ACME-2027-") == Array(1...7))
        #expect(try sandbox.ledgerPayments(ref: "A-2011")["PAY-6"]?["paid"] == "3.00")
    }

    /// `unpaidCancelDays: 3`: due 2026-12-06 + 3 = 2026-12-09, canceled on 2026-12-10.
    @Test func aCustomGracePeriodMovesTheBoundary() throws {
        let sandbox = try ProvisionLedger.copy("orderflow-provision-grace", unpaidCancelDays: 3)
        defer { sandbox.remove() }
        #expect(try sandbox.provision(asOf: "2026-12-09").exitCode == 0)
        #expect(try sandbox.records("R-ACME", "provision-2026-12-09", "provisioning.csv").filter { $0["event"] == "cancel" }.isEmpty)
        #expect(try sandbox.provision(asOf: "2026-12-10").exitCode == 0)
        let cancels = try sandbox.records("R-ACME", "provision-2026-12-10", "provisioning.csv").filter { $0["event"] == "cancel" }
        #expect(cancels.first?["sales_order_id"] == "SO-1" && cancels.count == 8, "\(cancels)")
    }

    // MARK: Step 5 conversions and an unpaid renewal

    /// SUB-33's trial gets a paid renewal (converted to itself); ACC-34 orders the trial's plan
    /// during SUB-34's trial (converted to that order's subscription); SUB-14's renewal stays
    /// unpaid: only its own sales order is canceled and SUB-14 expires at its paid span's end.
    @Test func trialsConvertAndAnUnpaidRenewalExtendsNothing() throws {
        let sandbox = try ProvisionLedger.copy("orderflow-provision-trials")
        defer { sandbox.remove() }
        // SUB-14 (PRD-CRM 1M, 3 seats, PAY-9 30.97) paid 2026-12-01: active 2026-12-01 to 2026-12-31.
        try sandbox.dropStatement(StatementCSV.text([paying("PAY-9", "30.97", on: "2026-12-01", bank: "T-1")]), name: "stmt-t1.csv")
        #expect(try sandbox.reconcile(asOf: "2026-12-01").exitCode == 0)
        try sandbox.drop(ProvisionLedger.renewalsDrop, reseller: "R-ACME", name: "PROV-20261202-01.xml")
        let imported = try sandbox.importDay(asOf: "2026-12-02")
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        // P-05: 15.00 + 19 % (DE) = 17.85, PAY-20. P-06: 15.00 + 2 extra seats × 12.00, 23 % (PT)
        // VAT, PAY-21. P-07, postpay: SO-37 and the next subscription, SUB-35, active at once, priced
        // like P-05.
        let sub33Renewal = 1500 + 1500 * 19 / 100
        let sub14Net = 1500 + 2 * 1200, sub14Renewal = sub14Net + (sub14Net * 23 + 50) / 100
        let orders = try sandbox.records("R-ACME", "PROV-20261202-01", "results.csv")
        #expect(Self.pick(orders, ["ref", "outcome", "sales_order_id", "subscription_id", "total", "payment_id"]) == [
            ["P-05", "accepted", "SO-35", "SUB-33", Minor.text(sub33Renewal), "PAY-20"],
            ["P-06", "accepted", "SO-36", "SUB-14", Minor.text(sub14Renewal), "PAY-21"],
            ["P-07", "accepted", "SO-37", "SUB-35", Minor.text(sub33Renewal), ""],  // the same plan and seats, nothing to pay now
        ])
        try sandbox.dropStatement(StatementCSV.text([paying("PAY-20", Minor.text(sub33Renewal), on: "2026-12-03", bank: "T-2")]), name: "stmt-t2.csv")
        #expect(try sandbox.reconcile(asOf: "2026-12-03").exitCode == 0)

        #expect(try sandbox.provision(asOf: "2026-12-06").exitCode == 0)
        #expect(Self.pick(try sandbox.records("R-ACME", "provision-2026-12-06", "expired.csv"), ExpiredColumns.all) == [
            ["SUB-33", "ACC-33", "PLN-CRM-TEAM", "2026-11-22", "2026-12-05", "SUB-33"],
            ["SUB-34", "ACC-34", "PLN-CRM-TEAM", "2026-11-22", "2026-12-05", "SUB-35"],
        ])
        let trialEvents = try sandbox.records("R-ACME", "provision-2026-12-06", "provisioning.csv").filter { ["SUB-33", "SUB-34"].contains($0["subscription_id"]) }
        #expect(Self.pick(trialEvents, ["event", "subscription_id"]) == [["convert", "SUB-33"], ["expire", "SUB-34"]])

        // Step 6. SUB-33's paid month starts where its trial ended (Pricing.md, step 9):
        // [2026-12-06, 2027-01-06), so it is still paid on 2027-01-05 and expires on 2027-01-06.
        // SUB-14's own month [2026-12-01, 2027-01-01) has ended by then, but P-06 renewed it to
        // 2027-01-31: it does not expire while P-06 stands.
        func events(_ day: String, _ subscription: String) throws -> [[String]] {
            Self.pick(try sandbox.records("R-ACME", "provision-\(day)", "provisioning.csv").filter { $0["subscription_id"] == subscription }, ["event", "sales_order_id"])
        }
        #expect(try sandbox.provision(asOf: "2027-01-05").exitCode == 0)
        #expect(try events("2027-01-05", "SUB-33") == [] && events("2027-01-05", "SUB-14") == [])
        #expect(try sandbox.provision(asOf: "2027-01-06").exitCode == 0)
        #expect(try events("2027-01-06", "SUB-33") == [["expire", ""]])
        #expect(try events("2027-01-06", "SUB-14") == [])

        // P-06 is due 2026-12-02 + 14 = 2026-12-16; + 30 days = 2027-01-15: on 2027-01-16 it is
        // canceled alone (step 4) and SUB-14, paid to 2026-12-31 only, expires in the same run.
        #expect(try sandbox.provision(asOf: "2027-01-15").exitCode == 0)
        #expect(try events("2027-01-15", "SUB-14") == [])
        let numbered = try sandbox.documentNumbers(prefix: "ACME-2027-")
        #expect(try sandbox.provision(asOf: "2027-01-16").exitCode == 0)
        #expect(try events("2027-01-16", "SUB-14") == [["expire", ""]])
        let voided = try sandbox.records("R-ACME", "provision-2027-01-16", "payments.csv").filter { $0["sales_order_id"] == "SO-36" }
        #expect(Self.pick(voided, ["payment_id", "kind", "amount", "status"]) == [["PAY-21", "order", Minor.text(sub14Renewal), "Voided"]])
        // Its credit note: next in R-ACME's 2027 series (the earlier runs' cancels opened it).
        let next = (numbered.last ?? 0) + 1
        #expect(try sandbox.documentNumbers(prefix: "ACME-2027-") == Array(1...next))
        #expect(FileManager.default.fileExists(atPath: sandbox.outbox.appendingPathComponent("R-ACME/provision-2027-01-16/invoices/ACME-2027-\(String(format: "%06d", next)).xml").path))
        let ledger = try sandbox.ledgerPayments(ref: "P-06")
        #expect(ledger["PAY-21"]?["status"] == "Voided", "\(ledger)")
        #expect(try sandbox.ledgerPayments(ref: "A-2102")["PAY-9"]?["status"] == "Paid")
        ProvisionInvariants.check(try sandbox.snapshot(), context: "trials")
    }
}

enum ApprovalResultsFileColumns {
    static let all = ["sales_order_id", "line", "decision", "outcome", "error_code", "error_field", "error_message"]
}

enum ExpiredColumns {
    static let all = ["subscription_id", "account_id", "plan", "trial_start", "trial_end", "converted_to"]
}
