import OrderFlowCore

/// Reads a drop file of either format (DropFiles.md) one request at a time: the one entry point the
/// commands and the import job use, so both formats go through the same checks.
public enum DropReader {
    /// Streams `path`: `header` first (its reseller, batch id and format), then each request.
    ///
    /// - Throws: ``FileError`` for a whole-file problem (the file fails; what was delivered must
    ///   be discarded), `CSVReadIOError` for I/O, or what a closure throws.
    public static func read(
        path: String, fileName: String, expectedReseller: String?,
        header: (BatchHeader) throws -> Void, request: (RawRequest) throws -> Void
    ) throws {
        switch try DropFile.format(ofFileNamed: fileName) {
        case .xml:
            try XMLRequestReader(path: path, expectedReseller: expectedReseller)
                .read(header: header, request: request)
        case .csv:
            try CSVRequestReader(path: path, batchId: DropFile.csvBatchId(fileName: fileName), expectedReseller: expectedReseller)
                .read(header: header, request: request)
        }
    }

    /// The batch header alone: the file is read only as far as its first request.
    public static func header(path: String, fileName: String, expectedReseller: String?) throws -> BatchHeader {
        struct Stop: Error {}
        var found: BatchHeader?
        do {
            try read(
                path: path, fileName: fileName, expectedReseller: expectedReseller,
                header: { found = $0; throw Stop() }, request: { _ in throw Stop() })
        } catch is Stop {}
        guard let found else {
            throw FileError(.missingField, "The file holds no batch header.", at: SourceLocation(line: 1, column: 1))
        }
        return found
    }

    /// The header's batch id and reseller checked (DropFiles.md, batch ids): the reseller the file is
    /// for, or a ``FileError`` (`MISSING_FIELD`/`INVALID_VALUE` batchId, `RESELLER_MISMATCH`,
    /// `UNKNOWN_RESELLER`).
    public static func checkHeader(_ header: BatchHeader, catalog: Catalog, inboxOwner: String?) throws(FileError)
        -> (reseller: Reseller, batchId: String)
    {
        var problems: [Diagnostic] = []
        if let problem = DropFile.batchIdProblem(header.batchId, at: header.location) { problems.append(problem) }
        let reseller: Reseller
        do {
            reseller = try DropFile.reseller(of: header, catalog: catalog, inboxOwner: inboxOwner)
        } catch {
            throw FileError(problems + error.diagnostics)
        }
        if !problems.isEmpty { throw FileError(problems) }
        return (reseller, header.batchId ?? "")
    }
}
