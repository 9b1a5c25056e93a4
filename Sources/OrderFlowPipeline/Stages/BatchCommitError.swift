/// Why a batch could not be committed, other than the ledger's own failures (``LedgerError``).
///
/// The import job checks these conditions before it commits; meeting one inside the commit
/// means the checks raced or were skipped, and nothing was written.
public struct BatchCommitError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The catalog has no such reseller.
        case unknownReseller
        /// No open claim `claimId` of this reseller is recorded (``Ledger/recordClaim(_:under:)``).
        case claimMissing(claimId: String)
        /// This content was already committed for the reseller (`DUPLICATE_FILE`).
        case duplicateFile(existing: BatchRecord)
        /// This batch id was already used by the reseller for other content (`BATCH_ID_REUSED`).
        case batchIdReused(existing: BatchRecord)
    }

    public var kind: Kind
    public var reseller: String
    public var batchId: String

    public init(_ kind: Kind, reseller: String, batchId: String) {
        self.kind = kind
        self.reseller = reseller
        self.batchId = batchId
    }

    public var description: String {
        switch kind {
        case .unknownReseller: "batch \(batchId): the catalog has no reseller \(reseller)"
        case .claimMissing(let claimId): "batch \(batchId): no open claim \(claimId) of \(reseller) is recorded"
        case .duplicateFile(let existing):
            "batch \(batchId): the same file was already committed as batch \(existing.batch.batchId)"
        case .batchIdReused(let existing):
            "batch \(batchId): \(reseller) already used this batch id for other content (\(existing.batch.fileName))"
        }
    }
}
