import OrderFlowCore
import Testing

@testable import OrderFlowFormats

@Suite struct CatalogSchemaTests {
    @Test func schemaCompiles() throws {
        _ = try CompiledSchema(xsd: CatalogSchema.xsd, name: "catalog.xsd")
        #expect(CatalogSchema.xsd.contains(#"targetNamespace="urn:orderflow:catalog:1""#))
        #expect(CatalogSchema.namespace == "urn:orderflow:catalog:1")
    }

    /// Each form the schema checks, one attribute at a time, on an otherwise valid catalog.
    @Test(arguments: [
        (#"fee="10.1234""#, true), (#"fee="10.12345""#, false), (#"fee="-1""#, false), (#"fee="1e3""#, false),
        (#"fee="5.""#, false), (#"fee="١٠""#, false), (#"setupFee="0""#, true),
        (#"duration="P1Y6M""#, true), (#"duration="P2W" trial="true""#, true), (#"duration="P""#, false),
        (#"duration="PT1H""#, false), (#"duration="P1M1Y""#, false), (#"trial="yes""#, false),
        (#"trial="1""#, true), (#"registration="short" trial="true""#, true), (#"registration="brief""#, false),
    ])
    func periodForms(attribute: String, valid: Bool) {
        let body = """
            <product id="PRD" name="Product" service="cloud">
              <plan id="PLN" name="Plan" currency="EUR">
                <period id="X" \(attribute.contains("duration") ? "" : #"duration="P1M" "#)\(attribute)/>
              </plan>
            </product>
            """
        let problems = CatalogReader.check(bytes: document(body), name: "forms.xml")
        if valid {
            #expect(problems.isEmpty, "\(attribute): \(problems.map(\.message))")
        } else {
            #expect(!problems.isEmpty, "\(attribute)")
            #expect(problems.allSatisfy { $0.location.line == 4 }, "\(attribute): \(problems.map(\.message))")
        }
    }

    @Test(arguments: [
        (#"rate="0.921500""#, true), (#"rate="0.9215001""#, false), (#"rate="1""#, true),
        (#"effective="2026-02-29""#, false), (#"effective="2028-02-29""#, true), (#"effective="26-01-01""#, false),
        (#"effective="2026-01-01Z""#, false), (#"from="usd""#, false), (#"from="US""#, false),
    ])
    func exchangeRateForms(attribute: String, valid: Bool) {
        var attributes = ["from": #"from="USD""#, "to": #"to="EUR""#, "rate": #"rate="0.9""#, "effective": #"effective="2026-01-01""#]
        let key = String(attribute.prefix { $0 != "=" })
        attributes[key] = attribute
        let element = "<exchangeRate " + ["from", "to", "rate", "effective"].map { attributes[$0]! }.joined(separator: " ") + "/>"
        let problems = CatalogReader.check(bytes: document(element), name: "rates.xml")
        #expect(problems.isEmpty == valid, "\(element): \(problems.map(\.message))")
        if !valid { #expect(problems.first?.field == key) }
    }

    @Test func resellerIdMustBeAFolderName() {
        for id in ["../x", ".hidden", "a/b", "a b", ""] {
            let problems = CatalogReader.check(
                bytes: document(#"<reseller id="\#(id)" name="N" currency="EUR" country="DE" invoicePrefix="P"/>"#),
                name: "ids.xml")
            #expect(problems.map(\.field) == ["id"], "\(id)")
        }
    }

    func document(_ body: String) -> [UInt8] {
        Array("<catalog xmlns=\"urn:orderflow:catalog:1\">\n\(body)\n</catalog>\n".utf8)
    }
}
