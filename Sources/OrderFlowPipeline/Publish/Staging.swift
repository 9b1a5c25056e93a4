import Glibc

/// The hidden staging folder of one publish: new files are written and flushed there, then
/// linked into place, so a reader never sees a half-written output.
struct Staging {
    /// The shared `.staging` folder beside the target, which holds one folder per publish.
    let shared: SafeDirectory
    let name: String
    /// This publish's own folder, `<parent>/.staging/<random>`.
    let folder: SafeDirectory

    /// Creates `<parent>/.staging/<random>`: beside the target folder, so on the same filesystem
    /// (a link cannot cross filesystems) and outside it (a listing of the batch shows no temp).
    static func create(beside directory: PipelinePath) throws(FileSystemError) -> Staging {
        let shared = try SafeDirectory.open(directory.parent.appending(".staging"))
        let name = randomName()
        if mkdirat(shared.fd, name, 0o755) != 0 { throw .lastError("mkdir", shared.display(name)) }
        guard let folder = shared.subdirectory(name) else { throw .lastError("open", shared.display(name)) }
        return Staging(shared: shared, name: name, folder: folder)
    }

    /// Removes this publish's staging folder and what is left in it (best effort: a leftover
    /// is hidden and harmless, and never read). The shared `.staging` stays: another publish
    /// may be creating its own folder in it right now.
    func remove() { Self.remove(name, in: shared) }

    private static func remove(_ name: String, in shared: SafeDirectory) {
        // Never followed: a link planted here is removed as a name, not entered.
        if let folder = shared.subdirectory(name), let names = try? folder.list() {
            for entry in names where folder.unlink(entry) != 0 {
                // A staged folder of many files (invoices/) that was not moved into place.
                guard errno == EISDIR, let text = String(validating: entry, as: UTF8.self),
                      let inner = folder.subdirectory(text), let files = try? inner.list() else { continue }
                for file in files { _ = inner.unlink(file) }
                _ = folder.removeDirectory(text)
            }
        }
        _ = shared.removeDirectory(name)
    }

    /// Removes what crashed publishes left in `<folder>/.staging/`. Only the holder of the
    /// folder's reseller lease may call it: nobody else publishes there meanwhile.
    static func removeLeftovers(in folder: PipelinePath) {
        guard let shared = try? SafeDirectory.open(folder.appending(".staging"), create: false),
              let names = try? shared.list() else { return }
        for name in names {
            // Staging folders have random ASCII names; anything else is not ours to remove.
            guard let text = String(validating: name, as: UTF8.self), SafeName.isPlain(text) else { continue }
            remove(text, in: shared)
        }
    }

    private static func randomName() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = (generator.next() as UInt64, generator.next() as UInt64)
        return String(value.0, radix: 16) + String(value.1, radix: 16)
    }
}
