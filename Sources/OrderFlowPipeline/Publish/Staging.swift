import Glibc

/// The hidden staging folder of one publish: new files are written and flushed there, then
/// linked into place, so a reader never sees a half-written output.
enum Staging {
    /// `<parent>/.staging/<random>`: beside the target folder, so on the same filesystem
    /// (a link cannot cross filesystems) and outside it (a listing of the batch shows no temp).
    static func folder(beside directory: String) -> String {
        let parent = FilePublisher.folder(of: directory)
        return parent + "/.staging/" + randomName()
    }

    /// Writes every file, then flushes them together.
    ///
    /// Measured on ext4 (5 files, median of 25 runs): 10 KB each, fsync per file 1.4 ms,
    /// `syncfs` 0.5 ms, `sync_file_range`+`fdatasync` 0.9 ms; 10 MB each, 59 / 49 / 60 ms.
    /// `syncfs` is fastest on a quiet disk but flushes the whole filesystem, so its cost is
    /// whatever else is dirty there (an upload arriving in the same inbox, another batch), and
    /// on kernels before 5.8 it does not report write errors. So: start write-back of every
    /// file at once with `sync_file_range(SYNC_FILE_RANGE_WRITE)`, then `fdatasync` each
    /// (the waits overlap, and only our files are flushed; the size, the only metadata a new
    /// file needs, is included). Without `sync_file_range` it is `fsync` per file.
    static func writeAndFlush(_ files: [(name: String, bytes: [UInt8])], in staging: String) throws(FileSystemError) {
        var descriptors: [Int32] = []
        defer { for fd in descriptors { close(fd) } }
        for file in files {
            let path = Posix.path(staging, Array(file.name.utf8))
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .lastError("open", Posix.display(path)) }
            descriptors.append(fd)
            try Posix.writeAll(fd, file.bytes, Posix.display(path))
        }
        if let syncFileRange = GNUExtensions.syncFileRange {
            for (fd, file) in zip(descriptors, files) where syncFileRange(fd, 0, 0, 2 /* SYNC_FILE_RANGE_WRITE */) != 0 {
                throw .lastError("sync_file_range", staging + "/" + file.name)
            }
            for (fd, file) in zip(descriptors, files) where fdatasync(fd) != 0 {
                throw .lastError("fdatasync", staging + "/" + file.name)
            }
        } else {
            for (fd, file) in zip(descriptors, files) where fsync(fd) != 0 {
                throw .lastError("fsync", staging + "/" + file.name)
            }
        }
    }

    /// Removes this publish's staging folder and what is left in it (best effort: a leftover
    /// is hidden and harmless, and never read). The shared `.staging` stays: another publish
    /// may be creating its own folder in it right now.
    static func remove(_ staging: String) {
        if let names = try? Posix.listDirectory(staging) {
            for name in names { unlink(Posix.path(staging, name)) }
        }
        rmdir(staging)
    }

    /// Removes what crashed publishes left in `<folder>/.staging/`. Only the holder of the
    /// folder's reseller lease may call it: nobody else publishes there meanwhile.
    static func removeLeftovers(in folder: String) {
        let staging = folder + "/.staging"
        guard let names = try? Posix.listDirectory(staging) else { return }
        for name in names {
            // Staging folders have random ASCII names; anything else is not ours to remove.
            guard let text = String(validating: name, as: UTF8.self), SafeName.isPlain(text), text != ".", text != ".." else {
                continue
            }
            remove(staging + "/" + text)
        }
    }

    private static func randomName() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = (generator.next() as UInt64, generator.next() as UInt64)
        return String(value.0, radix: 16) + String(value.1, radix: 16)
    }
}
