import Foundation
import OrderFlowTestSupport
import Testing

/// The billing job's documents (Billing.md; Invoices.md; Outputs.md, `invoices/`), judged like
/// the import's (GeneratedInvoiceTests): the OASIS UBL 2.1 schemas and CEN's EN 16931 validation;
/// a prepaid pay-as-you-go subscription billed from its balance; and a cancel within the window
/// after a bill, which voids the bill's payment and credits its invoice. Every amount is worked
/// out by hand from the demo catalog (R-ACME: 19 % VAT on the net, half-up, payments due 14 days).
@Suite struct BillingInvoiceTests {
    typealias Row = [String: String]

    /// The `invoices/*.xml` of `batches` (every `billing-*` batch of R-ACME when nil), by outbox path.
    static func documents(_ sandbox: PipelineSandbox, batches: [String]? = nil) throws -> [String: [UInt8]] {
        try sandbox.snapshot().filter { path, _ in
            let parts = path.split(separator: "/").map(String.init)
            guard parts.count == 5, parts[0] == "outbox", parts[1] == "R-ACME", parts[3] == "invoices",
                path.hasSuffix(".xml")
            else { return false }
            return batches.map { $0.contains(parts[2]) } ?? parts[2].hasPrefix("billing-")
        }
    }

    /// Runs both judges over `documents` (outbox paths of `sandbox`): schema-valid, each against its
    /// own schema, and no fatal EN 16931 finding. Returns how many were credit notes.
    @discardableResult
    static func judge(
        _ documents: [String: [UInt8]], in sandbox: PipelineSandbox, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Int {
        let creditNotes = documents.keys.filter {
            String(decoding: documents[$0]!.prefix(200), as: UTF8.self).contains("<CreditNote")
        }
        let invoices = documents.keys.filter { !creditNotes.contains($0) }
        let url = { (path: String) in sandbox.root.appendingPathComponent(path) }
        #expect(
            try UBLJudges.schemaErrors(invoices.sorted().map(url), schema: UBLJudges.invoiceSchema) == "",
            sourceLocation: sourceLocation)
        #expect(
            try UBLJudges.schemaErrors(creditNotes.sorted().map(url), schema: UBLJudges.creditNoteSchema) == "",
            sourceLocation: sourceLocation)
        // R-ACME bills in EUR with an EU VAT id: every document claims EN 16931.
        for (path, bytes) in documents {
            #expect(
                String(decoding: bytes.prefix(400), as: UTF8.self).contains("urn:cen.eu:en16931:2017"), "\(path)",
                sourceLocation: sourceLocation)
        }
        if !UBLJudges.skipEN16931 {
            let report = try UBLJudges.en16931(documents.keys.sorted().map(url))
            #expect(report.files.count == documents.count, sourceLocation: sourceLocation)
            #expect(report.fatalSummary.isEmpty, "\(report.fatalSummary.prefix(20))", sourceLocation: sourceLocation)
        }
        return creditNotes.count
    }

    static func pick(_ rows: [Row], _ columns: [String]) -> [[String]] { BillingRunTests.pick(rows, columns) }

    static let paymentColumns = ["payment_id", "kind", "sales_order_id", "account_id", "amount", "status", "due_date"]

    /// The story of BillingRunTests run through 2027-03-01: November's two invoices
    /// (ACME-2026-000001, 000002) and the three months' nine (ACME-2027-000001 to 000009), among
    /// them a part month (SUB-3 from 11-17, SUB-4's one day of December) and a month whose
    /// subscription is `Stopped`.
    @Test func everyInvoiceOfTheBillingStoryPassesBothJudges() throws {
        let sandbox = try BillingRunTests.copy("orderflow-billing-invoices")
        defer { sandbox.remove() }
        let run = try sandbox.bill(asOf: "2027-03-01")
        #expect(run.terminationReason == .exit && run.exitCode == 65, "the usage drop rejects two rows: \(run.stderr)")
        let documents = try Self.documents(sandbox)
        #expect(documents.count == 11, "\(documents.keys.sorted())")
        #expect(try Self.judge(documents, in: sandbox) == 0)
    }

    /// A prepaid pay-as-you-go server (PLN-VM-PAYG: no period fee; vCPU 6.50, RAM 1.75, DISK
    /// 0.06 EUR per unit and month, none included) is billed from its account's balance.
    @Test func aPrepaidPayAsYouGoSubscriptionIsBilledFromItsBalance() throws {
        let sandbox = try PipelineSandbox.billingSandbox("orderflow-billing-payg")
        defer { sandbox.remove() }
        // 2026-11-10 S-PAYG → ACC-1, SO-1, SUB-1: 4 vCPU, 8 GB, 100 GB. Its top-up is one month of
        // the units, without tax: 4 × 6.50 + 8 × 1.75 + 100 × 0.06 = 26.00 + 14.00 + 6.00 = 46.00,
        // PAY-1, due 2026-11-24. Paid on 2026-11-16: the balance holds 46.00 and the service starts
        // that day (after the order date).
        try sandbox.importOrders(
            BillingOrders.payg("S-PAYG", "Metered GmbH", "DE111111125", vcpu: 4, ram: 8, disk: 100), name: "B-1110.xml",
            asOf: "2026-11-10")
        let ordered = try sandbox.records("R-ACME", "B-1110", "payments.csv")
        #expect(
            Self.pick(ordered, Self.paymentColumns) == [
                ["PAY-1", "topup", "SO-1", "ACC-1", "46.00", "WaitingForPayment", "2026-11-24"]
            ])
        try sandbox.dropStatement(
            StatementCSV.text([paying("PAY-1", "46.00", on: "2026-11-16", bank: "B-1")]), name: "stmt-2026-11-16.csv")
        let paid = try sandbox.reconcile(asOf: "2026-11-16")
        #expect(paid.terminationReason == .exit && paid.exitCode == 0, "\(paid.stderr)")
        #expect(try sandbox.ledgerBalances(ref: "S-PAYG") == ["EUR": "46.00"])

        // November: 11-16 to 11-30, 15 of 30 days, the amounts in effect (no usage):
        // vCPU 4 × 6.50 × 15/30 = 13.00, RAM 8 × 1.75 × 15/30 = 7.00, DISK 100 × 0.06 × 15/30 =
        // 3.00; net 23.00, VAT 4.37, total 27.37. The balance covers it: one `balance` payment
        // PAY-2 of 27.37, `Paid`, and nothing postpaid; 46.00 − 27.37 = 18.63 left.
        let november = try sandbox.bill(asOf: "2026-12-01")
        #expect(november.terminationReason == .exit && november.exitCode == 0, "\(november.stderr)")
        let novemberBills = try sandbox.records("R-ACME", "billing-2026-11", "results.csv")
        #expect(
            Self.pick(novemberBills, BillingRunTests.billColumns) == [
                [
                    "SUB-1", "ACC-1", "2026-11", "billed", "SO-2", "EUR", "23.00", "4.37", "27.37", "PAY-2",
                    "ACME-2026-000001", "",
                ]
            ])
        let novemberPayments = try sandbox.records("R-ACME", "billing-2026-11", "payments.csv")
        #expect(
            Self.pick(novemberPayments, Self.paymentColumns) == [
                ["PAY-2", "balance", "SO-2", "ACC-1", "27.37", "Paid", "2026-12-01"]
            ])
        #expect(try sandbox.ledgerBalances(ref: "S-PAYG") == ["EUR": "18.63"])

        // December, 31 of 31 days, with usage: vCPU at most 6 → 6 × 6.50 = 39.00 (none
        // included), RAM 8 × 1.75 = 14.00, DISK 100 × 0.06 = 6.00; net 59.00, VAT 11.21, total
        // 70.21. The balance's 18.63 is drawn (PAY-3, `balance`, `Paid`); the rest, 70.21 −
        // 18.63 = 51.58, is a `postpaid` payment PAY-4 due 2027-01-01 + 14 = 2027-01-15, which
        // results.csv names. Nothing is left on the balance.
        try sandbox.dropUsageRows(["SUB-1,2026-12-10,VCPU,6", "SUB-1,2026-12-11,VCPU,5"], name: "usage-2026-12.csv")
        let december = try sandbox.bill(asOf: "2027-01-01")
        #expect(december.terminationReason == .exit && december.exitCode == 0, "\(december.stderr)")
        let decemberBills = try sandbox.records("R-ACME", "billing-2026-12", "results.csv")
        #expect(
            Self.pick(decemberBills, BillingRunTests.billColumns) == [
                [
                    "SUB-1", "ACC-1", "2026-12", "billed", "SO-3", "EUR", "59.00", "11.21", "70.21", "PAY-4",
                    "ACME-2027-000001", "",
                ]
            ])
        let decemberPayments = try sandbox.records("R-ACME", "billing-2026-12", "payments.csv")
        #expect(
            Self.pick(decemberPayments, Self.paymentColumns) == [
                ["PAY-3", "balance", "SO-3", "ACC-1", "18.63", "Paid", "2027-01-01"],
                ["PAY-4", "postpaid", "SO-3", "ACC-1", "51.58", "WaitingForPayment", "2027-01-15"],
            ])
        #expect(try sandbox.ledgerBalances(ref: "S-PAYG").allSatisfy { $0.value == "0.00" })
        let ledger = try sandbox.ledgerPayments(ref: "S-PAYG")
        #expect(ledger["PAY-1"]?["status"] == "Paid", "\(ledger)")

        // Both invoices, for the whole bill (what paid it is a payment, not a document).
        let documents = try Self.documents(sandbox)
        #expect(
            documents.keys.sorted() == [
                "outbox/R-ACME/billing-2026-11/invoices/ACME-2026-000001.xml",
                "outbox/R-ACME/billing-2026-12/invoices/ACME-2027-000001.xml",
            ])
        let invoice = String(
            decoding: documents["outbox/R-ACME/billing-2026-12/invoices/ACME-2027-000001.xml"] ?? [], as: UTF8.self)
        for expected in [
            ">59.00</cbc:TaxExclusiveAmount>", ">11.21</cbc:TaxAmount>", ">39.00</cbc:LineExtensionAmount>",
        ] {
            #expect(invoice.contains(expected), "\(expected) not in the invoice")
        }
        try Self.judge(documents, in: sandbox)

        // Each invoice says what the balance already paid: EN 16931's BT-113 (`cbc:PrepaidAmount`, Invoices.md
        // "already paid") with BT-115 = BT-112 − BT-113: November's 27.37 all prepaid, nothing
        // due and no payment to quote; December's 18.63 prepaid, 51.58 due quoting PAY-4.
        let paidNovember = String(
            decoding: documents["outbox/R-ACME/billing-2026-11/invoices/ACME-2026-000001.xml"] ?? [], as: UTF8.self)
        #expect(invoice.contains(">18.63</cbc:PrepaidAmount>") && invoice.contains(">51.58</cbc:PayableAmount>"))
        #expect(paidNovember.contains(">27.37</cbc:PrepaidAmount>") && paidNovember.contains(">0.00</cbc:PayableAmount>"))
        #expect(!paidNovember.contains("RF05PAY2") && paidNovember.contains("Nothing is due: 27.37 was paid from the balance"))
    }

    /// With a cancellation window on the pay-as-you-go plan's product (the demo catalog has none:
    /// PRD-VM gets 60 days here), a cancel after two bills drawn from the balance. By hand: the
    /// top-up PAY-1 46.00 paid into the balance; November 27.37 drawn (PAY-2, all of it from the
    /// balance); December 70.21, 18.63 drawn (PAY-3) and 51.58 postpaid (PAY-4). The customer paid
    /// 46.00 in all. Canceled on 2027-01-05 (≤ 2026-11-10 + 60), both bills are credited and PAY-4
    /// voided, so the balance should hold the 46.00 again: 27.37 + 18.63 given back, the top-up not
    /// refunded a second time (its money went into the balance when it was paid). December's
    /// sales order SO-3 points at its postpaid PAY-4; the 18.63 drawn beside it is found by the
    /// balance payment's sales order.
    @Test func aCanceledPayAsYouGoSubscriptionGetsBackWhatItPaidOnce() throws {
        let sandbox = try PipelineSandbox.billingSandbox("orderflow-billing-payg-cancel")
        defer { sandbox.remove() }
        try sandbox.useCatalog {
            $0.replacingOccurrences(
                of: "<product id=\"PRD-VM\" name=\"Cloud Servers\" service=\"cloud\"",
                with: "<product id=\"PRD-VM\" name=\"Cloud Servers\" service=\"cloud\" cancellationWindowDays=\"60\"")
        }
        try sandbox.importOrders(
            BillingOrders.payg("S-PAYG", "Metered GmbH", "DE111111125", vcpu: 4, ram: 8, disk: 100), name: "B-1110.xml",
            asOf: "2026-11-10")
        try sandbox.dropStatement(
            StatementCSV.text([paying("PAY-1", "46.00", on: "2026-11-16", bank: "B-1")]), name: "stmt-2026-11-16.csv")
        #expect(try sandbox.reconcile(asOf: "2026-11-16").exitCode == 0)
        #expect(try sandbox.bill(asOf: "2026-12-01").exitCode == 0)
        try sandbox.dropUsageRows(["SUB-1,2026-12-10,VCPU,6"], name: "usage-2026-12.csv")
        #expect(try sandbox.bill(asOf: "2027-01-01").exitCode == 0)
        #expect(try sandbox.ledgerBalances(ref: "S-PAYG") == ["EUR": "0.00"])

        try sandbox.importOrders("<cancel ref=\"S-PAYG\"/>", name: "B-0105.xml", asOf: "2027-01-05")
        let payments = try sandbox.records("R-ACME", "B-0105", "payments.csv")
        #expect(payments.contains { $0["payment_id"] == "PAY-4" && $0["status"] == "Voided" }, "\(payments)")
        // Both bills credited: ACME-2026-000001's and ACME-2027-000001's credit notes, valid.
        let creditNotes = try Self.documents(sandbox, batches: ["B-0105"])
        #expect(creditNotes.count == 2)
        #expect(try Self.judge(creditNotes, in: sandbox) == 2)
        let balance = try sandbox.ledgerBalances(ref: "S-PAYG")
        // The paid top-up is not refunded again (it is on the balance already: 73.37 would say it
        // was); November's bill, paid wholly from the balance, is refunded (27.37), and so is
        // December's 18.63 drawn beside its voided postpaid payment: 46.00, what the customer paid.
        #expect(balance == ["EUR": "46.00"])
        let refunds = payments.filter { $0["kind"] == "refund" }.map { $0["amount"] ?? "?" }.sorted()
        #expect(refunds == ["18.63", "27.37"], "\(payments)")
    }

    /// PRD-CRM (cancellationWindowDays 30), PLN-CRM-TEAM 1M postpay: 15.00 EUR a month, one
    /// seat included (the one in effect). Ordered on 2026-11-10, so it may be canceled until
    /// 2026-12-10.
    @Test func aCancelWithinTheWindowAfterABillVoidsItsPaymentAndCreditsItsInvoice() throws {
        let sandbox = try PipelineSandbox.billingSandbox("orderflow-billing-cancel")
        defer { sandbox.remove() }
        // 2026-11-10 S-CRM → ACC-1, SO-1, SUB-1, active that day, nothing to pay now (postpay).
        try sandbox.importOrders(BillingOrders.crm("S-CRM"), name: "B-1110.xml", asOf: "2026-11-10")

        // November billed on 2026-12-01: 11-10 to 11-30, 21 of 30 days: 15.00 × 21/30 = 10.50; the
        // seat is included. VAT 10.50 × 19 % = 1.995 → 2.00 (half-up); 12.50, PAY-1 due 2026-12-15.
        let november = try sandbox.bill(asOf: "2026-12-01")
        #expect(november.terminationReason == .exit && november.exitCode == 0, "\(november.stderr)")
        let bills = try sandbox.records("R-ACME", "billing-2026-11", "results.csv")
        #expect(
            Self.pick(bills, BillingRunTests.billColumns) == [
                [
                    "SUB-1", "ACC-1", "2026-11", "billed", "SO-2", "EUR", "10.50", "2.00", "12.50", "PAY-1",
                    "ACME-2026-000001", "",
                ]
            ])

        // 2026-12-05 ≤ 2026-11-10 + 30 days: the cancel is allowed. The order had nothing of its
        // own to pay or invoice; the bill's sales order SO-2 is canceled with it: its open
        // postpaid payment PAY-1 voided (nothing was paid: no refund), its invoice credited by
        // ACME-2026-000002 for the same 10.50 + 2.00.
        try sandbox.importOrders("<cancel ref=\"S-CRM\"/>", name: "B-1205.xml", asOf: "2026-12-05")
        let cancel = try sandbox.records("R-ACME", "B-1205", "results.csv")
        #expect(
            Self.pick(
                cancel,
                [
                    "ref", "action", "outcome", "sales_order_id", "sales_order_status", "subscription_id",
                    "subscription_status",
                ]) == [
                    ["S-CRM", "cancel", "accepted", "SO-1", "Canceled", "SUB-1", "Canceled"]
                ])
        let voided = try sandbox.records("R-ACME", "B-1205", "payments.csv")
        #expect(
            Self.pick(voided, Self.paymentColumns) == [
                ["PAY-1", "postpaid", "SO-2", "ACC-1", "12.50", "Voided", "2026-12-15"]
            ])
        let creditNotes = try Self.documents(sandbox, batches: ["B-1205"])
        #expect(creditNotes.keys.sorted() == ["outbox/R-ACME/B-1205/invoices/ACME-2026-000002.xml"])
        let note = String(decoding: creditNotes.values.first ?? [], as: UTF8.self)
        for expected in [
            "<CreditNote", "<cbc:IssueDate>2026-12-05</cbc:IssueDate>",
            "<cac:InvoiceDocumentReference><cbc:ID>ACME-2026-000001</cbc:ID>", ">10.50</cbc:TaxExclusiveAmount>",
            ">2.00</cbc:TaxAmount>", ">12.50</cbc:PayableAmount>",
        ] {
            #expect(note.contains(expected), "\(expected) not in the credit note")
        }
        let ledger = try sandbox.ledgerPayments(ref: "S-CRM")
        #expect(ledger["PAY-1"]?["status"] == "Voided", "\(ledger)")

        // December: SUB-1 was canceled within its window, so none of its days is billed; the
        // voided PAY-1 is no debt. November is not billed again.
        let december = try sandbox.bill(asOf: "2027-01-01")
        #expect(december.terminationReason == .exit && december.exitCode == 0, "\(december.stderr)")
        #expect(try sandbox.records("R-ACME", "billing-2026-12", "results.csv").isEmpty)
        #expect(try sandbox.records("R-ACME", "billing-2026-12", "suspensions.csv").isEmpty)
        #expect(try sandbox.ledgerBilled() == ["SUB-1 2026-11": 1])
        let documents = try Self.documents(sandbox).merging(creditNotes) { first, _ in first }
        #expect(try Self.judge(documents, in: sandbox) == 1)
    }
}
