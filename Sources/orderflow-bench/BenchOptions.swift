import Foundation

/// The options every benchmark takes: how many items (`--orders`, `--entries`, `--rows`,
/// `--subscriptions`; 100,000 by default), `--catalog PATH`, `--keep`, and the benchmark's own flags
/// and options (a flag followed by its value, such as `workers`' `--files 100`).
struct BenchOptions {
    var count = 100_000
    var catalog: String?
    var keep = false
    /// The benchmark's own options given, by flag.
    var values: [String: String] = [:]
    /// The benchmark's own flags given (`--keep` is also ``keep``).
    var flags: Set<String> = []

    /// Exits 64 with `usage` for anything else.
    static func parse(
        _ arguments: ArraySlice<String>, countFlag: String, flags: Set<String>, valueFlags: Set<String> = [],
        usage: String
    ) -> BenchOptions {
        var options = BenchOptions()
        var rest = arguments
        while let argument = rest.popFirst() {
            switch argument {
            case countFlag:
                guard let n = rest.popFirst().flatMap({ Int($0) }), n > 0 else {
                    fail("\(countFlag) needs a number above 0; \(usage)")
                }
                options.count = n
            case "--catalog":
                guard let path = rest.popFirst() else { fail("--catalog needs a path; \(usage)") }
                options.catalog = path
            case _ where valueFlags.contains(argument):
                guard let value = rest.popFirst() else { fail("\(argument) needs a value; \(usage)") }
                options.values[argument] = value
            case _ where flags.contains(argument):
                if argument == "--keep" { options.keep = true }
                options.flags.insert(argument)
            default:
                fail("unknown argument '\(argument)'; \(usage)")
            }
        }
        return options
    }

    /// Runs a benchmark; what it throws is printed and exits 1 (a run that failed prints no rate).
    static func running(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            FileHandle.standardError.write(Data("orderflow-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}
