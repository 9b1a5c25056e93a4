import Glibc

/// The result of trying to claim an inbox file. Anything but ``claimed(path:)`` means the file
/// is not ours (fail closed: Operations.md, claiming).
public enum ClaimOutcome: Sendable, Hashable {
    /// The file is now `processing/<reseller>/<claimId>--<name>` and ours.
    case claimed(path: String)
    /// Not claimed; `reason` is for the log. The file stays in the inbox for another try.
    case notClaimed(reason: String)
    /// Never to be claimed, for a reason that does not go away: the file fails as an unsafe
    /// entry (``FailedFolder/fail(unsafe:inbox:)``) instead of holding the reseller's drops.
    case refused(UnsafeEntry.Reason)

    public var isClaimed: Bool { if case .claimed = self { true } else { false } }
}

/// A file in `processing/<reseller>/`, named `<claimId>--<fileName>`.
public struct ProcessingFile: Sendable, Hashable {
    public var claimId: String
    /// The name it had in the inbox.
    public var fileName: String
    public var path: String
}

/// Moves inbox files to `processing/` (a claim) with `link()` then `unlink()`, so that nothing
/// is ever replaced (Operations.md, claiming). Unsafe entries go to `failed/` by
/// ``FailedFolder/fail(unsafe:inbox:)``.
public struct Claimer: Sendable {
    public let folders: PipelineFolders

    public init(folders: PipelineFolders) { self.folders = folders }

    /// The longest inbox name that can be claimed: `<claimId>--<name>` must fit in one path
    /// component (NAME_MAX, 255 bytes), so 237 bytes (Operations.md, hostile input).
    public static let longestName = 255 - ClaimId.length - 2

    /// Moves `inbox/<reseller>/<name>` to `processing/<reseller>/<claimId>--<name>`.
    ///
    /// Two workers may both link the file; only the one whose `unlink` of the inbox name
    /// succeeds has it, the other (ENOENT) removes its link. Every other failure also removes
    /// our link and answers not claimed. Before the unlink the inbox name is checked to still
    /// be the file we linked: an uploader renaming a new version over it in between keeps
    /// that new version in the inbox instead of losing it.
    ///
    /// Refused for good (``ClaimOutcome/refused(_:)``): a name whose claim name would pass 255
    /// bytes, and a file with another link. The import claims only under the reseller's lease,
    /// so a second link is never another worker's claim in progress.
    public func claim(reseller: String, name: String, claimId: String) -> ClaimOutcome {
        guard SafeName.isPlain(reseller), SafeName.isPlain(name) else {
            return .notClaimed(reason: "not a plain file name")
        }
        guard SafeName.isPlain(claimId), !claimId.contains("--") else {
            return .notClaimed(reason: "claim id \(claimId) is not a plain name without '--'")
        }
        if name.utf8.count + claimId.utf8.count + 2 > 255 { return .refused(.nameTooLong) }
        let inboxFolder = folders.inbox + "/" + reseller
        let source = Posix.cPath(inboxFolder + "/" + name)
        let claimName = claimId + "--" + name
        let targetPath = folders.processing + "/" + reseller + "/" + claimName

        guard let before = Posix.lstat(source) else { return .notClaimed(reason: "gone: \(describeErrno())") }
        guard Posix.isRegular(before) else { return .notClaimed(reason: "not a regular file") }
        // Under the reseller's lease nobody else is claiming it: a second link is someone else's
        // (Operations.md, hostile input).
        guard before.st_nlink == 1 else { return .refused(.hardLinked) }
        // Never through a link planted as processing/<reseller> (Operations.md, hostile input).
        let processingFolder: SafeDirectory
        do {
            processingFolder = try SafeDirectory.open(PipelinePath(root: folders.processing, reseller))
        } catch {
            return .notClaimed(reason: "\(error)")
        }
        guard processingFolder.link(from: source, as: claimName) == 0 else {
            return errno == ENAMETOOLONG ? .refused(.nameTooLong) : .notClaimed(reason: "link: \(describeErrno())")
        }

        func abandon(_ reason: String) -> ClaimOutcome {
            let removed = processingFolder.unlink(Array(claimName.utf8)) == 0 || errno == ENOENT
            return .notClaimed(reason: reason + (removed ? "" : " (and \(targetPath) could not be removed: \(describeErrno()))"))
        }
        // link() never follows a symlink; what we linked must be the regular file we looked at.
        guard let linked = processingFolder.lstat(claimName), Posix.isRegular(linked) else { return abandon("not a regular file") }
        // The inbox name and ours, nothing else: a third link may be a file outside the pipeline
        // (renamed into the inbox since the lstat above), which is never read.
        guard linked.st_nlink <= 2 else {
            _ = abandon("")
            return .refused(.hardLinked)
        }
        do {
            try processingFolder.sync()
        } catch {
            return abandon("\(error)")
        }
        guard let current = Posix.lstat(source) else {
            return abandon(errno == ENOENT ? "another worker claimed it" : "lstat: \(describeErrno())")
        }
        guard current.st_dev == linked.st_dev, current.st_ino == linked.st_ino else {
            return abandon("replaced in the inbox while being claimed")
        }
        guard unlink(source) == 0 else {
            return abandon(errno == ENOENT ? "another worker claimed it" : "unlink: \(describeErrno())")
        }
        // The claim is made; a lost inbox unlink after a crash only brings back a copy that the
        // ledger then fails as DUPLICATE_FILE, so a failing flush here does not undo it.
        try? Posix.fsyncDirectory(inboxFolder)
        return .claimed(path: targetPath)
    }

    /// Finishes a claim a crash interrupted between its link and the removal of the inbox name:
    /// when `inbox/<reseller>/<name>` is still the claimed file itself (same device and inode),
    /// that name is removed, so it is not refused later as a file with another link
    /// (Operations.md, crashes and restarts). Call it under the reseller's lease.
    public func removeInboxName(reseller: String, name: String, claimedPath: String) {
        guard SafeName.isPlain(reseller), SafeName.isPlain(name),
              let claimed = Posix.lstat(Posix.cPath(claimedPath)), claimed.st_nlink > 1 else { return }
        let inboxFolder = folders.inbox + "/" + reseller
        let source = Posix.cPath(inboxFolder + "/" + name)
        guard let inbox = Posix.lstat(source), inbox.st_dev == claimed.st_dev, inbox.st_ino == claimed.st_ino,
              unlink(source) == 0 else { return }
        try? Posix.fsyncDirectory(inboxFolder)
    }

    private func describeErrno() -> String { String(cString: strerror(errno)) }
}
