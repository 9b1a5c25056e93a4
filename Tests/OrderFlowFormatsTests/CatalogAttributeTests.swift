import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowFormats

/// Every catalog attribute is required or optional, with or without a default, in the same way in
/// catalog.xsd, in the reader and in CatalogFormat.md (its "required" and "default" columns).
@Suite struct CatalogAttributeTests {
    /// One attribute as catalog.xsd declares it.
    struct Declaration: CustomStringConvertible {
        var element: String
        var name: String
        var required: Bool
        var defaultValue: String?
        var description: String { "<\(element) \(name)>" }
    }

    /// The XSD's complex types, by the element name that uses each.
    static let elements = [
        "Reseller": "reseller", "ExchangeRate": "exchangeRate", "Tax": "tax", "ForbiddenRegion": "forbiddenRegion",
        "Promo": "promo", "Product": "product", "Plan": "plan", "Period": "period", "Resource": "resource",
        "Parameter": "parameter",
    ]

    static let declarations: [Declaration] = {
        let xsd = CatalogSchema.xsd
        let types = try! NSRegularExpression(pattern: #"<xs:complexType name="(\w+)">(.*?)</xs:complexType>"#, options: .dotMatchesLineSeparators)
        let attribute = try! NSRegularExpression(pattern: #"<xs:attribute name="(\w+)"([^>]*)>"#)
        let range = { (match: NSTextCheckingResult, group: Int, text: String) -> String in
            String(text[Range(match.range(at: group), in: text)!])
        }
        var result: [Declaration] = []
        for type in types.matches(in: xsd, range: NSRange(xsd.startIndex..., in: xsd)) {
            let element = elements[range(type, 1, xsd)]!
            let body = range(type, 2, xsd)
            for match in attribute.matches(in: body, range: NSRange(body.startIndex..., in: body)) {
                let rest = range(match, 2, body)
                let defaultValue = rest.range(of: #"default="([^"]*)""#, options: .regularExpression).map {
                    String(rest[$0].dropFirst("default=\"".count).dropLast())
                }
                result.append(
                    Declaration(
                        element: element, name: range(match, 1, body), required: rest.contains(#"use="required""#),
                        defaultValue: defaultValue))
            }
        }
        return result
    }()

    /// The smallest valid catalog around each element, its required attributes written in
    /// `attributes` (extras: attributes the element needs to make sense, such as a promo's percent).
    static let required: [String: [(String, String)]] = [
        "reseller": [("id", "R-1"), ("name", "One"), ("currency", "EUR"), ("country", "DE"), ("invoicePrefix", "ONE")],
        "exchangeRate": [("from", "USD"), ("to", "EUR"), ("rate", "0.9"), ("effective", "2026-01-01")],
        "tax": [("country", "DE"), ("name", "VAT"), ("rate", "0.19")],
        "forbiddenRegion": [("country", "KP")],
        "promo": [("code", "TEN")],
        "product": [("id", "PRD"), ("name", "Product"), ("service", "cloud")],
        "plan": [("id", "PLN"), ("name", "Plan"), ("currency", "EUR")],
        "period": [("id", "1M"), ("duration", "P1M")],
        "resource": [("id", "CPU"), ("name", "vCPU")],
        "parameter": [("name", "username")],
    ]

    static func catalog(_ element: String, _ attributes: [(String, String)]) -> [UInt8] {
        func tag(_ name: String, _ extra: String = "") -> String {
            let written = name == element ? attributes : required[name]!
            return "<\(name) " + written.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: " ") + extra
        }
        let promoExtra = element == "promo" ? #" percent="10"/>"# : "/>"
        let body: String
        switch element {
        case "reseller", "exchangeRate", "tax", "forbiddenRegion": body = tag(element) + "/>"
        case "promo": body = tag("promo", promoExtra)
        default:
            let parameters = element == "parameter" ? ">" + tag("parameter") + "/></resource>" : "/>"
            let manual = element == "parameter" ? #" manualApproval="true""# : ""
            body = tag("product", manual + ">") + tag("plan", ">") + tag("period") + "/>" + tag("resource", parameters)
                + "</plan></product>"
        }
        let reseller = element == "reseller" ? "" : #"<reseller id="R-1" name="One" currency="EUR" country="DE" invoicePrefix="ONE"/>"#
        return Array(#"<catalog xmlns="urn:orderflow:catalog:1">\#(reseller)\#(body)</catalog>"#.utf8)
    }

    /// What the reader made of a catalog, comparable as a whole (lines are all 1 here).
    static func model(_ bytes: [UInt8]) throws -> String {
        let catalog = try CatalogReader.load(bytes: bytes, name: "attributes.xml")
        return "\(catalog.resellers)|\(catalog.exchangeRates)|\(catalog.taxes)|\(catalog.forbiddenRegions)|"
            + "\(catalog.promos)|\(catalog.products)"
    }

    @Test func theSchemaDeclaresEveryElementsAttributes() {
        #expect(Set(Self.declarations.map(\.element)) == Set(Self.elements.values))
        #expect(Self.declarations.count > 60)
    }

    /// The minimal catalogs load, so each test below changes one attribute of a valid catalog.
    @Test func theMinimalCatalogsLoad() throws {
        for element in Self.elements.values { _ = try Self.model(Self.catalog(element, Self.required[element]!)) }
    }

    /// A required attribute left out is a schema error naming it; the reader never supplies one.
    @Test func requiredAttributesAreRequired() {
        for declaration in Self.declarations where declaration.required {
            let attributes = Self.required[declaration.element]!.filter { $0.0 != declaration.name }
            #expect(attributes.count == Self.required[declaration.element]!.count - 1, "\(declaration) is not in the minimal catalog")
            let problems = CatalogReader.check(bytes: Self.catalog(declaration.element, attributes), name: "a.xml")
            #expect(
                problems.map(\.message) == ["<\(declaration.element)> needs the attribute \(declaration.name): add \(declaration.name)=\"…\""],
                "\(declaration)")
        }
        let requiredByMinimal = Set(Self.required.flatMap { element, attributes in attributes.map { "\(element) \($0.0)" } })
        let requiredBySchema = Set(Self.declarations.filter(\.required).map { "\($0.element) \($0.name)" })
        #expect(requiredByMinimal == requiredBySchema)
    }

    /// Leaving an attribute out reads exactly as writing its default.
    @Test func defaultsAreTheReadersDefaults() throws {
        let defaults = Self.declarations.filter { $0.defaultValue != nil }
        #expect(defaults.count >= 15)
        for declaration in defaults {
            let minimal = Self.required[declaration.element]!
            let absent = try Self.model(Self.catalog(declaration.element, minimal))
            let written = try Self.model(Self.catalog(declaration.element, minimal + [(declaration.name, declaration.defaultValue!)]))
            #expect(absent == written, "\(declaration) default \(declaration.defaultValue!)")
        }
    }

    /// CatalogFormat.md lists every attribute with the schema's required and default columns.
    @Test func catalogFormatDocumentsEveryAttributeAsTheSchemaDeclaresIt() throws {
        let article = try String(
            contentsOf: TestPaths.packageRoot.appendingPathComponent(
                "Sources/orderflow/Documentation.docc/Articles/CatalogFormat.md"), encoding: .utf8)
        var rows: [String: (required: String, defaultValue: String)] = [:]
        var element = ""
        for line in article.split(separator: "\n").map(String.init) {
            if line.hasPrefix("### ") { element = String(line.dropFirst(4)) }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count > 4, cells[1].hasPrefix("`"), cells[1].hasSuffix("`") else { continue }
            rows["\(element) \(cells[1].dropFirst().dropLast())"] = (cells[2], cells[3])
        }
        for declaration in Self.declarations {
            guard let row = rows["\(declaration.element) \(declaration.name)"] else {
                Issue.record("CatalogFormat.md has no row for \(declaration)")
                continue
            }
            #expect((row.required == "yes") == declaration.required, "\(declaration): required column '\(row.required)'")
            if let value = declaration.defaultValue {
                #expect(row.defaultValue == "`\(value)`", "\(declaration): default column '\(row.defaultValue)'")
            } else {
                #expect(!row.defaultValue.hasPrefix("`"), "\(declaration): the schema has no default, the article '\(row.defaultValue)'")
            }
        }
        let declared = Set(Self.declarations.map { "\($0.element) \($0.name)" })
        #expect(Set(rows.keys).subtracting(declared).isEmpty, "documented but not declared")
    }
}
