import Foundation

/// Shared helpers for the test targets: paths to the package's Fixtures and temporary folders.
public enum TestPaths {
    /// The package root, found from this file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var fixtures: URL { packageRoot.appendingPathComponent("Fixtures") }

    /// A fresh, empty temporary folder.
    public static func temporaryFolder(_ name: String = "orderflow-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(name)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A fresh folder that every user may enter, for tests that run the binary as another user.
///
/// `FileManager.temporaryDirectory` may sit under a private folder (a `TMPDIR` of mode 0700, a
/// home folder); such a test must never depend on where it runs, so the folder is made under the
/// first of the temporary folder, `/tmp` and `/var/tmp` whose every ancestor others may search.
public enum WorldReachableFolder {
    public struct Unavailable: Error, CustomStringConvertible {
        public let tried: [String]
        public var description: String {
            "no folder that every user may enter: each of \(tried.joined(separator: ", ")) has a private ancestor"
        }
    }

    public static func make(_ name: String) throws -> URL {
        let candidates = [FileManager.default.temporaryDirectory.path, "/tmp", "/var/tmp"]
        guard let base = candidates.first(where: everyoneMaySearch) else { throw Unavailable(tried: candidates) }
        let url = URL(fileURLWithPath: base).appendingPathComponent("\(name)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url
    }

    /// True when `path` and each folder above it grant search (x) to others.
    public static func everyoneMaySearch(_ path: String) -> Bool {
        var url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        while true {
            var info = stat()
            guard stat(url.path, &info) == 0, info.st_mode & S_IXOTH != 0 else { return false }
            if url.path == "/" { return true }
            url.deleteLastPathComponent()
        }
    }
}
