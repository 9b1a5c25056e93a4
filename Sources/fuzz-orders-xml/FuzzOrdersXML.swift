import FuzzSupport
import OrderFlowFormats

/// libFuzzer entry point: one input is one XML drop file, read as `orderflow run` reads it
/// (DropFiles.md: XML). A `FileError` is the reader doing its job; a trap, a sanitizer report, a timeout or running out of memory is a
/// finding. How to run it: BENCHMARKS.md, "Fuzzing".
public func fuzzOrdersXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzInput(data, size)
    _ = try? XMLRequestReader(bytes: bytes, name: "fuzz.xml", expectedReseller: "R-ACME").read(
        header: { _ in }, request: { _ in })
    return 0
}

@main enum FuzzOrdersXMLMain {
    static func main() { runFuzzer(target: "fuzz-orders-xml", fuzzOrdersXML) }
}
