import FuzzSupport
import OrderFlowFormats

/// libFuzzer entry point: one input is one CSV drop file, read as `orderflow run` reads it
/// (DropFiles.md: CSV). A `FileError` is the reader doing its job; a trap, a sanitizer report, a timeout or running out of memory is a
/// finding. How to run it: BENCHMARKS.md, "Fuzzing".
public func fuzzOrdersCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzInput(data, size)
    _ = try? CSVRequestReader(bytes: bytes, batchId: "ACME-20261122-01", expectedReseller: "R-ACME").read(
        header: { _ in }, request: { _ in })
    return 0
}

@main enum FuzzOrdersCSVMain {
    static func main() { runFuzzer(target: "fuzz-orders-csv", fuzzOrdersCSV) }
}
