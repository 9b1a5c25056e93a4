import Glibc
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

/// Fails whole files (ErrorCodes.md, file errors; Operations.md, failed/): the file goes to
/// `failed/<reseller>/`, never replacing one there, with `<name>.errors.csv` beside it.
public struct FailedFolder: Sendable {
    /// The `failed/` root (``PipelineFolders/failed``).
    public let root: String
    /// The permission bits of each `.errors.csv` (`outputMode`, PipelineFiles.md).
    public let mode: mode_t

    public init(root: String, mode: mode_t = PipelineConfig.defaultOutputMode) {
        self.root = root
        self.mode = mode
    }

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
        try fail(source: Posix.cPath(path), reseller: reseller, originalName: originalName, diagnostics: diagnostics)
    }

    /// Fails an unsafe inbox entry with `UNSAFE_FILE`, by its name as the directory holds it
    /// (which may not be UTF-8, so it could not be given as a `String` path), under its
    /// sanitized name.
    public func fail(unsafe entry: UnsafeEntry, inbox: String) throws(FileSystemError) -> FailedFile {
        // A name as a directory lists it may hold anything but '/' and NUL; it must be one entry.
        let bytes = entry.nameBytes
        guard !bytes.isEmpty, !bytes.contains(UInt8(ascii: "/")), !bytes.contains(0), bytes != [0x2E], bytes != [0x2E, 0x2E] else {
            throw FileSystemError(operation: "name", path: entry.displayName, errno: 0, detail: "not one path component")
        }
        let diagnostic = Diagnostic(.unsafeFile, entry.message, at: SourceLocation(line: 0))
        return try fail(
            source: Posix.path(inbox + "/" + entry.reseller, entry.nameBytes), reseller: entry.reseller,
            originalName: entry.displayName, diagnostics: [diagnostic])
    }

    /// Fails an entry of `processing/` that is not a claim of ours (``ProcessingStray``): moved,
    /// never opened, to `failed/<reseller>/` or `failed/@processing/` with `UNSAFE_FILE`.
    public func fail(stray: ProcessingStray) throws(FileSystemError) -> FailedFile {
        let diagnostic = Diagnostic(.unsafeFile, stray.message, at: SourceLocation(line: 0))
        return try fail(
            source: Posix.path(stray.folder, stray.nameBytes), reseller: stray.failedFolder, originalName: stray.displayName,
            diagnostics: [diagnostic])
    }

    private func fail(source: [CChar], reseller: String, originalName: String, diagnostics: [Diagnostic])
        throws(FileSystemError) -> FailedFile
    {
        guard SafeName.isPlain(reseller) else {
            throw FileSystemError(operation: "name", path: reseller, errno: 0, detail: "not a plain reseller name")
        }
        let location = PipelinePath(root: root, reseller)
        let folder = try SafeDirectory.open(location)
        // A regular file with another link (perhaps outside the pipeline) is never linked into
        // failed/: only its errors.csv goes there and its name here is removed (Operations.md,
        // hostile input). Two links where one is already in failed/ is our own earlier try.
        let info = Posix.lstat(source)
        let linking = info.map { !Posix.isRegular($0) || $0.st_nlink <= 1 } ?? true
        let name = try NoReplaceMove.place(
            source, into: folder, preferredName: originalName, companions: [Self.errorsSuffix], linking: linking)
        let errorsName = name + Self.errorsSuffix
        let publisher = FilePublisher(conflictFolder: location, mode: mode)
        _ = try publisher.publish([(name: errorsName, bytes: Self.errorsCSV(diagnostics))], into: location)
        try NoReplaceMove.removeSource(source)
        return FailedFile(name: name, path: folder.display(name), errorsPath: folder.display(errorsName))
    }

    static let errorsSuffix = ".errors.csv"

    /// `line,column,error_code,error_field,error_message`, one row per diagnostic, with
    /// spreadsheet safety (Outputs.md).
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
