import ArgumentParser
import OrderFlowCore
import OrderFlowFormats
import OrderFlowPipeline

/// `orderflow quote FILE --catalog C [--as-of D]`: the `results.csv` a run would produce, ids left empty.
struct QuoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quote",
        abstract: "Print the results.csv rows a run would produce for a drop file, with no side effects.",
        discussion: """
            Without --pipeline the file is judged against an empty ledger, so every existing account \
            is UNKNOWN_ACCOUNT and every cancel, renewal or upgrade of an earlier batch UNKNOWN_ORDER. \
            The ids a run would assign are left empty. Exits 65 when a request is rejected.
            """)

    @OptionGroup var options: JudgeOptions

    func run() throws {
        try options.requireFile()
        var output = StdoutCSV()
        output.writeRow(RequestResult.columns)
        var rejected = 0
        do {
            try options.withEvaluation(withoutLedger: .reject) { evaluation in
                try evaluation.evaluate(path: options.file) { judged in
                    if judged.outcome == .rejected { rejected += 1 }
                    // Cells escaped: what a terminal shows, not results.csv byte for byte (TerminalText).
                    output.writeRow(judged.result.cells.map(TerminalText.escaped))
                }
            }
        } catch let error as FileError {
            for diagnostic in error.diagnostics { Stderr.print(TerminalText.escaped(diagnostic.formatted(file: options.file))) }
            Stderr.print("\(TerminalText.escaped(options.file)): the file fails as a whole; nothing would be accepted.")
            throw ExitStatus.dataError
        }
        output.flush()
        if rejected > 0 { throw ExitStatus.dataError }
    }
}

/// Spreadsheet-safe CSV to standard output, flushed in blocks so a big file streams.
struct StdoutCSV {
    private var writer = CSVWriter()

    mutating func writeRow(_ cells: [String]) {
        writer.writeRow(cells, spreadsheetSafe: true)
        if writer.bytes.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        Stdout.write(writer.bytes)
        writer = CSVWriter()
    }
}
