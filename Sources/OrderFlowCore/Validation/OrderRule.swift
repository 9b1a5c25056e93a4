/// One rule of Rules.md for new orders: it reads the resolved facts and appends what fails.
///
/// Rules never stop at the first problem and never depend on each other's findings; a rule
/// whose inputs did not resolve (no plan, no amounts) checks nothing.
public protocol OrderRule: Sendable {
    func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic])
}

/// Every order rule, in the order of ErrorCodes.md, Which error wins.
public enum OrderRules {
    public static let all: [any OrderRule] = [
        ResourceAmountRule(), TrialResourcesRule(), TrialDropRule(), PaymentModelRule(), BlockingThresholdRule(),
        ProvisioningDateRule(), DomainRule(), DataLocationRule(), RegionRule(), CountryLockRule(), TermsRule(),
        AccountTypeRule(), RegistrationRule(), PromoRule(), CurrencyRule(), OnPremiseRule(), UnitParametersRule(),
    ]
}
