import Glibc

/// The hidden staging folder of one publish: new files are written and flushed there, then
/// linked into place, so a reader never sees a half-written output.
enum Staging {
    /// `<parent>/.staging/<random>`: beside the target folder, so on the same filesystem
    /// (a link cannot cross filesystems) and outside it (a listing of the batch shows no temp).
    static func folder(beside directory: String) -> String {
        let parent = Posix.folder(of: directory)
        return parent + "/.staging/" + randomName()
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
