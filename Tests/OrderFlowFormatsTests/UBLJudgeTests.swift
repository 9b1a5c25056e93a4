import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// The documents UBLWriter writes, judged by others: the OASIS UBL 2.1 schemas and CEN's EN 16931
/// validation artifacts (UBLJudges). Every hand-worked case and a few hundred generated documents
/// must pass both with no fatal finding; and each judge must be seen to fail a document that is
/// wrong, or its silence would prove nothing.
@Suite struct UBLJudgeTests {
    static let generatedCount = 300
    static let seed: UInt64 = 2026_11_01

    typealias Document = (name: String, bytes: [UInt8], isCreditNote: Bool)

    /// The golden cases and the generated set, rendered.
    static func documents() throws -> [Document] {
        var documents: [Document] = []
        for (name, invoice) in UBLCases.all {
            documents.append((name, try UBLWriter().render(invoice), invoice.kind == .creditNote))
        }
        var generator = UBLGenerator(seed: seed)
        var sink: [UInt8] = []
        for index in 0..<generatedCount {
            let invoice = generator.document(index)
            sink.removeAll(keepingCapacity: true)
            try UBLWriter().write(invoice, to: &sink)
            documents.append(("generated-\(index)", sink, invoice.kind == .creditNote))
        }
        return documents
    }

    static func schemaErrors(_ files: (invoices: [URL], creditNotes: [URL])) throws -> String {
        try UBLJudges.schemaErrors(files.invoices, schema: UBLJudges.invoiceSchema)
            + UBLJudges.schemaErrors(files.creditNotes, schema: UBLJudges.creditNoteSchema)
    }

    @Test func everyDocumentIsValidAgainstTheUBLSchemas() throws {
        let folder = try TestPaths.temporaryFolder("ubl-schema")
        defer { try? FileManager.default.removeItem(at: folder) }
        let documents = try Self.documents()
        #expect(documents.contains { $0.isCreditNote } && documents.contains { !$0.isCreditNote })
        let files = try UBLJudges.write(documents, to: folder)
        let errors = try Self.schemaErrors(files)
        #expect(errors.isEmpty, "UBL 2.1 schema errors:\n\(errors)")
    }

    @Test(.enabled(if: !UBLJudges.skipEN16931))
    func everyDocumentPassesEN16931() throws {
        let folder = try TestPaths.temporaryFolder("ubl-en16931")
        defer { try? FileManager.default.removeItem(at: folder) }
        let documents = try Self.documents()
        let files = try UBLJudges.write(documents, to: folder)
        let report = try UBLJudges.en16931(files.invoices + files.creditNotes)
        #expect(report.files.count == documents.count)
        let fatal = report.fatalSummary
        #expect(fatal.isEmpty, "EN 16931 fatal findings:\n\(fatal.prefix(40).joined(separator: "\n"))")
        // Nothing EN 16931 does not know either: a warning (UBL-CR-…) would be an element receivers drop.
        let warnings = report.files.flatMap { file in file.warning.map { "\(file.file): \($0)" } }
        #expect(warnings.isEmpty, "EN 16931 warnings:\n\(warnings.prefix(40).joined(separator: "\n"))")
    }

    /// CEN's own examples pass the harness; copies broken on purpose, CEN's and ours, do not, and for
    /// ours CEN names the rule EInvoiceCheck names.
    ///
    /// `BIS3_Invoice_negativ.XML` is among the passing ones: it is an invoice of negative amounts
    /// (its positive twin with every amount negated), which EN 16931 allows; CEN's stylesheet reports
    /// nothing fatal in it. So the harness's failures are shown on documents known to be wrong.
    @Test(.enabled(if: !UBLJudges.skipEN16931))
    func theEN16931HarnessPassesCENsExamplesAndFailsBrokenDocuments() throws {
        let folder = try TestPaths.temporaryFolder("ubl-harness")
        defer { try? FileManager.default.removeItem(at: folder) }
        try UBLJudges.requireFile(UBLJudges.cenExamples, "CEN's UBL examples")
        let examples = try FileManager.default.contentsOfDirectory(
            at: UBLJudges.cenExamples, includingPropertiesForKeys: nil
        ).filter { ["xml", "XML"].contains($0.pathExtension) }.sorted { $0.path < $1.path }
        #expect(examples.count >= 15)
        #expect(examples.contains { $0.lastPathComponent == "BIS3_Invoice_negativ.XML" })

        // CEN's example 1 with its amount due one cent off.
        let example = try String(
            contentsOf: UBLJudges.cenExamples.appendingPathComponent("ubl-tc434-example1.xml"), encoding: .utf8)
        let payable = try #require(
            example.range(of: #"<cbc:PayableAmount currencyID="EUR">[0-9.]+<"#, options: .regularExpression))
        let brokenExample = example.replacingCharacters(
            in: payable, with: #"<cbc:PayableAmount currencyID="EUR">0.01<"#)
        let brokenExampleFile = folder.appendingPathComponent("cen-example-1-payable.xml")
        try Data(brokenExample.utf8).write(to: brokenExampleFile)

        // Ours, each broken for one rule both sides check exactly, rendered without the check.
        let broken = Self.brokenDocuments()
        var files: [URL] = []
        for (name, invoice, _) in broken {
            var bytes: [UInt8] = []
            UBLWriter().writeChecked(invoice, to: &bytes)
            let url = folder.appendingPathComponent("\(name).xml")
            try Data(bytes).write(to: url)
            files.append(url)
        }

        let report = try UBLJudges.en16931(examples + [brokenExampleFile] + files)
        for example in examples {
            let file = try #require(report.file(named: example.lastPathComponent))
            #expect(file.fatal.isEmpty, "CEN's \(example.lastPathComponent): \(file.fatal)")
        }
        let example1 = try #require(report.file(named: brokenExampleFile.lastPathComponent))
        #expect(example1.fatal.map(\.id) == ["BR-CO-16"])
        for (name, invoice, cenRules) in broken {
            let file = try #require(report.file(named: "\(name).xml"))
            let ours = Set(EInvoiceCheck.findings(invoice).map(\.rule))
            #expect(!ours.isEmpty, "EInvoiceCheck catches \(name)")
            let theirs = Set(file.fatal.map(\.id))
            #expect(theirs == cenRules, "\(name): CEN reports \(theirs.sorted()), EInvoiceCheck \(ours.sorted())")
            #expect(
                ours.allSatisfy { rule in rule == "BR-DEC" || cenRules.contains(rule) || rule.hasPrefix("OF-") },
                "\(name): EInvoiceCheck \(ours.sorted()) against CEN \(cenRules.sorted())")
        }
    }

    /// Documents wrong in one way each, with the rules CEN reports for them.
    static func brokenDocuments() -> [(String, EInvoice, Set<String>)] {
        var payable = UBLCases.domestic
        payable.totals.payable += 1
        var lineNet = UBLCases.domestic
        lineNet.totals.lineNet += 1
        lineNet.totals.taxExclusive += 1
        lineNet.totals.taxInclusive += 1
        lineNet.totals.payable += 1
        var notSubject = UBLCases.reverseChargeCreditNote
        notSubject.lines = notSubject.lines.map {
            var line = $0
            line.tax = EInvoice.TaxCategory(.notSubject)
            return line
        }
        notSubject.vatBreakdown = [.untaxed(.notSubject, taxable: 49_00)]
        var reverse = UBLCases.reverseChargeCreditNote
        reverse.buyer.vatId = nil
        reverse.buyer.companyId = nil
        var dinar = UBLCases.dinar
        dinar.lines[1].price = EInvoice.UnitPrice(amount: 805)
        dinar.lines[1].netAmount = 2_415
        dinar.vatBreakdown[0].taxable = 27_915
        dinar.vatBreakdown[0].amount = 2_792
        dinar.totals = EInvoice.Totals(
            lineNet: 27_915, allowances: 0, taxExclusive: 27_915, tax: 2_792, taxInclusive: 30_707, payable: 30_707)
        return [
            ("broken-payable", payable, ["BR-CO-16"]),
            ("broken-line-net", lineNet, ["BR-CO-10"]),
            ("broken-not-subject-with-vat-ids", notSubject, ["BR-O-02"]),
            ("broken-reverse-charge-without-buyer-vat", reverse, ["BR-AE-02"]),
            // CEN also sums to two decimals, so a third one breaks its sums and its amount type too.
            (
                "broken-dinar-third-decimal", dinar,
                [
                    "BR-DEC-09", "BR-DEC-12", "BR-DEC-14", "BR-DEC-18", "BR-DEC-19", "BR-DEC-20", "BR-DEC-23",
                    "BR-CO-10",
                    "BR-CO-14", "BR-CO-15", "UBL-DT-01",
                ]
            ),
        ]
    }

    /// xmllint's silence proves something only if it speaks on an invalid document.
    @Test func theSchemaJudgeFailsAnInvalidDocument() throws {
        let folder = try TestPaths.temporaryFolder("ubl-schema-fail")
        defer { try? FileManager.default.removeItem(at: folder) }
        let valid = String(decoding: try UBLWriter().render(UBLCases.domestic), as: UTF8.self)
        // cbc:DueDate after cbc:InvoiceTypeCode: the sequence is wrong, the data the same.
        let swapped = valid.replacingOccurrences(
            of: "<cbc:DueDate>2026-11-16</cbc:DueDate><cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>",
            with: "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode><cbc:DueDate>2026-11-16</cbc:DueDate>")
        #expect(swapped != valid)
        let files = try UBLJudges.write(
            [("order", Array(swapped.utf8), false), ("credit-note-as-invoice", Array(valid.utf8), true)], to: folder)
        let errors = try Self.schemaErrors(files)
        #expect(errors.contains("order.xml"), "\(errors)")
        #expect(errors.contains("credit-note-as-invoice.xml"), "\(errors)")
    }
}
