import Foundation
import OrderFlowTestSupport
import Testing

/// The reconcile job end to end (Reconciliation.md, Statements.md): the real binary on a real folder,
/// statements matched against the payments the demo import asked for (``DemoLedger``). Every
/// expected amount is worked out here from the demo's payments, never copied from an output.
@Suite struct ReconcileRunTests {
    /// One R-ACME statement with every outcome, booked 2026-12-01 (one line 2026-12-02), run as of
    /// 2026-12-10.
    static let everyOutcome = StatementCSV.text([
        ("2026-12-01", "539.74", "EUR", "rf32 pay1", "Globex GmbH", "B-01"),  // 2: PAY-1 in full, typed loosely
        ("2026-12-01", "3.00", "EUR", "RF91PAY6", "Cyberdyne Systeme GmbH", "B-02"),  // 3: PAY-6 partly
        ("2026-12-02", "4.00", "EUR", "rf91 PAY6", "Cyberdyne Systeme GmbH", "B-03"),  // 4: PAY-6 the rest and more
        ("2026-12-01", "10.97", "EUR", "RF21PAY5", "Soylent GmbH", "B-04"),  // 5: PAY-5 is Voided
        ("2026-12-01", "10.00", "EUR", "RF90PAY10", "\"Initrode, Inc.\"", "B-05"),  // 6: PAY-10 is in USD
        ("2026-12-01", "12.34", "EUR", "", "Nobody", "B-06"),  // 7: no reference
        ("2026-12-01", "539.74", "EUR", "RF33PAY1", "Globex GmbH", "B-07"),  // 8: check digits fail
        ("2026-12-01", "20.00", "EUR", "RF15PAY99", "Stranger", "B-08"),  // 9: valid, names no payment
        ("2026-12-01", "77.12", "EUR", "RF09PAY13", "Maple customer", "B-09"),  // 10: R-MAPLE's payment
        ("2026-12-01", "30.97", "EUR", "RF10PAY9", "Lisboa Digital Lda", "B-10"),  // 11: PAY-9 in full
        ("2026-12-01", "30.97", "EUR", "RF10PAY9", "Lisboa Digital Lda", "B-10"),  // 12: the same bank line again
        ("2026-12-01", "-15.00", "EUR", "", "Account fee", "B-11"),  // 13: a debit
        ("2026-12-01", "0.00", "EUR", "RF64PAY7", "Massive Dynamic GmbH", "B-12"),  // 14: zero
        ("2026-12-01", "12;50", "EUR", "RF64PAY7", "Massive Dynamic GmbH", "B-13"),  // 15: unreadable amount
    ])

    struct Expected {
        var line: String, outcome: String, payment: String = "", applied: String = "", credited: String = ""
        var status: String = "", reference: String = ""
    }

    @Test func aStatementWithEveryOutcomeIsReconciledAsWorkedOutByHand() throws {
        let sandbox = try DemoLedger.copy("orderflow-reconcile-every")
        defer { sandbox.remove() }
        try sandbox.dropStatement(Self.everyOutcome, name: "stmt-2026-12-01.csv")
        let run = try sandbox.reconcile(asOf: "2026-12-10")
        #expect(run.terminationReason == .exit && run.exitCode == 65, "\(run.stderr)")

        // By hand, in cents. PAY-6 asks 502: 300 applied (202 still due), then 400 → 202 applied,
        // 198 to ACC-11's balance. PAY-5 is Voided: all 1097 to ACC-10's balance. PAY-10 is USD:
        // all 1000 EUR to ACC-15's EUR balance.
        let pay6Rest = 502 - 300, pay6Over = 400 - pay6Rest
        let expected: [Expected] = [
            .init(line: "2", outcome: "matched", payment: "PAY-1", applied: "539.74", credited: "0.00", status: "Paid", reference: "RF32PAY1"),
            .init(line: "3", outcome: "partial", payment: "PAY-6", applied: "3.00", credited: "0.00", status: "PartiallyPaid", reference: "RF91PAY6"),
            .init(line: "4", outcome: "overpaid", payment: "PAY-6", applied: Minor.text(pay6Rest), credited: Minor.text(pay6Over), status: "Paid", reference: "RF91PAY6"),
            .init(line: "5", outcome: "overpaid", payment: "PAY-5", applied: "0.00", credited: "10.97", status: "Voided", reference: "RF21PAY5"),
            .init(line: "6", outcome: "currency_mismatch", payment: "PAY-10", applied: "0.00", credited: "10.00", status: "WaitingForPayment", reference: "RF90PAY10"),
            .init(line: "7", outcome: "unmatched", reference: ""),
            .init(line: "8", outcome: "unmatched", reference: "RF33PAY1"),
            .init(line: "9", outcome: "unmatched", reference: "RF15PAY99"),
            .init(line: "10", outcome: "unmatched", reference: "RF09PAY13"),
            .init(line: "11", outcome: "matched", payment: "PAY-9", applied: "30.97", credited: "0.00", status: "Paid", reference: "RF10PAY9"),
            .init(line: "12", outcome: "duplicate", reference: "RF10PAY9"),
            .init(line: "13", outcome: "ignored"),
            .init(line: "14", outcome: "ignored", reference: "RF64PAY7"),
            .init(line: "15", outcome: "unreadable", reference: "RF64PAY7"),
        ]
        let rows = try sandbox.records("R-ACME", "stmt-2026-12-01", "reconciliation.csv")
        let lines = rows.filter { $0["outcome"] != "overdue" }
        try #require(lines.count == expected.count, "\(rows)")
        for (row, want) in zip(lines, expected) {
            let got = Expected(
                line: row["line"] ?? "?", outcome: row["outcome"] ?? "?", payment: row["payment_id"] ?? "?",
                applied: row["amount_applied"] ?? "?", credited: row["balance_credited"] ?? "?",
                status: row["payment_status"] ?? "?", reference: row["reference"] ?? "?")
            #expect(
                [got.line, got.outcome, got.payment, got.applied, got.credited, got.status, got.reference]
                    == [want.line, want.outcome, want.payment, want.applied, want.credited, want.status, want.reference])
        }
        // Index = line − 2 (the header is line 1).
        #expect(lines[10]["message"]?.contains("stmt-2026-12-01, line 11") == true, "\(lines[10])")
        #expect(lines[11]["amount"] == "-15.00" && lines[11]["message"]?.contains("debit") == true)
        #expect(lines[13]["message"]?.contains("INVALID_VALUE") == true && lines[13]["amount"] == "")
        #expect(lines[4]["account_id"] == "ACC-15" && lines[3]["sales_order_id"] == "SO-10")

        // Overdue as of 2026-12-10: R-ACME's payments still open after the statement and due before
        // it, by payment id, with what is still due. PAY-2 (due 2026-12-22) is not; other
        // resellers' never are.
        let overdue = rows.filter { $0["outcome"] == "overdue" }
        #expect(overdue.map { $0["payment_id"] ?? "" } == ["PAY-3", "PAY-4", "PAY-7", "PAY-8", "PAY-10", "PAY-12"])
        #expect(overdue.map { $0["amount"] ?? "" } == ["46.08", "46.00", "10.97", "5.15", "10.00", "179.69"])
        #expect(overdue.map { $0["currency"] ?? "" } == ["EUR", "EUR", "EUR", "EUR", "USD", "EUR"])
        #expect(overdue.allSatisfy { $0["line"] == "" && $0["due_date"] == "2026-12-06" && $0["payment_status"] == "WaitingForPayment" })

        // What the three completed payments moved on: booked after their provisioning date
        // (2026-11-22), so the service starts on the booking date and its last day is one day
        // before the same date a period later.
        let activations = try sandbox.records("R-ACME", "stmt-2026-12-01", "activations.csv")
        #expect(activations.map { [$0["sales_order_id"], $0["subscription_id"], $0["sales_order_status"], $0["subscription_status"], $0["service_start"], $0["service_end"]] } == [
            ["SO-1", "SUB-1", "Completed", "Active", "2026-12-01", "2027-11-30"],  // 1Y
            ["SO-11", "SUB-11", "Completed", "Active", "2026-12-02", "2027-01-01"],  // 1M from the line that completed it
            ["SO-14", "SUB-14", "Completed", "Active", "2026-12-01", "2026-12-31"],  // 1M
        ])
        // Charges: the sales orders' invoiced amounts (the demo's results.csv), net + tax = total.
        let charges = try sandbox.records("R-ACME", "stmt-2026-12-01", "charges.csv")
        #expect(charges.map { [$0["subscription_id"], $0["service_start"], $0["service_end"], $0["currency"], $0["net"], $0["tax"], $0["total"]] } == [
            ["SUB-1", "2026-12-01", "2027-11-30", "EUR", "453.56", "86.18", Minor.text(45356 + 8618)],
            ["SUB-11", "2026-12-02", "2027-01-01", "EUR", "4.22", "0.80", Minor.text(422 + 80)],
            ["SUB-14", "2026-12-01", "2026-12-31", "EUR", "25.18", "5.79", Minor.text(2518 + 579)],
        ])
        let events = try sandbox.records("R-ACME", "stmt-2026-12-01", "provisioning.csv")
        #expect(events.map { [$0["event"], $0["sales_order_id"], $0["subscription_id"], $0["account_id"], $0["product"], $0["plan"], $0["domain"]] } == [
            ["activate", "SO-1", "SUB-1", "ACC-1", "PRD-MAIL", "PLN-MAIL-STD", "globex-berlin.example"],
            ["activate", "SO-11", "SUB-11", "ACC-11", "PRD-MAIL", "PLN-MAIL-STD", "cyberdyne.example"],
            ["activate", "SO-14", "SUB-14", "ACC-14", "PRD-CRM", "PLN-CRM-TEAM", ""],
        ])
        let payments = try sandbox.records("R-ACME", "stmt-2026-12-01", "payments.csv")
        #expect(payments.map { [$0["payment_id"], $0["kind"], $0["amount"], $0["currency"], $0["status"], $0["remittance_reference"]] } == [
            ["PAY-1", "order", "539.74", "EUR", "Paid", "RF32PAY1"],
            ["PAY-6", "order", "5.02", "EUR", "Paid", "RF91PAY6"],
            ["PAY-9", "order", "30.97", "EUR", "Paid", "RF10PAY9"],
        ])

        // receipt.json: counts and sums per currency, by hand.
        let receipt = try sandbox.receipt("R-ACME", "stmt-2026-12-01")
        #expect(receipt["lines"] as? Int == 14 && receipt["asOf"] as? String == "2026-12-10")
        #expect(receipt["outcomes"] as? [String: Int] == [
            "matched": 2, "partial": 1, "overpaid": 2, "unmatched": 4, "duplicate": 1, "currency_mismatch": 1,
            "ignored": 2, "unreadable": 1, "overdue": 6,
        ])
        let unmatched = 1234 + 53974 + 2000 + 7712
        let applied = 53974 + 300 + pay6Rest + 3097
        let toBalances = pay6Over + 1097 + 1000
        let received = 53974 + 300 + 400 + 1097 + 1000 + unmatched + 3097
        let overdueEUR = 4608 + 4600 + 1097 + 515 + 17969
        let amounts = receipt["amounts"] as? [[String: String]] ?? []
        #expect(amounts == [
            ["currency": "EUR", "received": Minor.text(received), "applied": Minor.text(applied),
             "toBalances": Minor.text(toBalances), "unmatched": Minor.text(unmatched), "overdue": Minor.text(overdueEUR)],
            ["currency": "USD", "received": "0.00", "applied": "0.00", "toBalances": "0.00", "unmatched": "0.00", "overdue": "10.00"],
        ])
        #expect(receipt["activations"] as? Int == 3 && receipt["charges"] as? Int == 3)
        #expect(receipt["events"] as? [String: Int] == ["activate": 3])
        let paid = (receipt["payments"] as? [[String: Any]] ?? []).first
        #expect(paid?["kind"] as? String == "order" && paid?["status"] as? String == "Paid" && paid?["count"] as? Int == 3)
        #expect(paid?["amount"] as? String == Minor.text(53974 + 502 + 3097))

        // report.html names the lines a person must look at, and only those.
        let report = String(decoding: try Data(contentsOf: sandbox.outbox.appendingPathComponent("R-ACME/stmt-2026-12-01/report.html")), as: UTF8.self)
        for (line, outcome) in [("6", "currency_mismatch"), ("7", "unmatched"), ("8", "unmatched"), ("9", "unmatched"), ("10", "unmatched"), ("15", "unreadable")] {
            #expect(report.contains(">\(line)</td><td>\(outcome)<"), "report.html does not name line \(line)")
        }
        for line in ["2", "3", "4", "5", "11", "12", "13", "14"] {
            #expect(!report.contains(">\(line)</td><td>"), "report.html lists line \(line), which needs no one")
        }

        // The ledger agrees: PAY-6 paid 5.02 once, not 7.00.
        #expect(try sandbox.ledgerPayments(ref: "A-2011")["PAY-6"]?["paid"] == "5.02")
        #expect(try sandbox.ledgerPayments(ref: "A-2001")["PAY-1"]?["status"] == "Paid")
        #expect(try sandbox.ledgerPayments(ref: "A-2103")["PAY-10"]?["paid"] == "0.00")
        // What went to the balances: PAY-6's account the rest of its second line; the voided
        // PAY-5's account all of 10.97.
        #expect(try sandbox.ledgerBalances(ref: "A-2011") == ["EUR": Minor.text(pay6Over)])
        #expect(try sandbox.ledgerBalances(ref: "A-2010") == ["EUR": "10.97"])
    }

    /// Overdue means due strictly before the run date (`--as-of`): R-NIPPON's three payments are
    /// due 2026-12-02.
    @Test func overdueRowsFollowTheRunDate() throws {
        let sandbox = try DemoLedger.copy("orderflow-reconcile-overdue")
        defer { sandbox.remove() }
        func debit(_ bankReference: String) -> String {
            StatementCSV.text([("2026-12-01", "-500", "JPY", "", "Bank fee", bankReference)])
        }
        try sandbox.dropStatement(debit("N-1"), reseller: "R-NIPPON", name: "stmt-a.csv")
        let onTheDueDate = try sandbox.reconcile(asOf: "2026-12-02")
        #expect(onTheDueDate.exitCode == 0, "\(onTheDueDate.stderr)")
        #expect(try sandbox.records("R-NIPPON", "stmt-a", "reconciliation.csv").map { $0["outcome"] } == ["ignored"])

        try sandbox.dropStatement(debit("N-2"), reseller: "R-NIPPON", name: "stmt-b.csv")
        let dayAfter = try sandbox.reconcile(asOf: "2026-12-03")
        #expect(dayAfter.exitCode == 0, "overdue rows alone need no one: \(dayAfter.stderr)")
        let rows = try sandbox.records("R-NIPPON", "stmt-b", "reconciliation.csv")
        #expect(rows.map { $0["outcome"] } == ["ignored", "overdue", "overdue", "overdue"])
        #expect(rows.dropFirst().map { [$0["payment_id"], $0["amount"], $0["currency"]] } == [
            ["PAY-15", "49081", "JPY"], ["PAY-16", "3966", "JPY"], ["PAY-17", "1114", "JPY"],
        ])
        let sums = try sandbox.receipt("R-NIPPON", "stmt-b")["amounts"] as? [[String: String]]
        #expect(sums?.first?["overdue"] == String(49081 + 3966 + 1114))
    }

    /// The same file again fails whole (`DUPLICATE_FILE`) and changes nothing; a new statement
    /// that repeats a bank line applies nothing twice.
    @Test func aStatementDroppedAgainOrALineRepeatedChangesNothing() throws {
        let sandbox = try DemoLedger.copy("orderflow-reconcile-again")
        defer { sandbox.remove() }
        let first = StatementCSV.text([
            ("2026-12-01", "539.74", "EUR", "RF32PAY1", "Globex GmbH", "B-01"),
            ("2026-12-01", "3.00", "EUR", "RF91PAY6", "Cyberdyne Systeme GmbH", "B-02"),
        ])
        try sandbox.dropStatement(first, name: "stmt-1.csv")
        #expect(try sandbox.reconcile(asOf: "2026-12-01").exitCode == 0)
        let before = try sandbox.snapshot()

        try sandbox.dropStatement(first, name: "stmt-1.csv")
        let again = try sandbox.reconcile(asOf: "2026-12-01")
        // PipelineFiles.md, exit codes: a DUPLICATE_FILE alone still counts as done.
        #expect(again.terminationReason == .exit && again.exitCode == 0, "\(again.stderr)")
        let after = try sandbox.snapshot()
        let errors = String(decoding: after["failed/R-ACME/stmt-1.csv.errors.csv"] ?? [], as: UTF8.self)
        #expect(errors.contains("DUPLICATE_FILE"), "\(after.keys.filter { $0.hasPrefix("failed/") })")
        #expect(after.filter { !$0.key.hasPrefix("failed/") } == before, "a statement dropped again changed the outputs")

        // A second statement repeats B-02 and pays the rest of PAY-6 with a new line.
        try sandbox.dropStatement(
            StatementCSV.text([
                ("2026-12-01", "3.00", "EUR", "RF91PAY6", "Cyberdyne Systeme GmbH", "B-02"),
                ("2026-12-03", "2.02", "EUR", "RF91PAY6", "Cyberdyne Systeme GmbH", "B-03"),
            ]), name: "stmt-2.csv")
        #expect(try sandbox.reconcile(asOf: "2026-12-03").exitCode == 0)
        let rows = try sandbox.records("R-ACME", "stmt-2", "reconciliation.csv")
        #expect(rows.map { [$0["outcome"], $0["amount_applied"], $0["payment_status"]] } == [
            ["duplicate", "", ""], ["matched", Minor.text(502 - 300), "Paid"],
        ])
        #expect(rows.first?["message"]?.contains("stmt-1, line 3") == true, "\(rows)")
        #expect(try sandbox.ledgerPayments(ref: "A-2011")["PAY-6"]?["paid"] == "5.02")
        #expect(try sandbox.ledgerPayments(ref: "A-2001")["PAY-1"]?["paid"] == "539.74")
        #expect(try sandbox.records("R-ACME", "stmt-2", "payments.csv").map { $0["payment_id"] } == ["PAY-6"])
    }

    /// A paid order canceled later gets its money back: the cancel's batch lists a `refund`
    /// payment of what was paid, already `Paid`.
    @Test func aCancelOfAPaidOrderMakesARefund() throws {
        let sandbox = try DemoLedger.copy("orderflow-reconcile-refund")
        defer { sandbox.remove() }
        try sandbox.dropStatement(
            StatementCSV.text([("2026-12-02", "5.02", "EUR", "RF91PAY6", "Cyberdyne Systeme GmbH", "B-01")]),
            name: "stmt-1.csv")
        #expect(try sandbox.reconcile(asOf: "2026-12-02").exitCode == 0)
        let header = String(decoding: try Data(contentsOf: PipelineSandbox.demoDrop("R-ACME", "ACME-20261122-02.csv")), as: UTF8.self)
            .split(separator: "\n")[0]
        try sandbox.drop("\(header)\nR-ACME,A-2011,cancel\(String(repeating: ",", count: 32))\n", reseller: "R-ACME", name: "ACME-20261205-01.csv")
        let cancel = try sandbox.run(extraArguments: ["--as-of", "2026-12-05"])
        #expect(cancel.exitCode == 0, "\(cancel.stderr)")
        let results = try sandbox.records("R-ACME", "ACME-20261205-01", "results.csv")
        #expect(results.map { [$0["outcome"], $0["sales_order_status"]] } == [["accepted", "Canceled"]], "\(results)")
        let payments = try sandbox.records("R-ACME", "ACME-20261205-01", "payments.csv")
        let refund = try #require(payments.first { $0["kind"] == "refund" }, "\(payments)")
        // Canceled three days into a 14-day cancellation window: all 5.02 that PAY-6 took back.
        #expect([refund["sales_order_id"], refund["account_id"], refund["amount"], refund["currency"], refund["status"]]
            == ["SO-11", "ACC-11", "5.02", "EUR", "Paid"])
        #expect(refund["payment_id"] == "PAY-18", "the next payment id after the demo's PAY-17")
    }

    /// Test drops of R-ACME: a prepaid mail order provisioned on 2026-12-05, and a prepaid order of
    /// the manual-approval desktop product (Fixtures/catalog/demo.xml, PRD-DESK).
    static let laterAndManualDrop = """
        <?xml version="1.0" encoding="UTF-8"?>
        <orderBatch xmlns="urn:orderflow:orders:1" reseller="R-ACME" batchId="ACME-20261122-09">
          <order ref="A-2901" channel="customer">
            <customer registration="full">
              <company accountType="company" name="Later GmbH" vatId="DE123456788">
                <contact name="Lea Later" email="lea@later.example"/>
                <address country="DE" region="BE" city="Berlin" postalCode="10115" line1="Spätstraße 1"/>
              </company>
            </customer>
            <subscription product="PRD-MAIL" plan="PLN-MAIL-STD" period="1M" provisioningDate="2026-12-05" domain="later.example" dataLocation="eu-central"/>
            <terms accepted="true" version="2026-01"/>
          </order>
          <order ref="A-2902" channel="customer">
            <customer registration="full">
              <company accountType="company" name="Desk AG" vatId="DE258147369">
                <contact name="Dora Desk" email="dora@desk.example"/>
                <address country="DE" region="BE" city="Berlin" postalCode="10785" line1="Tischweg 2"/>
              </company>
            </customer>
            <subscription product="PRD-DESK" plan="PLN-DESK-BIZ" period="1M" dataLocation="eu-central">
              <resource id="USERS" amount="1"/>
            </subscription>
            <terms accepted="true" version="2026-01"/>
            <unitParameters resource="USERS">
              <value name="username">dora</value>
              <value name="email">dora@desk.example</value>
            </unitParameters>
          </order>
        </orderBatch>

        """

    /// Paid before its provisioning date, an order waits for it (`WaitingForProvisioning`, no
    /// service yet); a manual-approval product waits for its manager (`Installing`, event
    /// `install`). Also PAY-7 of the demo (provisioning date 2026-11-30) paid on 2026-11-25.
    @Test func paidOrdersThatMustWaitWaitForTheirDateOrTheirManager() throws {
        let sandbox = try DemoLedger.copy("orderflow-reconcile-wait")
        defer { sandbox.remove() }
        try sandbox.drop(Self.laterAndManualDrop, reseller: "R-ACME", name: "ACME-20261122-09.xml")
        let imported = try sandbox.run()
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        let results = try sandbox.records("R-ACME", "ACME-20261122-09", "results.csv")
        try #require(results.map { $0["outcome"] } == ["accepted", "accepted"], "\(results)")
        let ordered = try sandbox.records("R-ACME", "ACME-20261122-09", "payments.csv")
        try #require(ordered.count == 2 && ordered.allSatisfy { $0["status"] == "WaitingForPayment" }, "\(ordered)")

        // Each paid in full with the amount and reference its own payment asked for.
        var lines: [(String, String, String, String, String, String)] = [
            ("2026-11-25", "10.97", "EUR", "RF64PAY7", "Massive Dynamic GmbH", "W-07")
        ]
        for (index, payment) in ordered.enumerated() {
            lines.append(("2026-11-25", payment["amount"] ?? "", payment["currency"] ?? "", payment["remittance_reference"] ?? "", "Payer", "W-\(index)"))
        }
        try sandbox.dropStatement(StatementCSV.text(lines), name: "stmt-wait.csv")
        let run = try sandbox.reconcile(asOf: "2026-11-25")
        #expect(run.exitCode == 0, "\(run.stderr)")
        let rows = try sandbox.records("R-ACME", "stmt-wait", "reconciliation.csv")
        #expect(rows.map { $0["outcome"] } == ["matched", "matched", "matched"], "\(rows)")

        let mail = try #require(results.first?["sales_order_id"]), desk = try #require(results.last?["sales_order_id"])
        let activations = try sandbox.records("R-ACME", "stmt-wait", "activations.csv")
        #expect(activations.map { [$0["sales_order_id"], $0["sales_order_status"], $0["subscription_status"], $0["service_start"], $0["service_end"]] } == [
            ["SO-12", "WaitingForProvisioning", "WaitingForProvisioning", "", ""],
            [mail, "WaitingForProvisioning", "WaitingForProvisioning", "", ""],
            [desk, "Installing", "Installing", "", ""],
        ])
        #expect(try sandbox.records("R-ACME", "stmt-wait", "charges.csv").isEmpty, "no service started, so no period")
        let events = try sandbox.records("R-ACME", "stmt-wait", "provisioning.csv")
        #expect(events.map { [$0["event"], $0["sales_order_id"], $0["product"]] } == [["install", desk, "PRD-DESK"]])
        #expect(try sandbox.receipt("R-ACME", "stmt-wait")["events"] as? [String: Int] == ["install": 1])
    }

    /// The four public camt.053 samples (shared/standards, read where they are): none names a
    /// payment of ours, so each reconciles without failing, its credits `unmatched` (exit 65) and
    /// the rest `ignored` (debits, a credit of 0).
    @Test func thePublicCamt053SamplesReconcileWithoutFailing() throws {
        let folder = UBLJudges.standards.appendingPathComponent("camt053/samples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".xml") }.sorted() ?? []
        try #require(names.count == 4, "the samples are not in \(folder.path)")
        let sandbox = try DemoLedger.copy("orderflow-reconcile-samples")
        defer { sandbox.remove() }
        for name in names {
            try sandbox.drop(Array(try Data(contentsOf: folder.appendingPathComponent(name))), into: sandbox.statements, reseller: "R-ACME", name: name)
            let run = try sandbox.reconcile(asOf: "2026-11-22")
            let batch = String(name.dropLast(4))
            let rows = try sandbox.records("R-ACME", batch, "reconciliation.csv")
            #expect(!rows.isEmpty, "\(name)")
            // genkgo_v08 holds one credit of 0 (ignored): nothing for a person, exit 0.
            let unmatched = rows.contains { $0["outcome"] == "unmatched" }
            #expect(unmatched == (name != "genkgo_v08.xml"), "\(name)")
            #expect(run.terminationReason == .exit && run.exitCode == (unmatched ? 65 : 0), "\(name): \(run.stderr)")
            #expect(rows.allSatisfy { ["unmatched", "ignored"].contains($0["outcome"]) }, "\(name): \(rows.map { $0["outcome"] ?? "" })")
            #expect(try sandbox.leftovers(in: sandbox.failed) == [], "\(name) failed")
        }
    }
}

/// camt.053 statements of every message version the reader takes (.02 to .10), built with
/// ``StatementBuilder`` from the payments the demo import emitted: each pays one open R-ACME
/// payment in full, with a bank fee beside it.
@Suite struct ReconcileCamtVersionTests {
    @Test func everyMessageVersionPaysThePaymentItNames() throws {
        let sandbox = try DemoLedger.copy("orderflow-reconcile-camt")
        defer { sandbox.remove() }
        // The open EUR payments of R-ACME, as the import's payments.csv files list them.
        var open: [[String: String]] = []
        for batch in ["ACME-20261122-01", "ACME-20261122-02"] {
            open += try sandbox.records("R-ACME", batch, "payments.csv")
                .filter { $0["status"] == "WaitingForPayment" && $0["currency"] == "EUR" }
        }
        let versions = Array(2...10)
        try #require(open.count == versions.count, "\(open.map { $0["payment_id"] ?? "" })")

        for (version, payment) in zip(versions, open) {
            let amount = try #require(payment["amount"])
            let cents = Int64(amount.replacingOccurrences(of: ".", with: "")) ?? -1
            let builder = StatementBuilder.credits(
                [
                    StatementCredit(
                        reference: try #require(payment["remittance_reference"]), minorUnits: cents,
                        bookingDate: "2026-12-01", bankReference: "V\(version)-1", payer: "Payer \(version)"),
                    StatementCredit(reference: "", minorUnits: -250, bookingDate: "2026-12-01", bankReference: "V\(version)-2"),
                ], version: version, statementId: "STMT-V\(version)")
            let name = "camt-v\(version)"
            try sandbox.dropStatement(builder.xml(), name: "\(name).xml")
            let run = try sandbox.reconcile(asOf: "2026-12-01")
            #expect(run.terminationReason == .exit && run.exitCode == 0, "v\(version): \(run.stderr)")
            let rows = try sandbox.records("R-ACME", name, "reconciliation.csv")
            #expect(rows.map { [$0["outcome"], $0["payment_id"], $0["amount_applied"], $0["balance_credited"], $0["payment_status"]] } == [
                ["matched", payment["payment_id"], amount, "0.00", "Paid"],
                ["ignored", "", "", "", ""],
            ], "v\(version)")
            #expect(rows.map { $0["amount"] } == [amount, "-2.50"], "v\(version)")
            #expect(rows.first?["bank_reference"] == "V\(version)-1" && rows.first?["payer"] == "Payer \(version)", "v\(version)")
            #expect(try sandbox.records("R-ACME", name, "payments.csv").map { [$0["payment_id"], $0["status"]] } == [[payment["payment_id"], "Paid"]])
        }
        #expect(try sandbox.leftovers(in: sandbox.failed) == [])
    }
}
