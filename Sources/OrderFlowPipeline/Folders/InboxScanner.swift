import Glibc
import Logging

/// A regular inbox file with a plain name.
public struct InboxFile: Sendable, Hashable {
    public var reseller: String
    public var name: String
    /// `inbox/<reseller>/<name>`.
    public var path: String
    public var signature: FileSignature
}

/// An inbox entry that must never be opened: it goes to `failed/<reseller>/` with `UNSAFE_FILE`.
public struct UnsafeEntry: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        case symlink, fifo, socket, characterDevice, blockDevice, directory, other
        /// A regular file whose name has control characters or is otherwise not a plain name.
        case unsafeName
        /// A name too long to be claimed as `<claimId>--<name>` (``Claimer/longestName``): the
        /// claimer refuses it.
        case nameTooLong
        /// A regular file with more than one link: another name, maybe outside the pipeline,
        /// holds the same file. The claimer refuses it under the reseller's lease (a file being
        /// claimed by another worker has two links for a moment); it is never read.
        case hardLinked
    }

    public var reseller: String
    /// The name exactly as the directory holds it (it may not even be UTF-8).
    public var nameBytes: [UInt8]
    public var reason: Reason

    public init(reseller: String, nameBytes: [UInt8], reason: Reason) {
        self.reseller = reseller
        self.nameBytes = nameBytes
        self.reason = reason
    }

    /// The name made plain (``SafeName/sanitized(bytes:)``), for messages and `failed/`.
    public var displayName: String { SafeName.sanitized(bytes: nameBytes) }

    /// What a reseller reads in `errors.csv`.
    public var message: String {
        switch reason {
        case .unsafeName:
            "The file name has control characters or is not a plain file name: it was not read. Rename it and drop it again."
        case .nameTooLong:
            "The file name is \(nameBytes.count) bytes long; OrderFlow takes names of at most \(Claimer.longestName) bytes: it was not read. Give it a shorter name and drop it again."
        case .hardLinked:
            "The file has another hard link (another name, perhaps outside the inbox, holds the same file): it was not read and its inbox name was removed. Drop a copy, not a link."
        default:
            "The inbox entry is a \(reason.rawValue), not a regular file: it was not opened. Drop a regular file."
        }
    }
}

/// One reseller's files that are ready: oldest mtime first, then by name (Operations.md, the
/// order of a reseller's files).
public struct ResellerInbox: Sendable, Hashable {
    public var reseller: String
    public var candidates: [InboxFile]
}

/// What one look at the inbox found.
public struct InboxScan: Sendable {
    /// Resellers with stable files, by reseller name.
    public var resellers: [ResellerInbox]
    /// Entries to move to `failed/` without opening them.
    public var unsafe: [UnsafeEntry]
    /// Regular files not yet stable: a one-shot run waits for them a while, then leaves them for
    /// the next run (Operations.md, stability).
    public var waiting: [InboxFile]
    /// Milliseconds until the first waiting file can be stable (nil when none waits).
    public var nextCheckIn: Int64?
    /// Top-level inbox entries ignored (not a directory, hidden, or not a plain reseller name).
    public var ignoredFolders: [String]
}

/// Polls `inbox/<reseller>/` folders (no inotify, which misses writes made by other NFS clients; no
/// listing state) and sorts what it finds into ready, still changing, and unsafe. It only ever
/// `lstat`s: nothing in the inbox is opened here.
public struct InboxScanner: Sendable {
    public let inbox: String
    public private(set) var tracker: StabilityTracker
    private let clock: MonotonicClock
    private let logger: Logger

    /// `stableFor` in milliseconds.
    public init(inbox: String, stableFor: Int64, clock: MonotonicClock = .system, logger: Logger) {
        self.inbox = inbox
        self.tracker = StabilityTracker(stableFor: stableFor)
        self.clock = clock
        self.logger = logger
    }

    /// A name the uploader has not finished with: `.name`, `name.tmp`, `name.part`.
    public static func isUploadInProgress(_ name: [UInt8]) -> Bool {
        name.first == UInt8(ascii: ".") || name.ends(with: Array(".tmp".utf8)) || name.ends(with: Array(".part".utf8))
    }

    /// Looks at every reseller folder once. Throws only when the inbox itself cannot be listed;
    /// a reseller folder that cannot be listed is logged and skipped.
    public mutating func scan() throws(FileSystemError) -> InboxScan {
        let now = clock.milliseconds
        var result = InboxScan(resellers: [], unsafe: [], waiting: [], nextCheckIn: nil, ignoredFolders: [])
        var present = Set<StabilityTracker.Key>()
        for folderBytes in try Posix.listDirectory(inbox).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let reseller = resellerName(folderBytes) else {
                result.ignoredFolders.append(SafeName.sanitized(bytes: folderBytes))
                continue
            }
            let folder = inbox + "/" + reseller
            let names: [[UInt8]]
            do {
                names = try Posix.listDirectory(folder)
            } catch {
                logger.warning("cannot list reseller folder", metadata: ["folder": "\(folder)", "error": "\(error)"])
                continue
            }
            var candidates: [InboxFile] = []
            for name in names where !Self.isUploadInProgress(name) {
                guard let info = Posix.lstat(Posix.path(folder, name)) else { continue }  // gone meanwhile
                if let reason = Self.unsafeReason(info) {
                    result.unsafe.append(UnsafeEntry(reseller: reseller, nameBytes: name, reason: reason))
                    continue
                }
                guard SafeName.isPlain(bytes: name), let text = String(validating: name, as: UTF8.self) else {
                    result.unsafe.append(UnsafeEntry(reseller: reseller, nameBytes: name, reason: .unsafeName))
                    continue
                }
                let file = InboxFile(reseller: reseller, name: text, path: folder + "/" + text, signature: Self.signature(info))
                present.insert(StabilityTracker.Key(reseller: reseller, name: text))
                switch tracker.observe(reseller: reseller, name: text, signature: file.signature, now: now) {
                case .stable:
                    candidates.append(file)
                case .waiting(let remaining):
                    result.waiting.append(file)
                    result.nextCheckIn = min(result.nextCheckIn ?? remaining, remaining)
                }
            }
            if !candidates.isEmpty {
                candidates.sort { lhs, rhs in
                    lhs.signature.mtimeNanoseconds != rhs.signature.mtimeNanoseconds
                        ? lhs.signature.mtimeNanoseconds < rhs.signature.mtimeNanoseconds
                        : lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
                }
                result.resellers.append(ResellerInbox(reseller: reseller, candidates: candidates))
            }
        }
        tracker.retain(only: present)
        return result
    }

    /// The reseller a top-level inbox entry stands for, or nil (logged) when it is hidden, not a
    /// real directory (a symlink is not followed), or not a plain name.
    private func resellerName(_ bytes: [UInt8]) -> String? {
        if bytes.first == UInt8(ascii: ".") { return nil }
        guard SafeName.isPlain(bytes: bytes), let name = String(validating: bytes, as: UTF8.self) else {
            logger.warning("ignoring an inbox folder whose name is not a plain reseller name",
                           metadata: ["folder": "\(SafeName.sanitized(bytes: bytes))"])
            return nil
        }
        guard let info = Posix.lstat(Posix.path(inbox, bytes)), Posix.isDirectory(info) else {
            logger.warning("ignoring an inbox entry that is not a folder", metadata: ["entry": "\(name)"])
            return nil
        }
        return name
    }

    static func unsafeReason(_ info: stat) -> UnsafeEntry.Reason? {
        switch info.st_mode & S_IFMT {
        case S_IFREG: nil
        case S_IFLNK: .symlink
        case S_IFIFO: .fifo
        case S_IFSOCK: .socket
        case S_IFCHR: .characterDevice
        case S_IFBLK: .blockDevice
        case S_IFDIR: .directory
        default: .other
        }
    }

    static func signature(_ info: stat) -> FileSignature {
        FileSignature(
            size: Int64(info.st_size),
            mtimeNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
