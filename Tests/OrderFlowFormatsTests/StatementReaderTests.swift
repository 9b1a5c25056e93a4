import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// A statement drop is read by its extension; a link or another kind of file is never opened.
@Suite struct StatementReaderTests {
    static func read(_ url: URL) throws -> (headers: [StatementHeader], lines: Int) {
        var headers: [StatementHeader] = []
        var lines = 0
        try StatementReader.read(
            path: url.path, fileName: url.lastPathComponent, header: { headers.append($0) }, line: { _ in lines += 1 })
        return (headers, lines)
    }

    @Test func theExtensionChoosesTheReader() throws {
        let folder = try TestPaths.temporaryFolder("statement-reader")
        defer { try? FileManager.default.removeItem(at: folder) }
        let xml = folder.appendingPathComponent("bank-2026-03-02.xml")
        try Data(StatementVersionTests.builder(version: 8).xml().utf8).write(to: xml)
        let camt = try Self.read(xml)
        #expect(camt.headers.map(\.format) == [.camt053] && camt.headers.first?.statementId == "STMT-2026-03-02")
        #expect(camt.lines == 9)
        let csv = folder.appendingPathComponent("bank-2026-03-03.csv")
        try Data("booking_date,amount,currency,reference\n2026-03-03,1.00,EUR,x\n".utf8).write(to: csv)
        let rows = try Self.read(csv)
        #expect(rows.headers.map(\.format) == [.csv] && rows.headers.first?.statementId == "bank-2026-03-03")
        #expect(rows.lines == 1)
        let other = folder.appendingPathComponent("bank.mt940")
        try Data("x".utf8).write(to: other)
        #expect(XMLFixtures.fileError { _ = try Self.read(other) }?.diagnostics.first?.code == .unsupportedFormat)
        // A link is never followed, whatever it points to.
        let link = folder.appendingPathComponent("link.xml")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: xml)
        #expect(XMLFixtures.fileError { _ = try Self.read(link) }?.diagnostics.first?.code == .unsafeFile)
    }
}
