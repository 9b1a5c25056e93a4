internal import CLibXML2
import OrderFlowCore

/// An element of a request, by its name *and* its place: only an element where ``OrdersSchema``
/// allows it carries fields. A misplaced or unknown element is ``other`` (the schema reports it,
/// which rejects the request), and so is everything inside it.
enum XMLRequestElement: Int, CaseIterable {
    case order, cancel, renewal, upgrade
    case customer, company, contact, address, subscription, resource, promoCode, terms, unitParameters, value
    case other

    var name: String {
        switch self {
        case .order: "order"
        case .cancel: "cancel"
        case .renewal: "renewal"
        case .upgrade: "upgrade"
        case .customer: "customer"
        case .company: "company"
        case .contact: "contact"
        case .address: "address"
        case .subscription: "subscription"
        case .resource: "resource"
        case .promoCode: "promoCode"
        case .terms: "terms"
        case .unitParameters: "unitParameters"
        case .value: "value"
        case .other: ""
        }
    }

    /// The four request elements, the only children `orderBatch` accepts.
    var action: RequestAction? {
        switch self {
        case .order: .order
        case .cancel: .cancel
        case .renewal: .renewal
        case .upgrade: .upgrade
        default: nil
        }
    }

    /// The children ``OrdersSchema`` allows inside this element.
    var children: [XMLRequestElement] {
        switch self {
        case .order: [.customer, .subscription, .promoCode, .terms, .unitParameters]
        case .customer: [.company]
        case .company: [.contact, .address]
        case .subscription, .upgrade: [.resource]
        case .unitParameters: [.value]
        default: []
        }
    }

    /// What each attribute of this element sets, by attribute name (DropFiles.md: XML attributes
    /// map to the CSV columns by name).
    var attributes: [(name: String, target: XMLAttributeTarget)] {
        switch self {
        case .order: [("ref", .field(.ref)), ("channel", .field(.channel))]
        case .cancel: [("ref", .field(.ref))]
        case .renewal:
            [("ref", .field(.ref)), ("subscription", .field(.subscription)), ("period", .field(.period)),
             ("account", .field(.account))]
        case .upgrade: [("ref", .field(.ref)), ("subscription", .field(.subscription)), ("account", .field(.account))]
        case .customer: [("registration", .field(.registration)), ("account", .field(.account))]
        case .company: [("accountType", .field(.accountType)), ("name", .field(.companyName)), ("vatId", .field(.vatId))]
        case .contact: [("name", .field(.contactName)), ("email", .field(.contactEmail)), ("phone", .field(.contactPhone))]
        case .address:
            [("country", .field(.country)), ("region", .field(.region)), ("city", .field(.city)),
             ("postalCode", .field(.postalCode)), ("line1", .field(.addressLine1)), ("line2", .field(.addressLine2))]
        case .subscription:
            [("product", .field(.product)), ("plan", .field(.plan)), ("period", .field(.period)),
             ("paymentModel", .field(.paymentModel)), ("provisioningDate", .field(.provisioningDate)),
             ("currency", .field(.currency)), ("postponedBilling", .field(.postponedBilling)),
             ("blockingThreshold", .field(.blockingThreshold)), ("domain", .field(.domain)),
             ("adminUser", .field(.adminUser)), ("dataLocation", .field(.dataLocation)),
             ("sendCredentials", .field(.sendCredentials))]
        case .resource: [("id", .resourceId), ("amount", .resourceAmount)]
        case .terms: [("accepted", .field(.termsAccepted)), ("version", .field(.termsVersion))]
        case .unitParameters: [("resource", .unitResource)]
        case .value: [("name", .valueName)]
        case .promoCode, .other: []
        }
    }

    /// The element named `name` in the schema (any place), for messages; nil for unknown names.
    init?(schemaName name: String) {
        guard let found = XMLRequestElement.allCases.first(where: { $0 != .other && $0.name == name }) else { return nil }
        self = found
    }

    /// The `error_field` for an attribute of this element: its CSV column when it maps to one.
    func fieldName(ofAttribute attribute: String) -> String {
        guard let target = attributes.first(where: { $0.name == attribute })?.target else { return attribute }
        switch target {
        case .field(let field): return field.name
        case .resourceId, .resourceAmount: return "resource"
        case .unitResource, .valueName: return "unitParameters"
        }
    }
}

/// Where an attribute's value goes in a ``RawRequest``.
enum XMLAttributeTarget {
    case field(RequestField)
    case resourceId, resourceAmount
    case unitResource, valueName
}

/// The known element and attribute names, interned in one reader's dictionary.
///
/// libxml2 keeps every element and attribute name of a document in the reader's dictionary, so a
/// name compares by pointer: no `String` is made per node. A name not found by pointer (a reader
/// that did not intern it) falls back to a comparison of its bytes.
struct XMLNameTable {
    let namespace: UnsafePointer<xmlChar>?
    private let elementsByPointer: [UnsafePointer<xmlChar>: XMLRequestElement]
    private let attributesByPointer: [[UnsafePointer<xmlChar>: XMLAttributeTarget]]
    let orderBatch: UnsafePointer<xmlChar>?
    let reseller: UnsafePointer<xmlChar>?
    let batchId: UnsafePointer<xmlChar>?

    init(reader: xmlTextReaderPtr) {
        func intern(_ text: String) -> UnsafePointer<xmlChar>? {
            text.withCString { chars in
                chars.withMemoryRebound(to: xmlChar.self, capacity: text.utf8.count + 1) {
                    xmlTextReaderConstString(reader, $0)
                }
            }
        }
        namespace = intern(OrdersSchema.namespace)
        orderBatch = intern("orderBatch")
        reseller = intern("reseller")
        batchId = intern("batchId")
        var elements: [UnsafePointer<xmlChar>: XMLRequestElement] = [:]
        var attributes: [[UnsafePointer<xmlChar>: XMLAttributeTarget]] = []
        for element in XMLRequestElement.allCases {
            if element != .other, let pointer = intern(element.name) { elements[pointer] = element }
            var table: [UnsafePointer<xmlChar>: XMLAttributeTarget] = [:]
            for (name, target) in element.attributes {
                if let pointer = intern(name) { table[pointer] = target }
            }
            attributes.append(table)
        }
        elementsByPointer = elements
        attributesByPointer = attributes
    }

    /// The element a name stands for, wherever it is; nil for a name the schema does not know.
    func element(_ name: UnsafePointer<xmlChar>) -> XMLRequestElement? {
        if let found = elementsByPointer[name] { return found }
        return XMLRequestElement(schemaName: String(cString: name))
    }

    /// What the attribute `name` of `element` sets; nil for an attribute it does not have.
    func attribute(_ name: UnsafePointer<xmlChar>, of element: XMLRequestElement) -> XMLAttributeTarget? {
        if let found = attributesByPointer[element.rawValue][name] { return found }
        let text = String(cString: name)
        return element.attributes.first(where: { $0.name == text })?.target
    }

    func isOrdersNamespace(_ uri: UnsafePointer<xmlChar>?) -> Bool {
        guard let uri else { return false }
        if uri == namespace { return true }
        return xmlStrEqual(uri, namespace) != 0
    }

    func isName(_ name: UnsafePointer<xmlChar>?, _ known: UnsafePointer<xmlChar>?) -> Bool {
        guard let name, let known else { return false }
        return name == known || xmlStrEqual(name, known) != 0
    }
}
