#if canImport(Glibc)
import Glibc
#endif
import OrderFlowCore

/// Size and SHA-256 of a claimed file, read without following links (Operations.md, hostile input).
enum FileFacts {
    struct NotRegular: Error {}

    static func size(ofRegularFile path: String) throws -> Int64 {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw FileFactsError(path: path, operation: "lstat", code: errno) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FileError(.unsafeFile, "This is not a regular file; OrderFlow only reads regular files.")
        }
        return Int64(info.st_size)
    }

    /// Streams the file through SHA-256 in 256 KiB reads (constant memory).
    static func sha256(ofRegularFile path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw FileFactsError(path: path, operation: "open", code: errno) }
        defer { close(fd) }
        var digest = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileFactsError(path: path, operation: "read", code: errno)
            }
            if n == 0 { break }
            digest.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return SHA256.hex(digest.finalize())
    }
}

/// A file that could not be inspected: an operational error (the file stays claimed for a retry).
public struct FileFactsError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var code: Int32
    public var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
}
