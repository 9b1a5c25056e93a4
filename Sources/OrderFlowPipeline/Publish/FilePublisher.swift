import Glibc

/// What one ``FilePublisher/publish(_:into:)`` did, file by file.
public struct PublishReport: Sendable, Hashable {
    /// Linked into place by this call.
    public var published: [String] = []
    /// Already there with the same bytes (a rerun after a crash): counts as published.
    public var alreadyPresent: [String] = []
    /// Already there with other bytes: left untouched, ours moved to `failed/<reseller>/`.
    public var conflicts: [PublishConflict] = []

    public init() {}
}

/// A file that could not be published because another one holds its name.
public struct PublishConflict: Sendable, Hashable {
    public var name: String
    /// Where the new version went, under `failed/<reseller>/`.
    public var movedTo: String

    public init(name: String, movedTo: String) {
        self.name = name
        self.movedTo = movedTo
    }
}

/// How ``FilePublisher/moveIntoPlace(from:to:)`` ended.
public enum PlacementOutcome: Sendable, Hashable {
    case moved
    /// The target already held the same bytes; the source was removed.
    case alreadyPresent
    /// The target holds other bytes and was left untouched; the source went to `movedTo`.
    case conflict(movedTo: String)
}

/// Publishes outputs atomically and idempotently (Operations.md, publishing; Outputs.md):
/// written under temporary names in a hidden staging folder beside the target, flushed
/// together, `link()`ed into place (never replacing), then the target folder is flushed.
public struct FilePublisher: Sendable {
    /// The reseller's `failed/<reseller>/` folder, where a conflicting new version goes.
    public let conflictFolder: String
    /// The permission bits of every published file (`outputMode`, PipelineFiles.md).
    public let mode: mode_t

    public init(conflictFolder: String, mode: mode_t = PipelineConfig.defaultOutputMode) {
        self.conflictFolder = conflictFolder
        self.mode = mode
    }

    /// Publishes `files` into `directory` (created if needed). Names must be plain components.
    /// Staging is `<parent of directory>/.staging/<random>/`, on the same filesystem.
    public func publish(_ files: [(name: String, bytes: [UInt8])], into directory: String) throws(FileSystemError) -> PublishReport {
        var seen = Set<String>()
        for file in files where !seen.insert(file.name).inserted {
            throw FileSystemError(operation: "publish", path: directory + "/" + file.name, errno: 0, detail: "named twice")
        }
        do {
            return try publish(into: directory) { staged in
                for file in files { try staged.append(file.bytes, to: file.name) }
            }
        } catch let error as FileSystemError {
            throw error
        } catch {
            throw FileSystemError(operation: "publish", path: directory, errno: 0, detail: "\(error)")
        }
    }

    /// Publishes the files `write` produces, piece by piece, into `directory`: they are staged,
    /// flushed together, then linked into place. Whatever `write` throws publishes nothing.
    public func publish(into directory: String, write: (StagedFiles) throws -> Void) throws -> PublishReport {
        try Posix.makeDirectories(directory)
        let staging = Staging.folder(beside: directory)
        try Posix.makeDirectories(staging)
        defer { Staging.remove(staging) }
        let staged = StagedFiles(folder: staging, mode: mode)
        try write(staged)
        try staged.flush()
        var report = PublishReport()
        for name in staged.fileNames {
            let source = Posix.path(staging, Array(name.utf8))
            let target = Posix.path(directory, Array(name.utf8))
            if link(source, target) == 0 {
                report.published.append(name)
                continue
            }
            guard errno == EEXIST else { throw FileSystemError.lastError("link", Posix.display(target)) }
            if try Posix.sameContents(source, target) {
                report.alreadyPresent.append(name)
            } else {
                let moved = try NoReplaceMove.place(
                    source, into: conflictFolder, preferredName: Self.lastComponent(directory) + "." + name)
                report.conflicts.append(PublishConflict(name: name, movedTo: conflictFolder + "/" + moved))
            }
        }
        try Posix.fsyncDirectory(directory)
        return report
    }

    /// Moves `source` (a claimed input file) to `target` with `link()` then `unlink()`, never
    /// replacing: a target with the same bytes means it was already moved (the source is then
    /// removed); a different one is left untouched and the source goes to ``conflictFolder``.
    public func moveIntoPlace(from source: String, to target: String) throws(FileSystemError) -> PlacementOutcome {
        let folder = Posix.folder(of: target)
        try Posix.makeDirectories(folder)
        let from = Posix.cPath(source), to = Posix.cPath(target)
        guard let info = Posix.lstat(from) else { throw .lastError("lstat", source) }
        guard Posix.isRegular(info) else {
            throw FileSystemError(operation: "move", path: source, errno: 0, detail: "not a regular file")
        }
        let outcome: PlacementOutcome
        if link(from, to) == 0 {
            outcome = .moved
        } else if errno != EEXIST {
            throw .lastError("link", target)
        } else if try Posix.sameContents(from, to) {
            outcome = .alreadyPresent
        } else {
            // `<batchId>.input.xml`, like a conflicting output: which batch it belongs to stays visible.
            let moved = try NoReplaceMove.place(
                from, into: conflictFolder, preferredName: Self.lastComponent(folder) + "." + Self.lastComponent(target))
            outcome = .conflict(movedTo: conflictFolder + "/" + moved)
        }
        try Posix.fsyncDirectory(folder)
        try NoReplaceMove.removeSource(from)
        return outcome
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
