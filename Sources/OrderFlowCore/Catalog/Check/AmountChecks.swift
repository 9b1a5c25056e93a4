extension CatalogCheck {
    /// Every amount an order within the catalog's limits can reach fits what OrderFlow holds exactly
    /// (`Int64` minor units of the billing currency: CatalogFormat.md, what catalog check reports).
    ///
    /// Worst cases, priced with the pricing's own arithmetic (Pricing.md, steps 1, 2, 4 and 6):
    /// every resource with a `max` at its max (one without `max` at its `min` or `included`: its
    /// amount is judged per request, `AMOUNT_TOO_LARGE`), each paid period, converted at the largest
    /// rate from the plan's currency to each currency (SaaS orders may be billed in any of them),
    /// rounded half-up, and taxed at the largest sum of tax rates of any one country. A resource
    /// beyond on its own is reported on its `max`; otherwise a period whose order is beyond, on its
    /// `fee`. Thresholds, fixed top-ups and fixed promo amounts are checked converted the same way.
    static func checkAmountsFit(_ catalog: Catalog, _ report: inout CatalogReport) {
        let taxes = largestTaxRates(catalog)
        for product in catalog.products {
            for plan in product.plans {
                checkPlanAmounts(plan, catalog: catalog, taxes: taxes, &report)
            }
        }
        for promo in catalog.promos {
            guard case .amount(let value, let code?) = promo.discount else { continue }
            if let beyond = firstBeyond(value, targets: billingTargets(from: code, catalog)) {
                report.add("amount", line: promo.line, convertedBeyond("amount", value, beyond))
            }
        }
    }

    static func checkPlanAmounts(_ plan: Plan, catalog: Catalog, taxes: [ScaledDecimal], _ report: inout CatalogReport) {
        let targets = billingTargets(from: plan.currency.code, catalog)
        let amounts = plan.resources.map { ResourceQuantity(id: $0.id, amount: $0.max ?? Swift.max($0.min, $0.included)) }
        let periods = plan.periods.filter { !$0.trial }
        var beyondAlone = Set<String>()
        for resource in plan.resources {
            guard let max = resource.max else { continue }
            for period in periods {
                let lines = Pricing.planLines(plan: plan, period: period, amounts: amounts, setup: true)
                    .filter { $0.resourceId == resource.id }
                guard let beyond = firstBeyond(lines, targets: targets, taxes: taxes) else { continue }
                report.add(
                    "max", line: resource.line,
                    "resource '\(resource.id)' at its max of \(max) \(resource.unit) comes to more than \(holds(beyond)), taxes included: lower max or the resource's fees")
                beyondAlone.insert(resource.id)
                break
            }
        }
        // The rest of each order, without the resources already reported on their own.
        for period in periods {
            let lines = Pricing.planLines(plan: plan, period: period, amounts: amounts, setup: true)
                .filter { $0.resourceId.map { !beyondAlone.contains($0) } ?? true }
            guard let beyond = firstBeyond(lines, targets: targets, taxes: taxes) else { continue }
            report.add(
                "fee", line: period.line,
                "an order of plan '\(plan.id)' for period '\(period.id)' with every resource at its max comes to more than \(holds(beyond)), taxes included: lower the fees or the resources' max")
        }
        if let threshold = plan.blockingThreshold, let beyond = firstBeyond(threshold, targets: targets) {
            report.add("blockingThreshold", line: plan.line, convertedBeyond("blockingThreshold", threshold, beyond))
        }
        switch plan.topUp {
        case .fixed(let value)?:
            if let beyond = firstBeyond(value, targets: targets) {
                report.add("topUp", line: plan.line, convertedBeyond("topUp", value, beyond))
            }
        case .resources?:
            // Pricing.md, step 6: one month of each resource's additional units, no tax.
            let lines = plan.resources.compactMap { resource -> Pricing.PlanLine? in
                guard let fee = resource.recurringFee, let amount = amounts.first(where: { $0.id == resource.id })
                else { return nil }
                return Pricing.PlanLine(
                    kind: .recurring, description: resource.name, resourceId: resource.id,
                    quantity: Pricing.additional(amount.amount, resource), fee: fee, months: 1)
            }
            for resource in plan.resources where !beyondAlone.contains(resource.id) {
                guard let max = resource.max,
                    let beyond = firstBeyond(lines.filter { $0.resourceId == resource.id }, targets: targets, taxes: [])
                else { continue }
                report.add(
                    "max", line: resource.line,
                    "resource '\(resource.id)' at its max of \(max) \(resource.unit) makes a top-up of more than \(holds(beyond)): lower max or recurringFee")
                beyondAlone.insert(resource.id)
            }
            let rest = lines.filter { $0.resourceId.map { !beyondAlone.contains($0) } ?? true }
            if let beyond = firstBeyond(rest, targets: targets, taxes: []) {
                report.add(
                    "topUp", line: plan.line,
                    "the top-up of plan '\(plan.id)' with every resource at its max comes to more than \(holds(beyond)): lower the resources' max or recurringFee, or use topUp=\"fixed:AMOUNT\"")
            }
        case nil:
            break
        }
    }

    /// Each currency an amount in `code` may be billed in, with the largest rate to it (rate 1 to
    /// itself); codes not in ISO 4217 are left to the currency checks.
    static func billingTargets(from code: String, _ catalog: Catalog) -> [(currency: Currency, rate: ScaledDecimal)] {
        var largest: [String: ScaledDecimal] = [:]
        if Currency(code: code) != nil { largest[code] = ScaledDecimal(units: 1_000_000, scale: ScaledDecimal.Scale.rate) }
        for rate in catalog.exchangeRates where rate.from == code && rate.to != code && Currency(code: rate.to) != nil {
            if let known = largest[rate.to], known.units >= rate.rate.units { continue }
            largest[rate.to] = rate.rate
        }
        return largest.keys.sorted().map { (Currency(code: $0)!, largest[$0]!) }
    }

    /// The tax rates of the country whose rates add up to the most (every rule of it, whatever its
    /// region or resellers: more than any one customer pays).
    static func largestTaxRates(_ catalog: Catalog) -> [ScaledDecimal] {
        let byCountry = Dictionary(grouping: catalog.taxes, by: \.country)
        return byCountry.values.map { $0.map(\.rate) }.max { lhs, rhs in
            lhs.reduce(Int128(0)) { $0 + Int128($1.units) } < rhs.reduce(Int128(0)) { $0 + Int128($1.units) }
        } ?? []
    }

    /// The first billing currency in which `lines`, converted, summed and taxed at `taxes`, are
    /// beyond what OrderFlow holds; nil when they fit in every one.
    static func firstBeyond(
        _ lines: [Pricing.PlanLine], targets: [(currency: Currency, rate: ScaledDecimal)], taxes: [ScaledDecimal]
    ) -> Currency? {
        targets.first { target in
            do {
                var subtotal: Int64 = 0
                for line in lines {
                    subtotal = try PricingArithmetic.add(
                        subtotal,
                        try PricingArithmetic.convertLine(
                            units: line.quantity, fee: line.fee, months: Int64(line.months), rate: target.rate,
                            currency: target.currency, mode: .halfUp))
                }
                var total = subtotal
                for rate in taxes {
                    let tax = try PricingArithmetic.rounded(
                        try PricingArithmetic.product(Int128(subtotal), Int128(rate.units)),
                        ExactDivision.pow10(rate.scale), .halfUp)
                    total = try PricingArithmetic.add(total, tax)
                }
                return false
            } catch {
                return true
            }
        }?.currency
    }

    /// The first billing currency in which `amount` (fee scale), converted, is beyond what OrderFlow holds.
    static func firstBeyond(_ amount: ScaledDecimal, targets: [(currency: Currency, rate: ScaledDecimal)]) -> Currency? {
        targets.first { target in
            (try? PricingArithmetic.convert(amount, rate: target.rate, to: target.currency, mode: .halfUp)) == nil
        }?.currency
    }

    /// "OrderFlow can hold exactly in EUR (at most 92233720368547758.07 EUR)".
    static func holds(_ currency: Currency) -> String {
        "OrderFlow can hold exactly in \(currency.code) (at most "
            + "\(Money.format(Int64.max, minorUnits: currency.minorUnits)) \(currency.code))"
    }

    static func convertedBeyond(_ field: String, _ value: ScaledDecimal, _ currency: Currency) -> String {
        "\(field) \(value.text) converted to \(currency.code) is more than \(holds(currency)): lower it"
    }
}
