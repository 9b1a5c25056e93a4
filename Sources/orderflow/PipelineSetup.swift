import ArgumentParser
import Foundation
import OrderFlowCore
import OrderFlowFormats
import OrderFlowPipeline

/// A pipeline file and what it names, opened for a command; every problem is exit 78
/// (PipelineFiles.md, exit codes).
struct PipelineSetup {
    let config: PipelineConfig
    let catalog: Catalog
    let ledger: any Ledger

    /// - Parameters:
    ///   - path: the pipeline file.
    ///   - readOnly: open the ledger for reading only (`validate`, `quote`, `ledger show`).
    ///   - runnable: the kinds the command runs; another is refused before anything is created
    ///     (no ledger file for a pipeline that cannot run).
    static func open(_ path: String, readOnly: Bool = false, runnable: Set<PipelineConfig.Kind>? = nil) throws -> PipelineSetup {
        let config: PipelineConfig
        do {
            config = try PipelineConfig.load(path: path)
        } catch {
            Stderr.print(error.description)
            throw ExitStatus.config
        }
        if let runnable, !runnable.contains(config.kind) {
            let kinds = PipelineConfig.Kind.allCases.filter(runnable.contains).map(\.rawValue)
            let names = kinds.count > 1 ? kinds.dropLast().joined(separator: ", ") + " and " + kinds[kinds.count - 1] : kinds.joined()
            Stderr.print("\(path): kind: the \(config.kind.rawValue) job is not available yet; this version runs \(names) pipelines.")
            throw ExitStatus.config
        }
        // A worker records its host in every lease it takes (Operations.md, workers on several hosts).
        if !readOnly, case .failure(let invalid) = HostIdentity.current {
            Stderr.print(invalid.description)
            throw ExitStatus.config
        }
        let catalog: Catalog
        do {
            catalog = try CatalogReader.load(path: config.catalogPath)
        } catch {
            for diagnostic in error.diagnostics { Stderr.print(diagnostic.formatted(file: config.catalogPath)) }
            Stderr.print("\(path): catalog: \(config.catalogPath) has errors; fix them (orderflow catalog check) and run again.")
            throw ExitStatus.config
        }
        let ledger: any Ledger
        switch config.ledger {
        case .sqlite(let file):
            do {
                // A batch commit holds the write lock while its file is read: other workers wait for it
                // rather than fail with 75 after the default 10 s.
                ledger = readOnly ? try SQLiteLedger(readOnlyPath: file) : try SQLiteLedger(path: file, busyTimeout: 300)
            } catch {
                throw ExitStatus.forRunFailure(error, pipeline: path)
            }
        case .postgres(let url):
            do {
                ledger = try PostgresLedger(url: url, readOnly: readOnly)
            } catch {
                throw ExitStatus.forRunFailure(error, pipeline: path)
            }
        }
        return PipelineSetup(config: config, catalog: catalog, ledger: ledger)
    }
}

enum ProcessEnvironment {
    static var variables: [String: String] { ProcessInfo.processInfo.environment }
}

extension ExitStatus {
    static let cannotCreate = ExitCode(73)
    static let ioError = ExitCode(74)
    static let temporaryFailure = ExitCode(75)

    /// The exit code for an error that stopped a run, after printing it.
    static func forRunFailure(_ error: any Error, pipeline: String) -> ExitCode {
        if let code = error as? ExitCode { return code }
        Stderr.print("\(pipeline): \(error)")
        switch error {
        case LedgerError.busy: return temporaryFailure
        case LedgerError.unusable: return config
        case is RunDate.UnknownTimeZone: return config
        case is FileSystemError: return cannotCreate
        default: return ExitCode.failure
        }
    }
}
