import OrderFlowCore

/// A subscription's resource amounts as one column (`subscription_history.amounts`):
/// `id=amount` pairs separated by newlines, in catalog order; an amount never holds `=` or a
/// newline: the last `=` of a pair splits it.
enum SubscriptionAmounts {
    static func text(_ amounts: [ResourceQuantity]) -> String {
        amounts.map { "\($0.id)=\($0.amount)" }.joined(separator: "\n")
    }

    static func decode(_ text: String) throws -> [ResourceQuantity] {
        guard !text.isEmpty else { return [] }
        return try text.split(separator: "\n", omittingEmptySubsequences: false).map { pair in
            guard let equals = pair.lastIndex(of: "="), let amount = Int64(pair[pair.index(after: equals)...]) else {
                throw LedgerColumns.CorruptValue(column: "subscription_history.amounts", value: String(pair))
            }
            return ResourceQuantity(id: String(pair[..<equals]), amount: amount)
        }
    }
}
