#if canImport(Glibc)
import Glibc
#endif

/// A claim id: 16 random hex digits (never `--`, always a plain name component).
enum ClaimId {
    /// Its length in bytes: with `--` it takes 18 of the 255 a claim's name may have.
    static let length = 16

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: length - hex.count) + hex
    }
}
