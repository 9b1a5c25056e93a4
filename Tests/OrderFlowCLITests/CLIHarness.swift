import Foundation

/// Runs the built `orderflow` binary and captures what it prints and its exit code.
struct CLIResult {
    var stdout: String
    var stderr: String
    var exitCode: Int32
    /// How the process ended: `.exit` (exitCode is its status) or `.uncaughtSignal` (exitCode is the signal).
    var terminationReason: Process.TerminationReason = .exit

    /// Killed by SIGKILL (`kill -9`, or a crash hook).
    var wasKilled: Bool { terminationReason == .uncaughtSignal && exitCode == 9 }
}

enum CLI {
    /// The `orderflow` executable next to the test bundle in the build products folder.
    static var executable: URL {
        var folder = Bundle.main.bundleURL
        if folder.pathExtension == "xctest" { folder = folder.deletingLastPathComponent() }
        let candidate = folder.appendingPathComponent("orderflow")
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        // swift test on Linux runs the bundle from the products folder itself.
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("orderflow")
    }

    /// `environment` is merged over the current environment (nil: inherit it unchanged).
    /// `umask`: the binary runs under this umask (through `/bin/sh`), not the test process's. A
    /// process still running after `timeout` seconds is killed with SIGKILL, so that a test of
    /// "the run ends" fails instead of hanging.
    static func run(
        _ arguments: [String], currentDirectory: URL? = nil, environment: [String: String]? = nil, umask: String? = nil,
        timeout: Double? = nil
    ) throws -> CLIResult {
        let process = Process()
        if let umask {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "umask \(umask) && exec \"$0\" \"$@\"", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        if let timeout {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CLIResult(
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
            exitCode: process.terminationStatus, terminationReason: process.terminationReason)
    }
}
