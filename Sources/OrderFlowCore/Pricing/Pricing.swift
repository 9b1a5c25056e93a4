/// Pricing.md: pricing of new orders, renewals and upgrades, top-ups and due dates. Pure functions
/// of the catalog and the request; no I/O, no clock.
///
/// ```
///  step 1 lines (plan currency) ─► step 2 convert + round each line once ─► step 3 promo
///        (exact decimals)             (billing minor units, Int64)           (percent per line /
///                                                                             fixed per document)
///                                   ─► step 4 taxes (exclusive | inclusive, reverse charge, O) ─► PricedOrder
/// ```
///
/// Decisions made here, beyond the steps as Pricing.md states them:
/// - Lines come in this order: period fee (recurring), period setup fee (setup), then per
///   resource in catalog order its setup line and its recurring line.
/// - A line that is zero in step 1 *or* rounds to zero in step 2 is left out (an invoice never
///   shows a 0.00 charge).
/// - A trial has no lines; a pay-as-you-go plan has no lines either (no period or setup fees, and
///   its resources' `recurringFee` is charged on consumption by the billing run): ``priceOrder``
///   returns an order of total 0 for it, still with the plan → billing rate checked and stored
///   and the tax category determined. The prepay top-up is ``topUp``.
/// - The plan → billing rate must exist for every order, trials and pay-as-you-go included
///   (Rules.md, currency). A fixed-amount promo needs its currency → billing rate whenever it is given,
///   even if nothing is eligible. The plan rate is checked first.
/// - Pricing applies the promo it is given; its validity (dates, plans, uses) is the rules'.
///   `promoCode` is kept on the order whether or not it discounted; `promoUsed` is true only for
///   a discount above zero. A percent discount never exceeds its line, and a fixed discount is
///   capped at the eligible subtotal, so no total is negative.
public enum Pricing {
    // MARK: - Step 1 lines

    /// A step-1 line: exact, in the plan currency, before conversion.
    struct PlanLine {
        var kind: LineKind
        var description: String
        var resourceId: String?
        var quantity: Int64
        var fee: ScaledDecimal
        var months: Int
        /// Upgrade proration (days left / days in the period); 1/1 otherwise.
        var fraction: (numerator: Int64, denominator: Int64) = (1, 1)

        var isZero: Bool { quantity == 0 || fee.isZero || months == 0 || fraction.numerator == 0 }
    }

    /// The resource's total amount as ordered (absent: its included amount).
    static func amount(of resource: Resource, in amounts: [ResourceQuantity]) -> Int64 {
        amounts.first { $0.id == resource.id }?.amount ?? resource.included
    }

    /// Units above the included amount, not below 0.
    static func additional(_ amount: Int64, _ resource: Resource) -> Int64 {
        amount > resource.included ? amount - resource.included : 0
    }

    /// Step 9: units an upgrade from `old` to `new` (total amounts) charges, max(new − included, 0) −
    /// max(old − included, 0); not above 0 when the resource was not raised above its included amount.
    static func upgradeCharged(_ resource: Resource, from old: Int64, to new: Int64) -> Int64 {
        additional(new, resource) - additional(old, resource)
    }

    static func periodName(_ plan: Plan, _ period: Period) -> String { "\(plan.name) \(period.id)" }

    /// A resource's setup line, `units × setupFee` once; nil without a setupFee. Step 1, an upgrade's
    /// charged units (step 9) and the billing run's setup lines (PostpaidBill.swift) share it.
    static func setupLine(_ resource: Resource, units: Int64) -> PlanLine? {
        resource.setupFee.map { fee in
            PlanLine(
                kind: .setup, description: "\(resource.name) setup × \(units)", resourceId: resource.id,
                quantity: units, fee: fee, months: 1)
        }
    }

    /// Pricing.md, step 1 (and the renewal's lines of step 9 when `setup` is false).
    static func planLines(plan: Plan, period: Period, amounts: [ResourceQuantity], setup: Bool) -> [PlanLine] {
        guard !period.trial, plan.billing == .standard else { return [] }
        let months = period.duration.totalMonths
        var lines: [PlanLine] = []
        if let fee = period.fee {
            lines.append(
                PlanLine(
                    kind: .recurring, description: periodName(plan, period), resourceId: nil, quantity: 1, fee: fee,
                    months: 1))
        }
        if setup, let fee = period.setupFee {
            lines.append(
                PlanLine(
                    kind: .setup, description: "\(periodName(plan, period)) setup", resourceId: nil, quantity: 1,
                    fee: fee, months: 1))
        }
        for resource in plan.resources {
            let units = additional(amount(of: resource, in: amounts), resource)
            if setup, let line = setupLine(resource, units: units) { lines.append(line) }
            if let fee = resource.recurringFee {
                lines.append(
                    PlanLine(
                        kind: .recurring, description: "\(resource.name) × \(units)", resourceId: resource.id,
                        quantity: units, fee: fee, months: months))
            }
        }
        return lines.filter { !$0.isZero }
    }

    // MARK: - Steps 2–4

    /// The plan → billing rate on `date` (rate 1 for the same currency).
    static func rate(from: Currency, to: Currency, catalog: Catalog, on date: CalendarDate) -> Result<
        (rate: ScaledDecimal, effective: CalendarDate?), PricingError
    > {
        if from.code == to.code {
            return .success((ScaledDecimal(units: 1_000_000, scale: ScaledDecimal.Scale.rate), nil))
        }
        guard let found = catalog.exchangeRate(from: from.code, to: to.code, on: date) else {
            return .failure(.noExchangeRate(from: from.code, to: to.code))
        }
        return .success((found.rate, found.effective))
    }

    /// Step 2: each line converted and rounded once; lines that round to zero are left out. A line
    /// beyond what OrderFlow holds is `AMOUNT_TOO_LARGE` on its resource when `blame` is `.resources`
    /// (the request gave the amounts), else on the blame's field.
    static func convert(
        _ lines: [PlanLine], rate: ScaledDecimal, currency: Currency, mode: RoundingMode, blame: Blame
    ) throws(PricingError) -> [PricedLine] {
        var priced: [PricedLine] = []
        for line in lines {
            let amount: Int64
            do {
                amount = try PricingArithmetic.convertLine(
                    units: line.quantity, fee: line.fee, months: Int64(line.months), rate: rate,
                    fraction: line.fraction, currency: currency, mode: mode)
            } catch {
                throw blame.error(currency: currency, resourceId: line.resourceId)
            }
            guard amount != 0 else { continue }
            priced.append(
                PricedLine(
                    kind: line.kind, description: line.description, resourceId: line.resourceId,
                    quantity: line.quantity, amount: amount))
        }
        return priced
    }

    /// Where `AMOUNT_TOO_LARGE` is reported (ErrorCodes.md): on the resource to lower when the request
    /// gave the amounts (a new order, an upgrade, a top-up), else on a field of the request (a
    /// renewal's `period`, a threshold).
    enum Blame {
        case resources(otherwise: RequestField)
        case field(RequestField)

        func error(currency: Currency, resourceId: String?) -> PricingError {
            switch self {
            case .resources(let field): return .amountTooLarge(currency: currency, resourceId: resourceId, field: field)
            case .field(let field): return .amountTooLarge(currency: currency, resourceId: nil, field: field)
            }
        }

        /// For a sum or tax beyond what OrderFlow holds: the resource whose line is the largest.
        func error(currency: Currency, lines: [PricedLine]) -> PricingError {
            let largest = lines.filter { $0.resourceId != nil }.max { $0.amount < $1.amount }
            return error(currency: currency, resourceId: largest?.resourceId)
        }
    }

    static func isEligible(_ line: PricedLine, for scope: PromoScope) -> Bool {
        switch scope {
        case .all: return true
        case .recurring: return line.kind == .recurring
        case .setup: return line.kind == .setup
        }
    }

    /// Steps 2–4 from step-1 lines; `blame` says where an amount beyond what OrderFlow holds is reported.
    static func price(
        lines planLines: [PlanLine], catalog: Catalog, reseller: Reseller, planCurrency: Currency,
        billingCurrency: Currency, orderDate: CalendarDate, promo: Promo?, customer: TaxCustomer,
        blame: Blame = .resources(otherwise: .period)
    ) -> Result<PricedOrder, PricingError> {
        let mode = reseller.rounding
        let planRate: (rate: ScaledDecimal, effective: CalendarDate?)
        switch rate(from: planCurrency, to: billingCurrency, catalog: catalog, on: orderDate) {
        case .success(let found): planRate = found
        case .failure(let error): return .failure(error)
        }
        var lines: [PricedLine]
        do {
            lines = try convert(planLines, rate: planRate.rate, currency: billingCurrency, mode: mode, blame: blame)
        } catch {
            return .failure(error)
        }

        var documentDiscount: Int64 = 0
        let discountTotal: Int64
        let subtotal: Int64
        let taxation: Taxation
        do {
            // Step 3.
            if let promo {
                switch promo.discount {
                case .percent(let percent):
                    for index in lines.indices where isEligible(lines[index], for: promo.appliesTo) {
                        let discount = try PricingArithmetic.percentOf(lines[index].amount, percent: percent, mode: mode)
                        lines[index].discount = min(max(discount, 0), lines[index].amount)
                    }
                case .amount(let value, let code):
                    let promoCurrency = code ?? billingCurrency.code
                    guard let promoRate = catalog.exchangeRate(from: promoCurrency, to: billingCurrency.code, on: orderDate)
                    else { return .failure(.noPromoRate(from: promoCurrency, to: billingCurrency.code)) }
                    let converted = try PricingArithmetic.convert(
                        value, rate: promoRate.rate, to: billingCurrency, mode: mode)
                    let eligible = try PricingArithmetic.sum(
                        lines.filter { isEligible($0, for: promo.appliesTo) }.map(\.amount))
                    documentDiscount = min(max(converted, 0), eligible)
                }
            }
            let lineDiscounts = try PricingArithmetic.sum(lines.map(\.discount))
            discountTotal = try PricingArithmetic.add(lineDiscounts, documentDiscount)
            subtotal = try PricingArithmetic.sum(lines.map(\.amount))

            // Step 4.
            taxation = try Self.taxation(
                amount: subtotal - discountTotal, catalog: catalog, reseller: reseller, customer: customer)
        } catch {
            return .failure(blame.error(currency: billingCurrency, lines: lines))
        }
        return .success(
            PricedOrder(
                currency: billingCurrency, exchangeRate: planRate.rate, rateEffective: planRate.effective,
                lines: lines, documentDiscount: documentDiscount, discountTotal: discountTotal,
                promoCode: promo?.code, promoUsed: discountTotal > 0, taxes: taxation.taxes,
                vatCategory: taxation.vatCategory, net: taxation.net, tax: taxation.tax, total: taxation.total))
    }

    // MARK: - Public API

    /// Pricing.md, steps 1–4 for a new order.
    ///
    /// `amounts` are the total amounts per resource id as ordered (an absent resource: its included
    /// amount). A trial or a pay-as-you-go plan yields no lines and a total of 0 (see the type's
    /// documentation); the plan → billing rate is still required.
    public static func priceOrder(
        catalog: Catalog, reseller: Reseller, plan: Plan, period: Period, amounts: [ResourceQuantity],
        billingCurrency: Currency, orderDate: CalendarDate, promo: Promo?, customer: TaxCustomer
    ) -> Result<PricedOrder, PricingError> {
        price(
            lines: planLines(plan: plan, period: period, amounts: amounts, setup: true), catalog: catalog,
            reseller: reseller, planCurrency: plan.currency, billingCurrency: billingCurrency, orderDate: orderDate,
            promo: promo, customer: customer)
    }

    /// Pricing.md, step 9, renewal: the step-1 lines for `period` (the chosen one, default the
    /// current) with the subscription's current amounts, without setup lines and without a promo,
    /// in the subscription's billing currency.
    public static func priceRenewal(
        catalog: Catalog, reseller: Reseller, plan: Plan, period: Period, subscription: SubscriptionRecord,
        orderDate: CalendarDate, customer: TaxCustomer
    ) -> Result<PricedOrder, PricingError> {
        let amounts = plan.resources.map {
            ResourceQuantity(id: $0.id, amount: subscription.amount(of: $0.id) ?? $0.included)
        }
        return price(
            lines: planLines(plan: plan, period: period, amounts: amounts, setup: false), catalog: catalog,
            reseller: reseller, planCurrency: plan.currency, billingCurrency: subscription.currency,
            orderDate: orderDate, promo: nil, customer: customer, blame: .field(.period))
    }

    /// Pricing.md, step 9, upgrade: for each raised resource (catalog order), charged units =
    /// max(new − included, 0) − max(old − included, 0); a setup line charged × setupFee and a
    /// recurring line charged × recurringFee × months(period) × daysLeft / daysInPeriod, exact and
    /// rounded once in step 2; no promo.
    ///
    /// `period` is the subscription's current period; daysInPeriod = end − start of the
    /// subscription's current period, daysLeft = end − `orderDate`, kept within [0, daysInPeriod].
    /// A resource absent from `newAmounts` keeps its amount. Pay-as-you-go plans charge nothing
    /// up front (their resources are billed on consumption).
    public static func priceUpgrade(
        catalog: Catalog, reseller: Reseller, plan: Plan, period: Period, subscription: SubscriptionRecord,
        newAmounts: [ResourceQuantity], orderDate: CalendarDate, customer: TaxCustomer
    ) -> Result<PricedOrder, PricingError> {
        let daysInPeriod = subscription.currentPeriodStart.days(until: subscription.currentPeriodEnd)
        let daysLeft = min(max(orderDate.days(until: subscription.currentPeriodEnd), 0), max(daysInPeriod, 0))
        // A renewal extends the paid span past one period: the added units are charged for the
        // whole span still paid for, so months cover the span (a P1Y renewed once: 24).
        let months = max(period.duration.totalMonths, wholeMonths(from: subscription.currentPeriodStart, to: subscription.currentPeriodEnd))
        var lines: [PlanLine] = []
        if plan.billing == .standard && !period.trial {
            for resource in plan.resources {
                let old = subscription.amount(of: resource.id) ?? resource.included
                let new = newAmounts.first { $0.id == resource.id }?.amount ?? old
                let charged = upgradeCharged(resource, from: old, to: new)
                guard charged > 0 else { continue }
                if let line = setupLine(resource, units: charged) { lines.append(line) }
                if let fee = resource.recurringFee, daysInPeriod > 0 {
                    lines.append(
                        PlanLine(
                            kind: .recurring,
                            description: "\(resource.name) × \(charged) (\(daysLeft)/\(daysInPeriod) days)",
                            resourceId: resource.id, quantity: charged, fee: fee,
                            months: months,
                            fraction: (Int64(daysLeft), Int64(daysInPeriod))))
                }
            }
        }
        return price(
            lines: lines.filter { !$0.isZero }, catalog: catalog, reseller: reseller, planCurrency: plan.currency,
            billingCurrency: subscription.currency, orderDate: orderDate, promo: nil, customer: customer)
    }

    /// Whole calendar months in [start, end), stepping with the end-of-month clamp.
    static func wholeMonths(from start: CalendarDate, to end: CalendarDate) -> Int {
        var months = 0
        while start.adding(months: months + 1) <= end { months += 1 }
        return months
    }

    /// Pricing.md, step 6: the pay-as-you-go prepay top-up in the billing currency, minor units.
    ///
    /// `topUp="fixed:X"`: X (plan currency) converted and rounded as one line. `topUp="resources"`:
    /// Σ over resources of additional units × recurringFee for one month, each resource's line
    /// converted and rounded on its own. A plan without `topUp` needs none (0). No tax, no promo.
    public static func topUp(
        catalog: Catalog, reseller: Reseller, plan: Plan, amounts: [ResourceQuantity], billingCurrency: Currency,
        orderDate: CalendarDate
    ) -> Result<Int64, PricingError> {
        let planRate: ScaledDecimal
        switch rate(from: plan.currency, to: billingCurrency, catalog: catalog, on: orderDate) {
        case .success(let found): planRate = found.rate
        case .failure(let error): return .failure(error)
        }
        let mode = reseller.rounding
        switch plan.topUp {
        case nil:
            return .success(0)
        case .fixed(let value):
            do {
                return .success(try PricingArithmetic.convert(value, rate: planRate, to: billingCurrency, mode: mode))
            } catch {
                return .failure(Blame.field(.plan).error(currency: billingCurrency, resourceId: nil))
            }
        case .resources:
            // One month of each resource's additional units: step 2 on lines that carry their resource.
            let lines = plan.resources.compactMap { resource in
                resource.recurringFee.map { fee in
                    PlanLine(
                        kind: .recurring, description: resource.name, resourceId: resource.id,
                        quantity: additional(amount(of: resource, in: amounts), resource), fee: fee, months: 1)
                }
            }
            do {
                let blame = Blame.resources(otherwise: .plan)
                let priced = try convert(lines, rate: planRate, currency: billingCurrency, mode: mode, blame: blame)
                do {
                    return .success(try PricingArithmetic.sum(priced.map(\.amount)))
                } catch {
                    return .failure(blame.error(currency: billingCurrency, lines: priced))
                }
            } catch {
                return .failure(error)
            }
        }
    }

    /// Pricing.md, step 5: a prepay payment is due on the order date + the reseller's `paymentDueDays`.
    public static func dueDate(orderDate: CalendarDate, reseller: Reseller) -> CalendarDate {
        orderDate.adding(days: reseller.paymentDueDays)
    }

    /// Pricing.md, step 7: a postponed payment is due one calendar month after the provisioning
    /// date; a day the next month lacks becomes its last day (2026-01-31 → 2026-02-28).
    public static func postponedDueDate(provisioningDate: CalendarDate) -> CalendarDate {
        provisioningDate.adding(months: 1)
    }
}
