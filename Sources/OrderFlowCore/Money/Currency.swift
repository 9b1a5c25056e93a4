/// An ISO 4217 currency with its minor units (EUR 2, JPY 0, BHD 3).
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String
    public let minorUnits: Int

    public init(code: String, minorUnits: Int) {
        self.code = code
        self.minorUnits = minorUnits
    }

    /// The currency for an ISO 4217 alphabetic code from OrderFlow's own code list, or nil.
    public init?(code: String) {
        guard let minorUnits = ISO4217.minorUnits(of: code) else { return nil }
        self.init(code: code, minorUnits: minorUnits)
    }

    public var description: String { code }
}

/// An exact amount of money: integer minor units of a currency.
public struct Money: Sendable, Hashable, Codable {
    public var minorUnits: Int64
    public var currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    /// The amount as plain decimal text with exactly the currency's minor units: `12.30`, `1234` (JPY), `1.250` (BHD).
    public var text: String { Money.format(minorUnits, minorUnits: currency.minorUnits) }

    public static func format(_ value: Int64, minorUnits: Int) -> String { formatted(value, minorUnits: minorUnits) }

    /// A sum over many amounts (a receipt's totals), which may exceed `Int64` minor units.
    public static func format(_ value: Int128, minorUnits: Int) -> String { formatted(value, minorUnits: minorUnits) }

    private static func formatted<Value: BinaryInteger>(_ value: Value, minorUnits: Int) -> String {
        let negative = value < 0
        let magnitude = value.magnitude
        if minorUnits == 0 { return (negative ? "-" : "") + String(magnitude) }
        let divisor = Value.Magnitude(ExactDivision.pow10(minorUnits))
        var fraction = String(magnitude % divisor)
        fraction = String(repeating: "0", count: minorUnits - fraction.count) + fraction
        return (negative ? "-" : "") + String(magnitude / divisor) + "." + fraction
    }
}
