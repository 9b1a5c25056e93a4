/// A reseller: owner of an inbox folder, with its currency, country, tax mode and ordering policy.
public struct Reseller: Sendable, Hashable {
    public var id: String
    public var name: String
    public var currency: Currency
    /// ISO 3166-1 alpha-2.
    public var country: String
    public var vatId: String?
    /// An IANA zone name (`Europe/Berlin`): the run's date is today in this zone.
    public var timeZone: String
    public var defaultPaymentModel: PaymentModel
    public var managerMayOverridePaymentModel: Bool
    public var countryLocked: Bool
    public var termsRequired: Bool
    public var termsVersion: String?
    public var rounding: RoundingMode
    public var taxMode: TaxMode
    public var invoicePrefix: String
    public var paymentDueDays: Int
    /// Where the reseller is, as its invoices print it (CatalogFormat.md; Invoices.md, seller).
    public var address: ResellerAddress
    /// The company register number (EN 16931 BT-30), for a seller identified without a VAT id.
    public var companyId: String?
    /// A second tax registration (BT-32), such as a Quebec QST number.
    public var taxRegistrationId: String?
    /// Where customers pay: an IBAN, or an account number outside IBAN countries (BT-84).
    public var bankAccount: String?
    /// The bank's BIC (BT-86), optional.
    public var bankId: String?
    public var line: Int

    public init(
        id: String, name: String, currency: Currency, country: String, vatId: String? = nil,
        timeZone: String = "UTC", defaultPaymentModel: PaymentModel = .prepay,
        managerMayOverridePaymentModel: Bool = false, countryLocked: Bool = false, termsRequired: Bool = false,
        termsVersion: String? = nil, rounding: RoundingMode = .halfUp, taxMode: TaxMode = .exclusive,
        invoicePrefix: String, paymentDueDays: Int = 14, address: ResellerAddress = ResellerAddress(),
        companyId: String? = nil, taxRegistrationId: String? = nil, bankAccount: String? = nil, bankId: String? = nil,
        line: Int = 0
    ) {
        self.id = id
        self.name = name
        self.currency = currency
        self.country = country
        self.vatId = vatId
        self.timeZone = timeZone
        self.defaultPaymentModel = defaultPaymentModel
        self.managerMayOverridePaymentModel = managerMayOverridePaymentModel
        self.countryLocked = countryLocked
        self.termsRequired = termsRequired
        self.termsVersion = termsVersion
        self.rounding = rounding
        self.taxMode = taxMode
        self.invoicePrefix = invoicePrefix
        self.paymentDueDays = paymentDueDays
        self.address = address
        self.companyId = companyId
        self.taxRegistrationId = taxRegistrationId
        self.bankAccount = bankAccount
        self.bankId = bankId
        self.line = line
    }
}

/// A reseller's postal address; the country is ``Reseller/country``. Each part is optional.
public struct ResellerAddress: Sendable, Hashable {
    public var street: String?
    public var city: String?
    public var postalCode: String?
    /// The ISO 3166-2 subdivision without the country prefix (`QC`).
    public var region: String?

    public init(street: String? = nil, city: String? = nil, postalCode: String? = nil, region: String? = nil) {
        self.street = street
        self.city = city
        self.postalCode = postalCode
        self.region = region
    }
}
