import FuzzSupport
import OrderFlowFormats

/// libFuzzer entry point: one input is one bank statement drop, read as camt.053 (`Camt053Reader`)
/// and as a statement CSV (`StatementCSVReader`), line by line as the reconcile job will read them.
/// A `FileError` or an unreadable line is the reader doing its job; a trap, a sanitizer report, a
/// timeout or running out of memory is a finding. How to run it: BENCHMARKS.md, "Fuzzing".
public func fuzzStatement(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzInput(data, size)
    // What the reconcile job takes from a line, so that computing it is fuzzed too.
    let use: (StatementLine) -> Void = { line in
        _ = (line.treatment, line.identity?.key, line.amount?.text, line.creditorReference)
    }
    _ = try? Camt053Reader(bytes: bytes, name: "fuzz.xml").read(header: { _ in }, line: use)
    _ = try? StatementCSVReader(bytes: bytes, statementId: "fuzz").read(header: { _ in }, line: use)
    return 0
}

@main enum FuzzStatementMain {
    static func main() { runFuzzer(target: "fuzz-statement", fuzzStatement) }
}
