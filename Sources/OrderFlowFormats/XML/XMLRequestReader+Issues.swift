import OrderFlowCore

/// Turns libxml2's schema problems into `SCHEMA_INVALID` diagnostics a reseller can act on:
/// the field named (the CSV column for a known attribute, else the attribute's or element's name)
/// and how to fix it.
enum XMLSchemaIssues {
    /// `XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1`: an attribute the element does not have.
    static let attributeNotAllowed: Int32 = 1866
    /// `XML_SCHEMAV_ELEMENT_CONTENT`: an element unknown, repeated or out of order.
    static let elementNotExpected: Int32 = 1871
    /// `XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3`: text where only elements may be.
    static let textNotAllowed: Int32 = 1841

    static func diagnostic(for issue: XMLIssue) -> Diagnostic {
        let (elementName, attributeName) = CatalogReader.names(in: issue.message)
        let element = elementName ?? ""
        let known = XMLRequestElement(schemaName: element)
        let location = SourceLocation(line: issue.line, column: issue.column)
        let message: String
        var field: String
        switch issue.code {
        case attributeNotAllowed:
            let attribute = issue.details.first.flatMap { $0 } ?? attributeName ?? ""
            field = known?.fieldName(ofAttribute: attribute) ?? attribute
            let accepted = known.map { $0.attributes.map(\.name) } ?? []
            message = "<\(element)> has no attribute \(attribute): remove it, or check its spelling (names are case-sensitive)"
                + (accepted.isEmpty ? "" : "; <\(element)> takes \(accepted.joined(separator: ", "))")
        case elementNotExpected:
            field = element
            let readable = issue.readableMessage
            let expected = readable.range(of: "Expected is").map { String(readable[$0.lowerBound...]) }
            message = "<\(element)> is not expected here (unknown, repeated or out of order): remove it, or check its name and its place"
                + (expected.map { " (\($0.prefix(1).lowercased() + $0.dropFirst()))" } ?? "")
        case textNotAllowed:
            field = element
            message = "<\(element)> holds text, which it may not: remove the text (values are written in attributes)"
        default:
            field = attributeName.map { known?.fieldName(ofAttribute: $0) ?? $0 } ?? element
            message = "the request does not match \(OrdersSchema.fileName): \(issue.readableMessage)"
        }
        return Diagnostic(.schemaInvalid, field: field, message, at: location)
    }
}
