import Foundation

/// What one published import batch says it did, read back from its `results.csv` and
/// `receipt.json`: a benchmark checks it against the orders it generated before printing a rate.
struct BatchTally {
    /// Rows of `results.csv`, one per request.
    var rows = 0
    var accepted = 0
    /// `counts.order.accepted` of `receipt.json`; nil when it has none.
    var receiptAccepted: Int?
    /// The first row whose outcome is not `accepted`, to show why.
    var firstOther: Substring?

    /// Nothing counted yet, to add batches up.
    init() {}

    /// nil when the batch folder has no readable `results.csv`.
    init?(batch: URL) {
        guard let text = try? String(contentsOf: batch.appendingPathComponent("results.csv"), encoding: .utf8) else {
            return nil
        }
        // Generated rows hold no quoted commas before the outcome: ref, line, action, outcome, …
        for line in text.split(separator: "\n").dropFirst() {
            rows += 1
            if line.split(separator: ",", maxSplits: 4, omittingEmptySubsequences: false).dropFirst(3).first == "accepted" {
                accepted += 1
            } else if firstOther == nil {
                firstOther = line
            }
        }
        let receipt = try? JSONSerialization.jsonObject(with: Data(contentsOf: batch.appendingPathComponent("receipt.json")))
        receiptAccepted = ((receipt as? [String: Any])?["counts"] as? [String: [String: Int]])?["order"]?["accepted"]
    }

    /// Whether every one of `orders` requests was accepted, once.
    func acceptedAll(_ orders: Int) -> Bool { rows == orders && accepted == orders && receiptAccepted == orders }

    /// `accepted 3 of 5 orders (5 rows in results.csv, receipt.json says 3)`, and the first other row.
    func shortfall(_ orders: Int) -> String {
        "accepted \(accepted) of \(orders) orders (\(rows) rows in results.csv, receipt.json says "
            + "\(receiptAccepted.map(String.init) ?? "nothing"))"
            + (firstOther.map { ". First row not accepted: \($0)" } ?? "")
    }
}
