import Glibc

/// Moves an entry into a folder under a free name (`<name>`, `<name>.1`, `<name>.2`, …), never
/// replacing what is there, without opening or following the entry (Operations.md,
/// failed/ and hostile input).
///
/// In two steps so that a caller can write something beside the moved entry before the source
/// disappears: ``place(_:into:preferredName:)`` links it (a directory, which cannot be
/// hard-linked, is renamed with `RENAME_NOREPLACE`), ``removeSource(_:)`` unlinks the source.
/// A rerun after a crash between the two finds its own earlier link (same device and inode)
/// and reuses that name, so the entry is never placed twice.
enum NoReplaceMove {
    /// How many numbered names are tried before giving up.
    static let maxSuffix = 10_000

    /// Links (or renames) `source` into `directory`; the name it got. A name whose companion
    /// (`<name><suffix>` for each of `companions`, such as `.errors.csv`) is already taken is
    /// skipped, so that the caller can write its companion beside it.
    ///
    /// With `linking` false a free name is only chosen, nothing is linked there (a file another
    /// name also holds must not get a link in the pipeline); an earlier link of the same file is
    /// still found and reused.
    static func place(
        _ source: [CChar], into directory: SafeDirectory, preferredName: String, companions: [String] = [],
        linking: Bool = true
    ) throws(FileSystemError) -> String {
        guard let original = Posix.lstat(source) else { throw .lastError("lstat", Posix.display(source)) }
        let base = SafeName.sanitized(preferredName)
        for suffix in 0..<maxSuffix {
            let name = suffix == 0 ? base : "\(base).\(suffix)"
            if let existing = directory.lstat(name) {
                if existing.st_dev == original.st_dev && existing.st_ino == original.st_ino { return name }
                continue
            }
            if companions.contains(where: { directory.lstat(name + $0) != nil }) { continue }
            if !linking { return name }
            let result = Posix.isDirectory(original) ? directory.rename(from: source, as: name) : directory.link(from: source, as: name)
            if result == 0 {
                try directory.sync()
                return name
            }
            if errno == EEXIST { continue }
            throw .lastError(Posix.isDirectory(original) ? "renameat2" : "link", directory.display(name))
        }
        throw FileSystemError(
            operation: "name", path: directory.display(base), errno: 0,
            detail: "\(maxSuffix) names are taken: clear out the folder")
    }

    /// Unlinks the source once it is placed (nothing to do when it is already gone).
    static func removeSource(_ source: [CChar]) throws(FileSystemError) {
        if unlink(source) != 0 && errno != ENOENT { throw .lastError("unlink", Posix.display(source)) }
        try Posix.fsyncDirectory(Posix.folder(of: Posix.display(source)))
    }
}
