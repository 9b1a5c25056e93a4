/// Subscriptions that exist before OrderFlow (on-premise licences and others), imported with
/// `orderflow ledger import-subscriptions` so that later renewals and upgrades naming them are
/// judged like any other (PipelineFiles.md, `ledger import-subscriptions`).
///
/// A row is read into a ``RawRequest`` of action `order` (the same fields and columns as a drop,
/// so the same decoding, lookups, rules and codes apply) plus the three columns only an import
/// has: `period_start`, `period_end` and `status`.
public struct SubscriptionImportRow: Sendable, Hashable {
    public var raw: RawRequest
    public var periodStart: String?
    public var periodEnd: String?
    public var status: String?
    public var periodStartLocation: SourceLocation
    public var periodEndLocation: SourceLocation
    public var statusLocation: SourceLocation

    public init(raw: RawRequest) {
        self.raw = raw
        self.periodStartLocation = raw.location
        self.periodEndLocation = raw.location
        self.statusLocation = raw.location
    }

    public var line: Int { raw.location.line }

    /// Every column as written (no defaults), in a form that can never equal a drop request's
    /// digest: an import row and a drop request never count as the same request.
    public var contentDigest: String {
        var text = "subscription-import\n" + RequestContent.canonicalText(of: raw)
        text += "period_start=\(periodStart ?? "")\nperiod_end=\(periodEnd ?? "")\nstatus=\(status ?? "")\n"
        return "import:" + SHA256.hexDigest(of: text)
    }

    /// The columns an import file may have besides `resource:<ID>` (and the ignored
    /// `error_code`, `error_message`).
    public static let fieldColumns: [RequestField] = [
        .reseller, .ref, .account, .accountType, .companyName, .vatId, .contactName, .contactEmail, .country,
        .region, .city, .postalCode, .addressLine1, .product, .plan, .period, .currency, .paymentModel,
        .blockingThreshold, .domain,
    ]
    public static let periodStartColumn = "period_start"
    public static let periodEndColumn = "period_end"
    public static let statusColumn = "status"

    /// Statuses an imported subscription may have (default `Active`).
    public static let importableStatuses: [SubscriptionStatus] = [.active, .stopped, .canceled]
}

/// What became of one import row.
public struct SubscriptionImportOutcome: Sendable, Hashable {
    public var ref: String
    public var line: Int
    public var outcome: RequestOutcomeKind
    public var accountId: String?
    public var subscriptionId: String?
    /// Every error, in the order of ErrorCodes.md, Which error wins (empty unless rejected).
    public var diagnostics: [Diagnostic]
    public var contentDigest: String
    /// Accepted: the account to create (nil when the row named an existing one, or shares the
    /// account an earlier row of the same file created).
    public var newAccount: AccountRecord?
    /// Accepted: the subscription to create.
    public var subscription: SubscriptionRecord?

    public init(ref: String, line: Int, outcome: RequestOutcomeKind, contentDigest: String) {
        self.ref = ref
        self.line = line
        self.outcome = outcome
        self.contentDigest = contentDigest
        self.diagnostics = []
    }
}

/// Judges import rows one at a time, in file order, against the ledger (``OrderHistory``) and the
/// rows before them: the same decoding and lookups as a new order, then the rules that describe
/// a subscription (resources, payment model offered by the plan, threshold, domain, region,
/// country lock, account type, currency); not those of a sale (provisioning date, terms, promo,
/// data location, unit parameters), and an on-premise product is allowed — that is the point.
public struct SubscriptionImportJudge {
    public let context: JudgeContext
    public private(set) var history: BatchHistory
    let decoder: RequestDecoder
    /// Rows of this file with the same company details share the account the first one created.
    private var accountsByDetails: [String: String] = [:]

    public init(context: JudgeContext, history base: any OrderHistory) {
        self.context = context
        self.history = BatchHistory(base: base)
        self.decoder = RequestDecoder(resellerCountry: context.reseller.country)
    }

    private static let rules: [any OrderRule] = [
        ResourceAmountRule(), BlockingThresholdRule(), DomainRule(), RegionRule(), CountryLockRule(),
        AccountTypeRule(), CurrencyRule(),
    ]

    public mutating func judge(_ row: SubscriptionImportRow, ids: inout some IdentifierSource) -> SubscriptionImportOutcome {
        var raw = row.raw
        raw.action = .order
        let digest = row.contentDigest
        let ref = raw.ref ?? ""
        var findings = raw.readerErrors
        let resellerId = context.reseller.id

        if let givenRef = raw.ref, let stored = history.acceptedRequest(ref: givenRef, reseller: resellerId) {
            if stored.contentDigest == digest {
                var outcome = SubscriptionImportOutcome(
                    ref: ref, line: row.line, outcome: .duplicate, contentDigest: digest)
                outcome.accountId = stored.result.accountId
                outcome.subscriptionId = stored.result.subscriptionId
                return outcome
            }
            findings.append(Diagnostic(
                .duplicateRefConflict, field: RequestField.ref.name,
                "Ref \(givenRef) was already accepted with different content: give this subscription a new ref, "
                    + "or send exactly the same row again.", at: raw.location(of: .ref)))
        }

        let decoded = decoder.decode(raw, into: &findings)
        // The import's own columns.
        let start = Self.date(
            row.periodStart, column: SubscriptionImportRow.periodStartColumn, at: row.periodStartLocation,
            into: &findings)
        if row.periodStart == nil {
            findings.append(Diagnostic(
                .missingField, field: SubscriptionImportRow.periodStartColumn,
                "Give the first day of the subscription's current period (YYYY-MM-DD).", at: row.periodStartLocation))
        }
        let end = Self.date(
            row.periodEnd, column: SubscriptionImportRow.periodEndColumn, at: row.periodEndLocation, into: &findings)
        if let start, let end, end <= start {
            findings.append(Diagnostic(
                .invalidValue, field: SubscriptionImportRow.periodEndColumn,
                "The current period ends on its first day not included: \(end) must come after period_start "
                    + "\(start).", at: row.periodEndLocation))
        }
        var status = SubscriptionStatus.active
        if let text = row.status {
            if let given = SubscriptionStatus(rawValue: text), SubscriptionImportRow.importableStatuses.contains(given) {
                status = given
            } else {
                let allowed = SubscriptionImportRow.importableStatuses.map(\.rawValue).joined(separator: ", ")
                findings.append(Diagnostic(
                    .invalidValue, field: SubscriptionImportRow.statusColumn,
                    "'\(text)' is not a status an imported subscription can have: write one of \(allowed) "
                        + "(default Active).", at: row.statusLocation))
            }
        }

        var facts: OrderFacts?
        if let decoded {
            let resolved = OrderFacts.resolve(decoded, raw: raw, context: context, history: history, findings: &findings)
            facts = resolved
            if let period = resolved.period, period.trial {
                findings.append(Diagnostic(
                    .invalidValue, field: RequestField.period.name,
                    "Period \(period.id) is a trial: only subscriptions with a paid period can be imported.",
                    at: raw.location(of: .period)))
            }
            if let plan = resolved.plan, let allowed = plan.paymentModels, !allowed.contains(resolved.paymentModel) {
                let offered = allowed.map(\.rawValue).joined(separator: " or ")
                findings.append(Diagnostic(
                    .paymentModelNotAllowed, field: RequestField.paymentModel.name,
                    "Plan \(plan.id) is sold \(offered) only, not \(resolved.paymentModel.rawValue).",
                    at: raw.location(of: .paymentModel)))
            }
            for rule in Self.rules { rule.check(resolved, context, history, into: &findings) }
        }

        let errors = findings.sortedByPrecedence().errors
        var outcome = SubscriptionImportOutcome(ref: ref, line: row.line, outcome: .rejected, contentDigest: digest)
        guard errors.isEmpty, let facts, let start, let product = facts.product, let plan = facts.plan,
            let period = facts.period, let amounts = facts.amounts, let currency = facts.billingCurrency,
            let country = facts.country
        else {
            outcome.diagnostics = errors
            return outcome
        }

        let threshold: Money?
        do {
            threshold = try OutcomePlan.blockingThreshold(facts: facts, plan: plan, currency: currency, context: context)
        } catch {
            outcome.diagnostics = [error.diagnostic(raw: raw)]
            return outcome
        }

        // Ids in row order: account (when new), subscription (StatesAndIds.md, ids).
        var accountId = facts.account?.id
        if let company = facts.request.company {
            let key = [
                company.accountType, company.name, company.vatId, company.contactName, company.contactEmail,
                company.country, company.region, company.city, company.postalCode, company.addressLine1,
            ].map { $0 ?? "\u{1}" }.joined(separator: "\u{0}")
            if let shared = accountsByDetails[key] {
                accountId = shared
            } else {
                let id = ids.nextId(.account) ?? ""
                accountId = id
                accountsByDetails[key] = id
                let account = AccountRecord(
                    id: id, reseller: resellerId, accountType: company.accountType ?? "", registration: .full,
                    companyName: company.name, vatId: company.vatId, contactName: company.contactName,
                    contactEmail: company.contactEmail, country: country, region: company.region, city: company.city,
                    postalCode: company.postalCode, addressLine1: company.addressLine1)
                outcome.newAccount = account
                history.record(account: account)
            }
        }
        let subscriptionId = ids.nextId(.subscription) ?? ""
        let domain = facts.request.domain?.lowercased()
        let subscription = SubscriptionRecord(
            id: subscriptionId, reseller: resellerId, accountId: accountId ?? "", productId: product.id,
            planId: plan.id, periodId: period.id, resources: amounts, currentPeriodStart: start,
            currentPeriodEnd: end ?? period.duration.end(from: start), currency: currency,
            paymentModel: facts.paymentModel, status: status, blockingThreshold: threshold, domain: domain)
        outcome.outcome = .accepted
        outcome.accountId = accountId
        outcome.subscriptionId = subscriptionId
        outcome.subscription = subscription

        history.record(subscription: subscription)
        if let domain, status != .canceled { history.hold(domain: domain, productId: product.id) }
        if let givenRef = raw.ref {
            history.record(accepted: StoredRequest(
                ref: givenRef, action: .order, contentDigest: digest, result: outcome.result))
        }
        return outcome
    }

    /// A date column of the import: nil when absent, or when malformed (then `INVALID_VALUE`).
    private static func date(
        _ text: String?, column: String, at location: SourceLocation, into findings: inout [Diagnostic]
    ) -> CalendarDate? {
        guard let text else { return nil }
        guard let date = CalendarDate(iso: text) else {
            findings.append(Diagnostic(
                .invalidValue, field: column, "'\(text)' is not a date: write YYYY-MM-DD.", at: location))
            return nil
        }
        return date
    }
}

extension SubscriptionImportOutcome {
    /// The row as the ledger's `results` table keeps it (action `import`): what `ledger show`
    /// prints and what a duplicate row repeats.
    public var result: RequestResult {
        var result = RequestResult(ref: ref, line: line, action: "import", outcome: outcome)
        result.accountId = accountId
        result.subscriptionId = subscriptionId
        result.subscriptionStatus = subscription?.status
        result.currency = subscription?.currency.code
        if let first = diagnostics.first {
            result.errorCode = first.code
            result.errorField = first.field
            result.errorMessage = first.message
        }
        return result
    }
}
