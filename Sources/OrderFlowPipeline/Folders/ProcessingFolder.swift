import Glibc

/// An entry of `processing/` that is not a claim of this pipeline: moved aside to `failed/`
/// with `UNSAFE_FILE`, never read, looped on or published (Operations.md, hostile input).
public struct ProcessingStray: Sendable, Hashable {
    /// The `failed/` folder it goes to: its reseller's, or ``ProcessingFolder/straysFolder`` for
    /// an entry directly under `processing/`.
    public var failedFolder: String
    /// The folder that holds it.
    public var folder: String
    /// Its name exactly as the folder holds it (it may not be UTF-8).
    public var nameBytes: [UInt8]
    /// What it is, for the message: `a symlink`, `a regular file with no open claim`, …
    public var what: String

    public var displayName: String { SafeName.sanitized(bytes: nameBytes) }

    /// What its `errors.csv` says.
    public var message: String {
        "This entry was found in \(Self.shown(folder)) but is not a file this pipeline claimed (\(what)): it was not read or published. If it is a batch, drop it in the inbox folder of its reseller."
    }

    private static func shown(_ folder: String) -> String {
        let parts = folder.split(separator: "/").suffix(2)
        return parts.last == "processing" ? "processing/" : "processing/\(parts.last ?? "")/"
    }
}

/// Reads `processing/` without following anything: reseller folders are real folders with plain
/// names; a claim is a regular file named `<claimId>--<name>` in one; anything else is a stray.
public enum ProcessingFolder {
    /// `failed/@processing/`: where entries found directly under `processing/` go. `@` is not
    /// allowed in a reseller id, so no reseller's folder can be meant.
    public static let straysFolder = "@processing"

    /// Reseller folders that hold anything, and the strays directly under `processing/` (hidden
    /// entries aside).
    public static func scan(_ root: String) throws(FileSystemError) -> (resellers: [String], strays: [ProcessingStray]) {
        let folder = try SafeDirectory.open(PipelinePath(root: root), create: false)
        var resellers: [String] = [], strays: [ProcessingStray] = []
        // Hidden entries are left alone: a filer's `.snapshot` is not ours to move.
        for bytes in try folder.list() where bytes.first != UInt8(ascii: ".") {
            guard let info = folder.lstat(bytes) else { continue }  // gone meanwhile
            if Posix.isDirectory(info), SafeName.isPlain(bytes: bytes), let name = String(validating: bytes, as: UTF8.self)
            {
                if let child = folder.subdirectory(name), let names = try? child.list(), !names.isEmpty {
                    resellers.append(name)
                }
                continue
            }
            strays.append(
                ProcessingStray(failedFolder: straysFolder, folder: root, nameBytes: bytes, what: describe(info, bytes, inReseller: false)))
        }
        return (resellers.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, strays)
    }

    /// The claims in `processing/<reseller>/` (sorted by name) and everything else there.
    /// `claimIds` are the reseller's open claims in the ledger: a file whose claim is not one of
    /// them was not claimed by this pipeline (a claim is recorded before its file is moved).
    public static func entries(root: String, reseller: String, claimIds: Set<String>) throws(FileSystemError)
        -> (files: [ProcessingFile], strays: [ProcessingStray])
    {
        let location = PipelinePath(root: root, reseller)
        guard let folder = try? SafeDirectory.open(location, create: false) else { return ([], []) }
        var files: [ProcessingFile] = [], strays: [ProcessingStray] = []
        for bytes in try folder.list() {
            guard let info = folder.lstat(bytes) else { continue }
            if Posix.isRegular(info), let file = claim(bytes, in: location), claimIds.contains(file.claimId) {
                files.append(file)
                continue
            }
            let what = Posix.isRegular(info) && claim(bytes, in: location) != nil
                ? "a regular file with no open claim in the ledger" : describe(info, bytes, inReseller: true)
            strays.append(ProcessingStray(failedFolder: reseller, folder: location.description, nameBytes: bytes, what: what))
        }
        return (files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }, strays)
    }

    /// `<claimId>--<fileName>` with a plain, non-hidden name.
    private static func claim(_ bytes: [UInt8], in location: PipelinePath) -> ProcessingFile? {
        guard bytes.first != UInt8(ascii: "."), SafeName.isPlain(bytes: bytes), let name = String(validating: bytes, as: UTF8.self),
              let separator = name.range(of: "--") else { return nil }
        let claimId = String(name[..<separator.lowerBound]), fileName = String(name[separator.upperBound...])
        guard !claimId.isEmpty, !fileName.isEmpty else { return nil }
        return ProcessingFile(claimId: claimId, fileName: fileName, path: location.description + "/" + name)
    }

    private static func describe(_ info: stat, _ bytes: [UInt8], inReseller: Bool) -> String {
        if let reason = InboxScanner.unsafeReason(info) {
            return reason == .directory && !inReseller ? "a folder whose name is not a reseller id" : "a \(reason.rawValue)"
        }
        return inReseller ? "not named <claim id>--<file name>" : "a file directly under processing/"
    }
}
