import ArgumentParser
import Foundation
import OrderFlowCore
import OrderFlowFormats
import OrderFlowPipeline

/// sysexits codes (PipelineFiles.md, exit codes).
enum ExitStatus {
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let config = ExitCode(78)
}

/// Options shared by `validate` and `quote`.
struct JudgeOptions: ParsableArguments {
    @Argument(help: "The drop file (.xml or .csv).") var file: String
    @Option(help: "The catalog XML file (default with --pipeline: the pipeline's).") var catalog: String?
    @Option(help: "Judge against this pipeline's ledger, read-only, as a run would at this moment.")
    var pipeline: String?
    @Option(name: .customLong("as-of"), help: "The run's date, YYYY-MM-DD (default: today in the reseller's time zone).")
    var asOf: String?

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a date: write YYYY-MM-DD.")
        }
        if catalog == nil && pipeline == nil {
            throw ValidationError("Give the catalog with --catalog (or a pipeline with --pipeline).")
        }
    }

    var runDate: CalendarDate? { asOf.flatMap { CalendarDate(iso: $0) } }

    /// The catalog, or exit 78 with every problem printed.
    func loadCatalog(_ path: String) throws -> Catalog {
        do {
            return try CatalogReader.load(path: path)
        } catch {
            for diagnostic in error.diagnostics { Stderr.print(diagnostic.formatted(file: path)) }
            throw ExitStatus.config
        }
    }

    /// Runs `body` with the evaluation the options describe: against an empty ledger, or
    /// against `--pipeline`'s ledger read-only (a snapshot; a running import is never held up),
    /// where unresolved references are errors as in a run.
    func withEvaluation<T>(withoutLedger: JudgeContext.UnresolvedReferences, _ body: (DropEvaluation) throws -> T) throws -> T {
        guard let pipeline else {
            let catalog = try loadCatalog(catalog!)
            return try body(DropEvaluation(
                catalog: catalog, history: EmptyHistory(), asOf: runDate, unresolvedReferences: withoutLedger))
        }
        let setup = try PipelineSetup.open(pipeline, readOnly: true)
        let catalog = try catalog.map(loadCatalog) ?? setup.catalog
        do {
            return try setup.ledger.readHistory { history in
                var evaluation = DropEvaluation(
                    catalog: catalog, history: history, asOf: runDate ?? setup.config.asOf, unresolvedReferences: .reject)
                evaluation.trialsOnly = setup.config.kind == .trials
                return try body(evaluation)
            }
        } catch let error as FileError {
            throw error
        } catch let error as ExitCode {
            throw error
        } catch {
            throw ExitStatus.forRunFailure(error, pipeline: pipeline)
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
