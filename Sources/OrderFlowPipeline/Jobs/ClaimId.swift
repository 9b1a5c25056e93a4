#if canImport(Glibc)
import Glibc
#endif

/// A claim id: 16 random hex digits (never `--`, always a plain name component).
enum ClaimId {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
