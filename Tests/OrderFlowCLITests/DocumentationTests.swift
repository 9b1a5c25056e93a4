import Foundation
import OrderFlowCore
import OrderFlowFormats
import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

/// The DocC catalog (`Sources/orderflow/Documentation.docc`) cannot drift from the code: every
/// error code, CSV column, pipeline key, exit code and output column the program knows has its
/// place in its article, and every element and attribute of the schemas the program prints
/// carries its own documentation.
@Suite struct DocumentationTests {
    static let catalog = TestPaths.packageRoot.appendingPathComponent("Sources/orderflow/Documentation.docc")

    static func article(_ name: String) throws -> String {
        try String(contentsOf: catalog.appendingPathComponent("Articles/\(name).md"), encoding: .utf8)
    }

    /// The names documented in table rows whose first cell is a name in backticks: "| `name` | …".
    static func tableNames(_ text: String) -> Set<String> {
        var names: Set<String> = []
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.dropFirst(3)
            guard let end = cell.firstIndex(of: "`") else { continue }
            names.insert(String(cell[..<end]))
        }
        return names
    }

    static func missing(_ expected: [String], from names: Set<String>) -> [String] {
        expected.filter { !names.contains($0) }
    }

    @Test func everyErrorCodeHasItsHeading() throws {
        let text = try Self.article("ErrorCodes")
        let headings = Set(text.split(separator: "\n").filter { $0.hasPrefix("### `") }.map {
            String($0.dropFirst(5).prefix { $0 != "`" })
        })
        let missing = ErrorCode.allCases.map(\.rawValue).filter { !headings.contains($0) }
        #expect(missing.isEmpty, "ErrorCodes.md lacks a '### `CODE`' section for \(missing)")
        let unknown = headings.subtracting(ErrorCode.allCases.map(\.rawValue))
        #expect(unknown.isEmpty, "ErrorCodes.md documents codes the program does not have: \(unknown.sorted())")
    }

    @Test func everyRequestColumnIsInDropFiles() throws {
        let names = Self.tableNames(try Self.article("DropFiles"))
        var columns = RequestField.allCases.filter(\.isCSVColumn).map(\.name)
        columns += RequestField.ignoredCSVColumns.sorted()
        columns.append(RequestField.resourceColumnPrefix + "<ID>")
        let missing = Self.missing(columns, from: names)
        #expect(missing.isEmpty, "DropFiles.md lacks a table row for the CSV columns \(missing)")
    }

    @Test func everyImportSubscriptionsColumnIsInOperations() throws {
        let names = Self.tableNames(try Self.article("Operations"))
        var columns = [RequestField.reseller.name, RequestField.ref.name]
        columns += SubscriptionImportRow.fieldColumns.map(\.name)
        columns += [SubscriptionImportRow.periodStartColumn, SubscriptionImportRow.periodEndColumn,
                    SubscriptionImportRow.statusColumn, RequestField.resourceColumnPrefix + "<ID>"]
        let missing = Self.missing(columns, from: names)
        #expect(missing.isEmpty, "Operations.md lacks a table row for the import-subscriptions columns \(missing)")
    }

    /// The error codes the sources in `Sources/<folder>` name (`.invalidValue`, or
    /// `` `INVALID_VALUE` `` in a doc comment): what a file those readers read can get.
    static func codes(namedIn folder: String) throws -> [String] {
        let folder = TestPaths.packageRoot.appendingPathComponent("Sources/" + folder)
        let text = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
            .map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "\n")
        return ErrorCode.allCases.filter { code in
            let name = "." + String(describing: code)
            var rest = Substring(text)
            while let found = rest.range(of: name) {
                // A whole name: `.invalidValue`, not the start of a longer one.
                if found.upperBound == rest.endIndex || !(rest[found.upperBound].isLetter || rest[found.upperBound].isNumber) {
                    return true
                }
                rest = rest[found.upperBound...]
            }
            return text.contains("`\(code.rawValue)`")
        }.map(\.rawValue)
    }

    static func statementReaderCodes() throws -> [String] { try codes(namedIn: "OrderFlowFormats/Statements") }

    /// Every code a statement reader gives has its row in Statements.md and in ErrorCodes.md's
    /// "Bank statement errors".
    @Test func everyStatementErrorCodeIsInStatementsAndErrorCodes() throws {
        let codes = try Self.statementReaderCodes()
        #expect(codes.count >= 10, "the statement readers' codes were found: \(codes)")
        let statements = Self.tableNames(try Self.article("Statements"))
        #expect(Self.missing(codes, from: statements).isEmpty, "Statements.md lacks a table row for \(Self.missing(codes, from: statements))")
        let errorCodes = try Self.article("ErrorCodes")
        let section = try #require(errorCodes.components(separatedBy: "\n## Bank statement errors\n").dropFirst().first)
        let rows = Self.tableNames(section.components(separatedBy: "\n## ").first ?? "")
        #expect(Self.missing(codes, from: rows).isEmpty, "ErrorCodes.md, Bank statement errors, lacks a row for \(Self.missing(codes, from: rows))")
        let unknown = rows.subtracting(codes)
        #expect(unknown.isEmpty, "ErrorCodes.md lists statement codes the readers do not give: \(unknown.sorted())")
    }

    @Test func everyPipelineKeyAndExitCodeIsInPipelineFiles() throws {
        let names = Self.tableNames(try Self.article("PipelineFiles"))
        let keys = PipelineConfig.knownKeys + PipelineConfig.folderKeys.map { "folders.\($0)" }
        #expect(Self.missing(keys, from: names).isEmpty, "PipelineFiles.md lacks the keys \(Self.missing(keys, from: names))")
        let kinds = PipelineConfig.Kind.allCases.map(\.rawValue)
        let text = try Self.article("PipelineFiles")
        #expect(kinds.allSatisfy { text.contains("`\($0)`") }, "PipelineFiles.md names every kind \(kinds)")
        let exits = ["0", "65", "66", "73", "74", "75", "78"]
        #expect(Self.missing(exits, from: names).isEmpty, "PipelineFiles.md lacks exit codes \(Self.missing(exits, from: names))")
    }

    @Test func everyOutputColumnIsInOutputs() throws {
        let names = Self.tableNames(try Self.article("Outputs"))
        let results = RequestResult.columns
        #expect(Self.missing(results, from: names).isEmpty, "results.csv: \(Self.missing(results, from: names))")
        let payments = PaymentsFile.columns
        #expect(Self.missing(payments, from: names).isEmpty, "payments.csv: \(Self.missing(payments, from: names))")
        let header = String(decoding: FailedFolder.errorsCSV([]), as: UTF8.self)
        let errors = header.trimmingCharacters(in: .newlines).split(separator: ",").map(String.init)
        #expect(errors.count == 5)
        #expect(Self.missing(errors, from: names).isEmpty, "errors.csv: \(Self.missing(errors, from: names))")
    }

    /// The reconcile job's files (Reconciliation.md) and the import's provisioning.csv (Outputs.md):
    /// every column, and every key a statement's receipt.json can hold, named in code type.
    @Test func everyReconcileOutputColumnIsDocumented() throws {
        let outputs = Self.tableNames(try Self.article("Outputs"))
        let provisioning = ProvisioningFile.columns
        #expect(Self.missing(provisioning, from: outputs).isEmpty, "provisioning.csv: \(Self.missing(provisioning, from: outputs))")
        let text = try Self.article("Reconciliation")
        let columns = ReconciliationFile.columns + ActivationsFile.columns + ChargesFile.columns + ProvisioningFile.columns
        let keys = ["batchId", "reseller", "fileName", "sha256", "asOf", "lines", "outcomes", "amounts", "received",
                    "applied", "toBalances", "unmatched", "overdue", "activations", "charges", "events", "payments"]
        let outcomes = ReconcileOutcome.allCases.map(\.rawValue)
        let undocumented = (columns + keys + outcomes).filter { !text.contains("`\($0)`") }
        #expect(undocumented.isEmpty, "Reconciliation.md does not name \(undocumented)")
    }

    /// Every key a receipt of the demo holds (the demo covers every action and both payment kinds).
    @Test func everyReceiptKeyIsInOutputs() throws {
        let names = Self.tableNames(try Self.article("Outputs"))
        var keys: Set<String> = []
        let golden = TestPaths.fixtures.appendingPathComponent("golden/demo")
        let files = FileManager.default.enumerator(atPath: golden.path)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix("receipt.json") {
            let data = try Data(contentsOf: golden.appendingPathComponent(file))
            Self.collectKeys(try JSONSerialization.jsonObject(with: data), into: &keys)
        }
        #expect(!keys.isEmpty, "the demo's golden receipts were found")
        let missing = keys.subtracting(names).sorted()
        #expect(missing.isEmpty, "Outputs.md lacks a table row for the receipt.json keys \(missing)")
    }

    static func collectKeys(_ value: Any, into keys: inout Set<String>) {
        if let object = value as? [String: Any] {
            for (key, child) in object {
                keys.insert(key)
                collectKeys(child, into: &keys)
            }
        } else if let array = value as? [Any] {
            for child in array { collectKeys(child, into: &keys) }
        }
    }

    /// Each article the landing page links to exists, and each article is linked from it.
    @Test func theLandingPageLinksEveryArticle() throws {
        let landing = try String(contentsOf: Self.catalog.appendingPathComponent("orderflow.md"), encoding: .utf8)
        let articles = try FileManager.default.contentsOfDirectory(atPath: Self.catalog.appendingPathComponent("Articles").path)
            .filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }
        #expect(articles.count >= 10)
        for name in articles { #expect(landing.contains("<doc:\(name)>"), "orderflow.md links \(name)") }
        for article in articles {
            let text = try Self.article(article)
            for link in Self.docLinks(text) + Self.docLinks(landing) {
                #expect(articles.contains(link), "\(article).md links <doc:\(link)>, which is no article")
            }
            #expect(!text.contains("SPEC"), "\(article).md cites a specification users cannot open")
        }
    }

    /// Comments explain with the product's own documents: no source file cites the specification
    /// the product was built from, which users cannot open.
    @Test func sourcesCiteOnlyDocumentsUsersCanOpen() throws {
        let forbidden = ["SPEC" + " §", "shared/" + "SPEC", "PIPELINE-" + "RULES"]
        var offenders: [String] = []
        for folder in ["Sources", "Tests", "pipelines"] {
            let root = TestPaths.packageRoot.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
            for file in files where [".swift", ".yaml", ".md"].contains(where: file.hasSuffix) {
                let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                if forbidden.contains(where: text.contains) { offenders.append("\(folder)/\(file)") }
            }
        }
        #expect(offenders.isEmpty, "cite Documentation.docc articles instead: \(offenders)")
    }

    /// The fixed text of every message `Sources` logs at `info` and above: the string literal a
    /// `logger.info(`, `.notice(`, `.warning(` or `.error(` call starts with, up to its first
    /// interpolation.
    static func logMessages() throws -> [String: String] {
        var messages: [String: String] = [:]
        let root = TestPaths.packageRoot.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for level in ["info", "notice", "warning", "error"] {
                for call in text.components(separatedBy: "logger.\(level)(").dropFirst() {
                    let rest = call.drop(while: { $0 == " " || $0 == "\n" })
                    guard rest.first == "\"" else { continue }
                    let literal = rest.dropFirst().prefix(while: { $0 != "\"" })
                    let fixed = literal.components(separatedBy: "\\(")[0]
                    messages[fixed.trimmingCharacters(in: CharacterSet(charactersIn: " ("))] = file
                }
            }
        }
        return messages
    }

    /// Operations.md's table of log messages names every message an operator can see.
    @Test func everyLogMessageIsInOperations() throws {
        let messages = try Self.logMessages()
        // The scan itself works: a message every import logs is found.
        #expect(messages["batch published"] != nil && messages.count > 20, "\(messages.keys.sorted())")
        let rows = try Self.article("Operations").split(separator: "\n").filter { $0.hasPrefix("| `") }.joined(separator: "\n")
        let missing = messages.filter { !rows.contains("`" + $0.key) }.map { "\($0.value): \($0.key)" }.sorted()
        #expect(missing.isEmpty, "Operations.md's log message table lacks \(missing)")
    }

    static func docLinks(_ text: String) -> [String] {
        text.components(separatedBy: "<doc:").dropFirst().compactMap { rest in
            rest.firstIndex(of: ">").map { String(rest[..<$0]) }
        }
    }

    /// `orderflow schema orders|catalog`: every element and attribute declaration documents itself.
    @Test(arguments: [("orders", OrdersSchema.xsd), ("catalog", CatalogSchema.xsd)])
    func everySchemaDeclarationIsDocumented(name: String, xsd: String) {
        let undocumented = Self.undocumentedDeclarations(xsd)
        #expect(undocumented.isEmpty, "schema \(name): no xs:documentation on \(undocumented)")
    }

    /// The `name=` of each `xs:element` / `xs:attribute` declaration not followed by a non-empty
    /// `xs:annotation/xs:documentation` as its first child.
    static func undocumentedDeclarations(_ xsd: String) -> [String] {
        var undocumented: [String] = []
        var rest = Substring(xsd)
        while let start = rest.range(of: #"<xs:(element|attribute) name="[^"]*""#, options: .regularExpression) {
            let tagEnd = rest[start.upperBound...].firstIndex(of: ">") ?? rest.endIndex
            let name = String(rest[start]).split(separator: "\"")[1]
            let selfClosing = tagEnd > rest.startIndex && rest[rest.index(before: tagEnd)] == "/"
            let body = rest[rest.index(after: min(tagEnd, rest.index(before: rest.endIndex)))...]
                .drop { $0.isWhitespace }
            if selfClosing || !body.hasPrefix("<xs:annotation>") {
                undocumented.append(String(name))
            } else if let open = body.range(of: "<xs:documentation>"), let close = body.range(of: "</xs:documentation>"),
                open.upperBound < close.lowerBound,
                !body[open.upperBound..<close.lowerBound].allSatisfy(\.isWhitespace)
            {
                // documented
            } else {
                undocumented.append(String(name))
            }
            rest = rest[tagEnd...]
        }
        return undocumented
    }

    @Test func theDriftCheckOfSchemasCanFail() {
        let xsd = """
            <xs:element name="a"><xs:annotation><xs:documentation>A.</xs:documentation></xs:annotation></xs:element>
            <xs:attribute name="b"/>
            <xs:element name="c"><xs:complexType/></xs:element>
            <xs:attribute name="d"><xs:annotation><xs:documentation> </xs:documentation></xs:annotation></xs:attribute>
            """
        #expect(Self.undocumentedDeclarations(xsd) == ["b", "c", "d"])
        #expect(Self.tableNames("| `x` | y |\n|`z`|\n| w |") == ["x"])
    }
}
