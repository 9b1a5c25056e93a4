/// A request with every value read into its type (DropFiles.md, reading rules), ready for the rules.
///
/// Fields that failed to decode are nil here and reported by ``RequestDecoder``; fields that
/// were absent are nil too. Defaults (channel, registration, country, …) are applied by the
/// rules, not here, because duplicates compare content as written.
public struct DecodedRequest: Sendable, Hashable {
    public var action: RequestAction
    public var ref: String?
    public var reseller: String?
    public var channel: Channel?
    public var account: String?
    public var registration: Registration?
    public var company: CompanyDetails?
    public var product: String?
    public var plan: String?
    public var period: String?
    public var paymentModel: PaymentModel?
    public var provisioningDate: CalendarDate?
    public var currency: String?
    public var dataLocation: String?
    public var domain: String?
    public var adminUser: String?
    public var sendCredentials: Bool?
    public var postponedBilling: Bool?
    /// Blocking threshold as written, fee scale (4 decimals); checked against the billing currency later.
    public var blockingThreshold: ScaledDecimal?
    public var promoCode: String?
    public var termsAccepted: Bool?
    public var termsVersion: String?
    public var subscription: String?
    /// Resource amounts that decoded, in the order written.
    public var resources: [DecodedResource]
    public var unitParameters: [UnitParameterSet]

    public init(action: RequestAction) {
        self.action = action
        self.resources = []
        self.unitParameters = []
    }

    public func amount(of resource: String) -> DecodedResource? { resources.first { $0.id == resource } }
}

/// A resource amount as ordered: the total, included units counted.
public struct DecodedResource: Sendable, Hashable {
    public var id: String
    /// nil when the number has more digits than any limit (reported as `AMOUNT_ABOVE_MAX`).
    public var amount: Int64?
    public var location: SourceLocation

    public var field: String { RequestField.resourceColumnPrefix + id }
}

/// A new company's details, as written (no `account`).
public struct CompanyDetails: Sendable, Hashable {
    public var accountType: String?
    public var name: String?
    public var vatId: String?
    public var contactName: String?
    public var contactEmail: String?
    public var contactPhone: String?
    public var country: String?
    public var region: String?
    public var city: String?
    public var postalCode: String?
    public var addressLine1: String?
    public var addressLine2: String?

    public init() {}
}
