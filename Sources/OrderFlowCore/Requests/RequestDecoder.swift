/// Reads a ``RawRequest``'s text into typed values (DropFiles.md, reading rules): `MISSING_FIELD`
/// for a required value that is absent, `INVALID_VALUE` for one whose form is wrong. Nothing is
/// looked up in the catalog here, except the reseller's country, which an absent `country`
/// defaults to when a region has to be checked.
public struct RequestDecoder: Sendable {
    public let resellerCountry: String?

    public init(resellerCountry: String?) {
        self.resellerCountry = resellerCountry
    }

    public func decode(_ raw: RawRequest, into findings: inout [Diagnostic]) -> DecodedRequest? {
        var reader = FieldReader(raw: raw, findings: findings)
        defer { findings = reader.findings }
        guard let action = raw.action else {
            reader.invalid(.action, "'\(raw[.action] ?? "")' is not an action: write order, cancel, renewal or upgrade.")
            return nil
        }
        var request = DecodedRequest(action: action)
        request.ref = reader.required(.ref, "Every request needs the reseller's own id for it in 'ref'.")
        request.reseller = raw[.reseller]
        if request.reseller == nil {
            reader.missing(.reseller, "Name the reseller (your reseller id) in every request.")
        }
        switch action {
        case .order: decodeOrder(&request, &reader)
        case .cancel: reader.rejectFields(except: [.reseller, .ref, .action], action: action)
        case .renewal:
            reader.rejectFields(except: [.reseller, .ref, .action, .account, .subscription, .period], action: action)
            decodeReference(&request, &reader)
            request.period = raw[.period]
        case .upgrade:
            reader.rejectFields(except: [.reseller, .ref, .action, .account, .subscription], action: action)
            decodeReference(&request, &reader)
        }
        if action == .order || action == .upgrade {
            request.resources = reader.resources()
            if action == .upgrade && raw.resources.isEmpty {
                reader.missing(
                    field: "resource", "An upgrade names at least one resource with its new total amount.")
            }
        } else {
            for given in raw.resources {
                reader.findings.append(Diagnostic(
                    .invalidValue, field: RequestField.resourceColumnPrefix + given.id,
                    "A \(action.rawValue) takes no resource amounts: leave the resource columns empty.",
                    at: given.location))
            }
        }
        if action == .order {
            request.unitParameters = raw.unitParameters
        }
        return request
    }

    private func decodeReference(_ request: inout DecodedRequest, _ reader: inout FieldReader) {
        request.account = reader.raw[.account]
        request.subscription = reader.required(
            .subscription, "Name the subscription (its SUB- id) this \(request.action.rawValue) applies to.")
    }

    private func decodeOrder(_ request: inout DecodedRequest, _ reader: inout FieldReader) {
        let raw = reader.raw
        request.channel = reader.enumeration(.channel, Channel.self, "customer or manager")
        request.account = raw[.account]
        request.registration = reader.enumeration(.registration, Registration.self, "full or short")
        request.product = raw[.product]
        request.plan = reader.required(.plan, "Name the plan to order, by its id or its exact name.")
        request.period = reader.required(.period, "Name the plan period to order (for example 1M or 1Y).")
        request.paymentModel = reader.enumeration(.paymentModel, PaymentModel.self, "prepay or postpay")
        request.provisioningDate = reader.date(.provisioningDate)
        request.currency = raw[.currency]
        request.dataLocation = raw[.dataLocation]
        request.domain = raw[.domain]
        request.adminUser = raw[.adminUser]
        request.sendCredentials = reader.boolean(.sendCredentials)
        request.postponedBilling = reader.boolean(.postponedBilling)
        request.blockingThreshold = reader.threshold(.blockingThreshold)
        request.promoCode = raw[.promoCode]
        request.termsAccepted = reader.boolean(.termsAccepted)
        request.termsVersion = raw[.termsVersion]

        let companyFields: [RequestField] = [
            .accountType, .companyName, .vatId, .contactName, .contactEmail, .contactPhone, .country, .region,
            .city, .postalCode, .addressLine1, .addressLine2,
        ]
        if request.account != nil {
            if let given = companyFields.first(where: { raw[$0] != nil }) {
                reader.invalid(
                    .account,
                    "An order for an existing account carries no company details (\(given.name) is given): "
                        + "remove the account or the company details.")
            }
            return
        }
        var company = CompanyDetails()
        company.accountType = reader.required(
            .accountType, "A new company needs its account type (for example company or individual).")
        company.name = raw[.companyName]
        company.vatId = raw[.vatId]
        company.contactName = raw[.contactName]
        company.contactEmail = raw[.contactEmail]
        company.contactPhone = raw[.contactPhone]
        company.country = raw[.country]
        company.region = raw[.region]
        company.city = raw[.city]
        company.postalCode = raw[.postalCode]
        company.addressLine1 = raw[.addressLine1]
        company.addressLine2 = raw[.addressLine2]
        if (request.registration ?? .full) == .full {
            let needed: [(RequestField, String)] = [
                (.companyName, "the company name"), (.contactName, "the contact's name"),
                (.contactEmail, "the contact's email"), (.country, "the country"), (.city, "the city"),
                (.postalCode, "the postal code"), (.addressLine1, "the first address line"),
            ]
            for (field, what) in needed where raw[field] == nil {
                reader.missing(field, "Full registration needs \(what).")
            }
        } else if raw[.contactEmail] == nil {
            reader.missing(.contactEmail, "Short registration needs the contact's email.")
        }
        if let email = company.contactEmail, !FieldForms.isEmail(email) {
            reader.invalid(.contactEmail, "'\(email)' is not an email address: write one '@' with text on both sides.")
            company.contactEmail = nil
        }
        if let country = company.country {
            if !ISO3166.isCountry(country) {
                reader.invalid(.country, "'\(country)' is not an ISO 3166-1 alpha-2 country code (for example DE).")
                company.country = nil
            }
        }
        if let region = company.region, let country = company.country ?? (raw[.country] == nil ? resellerCountry : nil)
        {
            if !ISO3166.isSubdivision(region, of: country) {
                reader.invalid(
                    .region,
                    "'\(region)' is not an ISO 3166-2 subdivision of \(country): write the code without the "
                        + "country prefix (BE for Berlin).")
                company.region = nil
            }
        }
        if let vatId = company.vatId, let country = company.country, let prefix = ISO3166.vatPrefix(of: country),
            !vatId.hasPrefix(prefix)
        {
            reader.invalid(.vatId, "The VAT id of a company in \(country) starts with \(prefix).")
        }
        request.company = company
    }
}

/// Reads one raw request's fields, appending a finding for each absent or malformed value.
private struct FieldReader {
    let raw: RawRequest
    var findings: [Diagnostic]

    func location(_ field: RequestField) -> SourceLocation { raw.location(of: field) }

    mutating func missing(_ field: RequestField, _ message: String) {
        findings.append(Diagnostic(.missingField, field: field.name, message, at: location(field)))
    }

    mutating func missing(field: String, _ message: String) {
        findings.append(Diagnostic(.missingField, field: field, message, at: raw.location))
    }

    mutating func invalid(_ field: RequestField, _ message: String) {
        findings.append(Diagnostic(.invalidValue, field: field.name, message, at: location(field)))
    }

    mutating func required(_ field: RequestField, _ message: String) -> String? {
        guard let value = raw[field] else {
            missing(field, message)
            return nil
        }
        return value
    }

    /// The field's value read by `parse`: nil when absent, or when malformed (then `INVALID_VALUE`
    /// with `message(text)`, which says what to write instead).
    mutating func value<T>(_ field: RequestField, _ parse: (String) -> T?, _ message: (String) -> String) -> T? {
        guard let text = raw[field] else { return nil }
        guard let value = parse(text) else {
            invalid(field, message(text))
            return nil
        }
        return value
    }

    mutating func enumeration<T: RawRepresentable>(_ field: RequestField, _ type: T.Type, _ allowed: String) -> T?
    where T.RawValue == String {
        value(field, T.init(rawValue:)) { "'\($0)' is not allowed here: write \(allowed)." }
    }

    mutating func boolean(_ field: RequestField) -> Bool? {
        value(field, FieldForms.boolean) {
            "'\($0)' is not a boolean: write true, false, 1 or 0."
        }
    }

    mutating func date(_ field: RequestField) -> CalendarDate? {
        value(field, { CalendarDate(iso: $0) }) {
            "'\($0)' is not a calendar day: write YYYY-MM-DD (for example 2026-11-25)."
        }
    }

    /// An amount (DropFiles.md, value forms); one of the right form that OrderFlow cannot hold
    /// exactly is `AMOUNT_TOO_LARGE`, not a malformed value (ErrorCodes.md).
    mutating func threshold(_ field: RequestField) -> ScaledDecimal? {
        let scale = ScaledDecimal.Scale.fee
        if let text = raw[field], ScaledDecimal.parse(text, scale: scale) == nil, FieldForms.isDecimal(text, maxDecimals: scale) {
            let largest = ScaledDecimal(units: Int64.max, scale: scale).text
            findings.append(Diagnostic(
                .amountTooLarge, field: field.name,
                "'\(text)' is more than OrderFlow can hold exactly: give an amount of at most \(largest).",
                at: location(field)))
            return nil
        }
        return value(field, { ScaledDecimal.parse($0, scale: scale) }) {
            "'\($0)' is not an amount: write digits with an optional decimal point, without sign, "
                + "exponent or thousands separators (for example 300.00)."
        }
    }

    /// Fields a cancel, renewal or upgrade may not carry (Pricing.md, step 9): each given one is
    /// INVALID_VALUE.
    mutating func rejectFields(except allowed: Set<RequestField>, action: RequestAction) {
        for field in RequestField.allCases where !allowed.contains(field) && raw[field] != nil {
            invalid(field, "A \(action.rawValue) does not take \(field.name): leave it empty.")
        }
    }

    mutating func resources() -> [DecodedResource] {
        var seen = Set<String>()
        var result: [DecodedResource] = []
        for resource in raw.resources {
            let field = RequestField.resourceColumnPrefix + resource.id
            guard seen.insert(resource.id).inserted else {
                findings.append(Diagnostic(
                    .invalidValue, field: field,
                    "Resource \(resource.id) is given twice: give each resource once, with its total amount.",
                    at: resource.location))
                continue
            }
            switch FieldForms.amount(resource.amount) {
            case .value(let amount):
                result.append(DecodedResource(id: resource.id, amount: amount, location: resource.location))
            case .tooLarge:
                result.append(DecodedResource(id: resource.id, amount: nil, location: resource.location))
            case .invalid:
                findings.append(Diagnostic(
                    .invalidValue, field: field,
                    "'\(resource.amount)' is not an amount of units: write a whole number with digits only (for example 20).",
                    at: resource.location))
            }
        }
        return result
    }
}

/// The value forms of DropFiles.md that more than one place checks.
public enum FieldForms {
    public enum Amount: Equatable {
        case value(Int64)
        /// Digits only, but more than any limit can be (`AMOUNT_ABOVE_MAX`).
        case tooLarge
        case invalid
    }

    /// A resource amount: digits only (`2.5`, `1e3`, `-1` are invalid).
    public static func amount(_ text: String) -> Amount {
        var value: Int64 = 0
        var overflow = false
        var any = false
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return .invalid }
            any = true
            if overflow { continue }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            if o1 || o2 { overflow = true } else { value = sum }
        }
        if !any { return .invalid }
        return overflow ? .tooLarge : .value(value)
    }

    /// Digits with an optional `.` and 1 to `maxDecimals` digits (no sign, exponent or separators),
    /// however many digits.
    public static func isDecimal(_ text: String, maxDecimals: Int) -> Bool {
        let parts = text.utf8.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        let digits = { (part: Substring.UTF8View.SubSequence) in
            !part.isEmpty && part.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        guard let whole = parts.first, digits(whole) else { return false }
        return parts.count == 1 || (digits(parts[1]) && parts[1].count <= maxDecimals)
    }

    /// `true|false|1|0`; nil for anything else.
    public static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }

    /// One `@` with text on both sides.
    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
    }

    /// An RFC 1123 host name as Rules.md makes it exact (domains).
    public static func isDomain(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 253, bytes.last != UInt8(ascii: ".") else { return false }
        let labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.count), label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-")
            else { return false }
            for byte in label {
                let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                guard isLetter || isDigit || byte == UInt8(ascii: "-") else { return false }
            }
        }
        return !labels.last!.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
