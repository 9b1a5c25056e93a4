import Foundation
import Testing
import OrderFlowCore
import OrderFlowTestSupport
@testable import OrderFlowFormats

/// Helpers shared by the XML reader tests.
enum XMLFixtures {
    static func path(_ relative: String) -> String {
        TestPaths.fixtures.appendingPathComponent("requests/\(relative)").path
    }

    static func read(_ relative: String, expectedReseller: String? = nil) throws -> (header: BatchHeader, requests: [RawRequest]) {
        try XMLRequestReader(path: path(relative), expectedReseller: expectedReseller).readAll()
    }

    static func read(text: String, expectedReseller: String? = nil) throws -> (header: BatchHeader, requests: [RawRequest]) {
        try XMLRequestReader(bytes: Array(text.utf8), name: "test.xml", expectedReseller: expectedReseller).readAll()
    }

    /// The file error a read throws (nil when it reads without one).
    static func fileError(_ read: () throws -> Void) -> FileError? {
        do {
            try read()
            return nil
        } catch let error as FileError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    static func batch(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <orderBatch xmlns="urn:orderflow:orders:1" reseller="R-ACME" batchId="test">
        \(body)
        </orderBatch>
        """
    }

    static func judge(_ raw: [RawRequest], reseller: String) throws -> [JudgedRequest] {
        let catalog = try CatalogReader.load(path: TestPaths.fixtures.appendingPathComponent("catalog/demo.xml").path)
        let found = try #require(catalog.reseller(id: reseller))
        var judge = BatchJudge(
            context: JudgeContext(catalog: catalog, reseller: found, asOf: CalendarDate(iso: "2026-11-22")!),
            history: EmptyHistory())
        var ids = NoIdentifiers()
        return raw.map { judge.judge($0, ids: &ids) }
    }
}

@Suite struct XMLRequestReaderTests {
    @Test func specExampleGivesEveryField() throws {
        let (header, requests) = try XMLFixtures.read("spec-example.xml", expectedReseller: "R-ACME")
        #expect(header.format == .xml)
        #expect(header.reseller == "R-ACME")
        #expect(header.batchId == "ACME-20261122-01")
        #expect(requests.map(\.ref) == ["A-1001", "A-1002", "A-0990", "A-1003"])
        #expect(requests.map(\.location.line) == [2, 18, 25, 26])
        #expect(requests.map(\.action) == [.order, .order, .cancel, .renewal])
        let first = requests[0]
        #expect(first.readerErrors.isEmpty)
        #expect(first[.reseller] == "R-ACME")
        #expect(first[.action] == "order")
        #expect(first[.channel] == "customer")
        #expect(first[.registration] == "full")
        #expect(first[.accountType] == "company")
        #expect(first[.companyName] == "Globex GmbH")
        #expect(first[.vatId] == "DE123456788")
        #expect(first[.contactName] == "Hank Scorpio")
        #expect(first[.contactEmail] == "hank@globex.example")
        #expect(first[.country] == "DE")
        #expect(first[.region] == "BE")
        #expect(first[.city] == "Berlin")
        #expect(first[.postalCode] == "10115")
        #expect(first[.addressLine1] == "Unter den Linden 1")
        #expect(first[.product] == "PRD-MAIL")
        #expect(first[.plan] == "PLN-MAIL-STD")
        #expect(first[.period] == "1Y")
        #expect(first[.provisioningDate] == "2026-11-25")
        #expect(first[.domain] == "globex.example")
        #expect(first[.adminUser] == "admin")
        #expect(first[.dataLocation] == "eu-central")
        #expect(first[.sendCredentials] == "true")
        #expect(first[.promoCode] == "WELCOME10")
        #expect(first[.termsAccepted] == "true")
        #expect(first[.termsVersion] == "2026-01")
        #expect(first.resources.map(\.id) == ["MAILBOX", "STORAGE"])
        #expect(first.resources.map(\.amount) == ["20", "50"])
        #expect(first.location(of: .contactEmail).line == 5)
        #expect(first.location(of: .termsVersion).line == 16)
        #expect(first.resources[0].location.line == 12)
        let second = requests[1]
        #expect(second[.account] == "ACC-1001")
        #expect(second[.paymentModel] == "postpay")
        #expect(second[.blockingThreshold] == "300.00")
        #expect(second[.currency] == "EUR")
        #expect(second[.plan] == "Mail Standard")
        let renewal = requests[3]
        #expect(renewal[.subscription] == "SUB-77")
        #expect(renewal[.account] == "ACC-2002")
        #expect(renewal[.period] == "1Y")
        #expect(requests[2].source == #"<cancel ref="A-0990"/>"#)
    }

    @Test func specExampleIsJudgedAsTheFixturesSay() throws {
        let (_, requests) = try XMLFixtures.read("spec-example.xml")
        let judged = try XMLFixtures.judge(requests, reseller: "R-ACME")
        #expect(judged.map(\.outcome) == [.accepted, .rejected, .rejected, .rejected])
        #expect(judged[0].result.total == "539.74")
        #expect(judged.dropFirst().map { $0.result.errorCode } == [.unknownAccount, .unknownOrder, .unknownOrder])
    }

    @Test func everyCodeXMLGivesTheCodeEachRefNames() throws {
        let (header, requests) = try XMLFixtures.read("every-code.xml")
        #expect(header.reseller == "R-MAPLE")
        let judged = try XMLFixtures.judge(requests, reseller: "R-MAPLE")
        var remaining: [String: Int] = [:]
        for raw in requests { remaining[raw.ref ?? "", default: 0] += 1 }
        var checked = 0
        for request in judged {
            let ref = request.raw.ref ?? ""
            let parts = ref.split(separator: "-")
            guard parts.count >= 3, parts.first == "E" else { continue }
            let expected = parts[1..<(parts.count - 1)].joined(separator: "-")
            remaining[ref]! -= 1
            if parts.last == "0" || remaining[ref]! > 0 {
                #expect(request.outcome == .accepted, "\(ref): \(request.errors)")
            } else if expected == "DUPLICATE" {
                #expect(request.outcome == .duplicate, "\(ref): \(request.errors)")
            } else {
                #expect(request.result.errorCode?.rawValue == expected, "\(ref): \(request.errors)")
            }
            checked += 1
        }
        #expect(checked == requests.count)
        let schema = try #require(judged.first { $0.raw.ref == "E-SCHEMA_INVALID-1" })
        #expect(schema.raw.location.line == 11)
        #expect(schema.result.errorField == "colour")
        #expect(schema.errors.first?.location.line == 18)
        let unit = try #require(requests.first { $0.ref == "E-UNIT_PARAMETERS_REQUIRED-1" })
        #expect(unit.unitParameters.count == 1)
        #expect(unit.unitParameters[0].resource == "USERS")
        #expect(unit.unitParameters[0].values.map(\.name) == ["username", "email"])
        #expect(unit.unitParameters[0].values.map(\.value) == ["nora", "nora@northwind.example"])
        #expect(requests.map(\.location.line).prefix(3) == [11, 22, 33])
    }

    @Test func thirdOrderKeepsItsStartTagLine() throws {
        let (_, requests) = try XMLFixtures.read("third-order-two-errors.xml")
        #expect(requests.count == 5)
        #expect(requests.map(\.location.line) == [6, 16, 29, 39, 49])
        #expect(requests.allSatisfy { $0.readerErrors.isEmpty })
        let judged = try XMLFixtures.judge(requests, reseller: "R-ACME")
        #expect(judged[2].errors.map(\.code) == [.domainInvalid, .termsNotAccepted])
        #expect(judged.enumerated().allSatisfy { $0.offset == 2 || $0.element.outcome == .accepted })
    }

    @Test func schemaErrorsRejectOnlyTheirRequest() throws {
        let text = XMLFixtures.batch("""
              <order ref="S-1"><subscription plan="P" colour="red"/></order>
              <order ref="S-2">
                <terms accepted="true"/>
                <customer account="ACC-1"/>
              </order>
              <order ref="S-3"><terms accepted="true"/><terms accepted="true"/></order>
              <cancel ref="S-4"><note/></cancel>
              <renewal ref="S-5" subscription="SUB-1" channel="manager"/>
              <order ref="S-6"><promoCode>  X1  </promoCode></order>
              <order ref="S-7"><customer>text</customer></order>
            """)
        let (_, requests) = try XMLFixtures.read(text: text)
        #expect(requests.map(\.ref) == ["S-1", "S-2", "S-3", "S-4", "S-5", "S-6", "S-7"])
        let byRef = Dictionary(uniqueKeysWithValues: requests.map { ($0.ref!, $0) })
        #expect(byRef["S-1"]!.readerErrors.map(\.field) == ["colour"])
        #expect(byRef["S-1"]!.readerErrors.first?.message.contains("<subscription> has no attribute colour") == true)
        #expect(byRef["S-1"]![.plan] == "P")
        #expect(byRef["S-2"]!.readerErrors.map(\.field) == ["customer"])
        #expect(byRef["S-2"]!.readerErrors.first?.location.line == 6)
        #expect(byRef["S-3"]!.readerErrors.map(\.field) == ["terms"])
        // An element inside an element that takes none: libxml2 names the parent.
        #expect(byRef["S-4"]!.readerErrors.map(\.field) == ["cancel"])
        // A renewal has no channel: in XML the schema says so (in CSV the decoder: INVALID_VALUE).
        #expect(byRef["S-5"]!.readerErrors.map(\.field) == ["channel"])
        #expect(byRef["S-6"]!.readerErrors.isEmpty)
        #expect(byRef["S-6"]![.promoCode] == "X1")
        #expect(byRef["S-7"]!.readerErrors.map(\.field) == ["customer"])
        #expect(requests.allSatisfy { $0.readerErrors.allSatisfy { $0.code == .schemaInvalid } })
        let judged = try XMLFixtures.judge(requests, reseller: "R-ACME")
        #expect(judged.allSatisfy { $0.result.errorCode != nil })
        #expect(judged[5].result.errorCode != .schemaInvalid)
    }

    @Test func aProblemReportedAtAnEndTagBelongsToItsRequest() throws {
        // Text after the last child is reported when libxml2 reaches the end tag.
        let text = XMLFixtures.batch("""
              <order ref="M-1">
                <customer account="ACC-1"/>
                stray
              </order>
              <order ref="M-2"><customer account="ACC-2"/></order>
            """)
        let (_, requests) = try XMLFixtures.read(text: text)
        #expect(requests.count == 2)
        #expect(requests[0].readerErrors.map(\.code) == [.schemaInvalid])
        #expect(requests[1].readerErrors.isEmpty)
    }

    @Test func problemsOutsideRequestsFailTheFile() throws {
        let note = XMLFixtures.fileError { _ = try XMLFixtures.read("file-errors/schema-invalid-root.xml") }
        #expect(note?.diagnostics.first?.code == .schemaInvalid)
        #expect(note?.diagnostics.first?.location.line == 13)
        let namespace = XMLFixtures.fileError { _ = try XMLFixtures.read("file-errors/wrong-namespace.xml") }
        #expect(namespace?.diagnostics.first?.code == .schemaInvalid)
        #expect(namespace?.diagnostics.first?.location.line == 2)
        let attribute = XMLFixtures.fileError {
            _ = try XMLFixtures.read(text: """
                <orderBatch xmlns="urn:orderflow:orders:1" reseller="R-ACME" batchId="b" colour="x">
                  <cancel ref="C-1"/>
                </orderBatch>
                """)
        }
        #expect(attribute?.diagnostics.map(\.code) == [.schemaInvalid])
        #expect(attribute?.diagnostics.first?.field == "colour")
        let text = XMLFixtures.fileError {
            _ = try XMLFixtures.read(text: XMLFixtures.batch("<cancel ref=\"C-1\"/> loose text"))
        }
        #expect(text?.diagnostics.first?.code == .schemaInvalid)
        let root = XMLFixtures.fileError { _ = try XMLFixtures.read(text: "<orders xmlns=\"urn:orderflow:orders:1\"/>") }
        #expect(root?.diagnostics.first?.code == .schemaInvalid)
    }

    @Test func headerComesFirstAndTheResellerMustMatch() throws {
        let mismatch = XMLFixtures.fileError {
            try XMLRequestReader(path: XMLFixtures.path("spec-example.xml"), expectedReseller: "R-MAPLE").read(
                header: { _ in Issue.record("no header for another reseller's file") },
                request: { _ in Issue.record("no request for another reseller's file") })
        }
        #expect(mismatch?.diagnostics.first?.code == .resellerMismatch)
        #expect(mismatch?.diagnostics.first?.field == "reseller")
        var events: [String] = []
        try XMLRequestReader(path: XMLFixtures.path("spec-example.xml"), expectedReseller: "R-ACME").read(
            header: { _ in events.append("header") }, request: { events.append($0.ref ?? "") })
        #expect(events == ["header", "A-1001", "A-1002", "A-0990", "A-1003"])
        let missing = try XMLFixtures.read("file-errors/missing-batch-id.xml")
        #expect(missing.header.batchId == nil)
        #expect(try XMLFixtures.read("file-errors/bad-batch-id.xml").header.batchId == "../../outbox/R-MAPLE/x")
        #expect(try XMLFixtures.read("file-errors/unknown-reseller.xml").header.reseller == "R-NOPE")
    }

    @Test func hostileFilesFailWholeWithoutShowingEntities() throws {
        for name in ["../hostile/doctype-xxe.xml", "../hostile/billion-laughs.xml"] {
            var delivered = 0
            let error = XMLFixtures.fileError {
                try XMLRequestReader(path: XMLFixtures.path(name), expectedReseller: nil).read(
                    header: { _ in delivered += 1 }, request: { _ in delivered += 1 })
            }
            #expect(error?.diagnostics.first?.code == .xmlMalformed, "\(name)")
            #expect(error?.diagnostics.first?.message.contains("DOCTYPE") == true, "\(name)")
            #expect(delivered == 0, "\(name)")
            #expect(error?.diagnostics.first?.message.contains("root:") == false)
            #expect(error?.diagnostics.first?.message.contains("lollol") == false)
        }
        let truncated = XMLFixtures.fileError { _ = try XMLFixtures.read("../hostile/truncated.xml") }
        #expect(truncated?.diagnostics.first?.code == .xmlMalformed)
        #expect(truncated?.diagnostics.first?.location.line == 20)
        let utf8 = XMLFixtures.fileError { _ = try XMLFixtures.read("../hostile/invalid-utf8.xml") }
        #expect(utf8?.diagnostics.first?.code == .xmlMalformed)
        #expect(utf8?.diagnostics.first?.location.line == 5)
        let negative = try XMLFixtures.read("../hostile/negative-amount.xml").requests
        #expect(negative.map(\.location.line) == [7, 20, 33, 44])
        let judged = try XMLFixtures.judge(negative, reseller: "R-ACME")
        #expect(judged.map { $0.result.errorField } == ["resource:MAILBOX", "resource:MAILBOX", "blocking_threshold", nil])
        #expect(judged.last?.outcome == .accepted)
    }

    @Test func malformedInputNeverCrashes() throws {
        let inputs: [[UInt8]] = [
            [], Array("   ".utf8), Array("<".utf8), Array("<orderBatch".utf8), [0xFF, 0xFE, 0x00],
            Array(XMLFixtures.batch("<order ref=\"x\"><customer></order>").utf8),
            Array(XMLFixtures.batch("<order ref=\"a&b\"/>").utf8),
            Array("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>".utf8),
            Array("<orderBatch xmlns=\"urn:orderflow:orders:1\"><p:order xmlns:p=\"urn:other\"/></orderBatch>".utf8),
            Array("<orderBatch xmlns=\"urn:orderflow:orders:1\"><order><q:x/></order></orderBatch>".utf8),
        ]
        for input in inputs {
            let error = XMLFixtures.fileError {
                _ = try XMLRequestReader(bytes: input, expectedReseller: nil).readAll()
            }
            #expect(error != nil, "\(String(decoding: input, as: UTF8.self))")
        }
    }

    @Test func fileErrorsFolderXMLFixtures() throws {
        #expect(throws: FileError.self) { try XMLFixtures.read("file-errors/schema-invalid-root.xml") }
        #expect(throws: FileError.self) { try XMLFixtures.read("file-errors/wrong-namespace.xml") }
        #expect(try XMLFixtures.read("file-errors/unknown-reseller.xml").requests.count == 1)
        #expect(try XMLFixtures.read("file-errors/missing-batch-id.xml").requests.count == 1)
        #expect(try XMLFixtures.read("file-errors/bad-batch-id.xml").requests.count == 1)
        let link = try TestPaths.temporaryFolder("xml-reader").appendingPathComponent("link.xml")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: XMLFixtures.path("spec-example.xml"))
        let unsafe = XMLFixtures.fileError { _ = try XMLRequestReader(path: link.path, expectedReseller: nil) }
        #expect(unsafe?.diagnostics.first?.code == .unsafeFile)
    }

    /// Problems carry libxml2's exact line. Past line 65535 libxml2 keeps no line on an element
    /// (`xmlGetLineNo` takes the line on which the following text ends, one late): requests and
    /// fields still get their start tag's own line, so a problem on the line of the next request's
    /// start tag is not given to the request before it.
    @Test func linesPastSixtyFiveThousandAreNotClamped() throws {
        var text = "<?xml version=\"1.0\"?>\n<orderBatch xmlns=\"urn:orderflow:orders:1\" reseller=\"R-ACME\" batchId=\"big\">\n"
        text += String(repeating: "\n", count: 70_000)
        text += "<order ref=\"L-1\">\n<customer account=\"ACC-1\" colour=\"x\"/>\n</order>\n<cancel ref=\"L-2\"/>\n</orderBatch>\n"
        let (_, requests) = try XMLFixtures.read(text: text)
        #expect(requests.map(\.location.line) == [70_003, 70_006])
        #expect(requests[0].location(of: .account).line == 70_004)
        #expect(requests[0].readerErrors.map(\.location.line) == [70_004])
        // A request right after another: its own problem stays its own.
        var adjacent = "<?xml version=\"1.0\"?>\n<orderBatch xmlns=\"urn:orderflow:orders:1\" reseller=\"R-ACME\" batchId=\"big\">\n"
        adjacent += String(repeating: "\n", count: 70_000)
        adjacent += "<cancel ref=\"L-1\"/>\n<cancel ref=\"L-2\" colour=\"x\"/>\n</orderBatch>\n"
        let (_, pair) = try XMLFixtures.read(text: adjacent)
        // The last empty element before libxml2 has read on has no neighbour to take a line from:
        // it keeps libxml2's clamped 65535 (as before); the one before it gets its own line.
        #expect(pair[0].location.line == 70_003)
        #expect(pair[0].readerErrors.isEmpty)
        #expect(pair[1].readerErrors.map(\.field) == ["colour"])
    }

    @Test func sourceParsesBackToTheSameValues() throws {
        for name in ["parity.xml", "every-code.xml", "spec-example.xml"] {
            let (header, requests) = try XMLFixtures.read(name)
            let body = requests.map(\.source).joined(separator: "\n")
            let rejected = "<orderBatch xmlns=\"urn:orderflow:orders:1\" reseller=\"\(header.reseller!)\" batchId=\"again\">\n\(body)\n</orderBatch>\n"
            let (_, again) = try XMLFixtures.read(text: rejected)
            #expect(again.count == requests.count)
            for (first, second) in zip(requests, again) {
                #expect(first.values == second.values, "\(first.ref ?? "")")
                #expect(first.resources.map(\.id) == second.resources.map(\.id))
                #expect(first.unitParameters.map(\.values.count) == second.unitParameters.map(\.values.count))
                #expect(RequestContent.digest(of: first) == RequestContent.digest(of: second))
                #expect(first.readerErrors.map(\.field) == second.readerErrors.map(\.field))
                #expect(first.source == second.source)
            }
        }
        let tricky = XMLFixtures.batch(#"<order ref="Q&amp;&lt;&gt;&quot;'" channel="a&#10;b&#9;c&#13;"><promoCode> x &amp; y </promoCode></order>"#)
        let (_, requests) = try XMLFixtures.read(text: tricky)
        let (_, again) = try XMLFixtures.read(text: XMLFixtures.batch(requests[0].source))
        #expect(requests[0][.ref] == "Q&<>\"'")
        #expect(requests[0][.channel] == "a\nb\tc\r")
        #expect(again[0].values == requests[0].values)
        #expect(!requests[0].source.contains("xmlns"))
    }
}
