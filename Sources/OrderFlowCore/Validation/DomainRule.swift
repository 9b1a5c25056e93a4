/// Domains (Rules.md): required where the product says so, a valid host name whenever given,
/// and held by at most one live subscription per product (compared without regard to case).
public struct DomainRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        let field = RequestField.domain.name
        let location = facts.location(.domain)
        guard let domain = facts.request.domain else {
            if let product = facts.product, product.requiresDomain {
                findings.append(Diagnostic(
                    .domainRequired, field: field, "\(product.name) needs a domain: give the customer's domain.",
                    at: location))
            }
            return
        }
        guard FieldForms.isDomain(domain) else {
            findings.append(Diagnostic(
                .domainInvalid, field: field,
                "'\(domain)' is not a valid domain: use letters, digits and hyphens in dot-separated labels, "
                    + "such as example.com.", at: location))
            return
        }
        if let product = facts.product, history.isDomainHeld(domain.lowercased(), productId: product.id),
            !Self.heldOnlyByTrialsOf(facts.account?.id, domain: domain.lowercased(), product: product, context, history)
        {
            findings.append(Diagnostic(
                .domainTaken, field: field,
                "\(domain) is already used by another \(product.name) subscription: choose another domain.",
                at: location))
        }
    }

    /// Provisioning.md, trials: a domain held by the account's own trial (still on its trial
    /// period) is not taken for a paid order of the same product by that account; the trial
    /// ends or converts at its end.
    static func heldOnlyByTrialsOf(
        _ account: String?, domain: String, product: Product, _ context: JudgeContext, _ history: any OrderHistory
    ) -> Bool {
        guard let account else { return false }
        let holders = history.domainHolders(domain, productId: product.id)
        return !holders.isEmpty && holders.allSatisfy { holder in
            holder.accountId == account
                && context.catalog.plan(id: holder.planId)?.plan.period(id: holder.periodId)?.trial == true
        }
    }
}
