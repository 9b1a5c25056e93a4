extension CatalogCheck {
    /// Products, plans, periods and resources: ids, fees, durations, limits.
    static func checkProducts(_ catalog: Catalog, _ report: inout CatalogReport) {
        var productIds = CatalogFirstSeen<String>()
        var planIds = CatalogFirstSeen<String>()
        for product in catalog.products {
            if let earlier = productIds.earlierLine(of: product.id, at: product.line) {
                report.add(
                    "id", line: product.line,
                    "product id '\(product.id)' is already used on \(place(earlier)): give each product its own id")
            }
            if let days = product.cancellationWindowDays, days < 0 {
                report.add(
                    "cancellationWindowDays", line: product.line,
                    "cancellationWindowDays is \(days): write 0 or more days, or leave it out when subscriptions cannot be canceled")
            }
            for plan in product.plans {
                if let earlier = planIds.earlierLine(of: plan.id, at: plan.line) {
                    report.add(
                        "id", line: plan.line,
                        "plan id '\(plan.id)' is already used on \(place(earlier)): plan ids are platform-wide, give each plan its own id")
                }
                checkPlan(plan, of: product, &report)
            }
        }
    }

    static func checkPlan(_ plan: Plan, of product: Product, _ report: inout CatalogReport) {
        let line = plan.line
        let payg = plan.billing == .payg
        checkCurrency(plan.currency, field: "currency", line: line, &report)
        checkNotNegative(plan.blockingThreshold, field: "blockingThreshold", line: line, &report)
        if let types = plan.accountTypes, types.isEmpty {
            report.add("accountTypes", line: line, "accountTypes is empty: list the account types allowed, or leave it out for any")
        }
        if let models = plan.paymentModels, models.isEmpty {
            report.add(
                "paymentModels", line: line, "paymentModels is empty: list prepay, postpay or both, or leave it out for both")
        }
        if plan.periods.isEmpty {
            report.add(
                "period", line: line,
                "plan '\(plan.id)' has no period, so it cannot be ordered: add a <period id=\"1M\" duration=\"P1M\" …/>")
        }
        let allowsPrepay = plan.paymentModels?.contains(.prepay) ?? true
        switch plan.topUp {
        case nil:
            if payg && allowsPrepay {
                report.add(
                    "topUp", line: line,
                    "pay-as-you-go plan '\(plan.id)' allows prepay but has no topUp: add topUp=\"fixed:AMOUNT\" or topUp=\"resources\", or set paymentModels=\"postpay\"")
            }
        case .fixed(let amount)?:
            checkNotNegative(amount, field: "topUp", line: line, &report)
            fallthrough
        case .resources?:
            if !payg {
                report.add(
                    "topUp", line: line,
                    "topUp applies only to pay-as-you-go plans: remove it, or set billing=\"payg\"")
            }
        }

        var periodIds = CatalogFirstSeen<String>()
        for period in plan.periods {
            if let earlier = periodIds.earlierLine(of: period.id, at: period.line) {
                report.add(
                    "id", line: period.line,
                    "period id '\(period.id)' is already used in plan '\(plan.id)' on \(place(earlier)): give each period of a plan its own id")
            }
            checkPeriod(period, plan: plan, &report)
        }

        var resourceIds = CatalogFirstSeen<String>()
        for resource in plan.resources {
            if let earlier = resourceIds.earlierLine(of: resource.id, at: resource.line) {
                report.add(
                    "id", line: resource.line,
                    "resource id '\(resource.id)' is already used in plan '\(plan.id)' on \(place(earlier)): give each resource of a plan its own id")
            }
            checkResource(resource, plan: plan, product: product, &report)
        }
    }

    static func checkPeriod(_ period: Period, plan: Plan, _ report: inout CatalogReport) {
        let line = period.line
        let duration = period.duration
        for (field, fee) in [("fee", period.fee), ("setupFee", period.setupFee)] {
            guard let fee else { continue }
            checkNotNegative(fee, field: field, line: line, &report)
            guard !fee.isZero else { continue }
            if period.trial {
                report.add(
                    field, line: line,
                    "trial period '\(period.id)' has \(field) \(fee.text), but trials are free: remove \(field), or set trial=\"false\"")
            } else if plan.billing == .payg {
                report.add(
                    field, line: line,
                    "period '\(period.id)' of pay-as-you-go plan '\(plan.id)' has \(field) \(fee.text), but pay-as-you-go plans have no period or setup fees: remove \(field), and price usage with the resources' recurringFee")
            }
        }
        if period.trial {
            if duration.totalMonths <= 0 && duration.weeks <= 0 && duration.days <= 0 {
                report.add("duration", line: line, "trial period '\(period.id)' has no length: give a duration such as P30D")
            }
        } else {
            if !duration.isWholeMonths {
                report.add(
                    "duration", line: line,
                    "period '\(period.id)' lasts \(duration), but a period that is not a trial lasts whole months or years (P1M, P3M, P1Y, P1Y6M): change the duration, or set trial=\"true\"")
            }
            if period.registration == .short {
                report.add(
                    "registration", line: line,
                    "period '\(period.id)' allows short registration, which only trials may: remove registration=\"short\", or set trial=\"true\"")
            }
        }
    }

    static func checkResource(_ resource: Resource, plan: Plan, product: Product, _ report: inout CatalogReport) {
        let line = resource.line
        let limits: [(String, Int64?)] = [("included", resource.included), ("min", resource.min), ("max", resource.max)]
        for case let (field, value?) in limits where value < 0 {
            report.add(field, line: line, "\(field) is \(value): write a number of units, 0 or more")
        }
        // Without max there is no upper limit (CatalogFormat.md, Resource limits): nothing to exceed.
        if let max = resource.max, resource.min > max {
            report.add(
                "min", line: line,
                "resource '\(resource.id)' has min \(resource.min) above max \(max), so no amount can be ordered: lower min or raise max")
        }
        if let max = resource.max, resource.included > max {
            report.add(
                "included", line: line,
                "resource '\(resource.id)' includes \(resource.included) units, more than max \(max): lower included or raise max")
        }
        checkNotNegative(resource.setupFee, field: "setupFee", line: line, &report)
        checkNotNegative(resource.recurringFee, field: "recurringFee", line: line, &report)
        if plan.billing == .payg, let setupFee = resource.setupFee, !setupFee.isZero {
            report.add(
                "setupFee", line: line,
                "resource '\(resource.id)' of pay-as-you-go plan '\(plan.id)' has setupFee \(setupFee.text), but pay-as-you-go plans have no setup fees: remove setupFee")
        }
        if !resource.parameters.isEmpty && !product.manualApproval {
            report.add(
                "manualApproval", line: line,
                "resource '\(resource.id)' declares unit parameters, which only manual-approval products collect: set manualApproval=\"true\" on product '\(product.id)', or remove the <parameter> elements")
        }
        var names = Set<String>()
        for name in resource.parameters {
            if name.isEmpty {
                report.add("name", line: line, "resource '\(resource.id)' has a parameter without a name: name it (e.g. username)")
            } else if !names.insert(name).inserted {
                report.add(
                    "name", line: line,
                    "resource '\(resource.id)' declares parameter '\(name)' twice: declare each parameter once")
            }
        }
    }
}
