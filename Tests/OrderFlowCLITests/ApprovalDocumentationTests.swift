import Foundation
import OrderFlowCore
import OrderFlowFormats
import OrderFlowTestSupport
import Testing

/// Approvals.md cannot drift from the approval reader: every column it accepts and every error
/// code it gives has its table row, and every diagnostic the article prints for a fixture is the
/// one the reader gives for that file.
@Suite struct ApprovalDocumentationTests {
    static func approvals() throws -> String { try DocumentationTests.article("Approvals") }

    /// The error codes the approval reader names in its sources.
    static func readerCodes() throws -> [String] { try DocumentationTests.codes(namedIn: "OrderFlowFormats/Approvals") }

    @Test func everyColumnAndCodeHasItsRow() throws {
        let names = DocumentationTests.tableNames(try Self.approvals())
        let columns = ApprovalCSVReader.requiredColumns + ApprovalCSVReader.optionalColumns
        let missingColumns = DocumentationTests.missing(columns, from: names)
        #expect(missingColumns.isEmpty, "Approvals.md lacks a table row for the columns \(missingColumns)")
        let codes = try Self.readerCodes()
        #expect(codes.count >= 7, "the approval reader's codes were found: \(codes)")
        let missingCodes = DocumentationTests.missing(codes, from: names)
        #expect(missingCodes.isEmpty, "Approvals.md lacks a table row for the codes \(missingCodes)")
        let decisions = ApprovalDecision.allCases.map(\.rawValue)
        let text = try Self.approvals()
        #expect(decisions.allSatisfy { text.contains("`\($0)`") })
    }

    /// Each `Fixtures/approvals/…: error: …` line of the article is what reading that file gives.
    @Test func everyPrintedDiagnosticIsTheReaders() throws {
        let printed = try Self.approvals().split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix("Fixtures/approvals/") && $0.contains(": error: [") }
        #expect(printed.count >= 7)
        for line in printed {
            let path = String(line.prefix { $0 != ":" })
            let reader = try ApprovalCSVReader(path: TestPaths.packageRoot.appendingPathComponent(path).path)
            var given: [Diagnostic] = []
            do {
                try reader.read { given += $0.problems }
            } catch let error as FileError {
                given += error.diagnostics
            }
            let formatted = given.map { $0.formatted(file: path) }
            #expect(formatted.contains(line), "\(path) gives \(formatted), not \(line)")
        }
    }
}
