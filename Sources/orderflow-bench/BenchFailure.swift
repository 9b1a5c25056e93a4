import Foundation

/// Why a benchmark measured nothing worth printing: the run it times failed, or did not accept
/// what it was given, or its fixtures or programs are missing. `main` prints it and exits 1,
/// so a number is only ever printed for a run that did its work.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }

    /// A child that exited non-zero, with what it said on standard error.
    static func child(_ measurement: Benchmark.Measurement) -> BenchFailure {
        BenchFailure(
            "\(measurement.name) exited with status \(measurement.status); nothing was measured. Its standard error:\n"
                + (measurement.errors.isEmpty ? "(empty)" : measurement.errors))
    }
}

/// Where the benchmark finds what it needs, wherever it is started from.
enum BenchPaths {
    /// This executable, symlinks resolved (`.build/release` is a link on Linux).
    static var executable: URL {
        let path = Bundle.main.executablePath ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: path).resolvingSymlinksInPath()
    }

    /// The `orderflow` binary built beside this one.
    static func orderflow() throws -> String {
        let path = executable.deletingLastPathComponent().appendingPathComponent("orderflow").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchFailure("\(path) is missing: build it with `swift build -c release --product orderflow`.")
        }
        return path
    }

    /// The demo catalog: `--catalog` when given; else `Fixtures/catalog/demo.xml` in the first
    /// folder above this executable or above this source file (the clone it was built from)
    /// that has one.
    static func catalog(override: String?) throws -> String {
        let relative = "Fixtures/catalog/demo.xml"
        if let override {
            let path = URL(fileURLWithPath: override).standardizedFileURL.path
            guard FileManager.default.fileExists(atPath: path) else {
                throw BenchFailure("--catalog \(override): no such file.")
            }
            return path
        }
        let starts = [executable.deletingLastPathComponent(), URL(fileURLWithPath: #filePath).deletingLastPathComponent()]
        for start in starts {
            var folder = start
            while folder.path != "/" {
                let candidate = folder.appendingPathComponent(relative).path
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
                folder.deleteLastPathComponent()
            }
        }
        throw BenchFailure(
            "cannot find \(relative) above \(starts.map(\.path).joined(separator: " or ")): pass --catalog PATH.")
    }
}
