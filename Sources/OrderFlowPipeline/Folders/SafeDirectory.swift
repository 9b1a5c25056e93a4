import Glibc

/// A folder below one of the pipeline's folders: the root is the operator's (it may itself be a
/// link, as configured), every component below it is the pipeline's and is never followed.
public struct PipelinePath: Sendable, Hashable, CustomStringConvertible {
    /// A folder of the pipeline file (`outbox`, `failed`, `processing`): trusted as configured.
    public var root: String
    /// Plain names below the root (a reseller, a batch id, `.staging`).
    public var components: [String]

    public init(root: String, _ components: String...) {
        self.init(root: root, components: components)
    }

    public init(root: String, components: [String]) {
        self.root = root
        self.components = components
    }

    public func appending(_ component: String) -> PipelinePath {
        PipelinePath(root: root, components: components + [component])
    }

    /// The folder that holds this one (the root's own parent is never reached: the root stays).
    var parent: PipelinePath { PipelinePath(root: root, components: Array(components.dropLast())) }

    var lastComponent: String { components.last ?? FilePublisher.lastComponent(root) }

    public var description: String { ([root] + components).joined(separator: "/") }
}

/// An open folder reached from a trusted root with `openat(O_NOFOLLOW | O_DIRECTORY)` one
/// component at a time, and the calls that act inside it by name (`linkat`, `openat`,
/// `fstatat`, `unlinkat`), so that a link, file or FIFO planted where a folder of the pipeline
/// should be is refused instead of followed or waited on (Operations.md, hostile input).
final class SafeDirectory {
    let fd: Int32
    /// For messages only: nothing is ever opened by this path.
    let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// Opens `location`, creating missing folders (0755) when `create` is true. Throws with the
    /// path of the first component that is not a real folder (a link: `ELOOP`; anything else:
    /// `ENOTDIR`) or that cannot be made.
    static func open(_ location: PipelinePath, create: Bool = true) throws(FileSystemError) -> SafeDirectory {
        if create { try Posix.makeDirectories(location.root) }
        var fd = Glibc.open(location.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .lastError("open", location.root) }
        var path = location.root
        for component in location.components {
            path += "/" + component
            guard SafeName.isPlain(component) else {
                close(fd)
                throw FileSystemError(operation: "name", path: path, errno: 0, detail: "not one plain path component")
            }
            if create && mkdirat(fd, component, 0o755) != 0 && errno != EEXIST {
                let error = FileSystemError.lastError("mkdir", path)
                close(fd)
                throw error
            }
            // O_NONBLOCK: O_DIRECTORY already refuses a FIFO before it is opened; belt and braces.
            let next = openat(fd, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            let error = FileSystemError.lastError("open", path)
            close(fd)
            guard next >= 0 else {
                throw FileSystemError(operation: "open", path: path, errno: error.errno, detail: Self.refusal(error.errno))
            }
            fd = next
        }
        return SafeDirectory(fd: fd, path: path)
    }

    private static func refusal(_ code: Int32) -> String {
        switch code {
        case ELOOP: "a symbolic link stands where a folder of the pipeline should be; it is never followed"
        case ENOTDIR: "something that is not a folder stands where a folder of the pipeline should be"
        default: ""
        }
    }

    /// `fstatat(…, AT_SYMLINK_NOFOLLOW)`; nil with `errno` set when there is nothing.
    func lstat(_ name: [UInt8]) -> stat? {
        var info = stat()
        return withName(name) { fstatat(fd, $0, &info, AT_SYMLINK_NOFOLLOW) } == 0 ? info : nil
    }

    func lstat(_ name: String) -> stat? { lstat(Array(name.utf8)) }

    /// Hard-links the file at `source` (never following it if it is a link) here as `name`.
    func link(from source: [CChar], as name: String) -> Int32 {
        withName(Array(name.utf8)) { linkat(AT_FDCWD, source, fd, $0, 0) }
    }

    /// Hard-links `name` of `other` here as `newName`.
    func link(_ name: String, in other: SafeDirectory, as newName: String) -> Int32 {
        withName(Array(name.utf8)) { from in withName(Array(newName.utf8)) { linkat(other.fd, from, fd, $0, 0) } }
    }

    /// `renameat2(…, RENAME_NOREPLACE)` of `source` (a folder: it cannot be linked) to `name` here.
    func rename(from source: [CChar], as name: String) -> Int32 {
        guard let renameat2 = GNUExtensions.renameat2 else {
            errno = ENOSYS
            return -1
        }
        return withName(Array(name.utf8)) { renameat2(AT_FDCWD, source, fd, $0, 1 /* RENAME_NOREPLACE */) }
    }

    /// Renames the entry `name` of `other` to `newName` here, never replacing (`RENAME_NOREPLACE`).
    func move(_ name: String, in other: SafeDirectory, as newName: String) -> Int32 {
        guard let renameat2 = GNUExtensions.renameat2 else {
            errno = ENOSYS
            return -1
        }
        return withName(Array(name.utf8)) { from in
            withName(Array(newName.utf8)) { renameat2(other.fd, from, fd, $0, 1 /* RENAME_NOREPLACE */) }
        }
    }

    /// Creates `name` for writing, failing if anything (a link too) already holds the name.
    func createFile(_ name: String, mode: mode_t) -> Int32 {
        withName(Array(name.utf8)) { openat(fd, $0, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode) }
    }

    /// Opens `name` for reading without following a link or waiting on a FIFO.
    func openForReading(_ name: String) -> Int32 {
        withName(Array(name.utf8)) { openat(fd, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
    }

    /// Opens the folder `name` here, never following a link; nil when it is not a real folder.
    func subdirectory(_ name: String) -> SafeDirectory? {
        let child = withName(Array(name.utf8)) { openat(fd, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        return child >= 0 ? SafeDirectory(fd: child, path: path + "/" + name) : nil
    }

    func unlink(_ name: [UInt8]) -> Int32 { withName(name) { unlinkat(fd, $0, 0) } }

    func removeDirectory(_ name: String) -> Int32 { withName(Array(name.utf8)) { unlinkat(fd, $0, AT_REMOVEDIR) } }

    /// The names here (without `.` and `..`), as bytes.
    func list() throws(FileSystemError) -> [[UInt8]] {
        let copy = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard copy >= 0 else { throw .lastError("open", path) }
        return try Posix.listDirectory(descriptor: copy, path: path)
    }

    /// Flushes this folder's entries (a new link or an unlink) to disk.
    func sync() throws(FileSystemError) {
        if fsync(fd) != 0 { throw .lastError("fsync", path) }
    }

    func display(_ name: String) -> String { path + "/" + name }

    private func withName<R>(_ name: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
        (name + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }
}
