import Foundation
import OrderFlowCore
import Testing

@testable import OrderFlowFormats

/// DropFiles.md, "Limits": a CSV cell longer than any value is `VALUE_TOO_LONG` for its request,
/// and reading it holds only the bytes the limits allow, whatever the file holds.
@Suite struct CSVLimitTests {
    private static let header = "reseller,ref,promo_code\n"

    private static func temporaryFile(_ bytes: [UInt8]) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("limits-\(UUID()).csv").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return path
    }

    /// Reads every row of `path` with the given chunk size; returns the requests and the largest
    /// buffer the parser held.
    private static func parse(_ input: CSVRequestReader.Input, readSize: Int) throws -> ([RawRequest], Int) {
        var parser = CSVParser(input: input, readSize: readSize)
        try parser.skipBOM()
        _ = try parser.nextRow()
        let columns = try parser.parseHeader()
        parser.consumeRow()
        parser.cellCap = columns.count
        var requests: [RawRequest] = []
        var largest = parser.bufferCapacity
        while try parser.nextRow() {
            requests.append(parser.makeRequest(columns: columns))
            parser.consumeRow()
            largest = max(largest, parser.bufferCapacity)
        }
        return (requests, largest)
    }

    @Test func aHugeCellIsValueTooLongAndCostsNoMemory() throws {
        // 20 MB in one cell (the issue's was 200 MB: 916 MB of memory, 192 MB of ledger), quoted,
        // with doubled quotes, line feeds and two-byte characters, between two good rows.
        let piece = Array("é\"\"x\n,".utf8)
        var cell: [UInt8] = [0x22]
        cell.reserveCapacity(20_000_100)
        while cell.count < 20_000_000 { cell += piece }
        cell.append(0x22)
        let huge = Array((Self.header + "R-ACME,A-1,P1\nR-ACME,A-2,").utf8) + cell + Array("\nR-ACME,A-3,P3\n".utf8)
        let lineFeeds = cell.filter { $0 == 0x0A }.count
        let path = Self.temporaryFile(huge)
        defer { try? FileManager.default.removeItem(atPath: path) }

        let (requests, largest) = try Self.parse(.file(OpenFile(path: path)), readSize: 64 * 1024)
        #expect(requests.map(\.ref) == ["A-1", "A-2", "A-3"])
        #expect(requests[2].location.line == 4 + lineFeeds)
        let errors = requests[1].readerErrors
        #expect(errors.map(\.code) == [.valueTooLong])
        #expect(errors.first?.field == "promo_code")
        #expect(errors.first?.location == SourceLocation(line: 3, column: 3))
        #expect(requests[0].readerErrors.isEmpty && requests[2].readerErrors.isEmpty)
        // Memory: two read chunks and the kept part of the cell, not the 20 MB.
        #expect(largest <= 2 * 64 * 1024 + 2 * CSVParser.keptCellBytes)
        // The ledger's copy: the row with the cell cut to its first 4,096 bytes of value, quoted again.
        let source = requests[1].source
        #expect(source.utf8.count < 2 * DropLimits.maxValueBytes + 100)
        #expect(source.hasPrefix("R-ACME,A-2,\"é\"\"x\n,é\"\"x"))
        #expect(source.hasSuffix("\""))
        #expect(requests[1][.promoCode]?.utf8.count ?? 0 <= DropLimits.maxValueBytes)
        #expect(requests[1][.promoCode]?.hasPrefix("é\"x\n,é\"x") == true)

        // The same bytes from memory, and with a chunk size that cuts everywhere, read the same.
        let (inMemory, _) = try Self.parse(.bytes(huge), readSize: 64 * 1024)
        let (smallChunks, _) = try Self.parse(.file(OpenFile(path: path)), readSize: 4_099)
        for other in [inMemory, smallChunks] {
            #expect(other.map(\.source) == requests.map(\.source))
            #expect(other.map(\.readerErrors) == requests.map(\.readerErrors))
            #expect(other.map { $0[.promoCode] } == requests.map { $0[.promoCode] })
        }
    }

    @Test func theBoundIsOnTheValueWithoutItsQuotes() throws {
        let atBound = String(repeating: "a", count: DropLimits.maxValueBytes)
        let text = Self.header + "R-ACME,A-1,\(atBound)\nR-ACME,A-2,\"\(atBound)\"\nR-ACME,A-3,\(atBound)b\n"
        let (_, requests) = try CSVRequestReader(text: text, batchId: "B", expectedReseller: nil).readAll()
        #expect(requests.map { $0.readerErrors.map(\.code) } == [[], [], [.valueTooLong]])
    }

    @Test func aLongHeaderNameOrRowFailsTheFile() throws {
        let longName = String(repeating: "n", count: DropLimits.maxValueBytes + 1)
        let nameError = FileErrors.of { _ = try CSVRequestReader(text: "reseller,ref,\(longName)\n", batchId: "B", expectedReseller: nil).readAll() }
        #expect(nameError.map(\.code) == [.valueTooLong])

        // 1,100,000 empty cells: short cells, but a row of 1.1 MB.
        let wide = Self.header + "R-ACME,A-1" + String(repeating: ",", count: 1_100_000) + "\n"
        let path = Self.temporaryFile(Array(wide.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for reader in [
            try CSVRequestReader(path: path, batchId: "B", expectedReseller: nil),
            CSVRequestReader(text: wide, batchId: "B", expectedReseller: nil),
        ] {
            let rowError = FileErrors.of { _ = try reader.readAll() }
            #expect(rowError.map(\.code) == [.limitExceeded])
            #expect(rowError.first?.location.line == 2)
        }
    }
}

enum FileErrors {
    static func of(_ body: () throws -> Void) -> [Diagnostic] {
        do {
            try body()
            Issue.record("expected a FileError")
        } catch let error as FileError {
            return error.diagnostics
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return []
    }
}
