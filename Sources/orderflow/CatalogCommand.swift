import ArgumentParser
import Foundation
import OrderFlowCore
import OrderFlowFormats

/// `orderflow catalog check FILE`: every catalog problem, with its line.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Work with catalogs.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report every problem in a catalog, including those its schema cannot see.")

        @Argument(help: "The catalog XML file.") var file: String

        func run() throws {
            // A FILE argument that does not exist is exit 66, as for every command (PipelineFiles.md, exit codes).
            guard FileManager.default.fileExists(atPath: file) else {
                Stderr.print("\(file): error: no such file")
                throw ExitStatus.noInput
            }
            let problems = CatalogReader.check(path: file)
            for problem in problems { print(problem.formatted(file: file)) }
            // Notes (such as a tax naming a reseller this catalog does not define) are shown, not failed.
            if !problems.errors.isEmpty { throw ExitStatus.dataError }
            print("\(file): ok")
        }
    }
}
