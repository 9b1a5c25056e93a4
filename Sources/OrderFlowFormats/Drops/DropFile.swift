import OrderFlowCore

/// A drop file's whole-file checks that do not depend on its format (DropFiles.md):
/// the extension, the batch id's form, and the reseller it names.
public enum DropFile {
    /// The format named by the file's extension, or `UNSUPPORTED_FORMAT`.
    public static func format(ofFileNamed name: String) throws(FileError) -> BatchHeader.Format {
        if name.hasSuffix(".xml") { return .xml }
        if name.hasSuffix(".csv") { return .csv }
        throw FileError(
            .unsupportedFormat, "\(name) is neither .xml nor .csv: drop order files as XML or CSV.",
            at: SourceLocation(line: 1, column: 1))
    }

    /// A CSV file's batch id: its name without the extension (and without any folder).
    public static func csvBatchId(fileName: String) -> String {
        let base = fileName.split(separator: "/").last.map(String.init) ?? fileName
        return base.hasSuffix(".csv") ? String(base.dropLast(4)) : base
    }

    /// `MISSING_FIELD` / `INVALID_VALUE` (field `batchId`) unless 1–100 of `A-Z a-z 0-9 . _ -`, not
    /// starting with `.`; a trailing resubmission suffix (``ResubmissionSuffix``) is not counted.
    public static func batchIdProblem(_ batchId: String?, at location: SourceLocation) -> Diagnostic? {
        guard let batchId, !batchId.isEmpty else {
            return Diagnostic(.missingField, field: "batchId", "The batch needs a batchId.", at: location)
        }
        let allowed = batchId.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2E
                || byte == 0x5F || byte == 0x2D
        }
        let counted = ResubmissionSuffix.split(batchId).map { $0.base.utf8.count } ?? batchId.utf8.count
        guard allowed, counted <= 100, !batchId.hasPrefix(".") else {
            return Diagnostic(
                .invalidValue, field: "batchId",
                "'\(batchId)' is not a batch id: use 1 to 100 letters, digits, '.', '_' or '-', not starting with '.'.",
                at: location)
        }
        return nil
    }

    /// The reseller the file names, checked against the catalog and the inbox owner. A reseller
    /// the catalog does not have, whether the folder's or the file's, is `UNKNOWN_RESELLER` before
    /// any comparison of the two (DropFiles.md, where a file goes).
    public static func reseller(
        of header: BatchHeader, catalog: Catalog, inboxOwner: String?
    ) throws(FileError) -> Reseller {
        guard let id = header.reseller ?? inboxOwner else {
            throw FileError(.missingField, field: "reseller", "The file does not name its reseller.", at: header.location)
        }
        if let owner = inboxOwner, catalog.reseller(id: owner) == nil {
            throw FileError(
                .unknownReseller, field: "reseller",
                "The file was dropped in the folder of \(owner), which the catalog does not have: drop it in the folder of its reseller.",
                at: header.location)
        }
        guard let reseller = catalog.reseller(id: id) else {
            throw FileError(
                .unknownReseller, field: "reseller",
                "The catalog has no reseller \(id): name the reseller by its id in the catalog.", at: header.location)
        }
        if let owner = inboxOwner, owner != id {
            throw FileError(
                .resellerMismatch, field: "reseller",
                "The file names reseller \(id) but was dropped in the inbox of \(owner): drop it in its reseller's inbox.",
                at: header.location)
        }
        return reseller
    }
}
