/// The `-R<n>` a batch id gets each time its rejected requests come back in `rejected.xml`
/// (Outputs.md, rejected files): `ACME-01` → `ACME-01-R1` → `ACME-01-R2`.
///
/// Only a suffix OrderFlow writes is one: `-R`, then 1 to 999,999,999 in digits without a leading
/// zero. The batch id's length limit leaves it out (DropFiles.md, batch ids), so the longest batch
/// id still comes back as a batch id.
public enum ResubmissionSuffix {
    /// The highest round: nine digits, which no integer overflows and no reseller reaches.
    public static let lastRound = 999_999_999

    /// The id before a trailing `-R<n>`, and n; nil when the id ends in none.
    public static func split(_ batchId: String) -> (base: Substring, round: Int)? {
        guard let marker = batchId.range(of: "-R", options: .backwards) else { return nil }
        let digits = batchId.utf8[marker.upperBound...]
        guard let first = digits.first, first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9"), digits.count <= 9,
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        let round = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return (batchId[..<marker.lowerBound], round)
    }

    /// The batch id of the next resubmission: the round counted on, or `-R1` appended.
    public static func next(after batchId: String) -> String {
        if let (base, round) = split(batchId), round < lastRound { return base + "-R\(round + 1)" }
        return batchId + "-R1"
    }
}
