import OrderFlowCore

/// What a `provision-<D>` batch is in the `batches` table: no file, so its file name is empty and
/// its "SHA-256" its batch id, which no file's digest can be.
public enum ProvisionDayBatch {
    public static func batchId(_ day: CalendarDate) -> String { "provision-" + day.description }

    static func batch(reseller: String, day: CalendarDate) -> NewBatch {
        NewBatch(
            reseller: reseller, batchId: batchId(day), fileName: "", format: .csv, sha256: batchId(day), asOf: day,
            policy: .rejectOrder)
    }
}

extension NewBatch {
    /// What the `provision` job's batches (a run for a date, an approval drop) are judged in: the
    /// reseller's terms at the batch's run date. A reseller the catalog lacks is refused before any
    /// transaction begins.
    func provisionContext(catalog: Catalog) throws -> JudgeContext {
        guard let known = catalog.reseller(id: reseller) else {
            throw BatchCommitError(.unknownReseller, reseller: reseller, batchId: batchId)
        }
        return JudgeContext(catalog: catalog, reseller: known, asOf: asOf)
    }
}
