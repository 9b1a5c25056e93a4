import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// An approval drop (Approvals.md): the drop files' CSV rules, the columns `sales_order_id,
/// decision, manager, comment`, rows that cannot be applied delivered with their reasons, and
/// whole-file problems thrown.
@Suite struct ApprovalCSVReaderTests {
    static func read(_ text: String, readSize: Int? = nil) throws -> [ApprovalRow] {
        try read(bytes: Array(text.utf8), readSize: readSize)
    }

    static func read(bytes: [UInt8], readSize: Int? = nil) throws -> [ApprovalRow] {
        var reader = ApprovalCSVReader(bytes: bytes)
        if let readSize { reader.readSize = readSize }
        return try reader.readAll()
    }

    static func fileError(_ text: String) -> FileError? {
        fileError(bytes: Array(text.utf8))
    }

    static func fileError(bytes: [UInt8]) -> FileError? {
        XMLFixtures.fileError { _ = try read(bytes: bytes) }
    }

    // MARK: - Good files

    @Test func aDropReadsRowByRow() throws {
        let text = """
            sales_order_id,decision,manager,comment
            SO-1,approve,Anna Berg,checked the data location
            SO-22,reject,Anna Berg,
            SO-333,approve,,

            """
        let rows = try Self.read(text)
        #expect(rows == [
            ApprovalRow(line: 2, salesOrderId: "SO-1", decision: .approve, manager: "Anna Berg", comment: "checked the data location"),
            ApprovalRow(line: 3, salesOrderId: "SO-22", decision: .reject, manager: "Anna Berg"),
            ApprovalRow(line: 4, salesOrderId: "SO-333", decision: .approve),
        ])
        #expect(rows.allSatisfy { $0.isReadable })
    }

    @Test func columnsInAnyOrderAndTheOptionalOnesAbsent() throws {
        let onlyRequired = try Self.read("decision,sales_order_id\nreject,SO-7\n")
        #expect(onlyRequired == [ApprovalRow(line: 2, salesOrderId: "SO-7", decision: .reject)])
        let shuffled = try Self.read("comment,decision,manager,sales_order_id\nok,approve,Ben,SO-8\n")
        #expect(shuffled == [ApprovalRow(line: 2, salesOrderId: "SO-8", decision: .approve, manager: "Ben", comment: "ok")])
        // A header alone is a drop without decisions.
        #expect(try Self.read("sales_order_id,decision\n").isEmpty)
        #expect(try Self.read("sales_order_id,decision").isEmpty)
    }

    @Test func aBOMAndCRLFAreAccepted() throws {
        let text = "\u{FEFF}sales_order_id,decision,comment\r\nSO-1,approve,a\r\n\r\nSO-2,reject,b\r\n"
        let rows = try Self.read(text)
        #expect(rows.map(\.salesOrderId) == ["SO-1", "SO-2"])
        #expect(rows.map(\.comment) == ["a", "b"])
        #expect(rows.map(\.line) == [2, 4])
        #expect(rows.allSatisfy { $0.isReadable })
    }

    @Test func aQuotedCommentMayHoldCommasQuotesAndLineBreaks() throws {
        let text = "sales_order_id,decision,comment\n"
            + "SO-1,reject,\"wrong plan, ask \"\"Maple\"\" first\nthen order again\"\n"
            + "SO-2,approve,\"line one\r\nline two\"\n"
        // The same in one-byte chunks: chunk boundaries anywhere read the same.
        for readSize in [nil, 1, 3] {
            let rows = try Self.read(text, readSize: readSize)
            #expect(rows.map(\.comment) == ["wrong plan, ask \"Maple\" first\nthen order again", "line one\r\nline two"])
            #expect(rows.map(\.line) == [2, 4])
            #expect(rows.allSatisfy { $0.isReadable })
        }
    }

    @Test func theDecisionIsCaseInsensitiveAndTrimmedTheIdTrimmedTheFreeTextAsWritten() throws {
        let text = """
            sales_order_id,decision,manager,comment
            SO-1,Approve,  Anna  ,  spaced  
             SO-2\t,\tREJECT ,,
            "SO-3
            ","
            approve
            ",,

            """
        let rows = try Self.read(text)
        #expect(rows.map(\.decision) == [.approve, .reject, .approve])
        #expect(rows.map(\.salesOrderId) == ["SO-1", "SO-2", "SO-3"])
        #expect(rows[0].manager == "  Anna  " && rows[0].comment == "  spaced  ")
        #expect(rows.allSatisfy { $0.isReadable })
        #expect(ApprovalDecision(cell: "rEjEcT") == .reject)
        #expect(ApprovalDecision(cell: "approved") == nil)
        #expect(ApprovalDecision(cell: "app rove") == nil)
        // Only ASCII spaces, tabs and line breaks are trimmed: a no-break space is not.
        #expect(ApprovalDecision(cell: "reject\u{A0}") == nil)
    }

    @Test func aDropIsReadFromDisk() throws {
        let folder = try TestPaths.temporaryFolder("approval-csv")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("approvals-2026-03-02.csv")
        try Data("sales_order_id,decision\nSO-5,approve\n".utf8).write(to: file)
        let reader = try ApprovalCSVReader(path: file.path)
        #expect(try reader.readAll() == [ApprovalRow(line: 2, salesOrderId: "SO-5", decision: .approve)])
        // Each read starts again from the file's start.
        var count = 0
        #expect(try reader.read { _ in count += 1 } == 1)
        #expect(count == 1)
        // A link in place of the file is never followed.
        let link = folder.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
        #expect(XMLFixtures.fileError { _ = try ApprovalCSVReader(path: link.path) }?.diagnostics.first?.code == .unsafeFile)
    }

    // MARK: - Row problems

    @Test func rowsThatCannotBeAppliedCarryTheirReasonsAndTheRestGoOn() throws {
        let text = """
            sales_order_id,decision,manager
            ,approve,m
            SO-2,,m
            ,,m
            SO-4,yes,m
            1234,approve,m
            so-6,reject,m
            SO-007,reject,m
            SO-8,approve
            SO-9,approve,m,extra
            SO-1"0,approve,m
            SO-11,approve,m

            """
        let rows = try Self.read(text)
        #expect(rows.map { $0.problems.map(\.code) } == [
            [.missingField], [.missingField], [.missingField, .missingField], [.invalidValue], [.invalidValue],
            [.invalidValue], [.invalidValue], [.csvMalformed], [.csvMalformed], [.csvMalformed, .invalidValue], [],
        ])
        #expect(rows.map { $0.problems.map(\.field) } == [
            ["sales_order_id"], ["decision"], ["sales_order_id", "decision"], ["decision"], ["sales_order_id"],
            ["sales_order_id"], ["sales_order_id"], [""], [""], ["sales_order_id", "sales_order_id"], [],
        ])
        #expect(rows.map(\.line) == Array(2...12))
        #expect(rows.map { $0.problems.first?.location.line } == Array(2...11).map(Optional.some) + [nil])
        // The column of the cell at fault.
        #expect(rows[1].problems.first?.location == SourceLocation(line: 3, column: 2))
        #expect(rows[4].problems.first?.location == SourceLocation(line: 6, column: 1))
        // What could be read is kept, so that results.csv names the order.
        #expect(rows[1].salesOrderId == "SO-2" && rows[1].decision == nil)
        #expect(rows[3].salesOrderId == "SO-4" && rows[3].decision == nil)
        #expect(rows[4].salesOrderId == "1234" && rows[4].decision == .approve)
        #expect(rows[7].salesOrderId == "SO-8" && rows[7].decision == .approve && rows[7].manager == nil)
        #expect(rows.filter { $0.isReadable }.map(\.salesOrderId) == ["SO-11"])
        // Each message says how to fix it.
        #expect(rows[0].problems[0].message == "The row has no sales_order_id: write the sales order to decide on (SO-1234).")
        #expect(rows[1].problems[0].message == "The row has no decision: write approve or reject.")
        #expect(rows[3].problems[0].message == "'yes' is not a decision: write approve or reject.")
        #expect(rows[4].problems[0].message == "'1234' is not a sales order id: write it as OrderFlow gave it, SO- and digits (SO-1234).")
        #expect(rows[7].problems[0].message.contains("This row has 2 cells but the header has 3 columns"))
    }

    @Test func aValueQuotedInAMessageIsShortAndShowsNoControlCharacters() throws {
        let rows = try Self.read("sales_order_id,decision\nSO-1,\"\u{1B}[31m" + String(repeating: "x", count: 100) + "\"\n")
        let message = try #require(rows.first?.problems.first?.message)
        #expect(!message.unicodeScalars.contains { $0.properties.generalCategory == .control })
        #expect(message.hasPrefix("'?[31mxxx") && message.contains("...'"))
        #expect(message.count < 100)
    }

    // MARK: - Whole-file problems

    @Test func anEmptyFileFails() {
        for text in ["", "\n\n", "\u{FEFF}", "\r\n"] {
            let error = Self.fileError(text)
            #expect(error?.diagnostics.map(\.code) == [.csvMalformed])
            #expect(error?.diagnostics.first?.message.hasPrefix("The file is empty") == true)
        }
    }

    @Test func headerProblemsFailTheFileAllAtOnce() throws {
        let error = try #require(Self.fileError("decision,Sales_Order_Id,decision,note,\nSO-1,approve,approve,,\n"))
        #expect(error.diagnostics.map(\.code) == [.unknownColumn, .csvMalformed, .unknownColumn, .unknownColumn, .missingField])
        #expect(error.diagnostics.map(\.field) == ["Sales_Order_Id", "decision", "note", "", "sales_order_id"])
        #expect(error.diagnostics.map(\.location.column) == [2, 3, 4, 5, 1])
        #expect(error.diagnostics[0].message
            == "The column \"Sales_Order_Id\" is not a column of an approval drop (sales_order_id, decision, manager, comment); remove it or fix its name (names are case-sensitive).")
        #expect(error.diagnostics[4].message
            == "The header has no sales_order_id column; an approval drop needs the columns sales_order_id, decision.")
        #expect(Self.fileError("sales_order_id\nSO-1\n")?.diagnostics.map(\.field) == ["decision"])
        // The error_code and error_message columns a rejected file of the import adds are no approval columns.
        #expect(Self.fileError("sales_order_id,decision,error_code\n")?.diagnostics.map(\.code) == [.unknownColumn])
        #expect(Self.fileError("sales_order_id,dec\"ision\n")?.diagnostics.first?.code == .csvMalformed)
    }

    @Test func malformedCSVFailsTheFile() {
        let header = "sales_order_id,decision,comment\n"
        // An unbalanced quote, found after the rows before it.
        let open = Self.fileError(header + "SO-1,approve,ok\nSO-2,reject,\"never closed\nSO-3,approve,\n")
        #expect(open?.diagnostics.map(\.code) == [.csvMalformed])
        #expect(open?.diagnostics.first?.location == SourceLocation(line: 3, column: 3))
        // A header of more columns than the parser keeps.
        let wide = Self.fileError(Array(repeating: "x", count: CSVRequestReader.maxColumns + 2).joined(separator: ",") + "\n")
        #expect(wide?.diagnostics.map(\.code) == [.csvMalformed])
    }

    @Test func limitsFailTheFile() throws {
        // A header name longer than any.
        let longName = Self.fileError("sales_order_id,decision," + String(repeating: "n", count: ApprovalLimits.maxValueBytes + 1) + "\n")
        #expect(longName?.diagnostics.map(\.code) == [.valueTooLong])
        // A row longer than the row limit (short cells, so none is cut).
        let manyCells = String(repeating: ",", count: ApprovalLimits.maxRowBytes + 1)
        let longRow = Self.fileError("sales_order_id,decision\nSO-1,approve\n" + manyCells + "\n")
        #expect(longRow?.diagnostics.map(\.code) == [.limitExceeded])
        #expect(longRow?.diagnostics.first?.location.line == 3)
    }

    @Test func moreRowsThanTheLimitFailTheFileAfterTheRowsBefore() throws {
        #expect(ApprovalLimits.maxRows == 1_000_000)
        var reader = ApprovalCSVReader(text: "sales_order_id,decision\nSO-1,approve\n\nSO-2,reject\nSO-3,approve\n")
        reader.maxRows = 2
        var delivered: [String?] = []
        let error = XMLFixtures.fileError { try reader.read { delivered.append($0.salesOrderId) } }
        #expect(error?.diagnostics.map(\.code) == [.limitExceeded])
        #expect(error?.diagnostics.first?.location.line == 5)
        #expect(error?.diagnostics.first?.message
            == "The file holds more than 2 rows, the most OrderFlow reads from one approval drop: split it into several files.")
        // The rows before were delivered: the caller discards them, as the file fails whole.
        #expect(delivered == ["SO-1", "SO-2"])
        // At the limit, the file is read.
        reader.maxRows = 3
        #expect(try reader.read { _ in } == 3)
    }

    // MARK: - Hostile input

    @Test func aNULByteOrInvalidUTF8FailsTheFile() {
        let header = "sales_order_id,decision,comment\n"
        let nul = Self.fileError(header + "SO-1,approve,a\u{0}b\n")
        #expect(nul?.diagnostics.map(\.code) == [.csvMalformed])
        #expect(nul?.diagnostics.first?.message.contains("NUL") == true)
        var bytes = Array((header + "SO-1,approve,caf\u{E9}\n").utf8)
        bytes[bytes.count - 2] = 0xFF
        let invalid = Self.fileError(bytes: bytes)
        #expect(invalid?.diagnostics.map(\.code) == [.csvMalformed])
        #expect(invalid?.diagnostics.first?.location == SourceLocation(line: 2, column: 3))
        // UTF-16, as a spreadsheet may save it, holds NUL bytes.
        let utf16 = Array("sales_order_id,decision\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(Self.fileError(bytes: [0xFF, 0xFE] + utf16)?.diagnostics.first?.code == .csvMalformed)
    }

    @Test func aFiveMegabyteCellRejectsItsRowOnlyAndCostsNoMemory() throws {
        var cell: [UInt8] = [0x22]
        let piece = Array("é\"\"x\n,".utf8)
        cell.reserveCapacity(5_000_100)
        while cell.count < 5_000_000 { cell += piece }
        cell.append(0x22)
        let bytes = Array("sales_order_id,decision,comment\nSO-1,approve,ok\nSO-2,reject,".utf8) + cell
            + Array("\nSO-3,approve,\n".utf8)
        let lineFeeds = cell.filter { $0 == 0x0A }.count
        let folder = try TestPaths.temporaryFolder("approval-huge")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("huge.csv")
        try Data(bytes).write(to: file)

        let fromDisk = try ApprovalCSVReader(path: file.path).readAll()
        #expect(fromDisk.map(\.salesOrderId) == ["SO-1", "SO-2", "SO-3"])
        #expect(fromDisk.map(\.line) == [2, 3, 4 + lineFeeds])
        #expect(fromDisk[1].problems.map(\.code) == [.valueTooLong])
        #expect(fromDisk[1].problems.first?.field == "comment")
        #expect(fromDisk[1].problems.first?.location == SourceLocation(line: 3, column: 3))
        #expect(fromDisk[1].decision == .reject && fromDisk[1].comment == nil)
        #expect(fromDisk[0].isReadable && fromDisk[2].isReadable)
        // From memory and in chunks that cut everywhere: the same rows.
        #expect(try Self.read(bytes: bytes) == fromDisk)
        var small = try ApprovalCSVReader(path: file.path)
        small.readSize = 4_099
        #expect(try small.readAll() == fromDisk)

        // Memory: the parser the reader uses holds two chunks and the kept part of the cell.
        var parser = CSVParser(input: .file(try OpenFile(path: file.path)), readSize: CSVRequestReader.chunkSize)
        try parser.skipBOM()
        var largest = 0
        while try parser.nextRow() {
            largest = max(largest, parser.bufferCapacity)
            parser.consumeRow()
        }
        #expect(largest <= 2 * CSVRequestReader.chunkSize + 2 * CSVParser.keptCellBytes)
    }

    @Test func anOverlongIdOrDecisionIsValueTooLongAloneAndNotUsed() throws {
        let long = String(repeating: "a", count: ApprovalLimits.maxValueBytes + 1)
        let rows = try Self.read("sales_order_id,decision\n\(long),approve\nSO-2,\(long)\nSO-3,approve\n")
        #expect(rows.map { $0.problems.map(\.code) } == [[.valueTooLong], [.valueTooLong], []])
        #expect(rows.map { $0.problems.first?.field } == ["sales_order_id", "decision", nil])
        #expect(rows[0].salesOrderId == nil && rows[0].decision == .approve)
        #expect(rows[1].salesOrderId == "SO-2" && rows[1].decision == nil)
        // At the bound (its quotes not counted) a value is read.
        let atBound = String(repeating: "c", count: ApprovalLimits.maxValueBytes)
        #expect(try Self.read("sales_order_id,decision,comment\nSO-1,approve,\"\(atBound)\"\n").first?.comment == atBound)
    }

    @Test func formulaLookingCommentsAreKeptAsWritten() throws {
        let comments = ["=HYPERLINK(\"http://x.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tindented", "=cmd|' /C calc'!A0"]
        let text = "sales_order_id,decision,manager,comment\n" + comments.enumerated().map { index, comment in
            "SO-\(index + 1),approve,=1+2,\"\(comment.replacingOccurrences(of: "\"", with: "\"\""))\""
        }.joined(separator: "\n") + "\n"
        let rows = try Self.read(text)
        #expect(rows.map(\.comment) == comments)
        #expect(rows.allSatisfy { $0.manager == "=1+2" && $0.isReadable })
    }
}
