import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// A usage drop of the `billing` job (Billing.md, usage drops): the drop files' CSV rules, the
/// columns `subscription, date, resource, quantity` (and the ignored `error_code, error_message`),
/// rows that cannot be stored delivered with their reasons, whole-file problems thrown.
@Suite struct UsageCSVReaderTests {
    static func read(_ text: String, readSize: Int? = nil) throws -> [UsageRow] {
        try read(bytes: Array(text.utf8), readSize: readSize)
    }

    static func read(bytes: [UInt8], readSize: Int? = nil) throws -> [UsageRow] {
        var reader = UsageCSVReader(bytes: bytes)
        if let readSize { reader.readSize = readSize }
        return try reader.readAll()
    }

    static func fileError(_ text: String) -> FileError? {
        fileError(bytes: Array(text.utf8))
    }

    static func fileError(bytes: [UInt8]) -> FileError? {
        XMLFixtures.fileError { _ = try read(bytes: bytes) }
    }

    static func row(
        _ line: Int, _ subscription: String?, _ date: String?, _ resource: String?, _ quantity: String?, source: String
    ) -> UsageRow {
        UsageRow(
            line: line, subscriptionId: subscription, dateText: date, date: date.flatMap { CalendarDate(iso: $0) },
            resourceId: resource, quantityText: quantity, quantity: quantity.flatMap { Int64($0) }, source: source)
    }

    // MARK: - Good files

    @Test func aDropReadsRowByRow() throws {
        let text = """
            subscription,date,resource,quantity
            SUB-5,2026-11-22,VCPU,4
            SUB-5,2026-11-23,RAM,16
            SUB-3,2026-11-30,STORED,0

            """
        let rows = try Self.read(text)
        #expect(rows == [
            Self.row(2, "SUB-5", "2026-11-22", "VCPU", "4", source: "SUB-5,2026-11-22,VCPU,4"),
            Self.row(3, "SUB-5", "2026-11-23", "RAM", "16", source: "SUB-5,2026-11-23,RAM,16"),
            Self.row(4, "SUB-3", "2026-11-30", "STORED", "0", source: "SUB-3,2026-11-30,STORED,0"),
        ])
        #expect(rows.allSatisfy { $0.isReadable })
        #expect(rows[0].date == CalendarDate(year: 2026, month: 11, day: 22) && rows[0].quantity == 4)
    }

    @Test func columnsInAnyOrderAndTheErrorColumnsIgnored() throws {
        let shuffled = try Self.read("quantity,resource,date,subscription\n7,DISK,2026-12-01,SUB-4\n")
        #expect(shuffled == [Self.row(2, "SUB-4", "2026-12-01", "DISK", "7", source: "7,DISK,2026-12-01,SUB-4")])
        // A rejected.csv dropped again: its error cells are not read, whatever they hold.
        let resubmitted = try Self.read(
            "subscription,date,resource,quantity,error_code,error_message\nSUB-5,2026-11-24,VCPU,3,INVALID_VALUE,\"quantity: '2.5' is not a quantity\"\n")
        #expect(resubmitted.map(\.quantity) == [3] && resubmitted.allSatisfy { $0.isReadable })
        // A header alone is a drop without usage.
        #expect(try Self.read("subscription,date,resource,quantity\n").isEmpty)
        #expect(try Self.read("subscription,date,resource,quantity").isEmpty)
    }

    @Test func theHeaderIsReadAloneAsWritten() throws {
        #expect(try UsageCSVReader(text: "\u{FEFF}date,subscription,resource,quantity,error_code\r\nx\r\n").header()
            == "date,subscription,resource,quantity,error_code")
        #expect(try UsageCSVReader(text: "\"subscription\",date,resource,quantity\n").header() == "\"subscription\",date,resource,quantity")
        #expect(XMLFixtures.fileError { _ = try UsageCSVReader(text: "subscription,date\n").header() }?.diagnostics.map(\.code)
            == [.missingField, .missingField])
    }

    @Test func aBOMCRLFAndBlankLinesAreAcceptedAndEveryValueIsTrimmed() throws {
        let text = "\u{FEFF}subscription,date,resource,quantity\r\n SUB-1\t,\t2026-11-02 , STORED ,\" 12 \"\r\n\r\n\"SUB-2\n\",2026-11-03,EGRESS,5\r\n"
        for readSize in [nil, 1, 3] {
            let rows = try Self.read(text, readSize: readSize)
            #expect(rows.map(\.subscriptionId) == ["SUB-1", "SUB-2"])
            #expect(rows.map(\.resourceId) == ["STORED", "EGRESS"])
            #expect(rows.map(\.quantity) == [12, 5])
            #expect(rows.map(\.line) == [2, 4])
            #expect(rows.allSatisfy { $0.isReadable })
            // The row as written, for rejected.csv: nothing trimmed, the line ending left out.
            #expect(rows[0].source == " SUB-1\t,\t2026-11-02 , STORED ,\" 12 \"")
            #expect(rows[1].source == "\"SUB-2\n\",2026-11-03,EGRESS,5")
        }
        // Only ASCII spaces, tabs and line breaks are trimmed: a no-break space is not.
        let nbsp = try Self.read("subscription,date,resource,quantity\nSUB-1,2026-11-02,STORED,12\u{A0}\n")
        #expect(nbsp.first?.problems.map(\.code) == [.invalidValue])
    }

    @Test func quantitiesAreDigitsOnlyUpToTheLargest64BitNumber() throws {
        let good = ["0", "007", "20", String(Int64.max)]
        let rows = try Self.read("subscription,date,resource,quantity\n" + good.map { "SUB-1,2026-11-02,STORED,\($0)\n" }.joined())
        #expect(rows.map(\.quantity) == [0, 7, 20, Int64.max])
        #expect(rows.map(\.quantityText) == good)
        #expect(rows.allSatisfy { $0.isReadable })
    }

    @Test func aDropIsReadFromDisk() throws {
        let folder = try TestPaths.temporaryFolder("usage-csv")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("usage.csv")
        try Data("subscription,date,resource,quantity\nSUB-5,2026-11-22,VCPU,4\n".utf8).write(to: file)
        let reader = try UsageCSVReader(path: file.path)
        #expect(try reader.readAll() == [Self.row(2, "SUB-5", "2026-11-22", "VCPU", "4", source: "SUB-5,2026-11-22,VCPU,4")])
        // Each read starts again from the file's start; so does the header.
        #expect(try reader.header() == "subscription,date,resource,quantity")
        #expect(try reader.read { _ in } == 1)
        // A link in place of the file is never followed.
        let link = folder.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
        #expect(XMLFixtures.fileError { _ = try UsageCSVReader(path: link.path) }?.diagnostics.first?.code == .unsafeFile)
    }

    // MARK: - Row problems

    @Test func rowsThatCannotBeStoredCarryTheirReasonsAndTheRestGoOn() throws {
        let text = """
            subscription,date,resource,quantity
            ,2026-11-02,VCPU,1
            SUB-1,,VCPU,1
            SUB-1,2026-11-02,,1
            SUB-1,2026-11-02,VCPU,
            SUB-1,2026-11-31,VCPU,1
            SUB-1,02/11/2026,VCPU,1
            SUB-1,2026-11-2,VCPU,1
            SUB-1,2026-11-02,VCPU,2.5
            SUB-1,2026-11-02,VCPU,-1
            SUB-1,2026-11-02,VCPU,+7
            SUB-1,2026-11-02,VCPU,1e3
            SUB-1,2026-11-02,VCPU,"1,000"
            SUB-1,2026-11-02,VCPU,٣
            SUB-1,2026-11-02,VCPU,9223372036854775808
            SUB-1,2026-11-02,VCPU
            SUB-1,2026-11-02,VCPU,1,extra
            SUB-1,2026-11-02,VC"PU,1
            ,2026-13-01,,x
            SUB-1,2026-11-02,VCPU,1

            """
        let rows = try Self.read(text)
        #expect(rows.map { $0.problems.map(\.code) } == [
            [.missingField], [.missingField], [.missingField], [.missingField], [.invalidValue], [.invalidValue],
            [.invalidValue], [.invalidValue], [.invalidValue], [.invalidValue], [.invalidValue], [.invalidValue],
            [.invalidValue], [.invalidValue], [.csvMalformed, .missingField], [.csvMalformed], [.csvMalformed],
            // Every problem of a row, in the order of ErrorCodes.md: MISSING_FIELD before INVALID_VALUE.
            [.missingField, .missingField, .invalidValue, .invalidValue], [],
        ])
        #expect(rows.map { $0.problems.first?.field } == [
            "subscription", "date", "resource", "quantity", "date", "date", "date", "quantity", "quantity", "quantity",
            "quantity", "quantity", "quantity", "quantity", "", "", "resource", "subscription", nil,
        ])
        #expect(rows[17].problems.map(\.field) == ["subscription", "resource", "date", "quantity"])
        #expect(rows.map(\.line) == Array(2...20))
        // The cell at fault.
        #expect(rows[0].problems.first?.location == SourceLocation(line: 2, column: 1))
        #expect(rows[5].problems.first?.location == SourceLocation(line: 7, column: 2))
        #expect(rows[7].problems.first?.location == SourceLocation(line: 9, column: 4))
        // What could be read is kept, as written, so that results.csv shows it.
        #expect(rows[4].dateText == "2026-11-31" && rows[4].date == nil && rows[4].quantity == 1)
        #expect(rows[7].quantityText == "2.5" && rows[7].quantity == nil && rows[7].subscriptionId == "SUB-1")
        #expect(rows[14].quantityText == nil && rows[14].resourceId == "VCPU")
        #expect(rows.filter { $0.isReadable }.map(\.line) == [20])
        // Each message says how to fix it.
        let messages = rows.map { $0.problems.first?.message ?? "" }
        #expect(messages[0] == "The row has no subscription: write the subscription_id the usage was measured on (SUB-1234).")
        #expect(messages[1] == "The row has no date: write the day the usage was measured, YYYY-MM-DD (for example 2026-11-03).")
        #expect(messages[2] == "The row has no resource: write the id of the resource measured, as the catalog names it (for example STORED).")
        #expect(messages[3] == "The row has no quantity: write the units used, digits only (for example 20).")
        #expect(messages[4] == "'2026-11-31' is not a calendar day: write YYYY-MM-DD (for example 2026-11-03).")
        #expect(messages[5] == "'02/11/2026' is not a calendar day: write YYYY-MM-DD (for example 2026-11-03).")
        #expect(messages[7] == "'2.5' is not a quantity: write the units used as a whole number, digits only, without sign, decimal point or separator (for example 20).")
        #expect(messages[13] == "'9223372036854775808' is more units than a quantity can be (at most 9223372036854775807): check the value.")
        #expect(messages[14].hasPrefix("This row has 3 cells but the header has 4 columns"))
        #expect(messages[16].hasPrefix("Cell 3 has a stray quote"))
    }

    @Test func aValueQuotedInAMessageIsShortAndShowsNoControlCharacters() throws {
        let rows = try Self.read("subscription,date,resource,quantity\nSUB-1,2026-11-02,VCPU,\"\u{1B}[31m" + String(repeating: "9", count: 100) + "\"\n")
        let message = try #require(rows.first?.problems.first?.message)
        #expect(!message.unicodeScalars.contains { $0.properties.generalCategory == .control })
        #expect(message.hasPrefix("'?[31m999") && message.contains("...'"))
        #expect(message.count < 200)
        #expect(QuotedValue.shown(String(repeating: "a", count: 40)) == String(repeating: "a", count: 40))
        #expect(QuotedValue.shown(String(repeating: "a", count: 41)) == String(repeating: "a", count: 37) + "...")
    }

    // MARK: - Whole-file problems

    @Test func anEmptyFileFails() {
        for text in ["", "\n\n", "\u{FEFF}", "\r\n"] {
            let error = Self.fileError(text)
            #expect(error?.diagnostics.map(\.code) == [.csvMalformed])
            #expect(error?.diagnostics.first?.message
                == "The file is empty: a usage drop needs a header row (subscription,date,resource,quantity) and one row per subscription, day and resource.")
        }
    }

    @Test func headerProblemsFailTheFileAllAtOnce() throws {
        let error = try #require(Self.fileError("date,Subscription,date,units,resource,\nSUB-1,2026-11-02,2026-11-02,1,VCPU,\n"))
        #expect(error.diagnostics.map(\.code) == [.unknownColumn, .csvMalformed, .unknownColumn, .unknownColumn, .missingField, .missingField])
        #expect(error.diagnostics.map(\.field) == ["Subscription", "date", "units", "", "subscription", "quantity"])
        #expect(error.diagnostics.map(\.location.column) == [2, 3, 4, 6, 1, 1])
        #expect(error.diagnostics[0].message
            == "The column \"Subscription\" is not a column of a usage drop (subscription, date, resource, quantity, error_code, error_message); remove it or fix its name (names are case-sensitive).")
        #expect(error.diagnostics[4].message
            == "The header has no subscription column; a usage drop needs the columns subscription, date, resource, quantity.")
        #expect(Self.fileError("subscription,date,resource\nSUB-1,2026-11-02,VCPU\n")?.diagnostics.map(\.field) == ["quantity"])
        #expect(Self.fileError("subscription,date,resource,quan\"tity\n")?.diagnostics.first?.code == .csvMalformed)
    }

    @Test func malformedCSVFailsTheFile() {
        let header = "subscription,date,resource,quantity\n"
        // An unbalanced quote, found after the rows before it.
        let open = Self.fileError(header + "SUB-1,2026-11-02,VCPU,1\nSUB-1,2026-11-03,\"VCPU,1\nSUB-1,2026-11-04,VCPU,1\n")
        #expect(open?.diagnostics.map(\.code) == [.csvMalformed])
        #expect(open?.diagnostics.first?.location == SourceLocation(line: 3, column: 3))
        // A header of more columns than the parser keeps.
        let wide = Self.fileError(Array(repeating: "x", count: CSVRequestReader.maxColumns + 2).joined(separator: ",") + "\n")
        #expect(wide?.diagnostics.map(\.code) == [.csvMalformed])
    }

    @Test func limitsFailTheFile() throws {
        let longName = Self.fileError("subscription,date,resource,quantity," + String(repeating: "n", count: UsageLimits.maxValueBytes + 1) + "\n")
        #expect(longName?.diagnostics.map(\.code) == [.valueTooLong])
        // A row longer than the row limit (short cells, so none is cut).
        let manyCells = String(repeating: ",", count: UsageLimits.maxRowBytes + 1)
        let longRow = Self.fileError("subscription,date,resource,quantity\nSUB-1,2026-11-02,VCPU,1\n" + manyCells + "\n")
        #expect(longRow?.diagnostics.map(\.code) == [.limitExceeded])
        #expect(longRow?.diagnostics.first?.location.line == 3)
    }

    @Test func moreRowsThanTheLimitFailTheFileAfterTheRowsBefore() throws {
        #expect(UsageLimits.maxRows == 1_000_000)
        var reader = UsageCSVReader(text: "subscription,date,resource,quantity\nSUB-1,2026-11-02,VCPU,1\n\nSUB-2,2026-11-02,VCPU,1\nSUB-3,2026-11-02,VCPU,1\n")
        reader.maxRows = 2
        var delivered: [String?] = []
        let error = XMLFixtures.fileError { try reader.read { delivered.append($0.subscriptionId) } }
        #expect(error?.diagnostics.map(\.code) == [.limitExceeded])
        #expect(error?.diagnostics.first?.location.line == 5)
        #expect(error?.diagnostics.first?.message
            == "The file holds more than 2 rows, the most OrderFlow reads from one usage drop: split it into several files.")
        #expect(delivered == ["SUB-1", "SUB-2"])
        reader.maxRows = 3
        #expect(try reader.read { _ in } == 3)
    }

    // MARK: - Hostile input

    @Test func aNULByteInvalidUTF8OrUTF16FailsTheFile() {
        let header = "subscription,date,resource,quantity\n"
        let nul = Self.fileError(header + "SUB-1,2026-11-02,VC\u{0}PU,1\n")
        #expect(nul?.diagnostics.map(\.code) == [.csvMalformed])
        #expect(nul?.diagnostics.first?.message.contains("NUL") == true)
        var bytes = Array((header + "SUB-1,2026-11-02,VCPU\u{E9},1\n").utf8)
        bytes[bytes.count - 4] = 0xFF
        let invalid = Self.fileError(bytes: bytes)
        #expect(invalid?.diagnostics.map(\.code) == [.csvMalformed])
        #expect(invalid?.diagnostics.first?.location == SourceLocation(line: 2, column: 3))
        let utf16 = Array(header.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(Self.fileError(bytes: [0xFF, 0xFE] + utf16)?.diagnostics.first?.code == .csvMalformed)
        // Latin-1, as an old spreadsheet saves it.
        let latin1 = Array(header.utf8) + Array("SUB-1,2026-11-02,".utf8) + [0x4D, 0xE9, 0x6D] + Array(",1\n".utf8)
        #expect(Self.fileError(bytes: latin1)?.diagnostics.first?.code == .csvMalformed)
    }

    @Test func aFiveMegabyteCellRejectsItsRowOnlyAndCostsNoMemory() throws {
        var cell: [UInt8] = [0x22]
        let piece = Array("é\"\"x\n,".utf8)
        cell.reserveCapacity(5_000_100)
        while cell.count < 5_000_000 { cell += piece }
        cell.append(0x22)
        let bytes = Array("subscription,date,resource,quantity\nSUB-1,2026-11-02,VCPU,1\nSUB-2,2026-11-02,".utf8) + cell
            + Array(",3\nSUB-3,2026-11-02,VCPU,4\n".utf8)
        let lineFeeds = cell.filter { $0 == 0x0A }.count
        let folder = try TestPaths.temporaryFolder("usage-huge")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("huge.csv")
        try Data(bytes).write(to: file)

        let fromDisk = try UsageCSVReader(path: file.path).readAll()
        #expect(fromDisk.map(\.subscriptionId) == ["SUB-1", "SUB-2", "SUB-3"])
        #expect(fromDisk.map(\.line) == [2, 3, 4 + lineFeeds])
        #expect(fromDisk[1].problems.map(\.code) == [.valueTooLong])
        #expect(fromDisk[1].problems.first?.field == "resource")
        #expect(fromDisk[1].problems.first?.location == SourceLocation(line: 3, column: 3))
        #expect(fromDisk[1].resourceId == nil && fromDisk[1].quantity == 3)
        // The row as written keeps the cell cut to the limit, quoted: bounded in the ledger too.
        #expect(fromDisk[1].source.utf8.count < 2 * UsageLimits.maxValueBytes + 100)
        #expect(fromDisk[0].isReadable && fromDisk[2].isReadable)
        #expect(try Self.read(bytes: bytes) == fromDisk)
        var small = try UsageCSVReader(path: file.path)
        small.readSize = 4_099
        #expect(try small.readAll() == fromDisk)
    }

    @Test func anOverlongValueIsValueTooLongAloneAndNotUsed() throws {
        let long = String(repeating: "1", count: UsageLimits.maxValueBytes + 1)
        let rows = try Self.read("subscription,date,resource,quantity\n\(long),2026-11-02,VCPU,1\nSUB-2,2026-11-02,VCPU,\(long)\n")
        #expect(rows.map { $0.problems.map(\.code) } == [[.valueTooLong], [.valueTooLong]])
        #expect(rows.map { $0.problems.first?.field } == ["subscription", "quantity"])
        #expect(rows[0].subscriptionId == nil && rows[0].quantity == 1)
        #expect(rows[1].subscriptionId == "SUB-2" && rows[1].quantityText == nil)
    }

    @Test func formulaLookingValuesAreKeptAsWrittenNeverEvaluated() throws {
        let rows = try Self.read("subscription,date,resource,quantity\n\"=HYPERLINK(\"\"x\"\")\",2026-11-02,@SUM(A1),1\n=1+2,2026-11-02,+VCPU,2\n")
        #expect(rows.map(\.subscriptionId) == ["=HYPERLINK(\"x\")", "=1+2"])
        #expect(rows[0].source == "\"=HYPERLINK(\"\"x\"\")\",2026-11-02,@SUM(A1),1")
        #expect(rows.map(\.resourceId) == ["@SUM(A1)", "+VCPU"])
    }
}
