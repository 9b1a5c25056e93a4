import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

private func read(_ text: String, expectedReseller: String? = nil) throws -> (header: BatchHeader, requests: [RawRequest]) {
    try CSVRequestReader(text: text, batchId: "B-1", expectedReseller: expectedReseller).readAll()
}

private func read(bytes: [UInt8], expectedReseller: String? = nil) throws -> (header: BatchHeader, requests: [RawRequest]) {
    try CSVRequestReader(bytes: bytes, batchId: "B-1", expectedReseller: expectedReseller).readAll()
}

/// The diagnostics of the `FileError` reading `bytes` throws (empty when it throws none).
private func fileErrors(bytes: [UInt8], expectedReseller: String? = nil) -> [Diagnostic] {
    do {
        _ = try read(bytes: bytes, expectedReseller: expectedReseller)
        Issue.record("expected a FileError")
        return []
    } catch let error as FileError {
        return error.diagnostics
    } catch {
        Issue.record("unexpected error \(error)")
        return []
    }
}

private func fileErrors(_ text: String, expectedReseller: String? = nil) -> [Diagnostic] {
    fileErrors(bytes: Array(text.utf8), expectedReseller: expectedReseller)
}

@Suite struct CSVRequestReaderTests {
    @Test func readsHeaderAndRowsInOrder() throws {
        let (header, requests) = try read("reseller,ref,plan\nR-ACME,A-1,PLN-1\nR-ACME,A-2,PLN-2\n")
        #expect(header.format == .csv)
        #expect(header.reseller == "R-ACME")
        #expect(header.batchId == "B-1")
        #expect(header.location == SourceLocation(line: 1, column: 1))
        #expect(requests.map(\.ref) == ["A-1", "A-2"])
        #expect(requests.map { $0[.plan] } == ["PLN-1", "PLN-2"])
        #expect(requests[0].location == SourceLocation(line: 2, column: 1))
        #expect(requests[1].location == SourceLocation(line: 3, column: 1))
        #expect(requests[1].location(of: .plan) == SourceLocation(line: 3, column: 3))
        #expect(requests.allSatisfy { $0.readerErrors.isEmpty && $0.action == .order })
    }

    @Test func headerComesBeforeTheFirstRequest() throws {
        var events: [String] = []
        try CSVRequestReader(text: "ref,reseller\nA-1,R-X\nA-2,R-X\n", batchId: nil, expectedReseller: nil).read(
            header: { events.append("header \($0.reseller ?? "-")") },
            request: { events.append("request \($0.ref ?? "-")") })
        #expect(events == ["header R-X", "request A-1", "request A-2"])
    }

    @Test func headerOnlyFileGivesTheExpectedReseller() throws {
        let (header, requests) = try read("reseller,ref\n", expectedReseller: "R-ACME")
        #expect(header.reseller == "R-ACME")
        #expect(requests.isEmpty)
    }

    @Test func firstRowWithoutResellerFallsBackToExpected() throws {
        let (header, requests) = try read("reseller,ref\n,A-1\nR-ACME,A-2\n", expectedReseller: "R-ACME")
        #expect(header.reseller == "R-ACME")
        #expect(requests[0][.reseller] == nil)
        #expect(requests.count == 2)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let (header, requests) = try read(bytes: [0xEF, 0xBB, 0xBF] + Array("reseller,ref\nR-ACME,A-1\n".utf8))
        #expect(header.reseller == "R-ACME")
        #expect(requests.map(\.ref) == ["A-1"])
        #expect(requests[0].source == "R-ACME,A-1")
    }

    @Test func crlfRowEndings() throws {
        let (_, requests) = try read("reseller,ref,plan\r\nR-ACME,A-1,P\r\nR-ACME,A-2,\r\n")
        #expect(requests.map(\.ref) == ["A-1", "A-2"])
        #expect(requests[0][.plan] == "P")
        #expect(requests[1][.plan] == nil)
        #expect(requests[0].source == "R-ACME,A-1,P")
        #expect(requests[1].location.line == 3)
    }

    @Test func lastRowWithoutLineEnding() throws {
        let (_, requests) = try read("reseller,ref,plan\nR-ACME,A-1,P")
        #expect(requests.count == 1)
        #expect(requests[0][.plan] == "P")
        #expect(requests[0].source == "R-ACME,A-1,P")
    }

    @Test func quotedNewlinesKeepLineNumbersRight() throws {
        let text = "reseller,ref,company_name,city\nR-ACME,A-1,\"Globex\nGmbH\",Berlin\r\nR-ACME,A-2,\"Two\r\nline\r\nbreaks\",Bonn\nR-ACME,A-3,X,Köln\n"
        let (_, requests) = try read(text)
        #expect(requests.map(\.ref) == ["A-1", "A-2", "A-3"])
        #expect(requests.map(\.location.line) == [2, 4, 7])
        #expect(requests[0][.companyName] == "Globex\nGmbH")
        #expect(requests[0][.city] == "Berlin")
        #expect(requests[1][.companyName] == "Two\r\nline\r\nbreaks")
        #expect(requests[1].location(of: .city) == SourceLocation(line: 4, column: 4))
        #expect(requests[1].source == "R-ACME,A-2,\"Two\r\nline\r\nbreaks\",Bonn")
        #expect(requests[2][.city] == "Köln")
    }

    @Test func doubledQuotesAndCommasInQuotedCells() throws {
        let (_, requests) = try read("reseller,ref,company_name,city\nR-ACME,A-1,\"Say \"\"hi\"\", Inc.\",\"\"\"\"\n")
        #expect(requests[0][.companyName] == "Say \"hi\", Inc.")
        #expect(requests[0][.city] == "\"")
        #expect(requests[0].readerErrors.isEmpty)
    }

    @Test func quotedEmptyCellIsAbsent() throws {
        let (_, requests) = try read("reseller,ref,plan\nR-ACME,A-1,\"\"\n")
        #expect(requests[0][.plan] == nil)
        #expect(requests[0].location(of: .plan) == SourceLocation(line: 2, column: 3))
        #expect(requests[0].readerErrors.isEmpty)
    }

    @Test func blankLinesAreSkipped() throws {
        let (header, requests) = try read("\n\r\nreseller,ref\n\nR-ACME,A-1\n\r\n\nR-ACME,A-2\n\n")
        #expect(header.location.line == 3)
        #expect(requests.map(\.ref) == ["A-1", "A-2"])
        #expect(requests.map(\.location.line) == [5, 8])
    }

    @Test func valuesAreNeverTrimmed() throws {
        let (_, requests) = try read("reseller,ref,company_name\nR-ACME,A-1,  Globex \n")
        #expect(requests[0][.companyName] == "  Globex ")
    }

    @Test func columnOrderIsFree() throws {
        let (_, requests) = try read("plan,ref,reseller\nP,A-1,R-ACME\n")
        #expect(requests[0][.plan] == "P")
        #expect(requests[0].ref == "A-1")
        #expect(requests[0].location(of: .reseller) == SourceLocation(line: 2, column: 3))
    }

    @Test func resourceColumnsInColumnOrder() throws {
        let (_, requests) = try read("reseller,ref,resource:STORAGE,plan,resource:MAILBOX,resource:X\nR-ACME,A-1,50,P,20,\nR-ACME,A-2,,P,,\n")
        #expect(requests[0].resources == [
            ResourceAmount(id: "STORAGE", amount: "50", location: SourceLocation(line: 2, column: 3)),
            ResourceAmount(id: "MAILBOX", amount: "20", location: SourceLocation(line: 2, column: 5)),
        ])
        #expect(requests[1].resources.isEmpty)
    }

    @Test func errorColumnsAreAcceptedAndIgnored() throws {
        let text = "reseller,ref,error_code,error_message\nR-ACME,A-1,UNKNOWN_PLAN,\"no such plan, fix it\"\n"
        let (_, requests) = try read(text)
        #expect(requests.count == 1)
        #expect(requests[0].readerErrors.isEmpty)
        #expect(requests[0].values.compactMap { $0 } == ["R-ACME", "A-1"])
        #expect(requests[0].source == "R-ACME,A-1,UNKNOWN_PLAN,\"no such plan, fix it\"")
    }

    @Test func actionMapping() throws {
        let text = "reseller,ref,action\nR,A-1,\nR,A-2,order\nR,A-3,cancel\nR,A-4,renewal\nR,A-5,upgrade\nR,A-6,Cancel\nR,A-7, order\n"
        let (_, requests) = try read(text)
        #expect(requests.map(\.action) == [.order, .order, .cancel, .renewal, .upgrade, nil, nil])
        #expect(requests[0][.action] == nil)
        #expect(requests[2][.action] == "cancel")
        #expect(requests[5][.action] == "Cancel")
        #expect(requests[6][.action] == " order")
        let (_, withoutColumn) = try read("reseller,ref\nR,A-1\n")
        #expect(withoutColumn[0].action == .order)
    }

    @Test func sourceIsPreservedByteForByte() throws {
        let rows = [
            "R-ACME,A-1,\"  Ünïcödé, \"\"quoted\"\"  \",x",
            "R-ACME,A-2,\"multi\r\nline\nvalue\",\t tab ",
            "R-ACME,A-3,,",
        ]
        let text = "reseller,ref,company_name,city\r\n" + rows[0] + "\r\n" + rows[1] + "\n" + rows[2]
        let (_, requests) = try read(text)
        #expect(requests.map(\.source) == rows)
        #expect(requests.map { Array($0.source.utf8) } == rows.map { Array($0.utf8) })
        #expect(requests[1][.city] == "\t tab ")
    }

    @Test func wrongCellCountMarksThatRowOnly() throws {
        let (_, requests) = try read("reseller,ref,plan\nR-ACME,A-1,P\nR-ACME,A-2\nR-ACME,A-3,P,extra\nR-ACME,A-4,P\n")
        #expect(requests.map(\.ref) == ["A-1", "A-2", "A-3", "A-4"])
        #expect(requests[0].readerErrors.isEmpty)
        #expect(requests[3].readerErrors.isEmpty)
        #expect(requests[1].readerErrors.map(\.code) == [.csvMalformed])
        #expect(requests[1].readerErrors[0].location == SourceLocation(line: 3, column: 3))
        #expect(requests[2].readerErrors.map(\.code) == [.csvMalformed])
        #expect(requests[2].readerErrors[0].location == SourceLocation(line: 4, column: 4))
        #expect(requests[2][.plan] == "P")
    }

    @Test func strayQuoteMarksThatRowOnly() throws {
        let (_, requests) = try read("reseller,ref,company_name\nR-ACME,A-1,5\" disk\nR-ACME,A-2,\"ab\"cd\nR-ACME,A-3,ok\n")
        #expect(requests.count == 3)
        #expect(requests[0].readerErrors.map(\.code) == [.csvMalformed])
        #expect(requests[0].readerErrors[0].field == "company_name")
        #expect(requests[0].readerErrors[0].location == SourceLocation(line: 2, column: 3))
        #expect(requests[0][.companyName] == "5\" disk")
        #expect(requests[1].readerErrors.map(\.code) == [.csvMalformed])
        #expect(requests[1][.companyName] == "abcd")
        #expect(requests[2].readerErrors.isEmpty)
    }

    @Test func emptyFile() {
        for bytes: [UInt8] in [[], [0xEF, 0xBB, 0xBF], Array("\n\r\n\n".utf8)] {
            let diagnostics = fileErrors(bytes: bytes)
            #expect(diagnostics.map(\.code) == [.csvMalformed])
            #expect(diagnostics.first?.location.line ?? 0 >= 1)
        }
    }

    @Test func unknownColumnGivesNameAndPosition() {
        let diagnostics = fileErrors("reseller,ref,plan,colour,Plan\nR-ACME,A-1,P,red,x\n")
        #expect(diagnostics.map(\.code) == [.unknownColumn, .unknownColumn])
        #expect(diagnostics.map(\.field) == ["colour", "Plan"])
        #expect(diagnostics.map(\.location) == [SourceLocation(line: 1, column: 4), SourceLocation(line: 1, column: 5)])
    }

    @Test func missingRefHeader() {
        let diagnostics = fileErrors("reseller,plan\nR-ACME,P\n")
        #expect(diagnostics.map(\.code) == [.missingField])
        #expect(diagnostics.map(\.field) == ["ref"])
        #expect(diagnostics.first?.location.line == 1)
    }

    @Test func duplicateHeader() {
        let diagnostics = fileErrors("reseller,ref,plan,plan\nR-ACME,A-1,P,Q\n")
        #expect(diagnostics.map(\.code) == [.csvMalformed])
        #expect(diagnostics.first?.field == "plan")
        #expect(diagnostics.first?.location == SourceLocation(line: 1, column: 4))
    }

    @Test func allHeaderProblemsAtOnce() {
        let diagnostics = fileErrors("plan,colour,plan,resource:\n")
        #expect(diagnostics.map(\.code) == [.unknownColumn, .csvMalformed, .unknownColumn, .missingField, .missingField])
        #expect(diagnostics.map(\.field) == ["colour", "plan", "resource:", "reseller", "ref"])
    }

    @Test func unbalancedQuote() {
        let diagnostics = fileErrors("reseller,ref,company_name\nR-ACME,A-1,ok\nR-ACME,A-2,\"open\nstill open\n")
        #expect(diagnostics.map(\.code) == [.csvMalformed])
        #expect(diagnostics.first?.location == SourceLocation(line: 3, column: 3))
    }

    @Test func unbalancedQuoteInHeader() {
        let diagnostics = fileErrors("reseller,\"ref\n")
        #expect(diagnostics.map(\.code) == [.csvMalformed])
        #expect(diagnostics.first?.location == SourceLocation(line: 1, column: 2))
    }

    @Test func invalidUTF8GivesItsLine() {
        var bytes = Array("reseller,ref,company_name\nR-ACME,A-1,\"ok\nstill\"\nR-ACME,A-2,bad".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\n".utf8)
        let diagnostics = fileErrors(bytes: bytes)
        #expect(diagnostics.map(\.code) == [.csvMalformed])
        #expect(diagnostics.first?.location == SourceLocation(line: 4, column: 3))
    }

    @Test func invalidUTF8InsideQuotedMultilineCell() {
        var bytes = Array("reseller,ref,company_name\nR-ACME,A-1,\"line one\nline two ".utf8)
        bytes += [0xED, 0xA0, 0x80]  // an encoded surrogate
        bytes += Array("\"\n".utf8)
        let diagnostics = fileErrors(bytes: bytes)
        #expect(diagnostics.first?.location.line == 3)
    }

    @Test func utf16FileIsRejected() {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("reseller,ref\n".utf8).flatMap { [$0, 0] }
        let diagnostics = fileErrors(bytes: bytes)
        #expect(diagnostics.map(\.code) == [.csvMalformed])
        #expect(diagnostics.first?.location.line == 1)
    }

    @Test func nulByteIsNotText() {
        let bytes = Array("reseller,ref\nR-ACME,A".utf8) + [0] + Array("1\n".utf8)
        let diagnostics = fileErrors(bytes: bytes)
        #expect(diagnostics.map(\.code) == [.csvMalformed])
        #expect(diagnostics.first?.location == SourceLocation(line: 2, column: 2))
    }

    @Test func resellerMismatchBetweenRows() {
        let diagnostics = fileErrors("reseller,ref\nR-ACME,A-1\n,A-2\nR-OTHER,A-3\n")
        #expect(diagnostics.map(\.code) == [.resellerMismatch])
        #expect(diagnostics.first?.field == "reseller")
        #expect(diagnostics.first?.location == SourceLocation(line: 4, column: 1))
    }

    @Test func resellerMismatchWithFolderOwner() {
        let diagnostics = fileErrors("ref,reseller\nA-1,R-OTHER\n", expectedReseller: "R-ACME")
        #expect(diagnostics.map(\.code) == [.resellerMismatch])
        #expect(diagnostics.first?.location == SourceLocation(line: 2, column: 2))
    }

    @Test func mismatchIsThrownBeforeTheHeaderWhenTheFirstRowIsWrong() {
        var sawHeader = false
        #expect(throws: FileError.self) {
            try CSVRequestReader(text: "reseller,ref\nR-X,A-1\n", batchId: nil, expectedReseller: "R-ACME")
                .read(header: { _ in sawHeader = true }, request: { _ in })
        }
        #expect(!sawHeader)
    }

    @Test func hostileBytesNeverCrash() throws {
        var generator = SplitMix64(seed: 42)
        let alphabet: [UInt8] = Array("reseller,ref\"\r\n\0aé".utf8) + [0xFF, 0xC3]
        for length in 0..<400 {
            var bytes = Array("reseller,ref\n".utf8)
            for _ in 0..<length { bytes.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            do {
                _ = try read(bytes: bytes)
            } catch is FileError {
                // Rejected as a whole: fine.
            }
        }
        let huge = String(repeating: "9", count: 40)
        let (_, requests) = try read("reseller,ref,resource:MAILBOX,company_name\nR,A-1,\(huge),\"\(String(repeating: "x,", count: 100_000))\"\n")
        #expect(requests[0].resources.first?.amount == huge)
        // DropFiles.md, "Limits": a 200,000-byte cell is cut and rejected, never held whole.
        #expect(requests[0][.companyName]?.utf8.count == DropLimits.maxValueBytes)
        #expect(requests[0].readerErrors.map(\.code) == [.valueTooLong])
    }

    @Test func readsAFileInChunks() throws {
        let folder = try TestPaths.temporaryFolder("csv-reader")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("B-1.csv")
        var text = "\u{FEFF}reseller,ref,company_name,resource:MAILBOX\r\n"
        let rowCount = 5_000
        for index in 1...rowCount {
            // Rows long enough to straddle 64 KiB chunk boundaries, some with quoted line breaks.
            let name = index % 7 == 0 ? "\"Name \(index)\nsecond line, \"\"quoted\"\"\"" : "Name \(index) " + String(repeating: "z", count: index % 50)
            text += "R-ACME,A-\(index),\(name),\(index)\r\n"
        }
        try Data(text.utf8).write(to: url)
        let reader = try CSVRequestReader(path: url.path, batchId: "B-1", expectedReseller: "R-ACME")
        var count = 0
        var expectedLine = 2
        try reader.read(header: { #expect($0.reseller == "R-ACME") }, request: { request in
            count += 1
            #expect(request.ref == "A-\(count)")
            #expect(request.location.line == expectedLine)
            #expect(request.resources.first?.amount == "\(count)")
            #expect(request.readerErrors.isEmpty)
            expectedLine += count % 7 == 0 ? 2 : 1
        })
        #expect(count == rowCount)
        // The same as reading the bytes in memory.
        let inMemory = try CSVRequestReader(text: text, batchId: "B-1", expectedReseller: "R-ACME").readAll()
        let fromFile = try reader.readAll()
        #expect(fromFile.requests == inMemory.requests)
        #expect(fromFile.header == inMemory.header)
    }

    /// Chunk boundaries anywhere (inside a CRLF, a quoted cell, a `""`, a UTF-8 sequence, the BOM)
    /// give the same result as reading the bytes in memory.
    @Test func chunkBoundariesDoNotChangeTheResult() throws {
        let folder = try TestPaths.temporaryFolder("csv-reader")
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SplitMix64(seed: 7)
        func pick<T>(_ choices: [T]) -> T { choices[Int(generator.next() % UInt64(choices.count))] }
        let cellPieces = ["A-1", "", "x y", "é", "Köln", "\"q,\"\"x\"\"\"", "\"m\r\nl\"", "\"n\nl\"", "\"\"", "a\rb", "€uro"]
        let rowEndings = ["\r\n", "\n", "\n\n", "\r\n\r\n", "\r\n\n"]
        let rarePieces = ["\"open", "\0", "a\"b", "\"x\"y"]
        let headers = ["\u{FEFF}reseller,ref,company_name\r\n", "reseller,ref,company_name\n", "\n\nreseller,ref,city\n"]
        for round in 0..<60 {
            var text = headers[round % headers.count]
            for _ in 0..<Int(generator.next() % 40) {
                var cells = [pick(["R-ACME", ""])]
                for _ in 0..<Int(1 + generator.next() % 3) {
                    cells.append(generator.next() % 50 == 0 ? rarePieces[round % rarePieces.count] : pick(cellPieces))
                }
                text += cells.joined(separator: ",") + pick(rowEndings)
            }
            if round % 2 == 1 { text.removeLast() }
            let bytes = Array(text.utf8)
            let url = folder.appendingPathComponent("round\(round).csv")
            try Data(bytes).write(to: url)
            let expected = outcome(of: CSVRequestReader(bytes: bytes, batchId: "B", expectedReseller: nil))
            for readSize in [1, 2, 3, 5, 64] {
                var reader = try CSVRequestReader(path: url.path, batchId: "B", expectedReseller: nil)
                reader.readSize = readSize
                #expect(outcome(of: reader) == expected, "round \(round), read size \(readSize)")
            }
        }
    }

    private func outcome(of reader: CSVRequestReader) -> String {
        do {
            let (header, requests) = try reader.readAll()
            return "\(header)\n" + requests.map { "\($0)" }.joined(separator: "\n")
        } catch {
            return "error \(error)"
        }
    }

    @Test func symlinkIsNeverOpened() throws {
        let folder = try TestPaths.temporaryFolder("csv-reader")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("target.csv")
        try Data("reseller,ref\n".utf8).write(to: target)
        let link = folder.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        do {
            _ = try CSVRequestReader(path: link.path, batchId: nil, expectedReseller: nil)
            Issue.record("a symlink was opened")
        } catch let error as FileError {
            #expect(error.diagnostics.map(\.code) == [.unsafeFile])
        }
        #expect(throws: CSVReadIOError.self) {
            _ = try CSVRequestReader(path: folder.appendingPathComponent("missing.csv").path, batchId: nil, expectedReseller: nil)
        }
    }
}

/// A small deterministic generator for the hostile-input test.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
