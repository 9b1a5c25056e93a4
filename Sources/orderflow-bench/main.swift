#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import OrderFlowCore
import OrderFlowFormats

/// `orderflow-bench xml --orders N [--keep]`: times the XML reader, the CSV reader and
/// `xmllint --stream --schema` on the same generated drop, each in its own child process so that
/// each peak RSS (`ru_maxrss`) is its own.
///
/// `orderflow-bench import --orders N [csv]`: the whole import job (`orderflow run`) on one
/// generated drop of valid orders, against `xmllint --stream --schema` on the same XML.
///
/// Internal modes, run as children: `read-xml PATH`, `read-csv PATH`.
/// This process's peak resident set size, in KiB (Linux `ru_maxrss` unit).
func peakRSSKiB() -> Int {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return Int(usage.ru_maxrss)
}

let arguments = Array(CommandLine.arguments.dropFirst())

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("orderflow-bench: \(message)\n".utf8))
    exit(64)
}

switch arguments.first {
case "read-xml":
    guard arguments.count == 2 else { fail("read-xml PATH") }
    var count = 0
    try XMLRequestReader(path: arguments[1], expectedReseller: nil).read(
        header: { _ in }, request: { raw in if raw.readerErrors.isEmpty { count += 1 } })
    print(count, peakRSSKiB())
case "read-csv":
    guard arguments.count == 2 else { fail("read-csv PATH") }
    var count = 0
    try CSVRequestReader(path: arguments[1], batchId: "bench", expectedReseller: nil).read(
        header: { _ in }, request: { raw in if raw.readerErrors.isEmpty { count += 1 } })
    print(count, peakRSSKiB())
case "xml":
    var orders = 100_000
    if let index = arguments.firstIndex(of: "--orders"), index + 1 < arguments.count, let n = Int(arguments[index + 1]), n > 0 {
        orders = n
    }
    try Benchmark(orders: orders, keep: arguments.contains("--keep")).run()
case "import":
    var orders = 100_000
    if let index = arguments.firstIndex(of: "--orders"), index + 1 < arguments.count, let n = Int(arguments[index + 1]), n > 0 {
        orders = n
    }
    let format = arguments.contains("csv") ? "csv" : "xml"
    try ImportBenchmark(orders: orders, format: format, keep: arguments.contains("--keep")).run()
default:
    fail("usage: orderflow-bench xml|import [--orders N] [csv] [--keep]")
}
