import Foundation
import OrderFlowTestSupport
import Testing

/// Every e-invoice of a generated batch of more than 1,000 varied orders, and of a second batch
/// renewing, upgrading and canceling them, through `orderflow run`, judged by the OASIS UBL 2.1
/// schemas and CEN's EN 16931 validation (Invoices.md): every tax mode (exclusive EUR,
/// tax-inclusive CAD with Quebec's GST + QST, JPY without decimals, BHD with three), reverse
/// charge, not subject, promos, converted prices, renewals, upgrades and credit notes.
@Suite struct GeneratedInvoiceTests {
    static let header =
        "reseller,ref,action,channel,account,registration,account_type,company_name,vat_id,contact_name,contact_email,"
        + "country,region,city,postal_code,address_line1,product,plan,period,payment_model,provisioning_date,currency,"
        + "data_location,domain,admin_user,send_credentials,postponed_billing,blocking_threshold,promo_code,"
        + "terms_accepted,terms_version,subscription,resource:MAILBOX,resource:STORAGE,resource:SEATS\n"

    /// The demo catalog and a reseller billing in Bahraini dinars (three decimals).
    static func catalog(in folder: URL) throws -> String {
        var text = try String(contentsOf: URL(fileURLWithPath: PipelineSandbox.catalog), encoding: .utf8)
        text = text.replacingOccurrences(
            of: "  <!-- ===== Exchange rates",
            with: """
                  <reseller id="R-GULF" name="Gulf Cloud W.L.L." currency="BHD" country="BH" vatId="BH200000000000002"
                            timeZone="Asia/Bahrain" invoicePrefix="GULF" paymentDueDays="7" street="Road 1702"
                            city="Manama" companyId="CR 12345-1"/>
                  <exchangeRate from="USD" to="BHD" rate="0.376000" effective="2026-01-01"/>
                  <exchangeRate from="EUR" to="BHD" rate="0.409100" effective="2026-01-01"/>
                  <tax country="BH" name="VAT" rate="0.10" category="S" resellers="R-GULF"/>

                  <!-- ===== Exchange rates
                """)
        let path = folder.appendingPathComponent("catalog.xml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// One order row; `n` makes its ref, company, e-mail and domain unique.
    static func order(
        _ reseller: String, _ n: Int, channel: String = "customer", type: String = "company", vatId: String = "",
        country: String, region: String = "", city: String, product: String, plan: String, period: String,
        payment: String = "", postponed: String = "", promo: String = "", terms: String = "", mailboxes: Int = 0,
        storage: Int = 0, seats: Int = 0
    ) -> String {
        let mail = product == "PRD-MAIL"
        return [
            reseller, "G-\(n)", "order", channel, "", "full", type, "Company \(n) & Söhne <Ltd>", vatId, "Contact \(n)",
            "c\(n)@example.com", country, region, city, "1000\(n % 10)", "Street \(n)", product, plan, period, payment, "",
            "", mail ? "eu-central" : "", mail ? "g\(n).example" : "", "", "", postponed, "", promo,
            terms.isEmpty ? "" : "true", terms, "", mail ? String(mailboxes) : "", mail ? String(storage) : "",
            product == "PRD-CRM" ? String(seats) : "",
        ].joined(separator: ",") + "\n"
    }

    /// 1,040 orders over the four resellers, varied by `n`.
    static func firstBatches() -> [(reseller: String, name: String, text: String)] {
        var acme = header, maple = header, nippon = header, gulf = header
        let promos = ["", "WELCOME10", "FIVEOFF", "FREESETUP", "USD15"]
        for n in 0..<400 {
            let (country, region, city, vat): (String, String, String, String) =
                switch n % 5 {
                case 0: ("DE", "BE", "Berlin", "")
                case 1: ("FR", "IDF", "Paris", "FR40303265045")  // reverse charge
                case 2: ("US", "CA", "San Francisco", "")  // no rule: not subject
                case 3: ("PT", "30", "Funchal", "")
                default: ("DE", "BY", "München", "")
                }
            let crm = n % 3 == 0
            acme += order(
                "R-ACME", n, vatId: vat, country: country, region: region, city: city,
                product: crm ? "PRD-CRM" : "PRD-MAIL", plan: crm ? "PLN-CRM-TEAM" : "PLN-MAIL-STD",
                period: n % 2 == 0 ? "1Y" : "1M", postponed: n % 4 == 0 ? "true" : "", promo: promos[n % promos.count],
                terms: "2026-01", mailboxes: 5 + n % 40, storage: n % 30, seats: 1 + n % 9)
        }
        for n in 400..<700 {
            let (region, city) = [("QC", "Québec"), ("ON", "Toronto"), ("AB", "Calgary")][n % 3]
            let crm = n % 2 == 0
            maple += order(
                "R-MAPLE", n, channel: "manager", country: "CA", region: region, city: city,
                product: crm ? "PRD-CRM" : "PRD-MAIL", plan: crm ? "PLN-CRM-TEAM" : "PLN-MAIL-STD",
                period: n % 4 < 2 ? "1M" : "1Y", payment: "prepay", terms: "2026-03", mailboxes: 5 + n % 17,
                storage: n % 11, seats: 1 + n % 5)
        }
        for n in 700..<900 {
            nippon += order(
                "R-NIPPON", n, type: n % 2 == 0 ? "company" : "individual", country: "JP", city: "Osaka",
                product: "PRD-MAIL", plan: "PLN-MAIL-STD", period: n % 3 == 0 ? "1Y" : "1M",
                promo: n % 4 == 0 ? "YEN500" : "", mailboxes: 5 + n % 13, storage: n % 7)
        }
        for n in 900..<1040 {
            let crm = n % 2 == 1
            gulf += order(
                "R-GULF", n, country: "BH", city: "Manama", product: crm ? "PRD-CRM" : "PRD-MAIL",
                plan: crm ? "PLN-CRM-TEAM" : "PLN-MAIL-STD", period: n % 3 == 0 ? "1Y" : "1M", mailboxes: 5 + n % 9,
                storage: n % 13, seats: 1 + n % 4)
        }
        return [("R-ACME", "GEN-ACME-1.csv", acme), ("R-MAPLE", "GEN-MAPLE-1.csv", maple),
                ("R-NIPPON", "GEN-NIPPON-1.csv", nippon), ("R-GULF", "GEN-GULF-1.csv", gulf)]
    }

    /// Renewals and upgrades of the postponed-billing (so active) ACME subscriptions, and cancels
    /// of orders still waiting for their payment: invoices and credit notes of a later batch.
    static func secondBatch(_ results: [[String: String]]) -> String {
        var text = header
        let accepted = results.filter { $0["outcome"] == "accepted" && $0["action"] == "order" }
        let active = accepted.filter { $0["subscription_status"] == "Active" && $0["invoice_number"]?.isEmpty == false }
        for (index, row) in active.prefix(60).enumerated() {
            let subscription = row["subscription_id"] ?? ""
            if index % 2 == 0 {
                text += "R-ACME,R-\(index),renewal,,,,,,,,,,,,,,,,1Y,,,,,,,,,,,,,\(subscription),,,\n"
            } else {
                text += "R-ACME,U-\(index),upgrade,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\(subscription),60,40,\n"
            }
        }
        for row in accepted.filter({ $0["sales_order_status"] == "WaitingForPayment" }).prefix(40) {
            text += "R-ACME,\(row["ref"] ?? ""),cancel,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n"
        }
        return text
    }

    @Test func everyDocumentOfAThousandVariedOrdersIsValid() throws {
        let box = try PipelineSandbox("orderflow-generated-invoices", catalog: "CATALOG")
        defer { box.remove() }
        let catalog = try Self.catalog(in: box.root)
        let yaml = try String(contentsOf: box.pipeline, encoding: .utf8).replacingOccurrences(of: "CATALOG", with: catalog)
        try yaml.write(to: box.pipeline, atomically: true, encoding: .utf8)
        for drop in Self.firstBatches() { try box.drop(drop.text, reseller: drop.reseller, name: drop.name) }
        let first = try box.run(timeout: 300)
        #expect(first.exitCode == 0 || first.exitCode == 65, "\(first.stderr)")
        let acmeResults = PipelineSandbox.csvRecords(
            Array(try Data(contentsOf: box.outbox.appendingPathComponent("R-ACME/GEN-ACME-1/results.csv"))))
        try box.drop(Self.secondBatch(acmeResults), reseller: "R-ACME", name: "GEN-ACME-2.csv")
        let second = try box.run(timeout: 300)
        #expect(second.exitCode == 0 || second.exitCode == 65, "\(second.stderr)")

        let snapshot = try box.snapshot()
        let documents = snapshot.filter { $0.key.contains("/invoices/") && $0.key.hasSuffix(".xml") }
        #expect(documents.count >= 1_000, "only \(documents.count) documents")
        try ImportInvariants.check(box, snapshot: snapshot, context: "generated")
        let creditNotes = documents.filter { String(decoding: $0.value.prefix(200), as: UTF8.self).contains("<CreditNote") }
        let claimsEN16931 = documents.filter {
            String(decoding: $0.value.prefix(400), as: UTF8.self).contains("urn:cen.eu:en16931:2017")
        }
        #expect(creditNotes.count >= 30, "\(creditNotes.count) credit notes")
        #expect(documents.keys.contains { $0.contains("/R-GULF/") } && documents.keys.contains { $0.contains("/R-MAPLE/") })
        // The renewals and upgrades were invoiced in the second batch.
        #expect(documents.keys.filter { $0.contains("/GEN-ACME-2/") }.count >= 90)

        let invoices = documents.keys.filter { !creditNotes.keys.contains($0) }.map { box.root.appendingPathComponent($0) }
        #expect(try UBLJudges.schemaErrors(invoices, schema: UBLJudges.invoiceSchema) == "")
        #expect(
            try UBLJudges.schemaErrors(creditNotes.keys.map { box.root.appendingPathComponent($0) }, schema: UBLJudges.creditNoteSchema)
                == "")
        // A dinar amount with fils is plain UBL (Invoices.md, Currencies); every other document
        // claims EN 16931 and passes CEN's validation without a fatal finding.
        #expect(documents.count - claimsEN16931.count < 140)
        #expect(documents.keys.filter { !claimsEN16931.keys.contains($0) }.allSatisfy { $0.contains("/R-GULF/") })
        if !UBLJudges.skipEN16931 {
            let report = try UBLJudges.en16931(claimsEN16931.keys.sorted().map { box.root.appendingPathComponent($0) })
            #expect(report.files.count == claimsEN16931.count)
            #expect(report.fatalSummary.isEmpty, "\(report.fatalSummary.prefix(20))")
        }
    }
}
