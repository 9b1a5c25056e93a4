#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What libFuzzer calls once per input: the bytes, and 0 to say "keep going".
public typealias FuzzTestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

#if FUZZING
/// libFuzzer's documented driver entry point (`FuzzerInterface.h`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: FuzzTestOneInput
) -> Int32
#endif

/// The `main` of every fuzz target (BENCHMARKS.md, "Fuzzing").
///
/// SwiftPM links an executable's `main` under a name of its own, so libFuzzer's `main` is never the
/// program's: built with `-sanitize=fuzzer,address -D FUZZING`, this hands the command line to
/// libFuzzer's driver. A plain `swift build` has no libFuzzer; the target then only says how to
/// build it, so the package's normal build and tests never need the fuzzer runtime.
public func runFuzzer(target: String, _ testOneInput: FuzzTestOneInput) -> Never {
    #if FUZZING
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    #else
    print("\(target): a libFuzzer target; build and run it as BENCHMARKS.md, \"Fuzzing\", says.")
    exit(64)
    #endif
}

/// The input as an array, for readers that take bytes.
public func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
}
