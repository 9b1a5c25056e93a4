import OrderFlowCore
import OrderFlowFormats

/// A file that was moved to `failed/<reseller>/`.
public struct FailedFile: Sendable, Hashable {
    /// Its name there: the original name, or `<name>.1`, `<name>.2`, … when that was taken.
    public var name: String
    public var path: String
    /// `<name>.errors.csv` beside it.
    public var errorsPath: String
}

/// Fails whole files (SPEC §4 "file error"): the file goes to `failed/<reseller>/`, never
/// replacing one there, with `<name>.errors.csv` beside it.
public struct FailedFolder: Sendable {
    /// The `failed/` root (``PipelineFolders/failed``).
    public let root: String

    public init(root: String) { self.root = root }

    /// Moves the entry at `path` (a claimed file in `processing/`, or an inbox entry, which is
    /// never opened or followed) to `failed/<reseller>/` and publishes its errors.
    ///
    /// The order makes a rerun after a crash converge on one file and one errors.csv: the file
    /// is first linked under a free name (a rerun finds that link by its inode and reuses the
    /// name), then the errors.csv is published (identical bytes count as published), and only
    /// then is the source removed.
    public func fail(path: String, reseller: String, originalName: String, diagnostics: [Diagnostic])
        throws(FileSystemError) -> FailedFile
    {
        guard SafeName.isPlain(reseller) else {
            throw FileSystemError(operation: "name", path: reseller, errno: 0, detail: "not a plain reseller name")
        }
        let folder = root + "/" + reseller
        let source = Posix.cPath(path)
        let name = try NoReplaceMove.place(source, into: folder, preferredName: originalName)
        let errorsName = name + ".errors.csv"
        let publisher = FilePublisher(conflictFolder: folder)
        _ = try publisher.publish([(name: errorsName, bytes: Self.errorsCSV(diagnostics))], into: folder)
        try NoReplaceMove.removeSource(source)
        return FailedFile(name: name, path: folder + "/" + name, errorsPath: folder + "/" + errorsName)
    }

    /// `line,column,error_code,error_field,error_message`, one row per diagnostic, with
    /// spreadsheet safety (SPEC §8).
    public static func errorsCSV(_ diagnostics: [Diagnostic]) -> [UInt8] {
        var writer = CSVWriter()
        writer.writeRow(["line", "column", "error_code", "error_field", "error_message"], spreadsheetSafe: true)
        for diagnostic in diagnostics {
            writer.writeRow(
                [String(diagnostic.location.line), String(diagnostic.location.column), diagnostic.code.rawValue,
                 diagnostic.field, diagnostic.message],
                spreadsheetSafe: true)
        }
        return writer.bytes
    }
}
