/// A product that lists data locations needs one of them; a product that lists none accepts none.
public struct DataLocationRule: OrderRule {
    public init() {}

    public func check(_ facts: OrderFacts, _ context: JudgeContext, _ history: any OrderHistory, into findings: inout [Diagnostic]) {
        guard let product = facts.product else { return }
        let given = facts.request.dataLocation
        let field = RequestField.dataLocation.name
        let location = facts.location(.dataLocation)
        if product.dataLocations.isEmpty {
            if let given {
                findings.append(Diagnostic(
                    .dataLocationInvalid, field: field,
                    "\(product.name) has no data location to choose: remove '\(given)'.", at: location))
            }
        } else if given.map({ !product.dataLocations.contains($0) }) ?? true {
            let options = product.dataLocations.joined(separator: ", ")
            let what = given.map { "'\($0)' is not a data location of \(product.name)" }
                ?? "\(product.name) needs a data location"
            findings.append(Diagnostic(.dataLocationInvalid, field: field, "\(what): choose one of \(options).", at: location))
        }
    }
}
