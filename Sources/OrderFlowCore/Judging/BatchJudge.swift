/// Judges a batch's requests one at a time, in file order, against earlier batches and the
/// requests before it in the same file.
///
/// ```
///  RawRequest ─► decode ─► duplicate? ─► resolve + rules ─► price ─► outcome ─► JudgedRequest
///                 │ MISSING_FIELD          │ UNKNOWN_*        │        │ statuses, payment,
///                 │ INVALID_VALUE          │ every rule       │        │ invoice number, ids
///                 └────────── every finding collected, sorted by rank ──────────┘
/// ```
///
/// The rules are those of Rules.md, the price is Pricing.md's, and the rank is the order of
/// ErrorCodes.md, Which error wins.
///
/// An accepted request updates ``history`` at once, so the next request sees its ref, its
/// domain, its promo use and its order (a cancel later in the file finds it).
public struct BatchJudge {
    public let context: JudgeContext
    public private(set) var history: BatchHistory
    let decoder: RequestDecoder

    public init(context: JudgeContext, history base: any OrderHistory) {
        self.init(context: context, history: base, baseHoldsBatchWrites: false)
    }

    /// `baseHoldsBatchWrites`: `base` sees what this batch stores as soon as it is stored (see
    /// ``BatchHistory/baseHoldsBatchWrites``), so the in-batch overlay stays small.
    public init(context: JudgeContext, history base: any OrderHistory, baseHoldsBatchWrites: Bool) {
        self.context = context
        self.history = BatchHistory(base: base, baseHoldsBatchWrites: baseHoldsBatchWrites)
        self.decoder = RequestDecoder(resellerCountry: context.reseller.country)
    }

    public mutating func judge(_ raw: RawRequest, ids: inout some IdentifierSource) -> JudgedRequest {
        var findings = raw.readerErrors
        let digest = RequestContent.digest(of: raw)
        let ref = raw.ref ?? ""
        let actionText = raw.action?.rawValue ?? raw[.action] ?? ""

        // Duplicates come before any other rule (Rules.md, refs).
        if let ref = raw.ref, let action = raw.action, action != .cancel,
            let stored = history.acceptedRequest(ref: ref, reseller: context.reseller.id)
        {
            if stored.contentDigest == digest {
                var result = stored.result
                result.line = raw.location.line
                result.outcome = .duplicate
                return JudgedRequest(
                    raw: raw, outcome: .duplicate, diagnostics: [], contentDigest: digest, result: result, effects: nil)
            }
            findings.append(Diagnostic(
                .duplicateRefConflict, field: RequestField.ref.name,
                "Ref \(ref) was already accepted with different content: give this request a new ref, or send "
                    + "exactly the same request again.", at: raw.location(of: .ref)))
        }

        // Decoded only when not a duplicate: a duplicate is reported before any other rule.
        let decoded = decoder.decode(raw, into: &findings)
        var accepted: (RequestResult, AcceptedEffects)?
        if let decoded, context.trialsOnly, decoded.action != .order {
            findings.append(Diagnostic(
                .invalidValue, field: RequestField.action.name,
                "A trial drop holds new trial orders only; send a \(decoded.action.rawValue) in an order drop of the import.",
                at: raw.location(of: .action)))
        } else if let decoded {
            switch decoded.action {
            case .order: accepted = judgeOrder(decoded, raw: raw, findings: &findings, ids: &ids)
            case .cancel:
                switch judgeCancel(decoded, raw: raw, findings: &findings, ids: &ids) {
                case .duplicate(var row):
                    row.line = raw.location.line
                    row.outcome = .duplicate
                    return JudgedRequest(
                        raw: raw, outcome: .duplicate, diagnostics: [], contentDigest: digest, result: row, effects: nil)
                case .accepted(let result, let effects): accepted = (result, effects)
                case .rejected: break
                }
            case .renewal, .upgrade:
                accepted = judgeSubscriptionChange(decoded, raw: raw, findings: &findings, ids: &ids)
            }
        }

        let sorted = findings.sortedByPrecedence()
        let errors = sorted.errors
        let notes = sorted.filter { $0.severity == .note }
        if let first = errors.first {
            var result = RequestResult(ref: ref, line: raw.location.line, action: actionText, outcome: .rejected)
            result.errorCode = first.code
            result.errorField = first.field
            result.errorMessage = first.message
            return JudgedRequest(
                raw: raw, outcome: .rejected, diagnostics: errors + notes, contentDigest: digest, result: result,
                effects: nil)
        }
        guard let (result, effects) = accepted else {
            // Only notes (validate without a ledger): judged as far as possible, nothing to create.
            var result = RequestResult(ref: ref, line: raw.location.line, action: actionText, outcome: .accepted)
            result.errorCode = nil
            return JudgedRequest(
                raw: raw, outcome: .accepted, diagnostics: notes, contentDigest: digest, result: result, effects: nil)
        }
        commit(effects, result: result, raw: raw, digest: digest)
        return JudgedRequest(
            raw: raw, outcome: .accepted, diagnostics: notes, contentDigest: digest, result: result, effects: effects)
    }

    /// Lays an accepted request over the history, for the requests after it.
    private mutating func commit(_ effects: AcceptedEffects, result: RequestResult, raw: RawRequest, digest: String) {
        if effects.action != .cancel, let ref = raw.ref {
            history.record(accepted: StoredRequest(ref: ref, action: effects.action, contentDigest: digest, result: result))
        }
        if let account = effects.newAccount, !account.id.isEmpty { history.record(account: account) }
        if let order = effects.salesOrder {
            if effects.action == .order {
                history.record(order: order)
                if let domain = order.domain { history.hold(domain: domain, productId: order.productId) }
            } else {
                history.record(renewalOrUpgrade: order)
            }
        }
        if let subscription = effects.newSubscription, !subscription.id.isEmpty {
            history.record(subscription: subscription)
        }
        if let change = effects.subscriptionChange,
            var subscription = history.subscription(id: change.subscriptionId, reseller: context.reseller.id)
        {
            if let renewal = change.renewal {
                subscription.periodId = renewal.periodId
                subscription.currentPeriodEnd = renewal.end
            }
            if let amounts = change.newAmounts { subscription.resources = amounts }
            history.record(subscription: subscription)
        }
        if let code = effects.promoUse { history.usePromo(code: code) }
        if let use = effects.trialUse { history.record(trialUse: use) }
        if let cancel = effects.cancel {
            let order = cancel.order.canceled
            history.record(order: order)
            for change in cancel.renewalsAndUpgrades { history.record(renewalOrUpgrade: change.canceled) }
            if let domain = cancel.releasedDomain { history.release(domain: domain, productId: order.productId) }
            if let id = order.subscriptionId,
                var subscription = history.subscription(id: id, reseller: context.reseller.id)
            {
                subscription.status = .canceled
                history.record(subscription: subscription)
            }
        }
    }
}

extension RequestResult {
    /// The amount columns of a priced sales order.
    mutating func fill(amountsOf order: OrderRecord) {
        currency = order.total.currency.code
        net = order.net.text
        tax = order.tax.text
        total = order.total.text
    }
}
