import OrderFlowCore
import Testing

@testable import OrderFlowFormats

@Suite struct CSVWriterTests {
    private func row(_ cells: [String], spreadsheetSafe: Bool = true) -> String {
        var writer = CSVWriter()
        writer.writeRow(cells, spreadsheetSafe: spreadsheetSafe)
        return writer.text
    }

    @Test func quotesOnlyWhenNeeded() {
        #expect(row(["plain", "", "with space", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "crlf\r\nx"])
            == "plain,,with space,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\"crlf\r\nx\"\n")
    }

    @Test func linesEndWithLineFeed() {
        var writer = CSVWriter()
        writer.writeRow(["ref", "line"], spreadsheetSafe: true)
        writer.writeRow(["A-1", "2"], spreadsheetSafe: true)
        #expect(writer.text == "ref,line\nA-1,2\n")
        #expect(writer.bytes == Array("ref,line\nA-1,2\n".utf8))
    }

    @Test func spreadsheetSafety() {
        #expect(row(["=SUM(A1)", "+1+2", "-1+2", "@cmd", "\tx", "-5.00", "+3", "-", "5", "a=b"])
            == "'=SUM(A1),'+1+2,'-1+2,'@cmd,'\tx,-5.00,+3,'-,5,a=b\n")
        #expect(row(["=HYPERLINK(\"http://x\",\"y\")"]) == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n")
        #expect(row(["\rcarriage"]) == "\"'\rcarriage\"\n")
        #expect(row(["=1+1", "-x"], spreadsheetSafe: false) == "=1+1,-x\n")
    }

    @Test func numbers() {
        for number in ["0", "-5.00", "+3", "12.", ".5", "-0.25", "1234567890123456789012345678901234567890"] {
            #expect(CSVWriter.isNumber(number), "\(number)")
        }
        for text in ["", "-", "+", ".", "1e3", "-1+2", "1,000", " 1", "1 ", "--1", "1.2.3"] {
            #expect(!CSVWriter.isNumber(text), "\(text)")
        }
    }

    @Test func roundTripsThroughTheReader() throws {
        var writer = CSVWriter()
        writer.writeRow(["reseller", "ref", "company_name", "city"], spreadsheetSafe: false)
        writer.writeRow(["R-ACME", "A-1", "Globex, \"the\"\nGmbH", "Köln"], spreadsheetSafe: false)
        let (_, requests) = try CSVRequestReader(bytes: writer.bytes, batchId: nil, expectedReseller: nil).readAll()
        #expect(requests[0][.companyName] == "Globex, \"the\"\nGmbH")
        #expect(requests[0][.city] == "Köln")
    }
}
