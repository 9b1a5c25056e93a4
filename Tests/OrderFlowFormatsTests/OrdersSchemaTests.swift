import Foundation
import Testing
import OrderFlowCore
@testable import OrderFlowFormats

/// The shape of `orders.xsd` that keeps streaming validation in constant memory, and the language
/// it still accepts.
@Suite struct OrdersSchemaTests {
    /// libxml2 validates a repeated `xs:choice` with a counter, and its regular-expression engine then
    /// keeps state for every repetition: a file's requests would cost memory until its end. A
    /// repeated `xs:sequence` around a single choice is the same language without a counter.
    @Test func noChoiceRepeats() {
        var repeated: [String] = []
        var rest = Substring(OrdersSchema.xsd)
        while let start = rest.range(of: "<xs:choice") {
            let tag = rest[start.lowerBound...].prefix { $0 != ">" }
            if tag.contains("minOccurs") || tag.contains("maxOccurs") { repeated.append(String(tag) + ">") }
            rest = rest[start.upperBound...]
        }
        #expect(repeated.isEmpty, "repeat the xs:sequence around the choice instead: \(repeated)")
        #expect(OrdersSchema.xsd.contains(#"<xs:sequence minOccurs="0" maxOccurs="unbounded">"#))
    }

    @Test func theFourRequestsInAnyOrderAndNumberValidate() throws {
        let body = """
            <cancel ref="C-1"/>
            <cancel ref="C-2"/>
            <order ref="O-1"/>
            <upgrade ref="U-1"/>
            <renewal ref="N-1"/>
            <order ref="O-2"/>
            <renewal ref="N-2"/>
            """
        let (_, requests) = try XMLFixtures.read(text: XMLFixtures.batch(body))
        #expect(requests.map(\.ref) == ["C-1", "C-2", "O-1", "U-1", "N-1", "O-2", "N-2"])
        #expect(requests.allSatisfy { request in !request.readerErrors.contains { $0.code == .schemaInvalid } })
    }

    @Test func anEmptyBatchValidates() throws {
        let (header, requests) = try XMLFixtures.read(text: XMLFixtures.batch(""))
        #expect(header.batchId == "test")
        #expect(requests.isEmpty)
    }

    @Test func anUnknownElementBetweenRequestsStillFailsTheFile() {
        let error = XMLFixtures.fileError {
            _ = try XMLFixtures.read(text: XMLFixtures.batch(#"<order ref="O-1"/><refund ref="X"/><cancel ref="C-1"/>"#))
        }
        #expect(error?.diagnostics.first?.code == .schemaInvalid)
    }
}
