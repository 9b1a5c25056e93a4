/// Pricing.md, step 4: which tax rules apply to a customer, and the taxes on a document.
///
/// Decisions made here, beyond the step as Pricing.md, step 4 states it:
/// - **Which rules apply.** The rules the reseller charges (`resellers` absent or naming it) for
///   the customer's country: every rule of the customer's region, plus every country-wide rule
///   whose name no rule of that region has. Catalog order is kept.
/// - **Zero rates.** A rule of rate 0 and category `S` is a region rule that removes the country
///   rule of its name (Pricing.md, step 4): it takes that rule's place and is *not listed*
///   (EN 16931 forbids an `S` line at 0 %). A rule of rate 0 with another category (`Z` zero
///   rated, `E` exempt, …) *is* listed, with amount 0, because an EN 16931 invoice must show
///   that category.
/// - **The order's category** is the category of the first listed tax; `AE` for EU reverse charge
///   (no tax lines); `O` (not subject) when no tax is listed.
/// - **Taxable amounts.** Exclusive: every listed tax's `taxable` is the document's net.
///   Inclusive: every listed tax's `taxable` is the net left once all taxes are extracted
///   (G − Σ taxes).
extension Pricing {
    /// The taxes on a document and the net, tax and total that follow.
    public struct Taxation: Sendable, Hashable {
        public var taxes: [TaxLine]
        public var vatCategory: String
        public var net: Int64
        public var tax: Int64
        public var total: Int64

        public init(taxes: [TaxLine], vatCategory: String, net: Int64, tax: Int64, total: Int64) {
            self.taxes = taxes
            self.vatCategory = vatCategory
            self.net = net
            self.tax = tax
            self.total = total
        }
    }

    /// VAT category of an EU reverse-charge order (EN 16931 `AE`).
    public static let reverseChargeCategory = "AE"
    /// VAT category of an order no tax rule applies to (EN 16931 `O`, not subject to VAT).
    public static let notSubjectCategory = "O"

    /// True when the EU reverse charge of Pricing.md, step 4 applies: reseller and customer in two
    /// different EU member states, the customer a company with a VAT id.
    public static func isReverseCharge(reseller: Reseller, customer: TaxCustomer) -> Bool {
        customer.isCompanyWithVatId && reseller.country != customer.country
            && ISO3166.isEUMember(reseller.country) && ISO3166.isEUMember(customer.country)
    }

    /// The rules that apply to this customer for this reseller, in catalog order, zero rates included.
    public static func applicableTaxRules(catalog: Catalog, reseller: Reseller, customer: TaxCustomer) -> [TaxRule] {
        let charged = catalog.taxes.filter { $0.country == customer.country && $0.isCharged(by: reseller.id) }
        let regionNames: Set<String>
        if let region = customer.region {
            regionNames = Set(charged.filter { $0.region == region }.map(\.name))
        } else {
            regionNames = []
        }
        return charged.filter { rule in
            guard let ruleRegion = rule.region else { return !regionNames.contains(rule.name) }
            return ruleRegion == customer.region
        }
    }

    /// The rules of ``applicableTaxRules(catalog:reseller:customer:)`` that appear as tax lines:
    /// all but the rate-0 rules of category `S` (a removal, not a tax).
    public static func listedTaxRules(catalog: Catalog, reseller: Reseller, customer: TaxCustomer) -> [TaxRule] {
        applicableTaxRules(catalog: catalog, reseller: reseller, customer: customer).filter {
            !($0.rate.isZero && $0.category == "S")
        }
    }

    /// Pricing.md, step 4 on `amount` = the document's lines − discounts (≥ 0), with the reseller's tax
    /// mode and rounding.
    ///
    /// Exclusive: each tax = round(net × rate); total = net + Σ taxes. Inclusive: `amount` is the
    /// gross G the customer pays; each tax = round(G × rate / (1 + Σ rates)) as one exact fraction;
    /// net = G − Σ taxes; total = G. Throws when a tax or the total is beyond what OrderFlow holds.
    public static func taxation(
        amount: Int64, catalog: Catalog, reseller: Reseller, customer: TaxCustomer
    ) throws(PricingArithmetic.AmountOutOfRange) -> Taxation {
        if isReverseCharge(reseller: reseller, customer: customer) {
            return Taxation(taxes: [], vatCategory: reverseChargeCategory, net: amount, tax: 0, total: amount)
        }
        let rules = listedTaxRules(catalog: catalog, reseller: reseller, customer: customer)
        guard let first = rules.first else {
            return Taxation(taxes: [], vatCategory: notSubjectCategory, net: amount, tax: 0, total: amount)
        }
        let mode = reseller.rounding
        // All rates on one scale, so that 1 + Σ rates is a single exact integer.
        let scale = rules.map(\.rate.scale).max() ?? ScaledDecimal.Scale.rate
        func units(_ rate: ScaledDecimal) throws(PricingArithmetic.AmountOutOfRange) -> Int128 {
            try PricingArithmetic.product(Int128(rate.units), ExactDivision.pow10(scale - rate.scale))
        }
        let one = ExactDivision.pow10(scale)
        switch reseller.taxMode {
        case .exclusive:
            var lines: [TaxLine] = []
            var tax: Int64 = 0
            for rule in rules {
                let value = try PricingArithmetic.rounded(
                    try PricingArithmetic.product(Int128(amount), try units(rule.rate)), one, mode)
                lines.append(
                    TaxLine(name: rule.name, rate: rule.rate, category: rule.category, taxable: amount, amount: value))
                tax = try PricingArithmetic.add(tax, value)
            }
            return Taxation(
                taxes: lines, vatCategory: first.category, net: amount, tax: tax,
                total: try PricingArithmetic.add(amount, tax))
        case .inclusive:
            var denominator = one
            for rule in rules {
                let (sum, overflow) = denominator.addingReportingOverflow(try units(rule.rate))
                if overflow { throw PricingArithmetic.AmountOutOfRange() }
                denominator = sum
            }
            var amounts: [Int64] = []
            var tax: Int64 = 0
            for rule in rules {
                let value = try PricingArithmetic.rounded(
                    try PricingArithmetic.product(Int128(amount), try units(rule.rate)), denominator, mode)
                amounts.append(value)
                tax = try PricingArithmetic.add(tax, value)
            }
            let net = amount - tax
            let lines = zip(rules, amounts).map { rule, value in
                TaxLine(name: rule.name, rate: rule.rate, category: rule.category, taxable: net, amount: value)
            }
            return Taxation(taxes: lines, vatCategory: first.category, net: net, tax: tax, total: amount)
        }
    }
}
