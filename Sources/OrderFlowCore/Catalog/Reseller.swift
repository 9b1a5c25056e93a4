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
    public var line: Int

    public init(
        id: String, name: String, currency: Currency, country: String, vatId: String? = nil,
        timeZone: String = "UTC", defaultPaymentModel: PaymentModel = .prepay,
        managerMayOverridePaymentModel: Bool = false, countryLocked: Bool = false, termsRequired: Bool = false,
        termsVersion: String? = nil, rounding: RoundingMode = .halfUp, taxMode: TaxMode = .exclusive,
        invoicePrefix: String, paymentDueDays: Int = 14, line: Int = 0
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
        self.line = line
    }
}
