/// A new order with its lookups resolved and its defaults applied: what the rules judge.
///
/// Built once per request by ``OrderFacts/resolve(_:raw:context:history:findings:)``, which
/// reports the lookups that fail (product, plan, period, resources, account); a rule that
/// depends on a failed lookup finds the value nil and checks nothing (ErrorCodes.md,
/// Which error wins).
public struct OrderFacts: Sendable {
    public var request: DecodedRequest
    public var product: Product?
    public var plan: Plan?
    public var period: Period?
    /// The total amount per plan resource (catalog order; absent = included), when every given resource is known.
    public var amounts: [ResourceQuantity]?
    /// The existing account named by `account`, when found.
    public var account: AccountRecord?
    /// True when `account` was given but could not be checked (no ledger).
    public var accountUnchecked: Bool
    public var channel: Channel
    public var registration: Registration
    public var paymentModel: PaymentModel
    public var provisioningDate: CalendarDate
    /// Where the paying company is: its country (the reseller's when absent) and region.
    public var country: String?
    public var region: String?
    public var accountType: String?
    /// The billing currency, when it is an ISO 4217 code.
    public var billingCurrency: Currency?

    /// The location of a request field, for findings.
    public let raw: RawRequest

    public func location(_ field: RequestField) -> SourceLocation { raw.location(of: field) }
}

extension OrderFacts {
    /// Resolves lookups and defaults, appending `UNKNOWN_*` / `AMBIGUOUS_PLAN` findings.
    public static func resolve(
        _ request: DecodedRequest, raw: RawRequest, context: JudgeContext, history: any OrderHistory,
        findings: inout [Diagnostic]
    ) -> OrderFacts {
        let reseller = context.reseller
        var facts = OrderFacts(
            request: request, accountUnchecked: false, channel: request.channel ?? .customer,
            registration: request.registration ?? .full,
            paymentModel: request.paymentModel ?? reseller.defaultPaymentModel,
            provisioningDate: request.provisioningDate ?? context.asOf, raw: raw)

        var productGiven = true
        if let key = request.product {
            switch context.catalog.lookupProduct(key) {
            case .found(let product): facts.product = product
            case .notFound:
                productGiven = false
                findings.append(Diagnostic(
                    .unknownProduct, field: RequestField.product.name,
                    "No product has the id or name '\(key)': check the catalog.", at: raw.location(of: .product)))
            case .ambiguous:
                productGiven = false
                findings.append(Diagnostic(
                    .ambiguousPlan, field: RequestField.product.name,
                    "Several products are named '\(key)': name the product by its id.", at: raw.location(of: .product)))
            }
        }
        if productGiven, let key = request.plan {
            switch context.catalog.lookupPlan(key, in: facts.product) {
            case .found(let (product, plan)):
                facts.product = product
                facts.plan = plan
            case .notFound:
                let scope = facts.product.map { " in product \($0.id)" } ?? ""
                findings.append(Diagnostic(
                    .unknownPlan, field: RequestField.plan.name,
                    "No plan has the id or name '\(key)'\(scope): check the catalog.", at: raw.location(of: .plan)))
            case .ambiguous:
                findings.append(Diagnostic(
                    .ambiguousPlan, field: RequestField.plan.name,
                    "Several plans are named '\(key)': name the plan by its id, or name its product.",
                    at: raw.location(of: .plan)))
            }
        }
        if let plan = facts.plan, let key = request.period {
            if let period = plan.period(id: key) {
                facts.period = period
            } else {
                let known = plan.periods.map(\.id).joined(separator: ", ")
                findings.append(Diagnostic(
                    .unknownPeriod, field: RequestField.period.name,
                    "Plan \(plan.id) has no period '\(key)': use one of \(known).", at: raw.location(of: .period)))
            }
        }
        if let plan = facts.plan {
            var known = true
            for resource in request.resources where plan.resource(id: resource.id) == nil {
                known = false
                findings.append(Diagnostic(
                    .unknownResource, field: resource.field,
                    "Plan \(plan.id) has no resource '\(resource.id)': remove it or check its id.",
                    at: resource.location))
            }
            // Resources the decoder could not read leave the totals unknown.
            let decoded = Set(request.resources.map(\.id))
            let unreadable = raw.resources.contains { !decoded.contains($0.id) }
            if known && !unreadable && request.resources.allSatisfy({ $0.amount != nil }) {
                facts.amounts = plan.resources.map { resource in
                    ResourceQuantity(
                        id: resource.id, amount: request.amount(of: resource.id)?.amount ?? resource.included)
                }
            }
        }

        if let accountId = request.account {
            if let account = history.account(id: accountId, reseller: reseller.id) {
                facts.account = account
                facts.country = account.country
                facts.region = account.region
                facts.accountType = account.accountType
            } else {
                facts.accountUnchecked = context.unresolvedReferences == .note
                findings.append(context.unresolved(
                    .unknownAccount, field: RequestField.account.name,
                    "Reseller \(reseller.id) has no account '\(accountId)': use the account_id of an earlier "
                        + "accepted order, or register the company with its details.",
                    at: raw.location(of: .account)))
            }
        } else if let company = request.company {
            facts.country = company.country ?? (raw[.country] == nil ? reseller.country : nil)
            facts.region = company.region
            facts.accountType = company.accountType
        }

        let code = request.currency ?? reseller.currency.code
        facts.billingCurrency = Currency(code: code)
        return facts
    }

    /// True for a trial period.
    public var isTrial: Bool { period?.trial ?? false }
}
