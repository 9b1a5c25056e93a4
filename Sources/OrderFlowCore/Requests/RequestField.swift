/// Every scalar field a request can carry, named by its CSV column (DropFiles.md, CSV).
///
/// XML attributes map onto the same fields (``xmlName``), so both readers produce the same
/// ``RawRequest`` and every rule, code and `error_field` is the same for XML and CSV.
public enum RequestField: Int, Sendable, CaseIterable, Codable {
    case reseller, ref, action, channel, account, registration
    case accountType, companyName, vatId, contactName, contactEmail, contactPhone
    case country, region, city, postalCode, addressLine1, addressLine2
    case product, plan, period, paymentModel, provisioningDate, currency, dataLocation
    case domain, adminUser, sendCredentials, postponedBilling, blockingThreshold
    case promoCode, termsAccepted, termsVersion, subscription

    /// The CSV column name, also used as `error_field` for XML input.
    public var name: String {
        switch self {
        case .reseller: "reseller"
        case .ref: "ref"
        case .action: "action"
        case .channel: "channel"
        case .account: "account"
        case .registration: "registration"
        case .accountType: "account_type"
        case .companyName: "company_name"
        case .vatId: "vat_id"
        case .contactName: "contact_name"
        case .contactEmail: "contact_email"
        case .contactPhone: "contact_phone"
        case .country: "country"
        case .region: "region"
        case .city: "city"
        case .postalCode: "postal_code"
        case .addressLine1: "address_line1"
        case .addressLine2: "address_line2"
        case .product: "product"
        case .plan: "plan"
        case .period: "period"
        case .paymentModel: "payment_model"
        case .provisioningDate: "provisioning_date"
        case .currency: "currency"
        case .dataLocation: "data_location"
        case .domain: "domain"
        case .adminUser: "admin_user"
        case .sendCredentials: "send_credentials"
        case .postponedBilling: "postponed_billing"
        case .blockingThreshold: "blocking_threshold"
        case .promoCode: "promo_code"
        case .termsAccepted: "terms_accepted"
        case .termsVersion: "terms_version"
        case .subscription: "subscription"
        }
    }

    /// False for the two fields that exist in XML only (`contact/@phone`, `address/@line2`).
    public var isCSVColumn: Bool { self != .contactPhone && self != .addressLine2 }

    private static let byName: [String: RequestField] = Dictionary(
        uniqueKeysWithValues: allCases.filter(\.isCSVColumn).map { ($0.name, $0) })

    /// The field for a CSV column name (`resource:<ID>` and the ignored columns are not fields).
    public init?(csvColumn: String) {
        guard let field = RequestField.byName[csvColumn] else { return nil }
        self = field
    }

    /// Prefix of the per-resource CSV columns, `resource:MAILBOX`.
    public static let resourceColumnPrefix = "resource:"
    /// Columns `rejected.csv` adds; the CSV reader accepts and ignores them.
    public static let ignoredCSVColumns: Set<String> = ["error_code", "error_message"]
}
