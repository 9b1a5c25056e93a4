import ArgumentParser
import OrderFlowCore
import OrderFlowFormats
import OrderFlowPipeline

/// `orderflow validate FILE --catalog C [--as-of D]`: every error of every request, compiler-style.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a drop file and print every error as file:line:col: error: [CODE] field: message.",
        discussion: """
            Each error is reported at its request's line (the start tag of an XML request, the row of \
            a CSV one); when the field sits on another line, the message ends with where. Without \
            --pipeline the file is judged against an empty ledger: checks that need one (existing \
            accounts, cancels, renewals and upgrades of earlier batches) are printed as notes and do \
            not count as errors. Exits 65 when anything is invalid.
            """)

    @OptionGroup var options: JudgeOptions

    func run() throws {
        try options.requireFile()
        var requests = 0
        var rejected = 0
        do {
            try options.withEvaluation(withoutLedger: .note) { evaluation in
                try evaluation.evaluate(path: options.file) { judged in
                    requests += 1
                    if judged.outcome == .rejected { rejected += 1 }
                    for diagnostic in judged.diagnostics {
                        print(TerminalText.escaped(Self.atRequest(diagnostic, request: judged.raw.location).formatted(file: options.file)))
                    }
                }
            }
        } catch let error as FileError {
            for diagnostic in error.diagnostics { print(TerminalText.escaped(diagnostic.formatted(file: options.file))) }
            Stderr.print("\(TerminalText.escaped(options.file)): the file fails as a whole; no request in it is accepted.")
            throw ExitStatus.dataError
        }
        Stderr.print("\(TerminalText.escaped(options.file)): \(requests) requests, \(rejected) invalid.")
        if rejected > 0 { throw ExitStatus.dataError }
    }

    /// A request's finding placed at the request's own line (errors are reported at
    /// their order's line), keeping the field's own line in the message when it differs.
    static func atRequest(_ diagnostic: Diagnostic, request: SourceLocation) -> Diagnostic {
        guard diagnostic.location.line != request.line else { return diagnostic }
        var shown = diagnostic
        if diagnostic.location.line > 0 {
            let column = diagnostic.location.column > 0 ? ", column \(diagnostic.location.column)" : ""
            let place = " (line \(diagnostic.location.line)\(column))"
            if shown.message.hasSuffix(".") {
                shown.message.insert(contentsOf: place, at: shown.message.index(before: shown.message.endIndex))
            } else {
                shown.message += place
            }
        }
        shown.location = request
        return shown
    }
}
