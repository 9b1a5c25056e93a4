#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import OrderFlowFormats

/// One benchmark run: generate, then measure each reader in a child process.
struct Benchmark {
    var orders: Int
    var keep: Bool

    struct Measurement {
        var name: String
        var seconds: Double
        var peakRSSKiB: Int
        var output: String
        var status: Int32
        /// What the child wrote on standard error (kept to explain a failure).
        var errors: String = ""
        /// User plus system CPU time of the child (`measureAlone` only: its own `wait4` rusage).
        var cpuSeconds: Double = 0
    }

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(at: folder) } }
        let xmlPath = folder.appendingPathComponent("bench.xml").path
        let csvPath = folder.appendingPathComponent("bench.csv").path
        let xsdPath = folder.appendingPathComponent("orders.xsd").path
        try OrdersSchema.xsd.write(toFile: xsdPath, atomically: true, encoding: .utf8)

        let start = Date()
        try DropGenerator.write(orders: orders, xmlPath: xmlPath, csvPath: csvPath)
        print("generated \(orders) orders in \(String(format: "%.2f", Date().timeIntervalSince(start))) s: "
            + "XML \(size(xmlPath)) MB, CSV \(size(csvPath)) MB (\(folder.path))")

        let me = BenchPaths.executable.path
        var results: [Measurement] = []
        // xmllint first: RUSAGE_CHILDREN keeps the largest child's peak, so only the first child's
        // is its own; the Swift readers report their own RUSAGE_SELF peak on their output.
        if let xmllint = which("xmllint") {
            var lint = try measure("xmllint --stream --noout --schema", xmllint, ["--stream", "--noout", "--schema", xsdPath, xmlPath])
            guard lint.status == 0 else { throw BenchFailure.child(lint) }
            lint.peakRSSKiB = childrenPeakRSSKiB()
            lint.output = "valid"
            results.append(lint)
        } else {
            print("xmllint not found on PATH: install libxml2-utils to compare")
        }
        for (name, mode, path) in [("XMLRequestReader (streaming XSD)", "read-xml", xmlPath), ("CSVRequestReader", "read-csv", csvPath)] {
            var result = try measure(name, me, [mode, path])
            guard result.status == 0 else { throw BenchFailure.child(result) }
            // The child prints how many requests it read without an error, and its own peak RSS.
            let parts = result.output.split(separator: " ")
            guard parts.count == 2, let read = Int(parts[0]), let peak = Int(parts[1]) else {
                throw BenchFailure("\(name) printed '\(result.output)', not '<requests> <peak KiB>'.")
            }
            guard read == orders else {
                throw BenchFailure("\(name) read \(read) of the \(orders) generated orders without an error: nothing was measured.")
            }
            result.peakRSSKiB = peak
            result.output = String(read)
            results.append(result)
        }
        print("")
        print("| | wall s | peak RSS MB | requests |")
        print("|---|---|---|---|")
        for result in results {
            print("| \(result.name) | \(String(format: "%.2f", result.seconds)) | \(String(format: "%.1f", Double(result.peakRSSKiB) / 1024)) | \(result.output) |")
        }
        let xml = results[results.count - 2]
        let csv = results[results.count - 1]
        print("")
        if results.count == 3 {
            print("XMLRequestReader / xmllint: wall \(ratio(xml.seconds, results[0].seconds))×, "
                + "peak RSS \(ratio(Double(xml.peakRSSKiB), Double(results[0].peakRSSKiB)))×")
        }
        print("XMLRequestReader / CSVRequestReader: wall \(ratio(xml.seconds, csv.seconds))×")
    }

    func size(_ path: String) -> Int {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return bytes / 1_000_000
    }

    func which(_ tool: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    func ratio(_ a: Double, _ b: Double) -> String { String(format: "%.2f", b > 0 ? a / b : 0) }

    /// Runs one child and times it (wall clock, from launch to exit). Its standard error goes to
    /// a file (a pipe nobody reads while it runs could block it), read back afterwards.
    func measure(_ name: String, _ executable: String, _ arguments: [String]) throws -> Measurement {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        let errorsPath = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-bench-\(getpid())-stderr").path
        guard FileManager.default.createFile(atPath: errorsPath, contents: nil) else {
            throw BenchFailure("cannot create \(errorsPath) for \(name)'s standard error.")
        }
        defer { try? FileManager.default.removeItem(atPath: errorsPath) }
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorsPath))
        process.standardError = errors
        let start = DispatchTime.now()
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        try errors.close()
        return Measurement(
            name: name, seconds: seconds, peakRSSKiB: 0,
            output: String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
            status: process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus,
            errors: (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? "")
    }

    /// Runs one child as `measure` does, but takes its peak RSS from its own `wait4` rusage, not
    /// from `RUSAGE_CHILDREN` (which keeps the largest of every child reaped so far, such as an
    /// import run before it). Standard output and error go to files, read back afterwards; children
    /// measured at once (`workers`) each need their own `scratch` name for them.
    func measureAlone(_ name: String, _ executable: String, _ arguments: [String], scratch: String = "alone") throws -> Measurement {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("orderflow-bench-\(getpid())-\(scratch)").path
        let outputPath = base + "-stdout", errorsPath = base + "-stderr"
        defer {
            try? FileManager.default.removeItem(atPath: outputPath)
            try? FileManager.default.removeItem(atPath: errorsPath)
        }
        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        #else
        var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorsPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }

        // What earlier runs wrote is still being written back (an import writes ~900 MB of
        // invoices per 100,000 requests); flushed first, so that each run pays for its own writes
        // only, and the figures do not depend on what ran before.
        sync()
        var pid = pid_t()
        let start = DispatchTime.now()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw BenchFailure("cannot start \(executable) for \(name): \(String(cString: strerror(spawned))).")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else {
                throw BenchFailure("wait4 for \(name) failed: \(String(cString: strerror(errno))).")
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
        let signal = status & 0x7f
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Measurement(
            name: name, seconds: seconds, peakRSSKiB: Int(usage.ru_maxrss),
            output: output.trimmingCharacters(in: .whitespacesAndNewlines),
            status: signal == 0 ? (status >> 8) & 0xff : 128 + signal,
            errors: (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? "",
            cpuSeconds: Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6)
    }

    func childrenPeakRSSKiB() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        #else
        getrusage(RUSAGE_CHILDREN, &usage)
        #endif
        return Int(usage.ru_maxrss)
    }
}
