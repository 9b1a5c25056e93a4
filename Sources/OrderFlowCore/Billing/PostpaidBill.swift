/// One subscription's bill for one month of the postpaid billing run (Billing.md).
///
/// ```
///  BillingTimeline ─ segments(in:plan:) ─► [BillingSegment] ─┐
///  usage rows ─ largest quantity per resource ─► usageMax ────┼─► Input ─► price ─► PricedOrder
///  BillingTimeline ─ upgrades(in:) ─► setup lines ────────────┘     (lines here, steps 2–4 in Pricing)
/// ```
///
/// Only the lines are billing's own; converting, rounding, the promo and taxes are
/// `Pricing.price(lines:…)` (Pricing.swift), so a bill and an order can never round differently.
/// Every line is one exact fraction of the plan's fees, rounded once at the rate effective on or
/// before the month's last day.
///
/// Decisions made here, beyond Billing.md:
/// - Lines come in this order: a period-fee line per distinct period (in the order the periods
///   were in effect), the first bill's period setup line, then per resource in catalog order its
///   first-bill setup line, its upgrade setup lines (in upgrade order) and its recurring line.
/// - A resource line's days are those on which it charged units (a resource at or below its
///   included amount for part of the month shows only the other days). Its quantity is the largest
///   charged units; the line is Σ charged × days, so an invoice's unit price is amount / quantity.
/// - The promo is applied only when `firstBill` is true, so that a caller cannot discount twice.
/// - No segments (no active day): no lines at all, setup and upgrades included; the order still
///   carries the rate, as Pricing does for a trial. The job does not bill it.
/// - An amount beyond what OrderFlow holds is `AMOUNT_TOO_LARGE` on the resource whose line made it,
///   else on `plan`.
public enum PostpaidBill {
    /// What one bill is computed from; the job gathers it from the ledger.
    public struct Input: Sendable {
        public var month: BillingMonth
        public var plan: Plan
        public var billingCurrency: Currency
        /// The month's active days (``BillingTimeline/segments(in:plan:)``), trial days already left out.
        public var segments: [BillingSegment]
        /// Resource id → the largest quantity in the month's counted usage rows; an absent resource
        /// is billed at the amount in effect on each day.
        public var usageMax: [String: Int64]
        /// The subscription's first billed month: setup lines (Pricing.md, step 1) for the state of the
        /// first segment, and `promo`.
        public var firstBill: Bool
        /// The month's upgrades (``BillingTimeline/upgrades(in:)``): their setup lines (Pricing.md, step 9).
        public var upgrades: [(before: BillingTimeline.State, after: BillingTimeline.State)]
        /// The promo the order was quoted with; applied (Pricing.md, step 3) on the first bill only.
        public var promo: Promo?
        /// The account's stored address, for taxes (Pricing.md, step 4).
        public var customer: TaxCustomer

        public init(
            month: BillingMonth, plan: Plan, billingCurrency: Currency, segments: [BillingSegment],
            usageMax: [String: Int64] = [:], firstBill: Bool = false,
            upgrades: [(before: BillingTimeline.State, after: BillingTimeline.State)] = [], promo: Promo? = nil,
            customer: TaxCustomer
        ) {
            self.month = month
            self.plan = plan
            self.billingCurrency = billingCurrency
            self.segments = segments
            self.usageMax = usageMax
            self.firstBill = firstBill
            self.upgrades = upgrades
            self.promo = promo
            self.customer = customer
        }
    }

    /// The month's bill: lines in the plan currency, then Pricing's steps 2–4 with the order date
    /// the month's last day (the rate in force when the service was used).
    ///
    /// A missing plan → billing rate is `CURRENCY_NOT_AVAILABLE` (`PricingError.noExchangeRate`), as for
    /// an order; the job reports it on the subscription's row and retries on the next run.
    public static func price(_ input: Input, catalog: Catalog, reseller: Reseller) -> Result<PricedOrder, PricingError>
    {
        let blame = Pricing.Blame.resources(otherwise: .plan)
        let lines: [Pricing.PlanLine]
        do {
            lines = try planLines(input)
        } catch {
            // The plan rate is checked first, as Pricing does: a bill without a rate is retried.
            if case .failure(let rateError) = Pricing.rate(
                from: input.plan.currency, to: input.billingCurrency, catalog: catalog, on: input.month.lastDay)
            {
                return .failure(rateError)
            }
            return .failure(blame.error(currency: input.billingCurrency, resourceId: error.resourceId))
        }
        return Pricing.price(
            lines: lines, catalog: catalog, reseller: reseller, planCurrency: input.plan.currency,
            billingCurrency: input.billingCurrency, orderDate: input.month.lastDay,
            promo: input.firstBill ? input.promo : nil, customer: input.customer, blame: blame)
    }

    /// A weighting beyond `Int64` (days × units), reported on the resource whose line it is.
    struct Overflow: Error {
        var resourceId: String?
    }

    /// The bill's step-1 lines, exact, in the plan currency; zero lines left out.
    static func planLines(_ input: Input) throws(Overflow) -> [Pricing.PlanLine] {
        let plan = input.plan
        let segments = input.segments
        guard let first = segments.first else { return [] }
        let monthDays = Int64(input.month.days)
        var lines: [Pricing.PlanLine] = []

        // Period fees: fee × a / (months(period) × d_M) per distinct period.
        if plan.billing == .standard {
            var periods: [(period: Period, days: Int)] = []
            for segment in segments {
                if let index = periods.firstIndex(where: { $0.period.id == segment.period.id }) {
                    periods[index].days += segment.days
                } else {
                    periods.append((segment.period, segment.days))
                }
            }
            for (period, days) in periods {
                let months = Int64(period.duration.totalMonths)
                guard let fee = period.fee, months > 0 else { continue }
                lines.append(
                    Pricing.PlanLine(
                        kind: .recurring,
                        description: "\(Pricing.periodName(plan, period)) (\(days)/\(monthDays) days)",
                        resourceId: nil, quantity: 1, fee: fee, months: 1,
                        fraction: (Int64(days), try checked(months, monthDays, resourceId: nil))))
            }
        }

        // Setup lines of step 1 for the first segment's state: the period's, then per resource.
        let firstSetup =
            input.firstBill
            ? Pricing.planLines(plan: plan, period: first.period, amounts: first.amounts, setup: true).filter {
                $0.kind == .setup
            } : []
        lines += firstSetup.filter { $0.resourceId == nil }

        for resource in plan.resources {
            lines += firstSetup.filter { $0.resourceId == resource.id }

            if plan.billing == .standard {
                for upgrade in input.upgrades {
                    let charged = Pricing.upgradeCharged(
                        resource, from: Pricing.amount(of: resource, in: upgrade.before.amounts),
                        to: Pricing.amount(of: resource, in: upgrade.after.amounts))
                    if charged > 0, let line = Pricing.setupLine(resource, units: charged) { lines.append(line) }
                }
            }

            // Usage: charged units per segment = max(q − included, 0), weighted by the segment's days.
            guard let fee = resource.recurringFee else { continue }
            var quantity: Int64 = 0
            var weighted: Int64 = 0
            var days = 0
            for segment in segments {
                let q = input.usageMax[resource.id] ?? Pricing.amount(of: resource, in: segment.amounts)
                let charged = Pricing.additional(q, resource)
                guard charged > 0 else { continue }
                quantity = max(quantity, charged)
                let (sum, overflow) = weighted.addingReportingOverflow(
                    try checked(charged, Int64(segment.days), resourceId: resource.id))
                if overflow { throw Overflow(resourceId: resource.id) }
                weighted = sum
                days += segment.days
            }
            guard quantity > 0 else { continue }
            lines.append(
                Pricing.PlanLine(
                    kind: .recurring, description: "\(resource.name) × \(quantity) (\(days)/\(monthDays) days)",
                    resourceId: resource.id, quantity: quantity, fee: fee, months: 1,
                    fraction: (weighted, try checked(monthDays, quantity, resourceId: resource.id))))
        }
        return lines.filter { !$0.isZero }
    }

    private static func checked(_ a: Int64, _ b: Int64, resourceId: String?) throws(Overflow) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw Overflow(resourceId: resourceId) }
        return product
    }
}
