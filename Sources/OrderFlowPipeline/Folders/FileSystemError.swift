import Glibc

/// A file-system call that failed while moving pipeline files, with the path and `errno`.
/// A run that meets one cannot create its outputs (sysexits 73) unless it says otherwise.
public struct FileSystemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The call that failed (`link`, `open`, `fsync`, …) or what was refused (`name`).
    public var operation: String
    public var path: String
    /// 0 for a refusal that is not a system error (an unsafe name, no free name left).
    public var errno: Int32
    public var detail: String

    public init(operation: String, path: String, errno: Int32, detail: String = "") {
        self.operation = operation
        self.path = path
        self.errno = errno
        self.detail = detail
    }

    /// The failure of a call that just set the C `errno`.
    static func lastError(_ operation: String, _ path: String) -> FileSystemError {
        FileSystemError(operation: operation, path: path, errno: Glibc.errno)
    }

    public var description: String {
        if errno == 0 { return "\(operation) \(path): \(detail)" }
        let reason = String(cString: strerror(errno))
        return "\(operation) \(path): \(reason)" + (detail.isEmpty ? "" : " (\(detail))")
    }
}
