import ArgumentParser
import Foundation
import OrderFlowCore
import OrderFlowFormats

/// sysexits codes (SPEC §9).
enum ExitStatus {
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let config = ExitCode(78)
}

/// Options shared by `validate` and `quote`.
struct JudgeOptions: ParsableArguments {
    @Argument(help: "The drop file (.xml or .csv).") var file: String
    @Option(help: "The catalog XML file.") var catalog: String
    @Option(name: .customLong("as-of"), help: "The run's date, YYYY-MM-DD (default: today in the reseller's time zone).")
    var asOf: String?

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a date: write YYYY-MM-DD.")
        }
    }

    var runDate: CalendarDate? { asOf.flatMap { CalendarDate(iso: $0) } }

    /// The catalog, or exit 78 with every problem printed.
    func loadCatalog() throws -> Catalog {
        do {
            return try CatalogReader.load(path: catalog)
        } catch {
            for diagnostic in error.diagnostics { Stderr.print(diagnostic.formatted(file: catalog)) }
            throw ExitStatus.config
        }
    }

    func requireFile() throws {
        guard FileManager.default.fileExists(atPath: file) else {
            Stderr.print("\(file): error: no such file")
            throw ExitStatus.noInput
        }
    }
}

enum Stderr {
    static func print(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

enum Stdout {
    static func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }
}
