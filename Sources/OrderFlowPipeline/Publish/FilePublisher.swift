import Glibc

/// What one ``FilePublisher/publish(_:into:)`` did, file by file.
public struct PublishReport: Sendable, Hashable {
    /// Linked into place by this call (a staged folder's files by name only when placed one by one).
    public var published: [String] = []
    /// Already there with the same bytes (a rerun after a crash): counts as published.
    public var alreadyPresent: [String] = []
    /// Files of a staged folder (`invoices/`) renamed into place with it, counted, not named.
    public var publishedInFolders = 0
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
/// Every folder below the pipeline's own is reached without following a link
/// (``SafeDirectory``): a link planted in the outbox or `failed/` is refused, never written through.
public struct FilePublisher: Sendable {
    /// The reseller's `failed/<reseller>/` folder, where a conflicting new version goes.
    public let conflictFolder: PipelinePath
    /// The permission bits of every published file (`outputMode`, PipelineFiles.md).
    public let mode: mode_t

    public init(conflictFolder: PipelinePath, mode: mode_t = PipelineConfig.defaultOutputMode) {
        self.conflictFolder = conflictFolder
        self.mode = mode
    }

    /// Publishes `files` into `directory` (created if needed). Names must be plain components.
    /// Staging is `<parent of directory>/.staging/<random>/`, on the same filesystem.
    public func publish(_ files: [(name: String, bytes: [UInt8])], into directory: PipelinePath) throws(FileSystemError) -> PublishReport {
        var seen = Set<String>()
        for file in files where !seen.insert(file.name).inserted {
            throw FileSystemError(operation: "publish", path: "\(directory)/\(file.name)", errno: 0, detail: "named twice")
        }
        do {
            return try publish(into: directory) { staged in
                for file in files { try staged.append(file.bytes, to: file.name) }
            }
        } catch let error as FileSystemError {
            throw error
        } catch {
            throw FileSystemError(operation: "publish", path: directory.description, errno: 0, detail: "\(error)")
        }
    }

    /// Publishes the files `write` produces, piece by piece, into `directory`: they are staged,
    /// flushed together, then linked into place. Whatever `write` throws publishes nothing.
    public func publish(into directory: PipelinePath, write: (StagedFiles) throws -> Void) throws -> PublishReport {
        let target = try SafeDirectory.open(directory)
        let staging = try Staging.create(beside: directory)
        defer { staging.remove() }
        let staged = StagedFiles(folder: staging.folder, mode: mode)
        try write(staged)
        try staged.flush()
        var report = PublishReport()
        for name in staged.fileNames {
            if target.link(name, in: staging.folder, as: name) == 0 {
                report.published.append(name)
                continue
            }
            guard errno == EEXIST else { throw FileSystemError.lastError("link", target.display(name)) }
            if try Posix.sameContents(name, in: staging.folder, name, in: target) {
                report.alreadyPresent.append(name)
            } else {
                let conflicts = try SafeDirectory.open(conflictFolder)
                let moved = try NoReplaceMove.place(
                    Posix.cPath(staging.folder.display(name)), into: conflicts,
                    preferredName: directory.lastComponent + "." + name)
                report.conflicts.append(PublishConflict(name: name, movedTo: conflicts.display(moved)))
            }
        }
        for folder in staged.folders {
            try place(folder, from: staging.folder, into: target, directory: directory, report: &report)
        }
        try target.sync()
        return report
    }

    /// Puts a staged folder of many files in place: renamed whole when the batch folder has none
    /// yet (one step, whatever the number of files), else file by file as above (a re-render
    /// after a crash finds its earlier files there).
    private func place(
        _ folder: StagedFolder, from staging: SafeDirectory, into target: SafeDirectory, directory: PipelinePath,
        report: inout PublishReport
    ) throws {
        if target.move(folder.name, in: staging, as: folder.name) == 0 {
            report.publishedInFolders += folder.fileCount
            return
        }
        guard errno == EEXIST || errno == ENOTEMPTY else { throw FileSystemError.lastError("rename", target.display(folder.name)) }
        guard let existing = target.subdirectory(folder.name) else {
            throw FileSystemError(
                operation: "open", path: target.display(folder.name), errno: ENOTDIR,
                detail: "something that is not a folder stands where a folder of the pipeline should be")
        }
        for raw in try folder.folder.list() {
            let name = String(decoding: raw, as: UTF8.self)
            let shown = folder.name + "/" + name
            if existing.link(name, in: folder.folder, as: name) == 0 {
                report.published.append(shown)
                continue
            }
            guard errno == EEXIST else { throw FileSystemError.lastError("link", existing.display(name)) }
            if try Posix.sameContents(name, in: folder.folder, name, in: existing) {
                report.alreadyPresent.append(shown)
            } else {
                let conflicts = try SafeDirectory.open(conflictFolder)
                let moved = try NoReplaceMove.place(
                    Posix.cPath(folder.folder.display(name)), into: conflicts,
                    preferredName: directory.lastComponent + "." + folder.name + "." + name)
                report.conflicts.append(PublishConflict(name: shown, movedTo: conflicts.display(moved)))
            }
        }
        try existing.sync()
    }

    /// Moves `source` (a claimed input file) to `name` in `directory` with `link()` then
    /// `unlink()`, never replacing: a target with the same bytes means it was already moved (the
    /// source is then removed); a different one is left untouched and the source goes to
    /// ``conflictFolder``.
    public func moveIntoPlace(from source: String, to directory: PipelinePath, name: String) throws(FileSystemError) -> PlacementOutcome {
        let folder = try SafeDirectory.open(directory)
        let from = Posix.cPath(source)
        guard let info = Posix.lstat(from) else { throw .lastError("lstat", source) }
        guard Posix.isRegular(info) else {
            throw FileSystemError(operation: "move", path: source, errno: 0, detail: "not a regular file")
        }
        let outcome: PlacementOutcome
        if folder.link(from: from, as: name) == 0 {
            outcome = .moved
        } else if errno != EEXIST {
            throw .lastError("link", folder.display(name))
        } else if try Posix.sameContents(from, name, in: folder) {
            outcome = .alreadyPresent
        } else {
            // `<batchId>.input.xml`, like a conflicting output: which batch it belongs to stays visible.
            let conflicts = try SafeDirectory.open(conflictFolder)
            let moved = try NoReplaceMove.place(from, into: conflicts, preferredName: directory.lastComponent + "." + name)
            outcome = .conflict(movedTo: conflicts.display(moved))
        }
        try folder.sync()
        try NoReplaceMove.removeSource(from)
        return outcome
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
