/// Restrictions on the paying company's address, new or stored, fail closed (Rules.md):
/// a forbidden region or country is `REGION_FORBIDDEN`; an address without a region in a country
/// where some region is forbidden cannot be cleared (`RESTRICTION_CHECK_FAILED`).
public struct RegionRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        guard let country = facts.country else { return }
        let catalog = context.catalog
        if catalog.isCountryForbidden(country) {
            findings.append(Diagnostic(
                .regionForbidden, field: RequestField.country.name,
                "Orders cannot be paid from \(country): the platform does not serve this country.",
                at: facts.location(.country)))
            return
        }
        guard catalog.hasForbiddenRegions(in: country) else { return }
        if let region = facts.region {
            if catalog.isRegionForbidden(country: country, region: region) {
                findings.append(Diagnostic(
                    .regionForbidden, field: RequestField.region.name,
                    "Orders cannot be paid from region \(country)-\(region): the platform does not serve it.",
                    at: facts.location(.region)))
            }
        } else {
            findings.append(Diagnostic(
                .restrictionCheckFailed, field: RequestField.region.name,
                "Some regions of \(country) are not served, and the address has no region: give the region so "
                    + "the restriction can be checked.", at: facts.location(.region)))
        }
    }
}
