import Testing
import OrderFlowCore
internal import CLibXML2
@testable import OrderFlowFormats

@Suite struct XMLLibXML2Tests {
    static let tinyXSD = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" elementFormDefault="qualified">
          <xs:element name="a"><xs:complexType><xs:attribute name="b" type="xs:string"/></xs:complexType></xs:element>
        </xs:schema>
        """

    /// Reads a document from memory with the safe options, returning the node types seen and the issues.
    private func read(_ text: String, schema: CompiledSchema? = nil) -> (types: [Int32], values: [String], issues: [XMLIssue], doctype: Bool) {
        XMLIssueCollector.collecting { collector in
            let bytes = Array(text.utf8)
            var types: [Int32] = []
            var values: [String] = []
            var doctype = false
            bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    guard let reader = xmlReaderForMemory(chars, Int32(buffer.count), "test.xml", nil, LibXML2.safeParseOptions) else { return }
                    defer { xmlFreeTextReader(reader) }
                    if let schema { xmlTextReaderSetSchema(reader, schema.schema) }
                    xmlTextReaderSetStructuredErrorHandler(reader, XMLIssueCollector.handler, collector.context)
                    while xmlTextReaderRead(reader) == 1 {
                        if LibXML2.isDocumentType(reader) { doctype = true; return }
                        types.append(xmlTextReaderNodeType(reader))
                        if let value = LibXML2.string(xmlTextReaderConstValue(reader)) { values.append(value) }
                    }
                }
            }
            return (types, values, collector.issues, doctype)
        }
    }

    @Test func compilesASchemaAndValidatesWhileStreaming() throws {
        let schema = try CompiledSchema(xsd: Self.tinyXSD, name: "tiny.xsd")
        #expect(read(#"<a xmlns="urn:t" b="1"/>"#, schema: schema).issues.isEmpty)
        let invalid = read(#"<a xmlns="urn:t" c="1"/>"#, schema: schema).issues
        #expect(invalid.count == 1)
        #expect(invalid.first?.readableMessage.contains("'c'") == true)
        #expect(invalid.first?.isParserIssue == false)
    }

    @Test func aBrokenSchemaThrowsWithItsIssues() {
        #expect(throws: CompiledSchema.CompileError.self) {
            _ = try CompiledSchema(xsd: "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element/></xs:schema>", name: "bad.xsd")
        }
    }

    @Test func collectsWellFormednessErrorsWithLineAndColumn() {
        let result = read("<a>\n  <b>\n</a>")
        let first = result.issues.first { $0.isParserIssue && $0.isError }
        #expect(first != nil)
        #expect(first?.line == 3)
        #expect((first?.column ?? 0) > 0)
    }

    @Test func findsADoctypeBeforeAnyValue() {
        let result = read("<!DOCTYPE a [<!ENTITY x \"secret\">]>\n<a>&x;</a>")
        #expect(result.doctype)
        #expect(!result.values.contains { $0.contains("secret") })
    }

    @Test func theCollectorRestoresThePreviousHandler() {
        XMLIssueCollector.collecting { outer in
            _ = read("<a>")
            _ = read("<a></b>")
            #expect(outer.issues.isEmpty)
        }
    }
}
