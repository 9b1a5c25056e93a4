import Glibc

/// The few system calls the folder code needs, with paths as bytes: a name read from a
/// directory need not be UTF-8, and it must reach `link`/`unlink` exactly as it was listed.
enum Posix {
    /// `directory/name` as a NUL-terminated byte path.
    static func path(_ directory: String, _ name: [UInt8]) -> [CChar] {
        var bytes = Array(directory.utf8)
        if bytes.last != UInt8(ascii: "/") { bytes.append(UInt8(ascii: "/")) }
        bytes.append(contentsOf: name)
        bytes.append(0)
        return bytes.map { CChar(bitPattern: $0) }
    }

    /// The folder that holds `path`: `/` for `/name`, `.` for a bare name.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func cPath(_ path: String) -> [CChar] { Array(path.utf8).map { CChar(bitPattern: $0) } + [0] }

    static func display(_ path: [CChar]) -> String {
        String(decoding: path.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `lstat`: never follows a symlink. nil with `errno` set when it fails.
    static func lstat(_ path: [CChar]) -> stat? {
        var info = stat()
        return Glibc.lstat(path, &info) == 0 ? info : nil
    }

    static func isRegular(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFREG }
    static func isDirectory(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFDIR }

    /// The names in a directory (without `.` and `..`), as bytes. The directory itself is
    /// opened with `O_NOFOLLOW`: a symlink in its place is refused (`ELOOP`/`ENOTDIR`).
    static func listDirectory(_ path: String) throws(FileSystemError) -> [[UInt8]] {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw .lastError("open", path) }
        return try listDirectory(descriptor: fd, path: path)
    }

    /// The names in the open directory `fd`, which this call takes over and closes.
    static func listDirectory(descriptor fd: Int32, path: String) throws(FileSystemError) -> [[UInt8]] {
        guard let dir = fdopendir(fd) else {
            let error = FileSystemError.lastError("fdopendir", path)
            close(fd)
            throw error
        }
        defer { closedir(dir) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw .lastError("readdir", path) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        return names
    }

    /// `mkdir -p`: every missing folder on the way is created (0755); an existing one is fine.
    static func makeDirectories(_ path: String) throws(FileSystemError) {
        if let info = lstat(cPath(path)), isDirectory(info) { return }
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { throw .lastError("mkdir", prefix) }
        }
        guard let info = statFollowing(path), isDirectory(info) else {
            throw FileSystemError(operation: "mkdir", path: path, errno: ENOTDIR)
        }
    }

    static func statFollowing(_ path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    /// Flushes a directory's entries (a new link or an unlink) to disk.
    static func fsyncDirectory(_ path: String) throws(FileSystemError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .lastError("open", path) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw .lastError("fsync", path) }
    }

    /// True when the file at `path` and `name` in `folder` hold the same bytes; read in 64 KiB
    /// chunks (never whole). Neither is followed if it is a symlink.
    ///
    /// O_NONBLOCK: a FIFO planted where an output should be is opened without waiting for a
    /// writer (it then differs: not a regular file); reads of regular files ignore the flag.
    static func sameContents(_ path: [CChar], _ name: String, in folder: SafeDirectory) throws(FileSystemError) -> Bool {
        let left = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard left >= 0 else { throw .lastError("open", display(path)) }
        let right = folder.openForReading(name)
        guard right >= 0 else {
            let error = FileSystemError.lastError("open", folder.display(name))
            close(left)
            throw error
        }
        return try sameContents(left, right, display(path), folder.display(name))
    }

    /// ``sameContents(_:_:in:)`` of `name` in two safe folders.
    static func sameContents(_ name: String, in lhs: SafeDirectory, _ rhsName: String, in rhs: SafeDirectory)
        throws(FileSystemError) -> Bool
    {
        let left = lhs.openForReading(name)
        guard left >= 0 else { throw .lastError("open", lhs.display(name)) }
        let right = rhs.openForReading(rhsName)
        guard right >= 0 else {
            let error = FileSystemError.lastError("open", rhs.display(rhsName))
            close(left)
            throw error
        }
        return try sameContents(left, right, lhs.display(name), rhs.display(rhsName))
    }

    /// Compares two open files, and closes both.
    private static func sameContents(_ left: Int32, _ right: Int32, _ lhs: String, _ rhs: String) throws(FileSystemError) -> Bool {
        defer {
            close(left)
            close(right)
        }
        var leftInfo = stat(), rightInfo = stat()
        guard fstat(left, &leftInfo) == 0, fstat(right, &rightInfo) == 0 else { throw .lastError("fstat", lhs) }
        guard isRegular(leftInfo), isRegular(rightInfo) else { return false }
        if leftInfo.st_dev == rightInfo.st_dev && leftInfo.st_ino == rightInfo.st_ino { return true }
        guard leftInfo.st_size == rightInfo.st_size else { return false }
        var a = [UInt8](repeating: 0, count: 65536), b = a
        while true {
            let n = try readFully(left, &a, lhs)
            let m = try readFully(right, &b, rhs)
            guard n == m else { return false }
            if n == 0 { return true }
            if a[..<n] != b[..<m] { return false }
        }
    }

    /// Fills `buffer` as far as the file allows; the count read (0 at the end).
    private static func readFully(_ fd: Int32, _ buffer: inout [UInt8], _ path: String) throws(FileSystemError) -> Int {
        var total = 0
        while total < buffer.count {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + total, $0.count - total) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .lastError("read", path)
            }
            if n == 0 { break }
            total += n
        }
        return total
    }

    /// Writes all of `bytes`.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], _ path: String) throws(FileSystemError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .lastError("write", path)
            }
            offset += n
        }
    }
}

/// glibc functions behind `_GNU_SOURCE`, which Swift's Glibc module does not import.
enum GNUExtensions {
    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    typealias SyncFS = @convention(c) (Int32) -> Int32

    static let renameat2: RenameAt2? = symbol("renameat2")
    static let syncFileRange: SyncFileRange? = symbol("sync_file_range")
    static let syncfs: SyncFS? = symbol("syncfs")

    private static func symbol<F>(_ name: String) -> F? {
        guard let handle = dlopen(nil, RTLD_NOW), let pointer = dlsym(handle, name) else { return nil }
        return unsafeBitCast(pointer, to: F.self)
    }
}
