import OrderFlowCore

/// The batch row a subscription import stores its rows under, written once for both engines
/// (``BatchStore/insertSubscriptionImportBatch(reseller:file:asOf:recordedAt:)``).
enum SubscriptionImportBatch {
    /// How many subscription imports the reseller has: the new one's number is the next.
    static let countSQL = "SELECT count(*) AS n FROM batches WHERE reseller = ? AND kind = ?"

    static let insertSQL = """
        INSERT INTO batches (reseller, batch_id, file_name, format, sha256, as_of, policy, header_source,
            committed_at, kind)
        VALUES (?, ?, ?, 'csv', ?, ?, ?, NULL, ?, ?)
        """

    /// The values of ``insertSQL`` for the reseller's import number `number`.
    static func values(
        reseller: String, number: Int64, file: SubscriptionImportFile, asOf: CalendarDate, recordedAt: Int64
    ) -> (reseller: String, batchId: String, fileName: String, sha256: String, asOf: String, policy: String,
          committedAt: Int64, kind: String) {
        let batchId = "subscription-import:\(number)"
        return (reseller, batchId, file.fileName, "\(batchId):\(file.sha256)", asOf.description,
                InvalidOrderPolicy.rejectOrder.rawValue, recordedAt, BatchKind.subscriptionImport.rawValue)
    }
}
