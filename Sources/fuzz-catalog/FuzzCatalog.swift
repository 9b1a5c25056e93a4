import FuzzSupport
import OrderFlowFormats

/// libFuzzer entry point: one input is one catalog file, read as `orderflow catalog check`
/// reads it (CatalogFormat.md). Problems it reports are the reader doing its job; a trap, a sanitizer report, a timeout or running out of memory is a
/// finding. How to run it: BENCHMARKS.md, "Fuzzing".
public func fuzzCatalog(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzInput(data, size)
    _ = CatalogReader.check(bytes: bytes, name: "fuzz-catalog.xml")
    return 0
}

@main enum FuzzCatalogMain {
    static func main() { runFuzzer(target: "fuzz-catalog", fuzzCatalog) }
}
