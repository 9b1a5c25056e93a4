import Glibc

/// A folder of many small files staged with a batch's outputs (`invoices/`, one file per
/// document: Outputs.md), written whole one at a time and closed at once, so that a batch of
/// 100,000 documents holds neither 100,000 descriptors nor their bytes.
///
/// Flushing: up to ``descriptorsKept`` files are kept open and flushed one by one like the
/// batch's other files; past that, the file system is flushed once with `syncfs`, which is far
/// cheaper than a flush per file and reports write errors on the kernels OrderFlow supports
/// (Linux 5.8 and later), at the cost of also flushing whatever else is being written there.
public final class StagedFolder {
    let name: String
    let folder: SafeDirectory
    let mode: mode_t
    /// Files written: their names are not kept, so a folder of 100,000 documents costs no memory
    /// per file (a re-publish lists the folder instead).
    private(set) var fileCount = 0
    private var open: [(name: String, fd: Int32)] = []
    private var flushWholeFileSystem = false
    static let descriptorsKept = 64

    init(name: String, folder: SafeDirectory, mode: mode_t) {
        self.name = name
        self.folder = folder
        self.mode = mode
    }

    deinit {
        for file in open { close(file.fd) }
    }

    /// Writes the file `name` (a plain name, not hidden, new in this folder) whole.
    public func write(_ bytes: [UInt8], to name: String) throws(FileSystemError) {
        guard SafeName.isPlain(name), !name.hasPrefix(".") else {
            throw FileSystemError(operation: "publish", path: folder.path, errno: 0, detail: "'\(SafeName.sanitized(name))' is not a plain file name")
        }
        let fd = folder.createFile(name, mode: mode)
        guard fd >= 0 else { throw .lastError("open", folder.display(name)) }
        do throws(FileSystemError) {
            guard fchmod(fd, mode) == 0 else { throw FileSystemError.lastError("fchmod", folder.display(name)) }
            try Posix.writeAll(fd, bytes, folder.display(name))
        } catch {
            close(fd)
            throw error
        }
        fileCount += 1
        if flushWholeFileSystem {
            close(fd)
        } else if open.count < Self.descriptorsKept {
            open.append((name, fd))
        } else {
            flushWholeFileSystem = true
            close(fd)
            for file in open { close(file.fd) }
            open = []
        }
    }

    /// Makes every file and the folder's entries durable.
    func flush() throws(FileSystemError) {
        if flushWholeFileSystem {
            guard let syncfs = GNUExtensions.syncfs else {
                throw FileSystemError(operation: "syncfs", path: folder.path, errno: ENOSYS)
            }
            if syncfs(folder.fd) != 0 { throw .lastError("syncfs", folder.path) }
            return
        }
        for file in open where fdatasync(file.fd) != 0 { throw .lastError("fdatasync", folder.display(file.name)) }
        try folder.sync()
    }
}
