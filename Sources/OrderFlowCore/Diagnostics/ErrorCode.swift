/// The stable error codes of ErrorCodes.md. Raw values are part of the contract: extend, never rename.
public enum ErrorCode: String, Sendable, Codable, CaseIterable {
    // Reading
    case xmlMalformed = "XML_MALFORMED"
    case schemaInvalid = "SCHEMA_INVALID"
    case csvMalformed = "CSV_MALFORMED"
    case unknownColumn = "UNKNOWN_COLUMN"
    case missingField = "MISSING_FIELD"
    case invalidValue = "INVALID_VALUE"
    /// A value, name or comment longer than DropFiles.md's limits allow.
    case valueTooLong = "VALUE_TOO_LONG"
    // Whole files
    case resellerMismatch = "RESELLER_MISMATCH"
    case unknownReseller = "UNKNOWN_RESELLER"
    case unsupportedFormat = "UNSUPPORTED_FORMAT"
    case fileTooLarge = "FILE_TOO_LARGE"
    /// More attributes, elements, nesting, requests or row bytes than DropFiles.md's limits allow.
    case limitExceeded = "LIMIT_EXCEEDED"
    case unsafeFile = "UNSAFE_FILE"
    case duplicateFile = "DUPLICATE_FILE"
    case batchIdReused = "BATCH_ID_REUSED"
    case batchRejected = "BATCH_REJECTED"
    // Requests
    case unknownProduct = "UNKNOWN_PRODUCT"
    case unknownPlan = "UNKNOWN_PLAN"
    case ambiguousPlan = "AMBIGUOUS_PLAN"
    case unknownPeriod = "UNKNOWN_PERIOD"
    case unknownResource = "UNKNOWN_RESOURCE"
    case amountBelowMin = "AMOUNT_BELOW_MIN"
    case amountAboveMax = "AMOUNT_ABOVE_MAX"
    /// An amount beyond what OrderFlow holds exactly (`Int64` minor units): never a trap.
    case amountTooLarge = "AMOUNT_TOO_LARGE"
    case trialResourcesFixed = "TRIAL_RESOURCES_FIXED"
    case paymentModelNotAllowed = "PAYMENT_MODEL_NOT_ALLOWED"
    case thresholdNotPostpaid = "THRESHOLD_NOT_POSTPAID"
    case provisioningDatePast = "PROVISIONING_DATE_PAST"
    case provisioningDateTooLate = "PROVISIONING_DATE_TOO_LATE"
    case domainRequired = "DOMAIN_REQUIRED"
    case domainInvalid = "DOMAIN_INVALID"
    case domainTaken = "DOMAIN_TAKEN"
    case dataLocationInvalid = "DATA_LOCATION_INVALID"
    case regionForbidden = "REGION_FORBIDDEN"
    case countryLocked = "COUNTRY_LOCKED"
    case restrictionCheckFailed = "RESTRICTION_CHECK_FAILED"
    case termsNotAccepted = "TERMS_NOT_ACCEPTED"
    case accountTypeNotAllowed = "ACCOUNT_TYPE_NOT_ALLOWED"
    case fullRegistrationRequired = "FULL_REGISTRATION_REQUIRED"
    case unknownAccount = "UNKNOWN_ACCOUNT"
    case promoUnknown = "PROMO_UNKNOWN"
    case promoExpired = "PROMO_EXPIRED"
    case promoNotApplicable = "PROMO_NOT_APPLICABLE"
    case promoExhausted = "PROMO_EXHAUSTED"
    case currencyNotAvailable = "CURRENCY_NOT_AVAILABLE"
    case onPremiseNewNotSold = "ON_PREMISE_NEW_NOT_SOLD"
    case unitParametersRequired = "UNIT_PARAMETERS_REQUIRED"
    case duplicateRefConflict = "DUPLICATE_REF_CONFLICT"
    case unknownOrder = "UNKNOWN_ORDER"
    case cancelNotAllowed = "CANCEL_NOT_ALLOWED"
    case subscriptionNotActive = "SUBSCRIPTION_NOT_ACTIVE"
    case downgradeNotAllowed = "DOWNGRADE_NOT_ALLOWED"
    // Trial drops (the `trials` job)
    case periodNotTrial = "PERIOD_NOT_TRIAL"
    case trialAlreadyUsed = "TRIAL_ALREADY_USED"
    // Approval drops (the `provision` job)
    case approvalNotPending = "APPROVAL_NOT_PENDING"
    // Usage drops (the `billing` job)
    case usageMonthBilled = "USAGE_MONTH_BILLED"
    // Catalog problems (`orderflow catalog check`)
    case catalogInvalid = "CATALOG_INVALID"

    /// Where the code stands in the order of ErrorCodes.md, Which error wins: `results.csv`
    /// carries the error with the lowest rank (ties keep the order the rules found them in).
    public var rank: Int {
        switch self {
        case .schemaInvalid, .csvMalformed, .xmlMalformed, .unknownColumn, .valueTooLong: return 0
        case .missingField: return 1
        case .invalidValue: return 2
        case .unknownProduct: return 3
        case .unknownPlan, .ambiguousPlan: return 4
        // PERIOD_NOT_TRIAL just after UNKNOWN_PERIOD: the two never meet (Trials.md).
        case .unknownPeriod, .periodNotTrial: return 5
        case .unknownResource: return 6
        case .unknownOrder, .subscriptionNotActive: return 7
        case .unknownAccount: return 8
        case .amountBelowMin, .amountAboveMax, .amountTooLarge, .downgradeNotAllowed: return 9
        // TRIAL_ALREADY_USED just after TRIAL_RESOURCES_FIXED: its rule runs after that one.
        case .trialResourcesFixed, .trialAlreadyUsed: return 10
        case .paymentModelNotAllowed: return 11
        case .thresholdNotPostpaid: return 12
        case .provisioningDatePast, .provisioningDateTooLate: return 13
        case .domainRequired, .domainInvalid, .domainTaken: return 14
        case .dataLocationInvalid: return 15
        case .regionForbidden, .restrictionCheckFailed: return 16
        case .countryLocked: return 17
        case .termsNotAccepted: return 18
        case .accountTypeNotAllowed: return 19
        case .fullRegistrationRequired: return 20
        case .promoUnknown, .promoExpired, .promoNotApplicable, .promoExhausted: return 21
        case .currencyNotAvailable: return 22
        case .onPremiseNewNotSold: return 23
        case .unitParametersRequired: return 24
        case .cancelNotAllowed, .approvalNotPending, .usageMonthBilled: return 25
        case .duplicateRefConflict: return 26
        case .batchRejected: return 27
        case .resellerMismatch, .unknownReseller, .unsupportedFormat, .fileTooLarge, .limitExceeded, .unsafeFile,
            .duplicateFile, .batchIdReused, .catalogInvalid:
            return 28
        }
    }
}
