/// What a request says, exactly as written, before any value is interpreted.
///
/// The readers (XML, CSV) produce this; ``RequestDecoder`` turns it into typed values with
/// `MISSING_FIELD` / `INVALID_VALUE` errors. Empty values are stored as nil (DropFiles.md:
/// an empty value is the same as an absent one); values are never trimmed, except the text of
/// `<promoCode>`, which the XML reader trims.
public struct RawRequest: Sendable, Hashable {
    /// The requested action; nil when a CSV `action` cell names none of the four (its text is in
    /// `values[.action]`, and decoding reports `INVALID_VALUE`).
    public var action: RequestAction?
    /// Where the request starts: the line of its start tag (XML) or of its row (CSV), and the
    /// start tag's column (XML) or 1 (CSV).
    public var location: SourceLocation
    /// Indexed by `RequestField.rawValue`.
    public var values: [String?]
    /// Where each field was written (XML: its element's start tag; CSV: the row's line and the cell's column).
    public var locations: [SourceLocation]
    /// `<resource id amount>` children or `resource:<ID>` cells that have a value, as written, in order.
    public var resources: [ResourceAmount]
    /// `<unitParameters>` elements (XML only), in order.
    public var unitParameters: [UnitParameterSet]
    /// Problems the reader found inside this request: `SCHEMA_INVALID` (XML), `CSV_MALFORMED`
    /// (a row with the wrong number of cells), and reading-level `INVALID_VALUE`s.
    public var readerErrors: [Diagnostic]
    /// The request as written: a CSV row's exact text (without its line ending), or the XML
    /// element re-serialized by the reader. `rejected.*` and the ledger store this.
    public var source: String

    public init(action: RequestAction?, location: SourceLocation, source: String = "") {
        self.action = action
        self.location = location
        self.values = Array(repeating: nil, count: RequestField.allCases.count)
        self.locations = Array(repeating: location, count: RequestField.allCases.count)
        self.resources = []
        self.unitParameters = []
        self.readerErrors = []
        self.source = source
    }

    public subscript(field: RequestField) -> String? {
        get { values[field.rawValue] }
        set { values[field.rawValue] = (newValue?.isEmpty ?? true) ? nil : newValue }
    }

    public func location(of field: RequestField) -> SourceLocation { locations[field.rawValue] }

    /// Sets a field's value (empty → absent) and where it was written.
    public mutating func set(_ field: RequestField, _ value: String?, at location: SourceLocation) {
        self[field] = value
        locations[field.rawValue] = location
    }

    /// The reseller's own id for this request.
    public var ref: String? { self[.ref] }
}

public enum RequestAction: String, Sendable, Codable, CaseIterable {
    case order, cancel, renewal, upgrade
}

public struct ResourceAmount: Sendable, Hashable, Codable {
    public var id: String
    /// As written; decoding checks the form (digits only).
    public var amount: String
    public var location: SourceLocation

    public init(id: String, amount: String, location: SourceLocation) {
        self.id = id
        self.amount = amount
        self.location = location
    }
}

/// One `<unitParameters resource="ID">`: the parameter values of one ordered unit.
public struct UnitParameterSet: Sendable, Hashable, Codable {
    public var resource: String
    /// `<value name="username">alice</value>` children, in order.
    public var values: [(name: String, value: String)]
    public var location: SourceLocation

    public init(resource: String, values: [(name: String, value: String)], location: SourceLocation) {
        self.resource = resource
        self.values = values
        self.location = location
    }

    public static func == (lhs: UnitParameterSet, rhs: UnitParameterSet) -> Bool {
        lhs.resource == rhs.resource && lhs.location == rhs.location
            && lhs.values.map(\.name) == rhs.values.map(\.name) && lhs.values.map(\.value) == rhs.values.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(resource)
        for (name, value) in values {
            hasher.combine(name)
            hasher.combine(value)
        }
    }

    enum CodingKeys: String, CodingKey { case resource, names, values, location }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        resource = try container.decode(String.self, forKey: .resource)
        let names = try container.decode([String].self, forKey: .names)
        let texts = try container.decode([String].self, forKey: .values)
        values = Array(zip(names, texts)).map { (name: $0.0, value: $0.1) }
        location = try container.decode(SourceLocation.self, forKey: .location)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(resource, forKey: .resource)
        try container.encode(values.map(\.name), forKey: .names)
        try container.encode(values.map(\.value), forKey: .values)
        try container.encode(location, forKey: .location)
    }
}

/// A whole drop file as read: the batch header and its requests, in file order.
///
/// Readers stream: they hand requests to a closure one at a time; ``BatchHeader`` is known
/// before the first request.
public struct BatchHeader: Sendable, Hashable {
    public enum Format: String, Sendable { case xml, csv }
    public var format: Format
    /// The reseller the file names (XML `reseller`; CSV: the first row's `reseller`, or nil).
    public var reseller: String?
    /// XML `batchId`, or the CSV file name without its extension.
    public var batchId: String?
    public var location: SourceLocation
    /// CSV: the header row exactly as written, without its line ending (`rejected.csv` repeats it).
    public var headerSource: String?

    public init(format: Format, reseller: String?, batchId: String?, location: SourceLocation) {
        self.format = format
        self.reseller = reseller
        self.batchId = batchId
        self.location = location
    }
}
