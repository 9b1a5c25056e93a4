import Glibc
/// The value forms of a pipeline file (PipelineFiles.md): durations, sizes, file modes and ledger URLs.
enum ConfigValues {
    /// `0640`, `640`, `0o640` as permission bits; nil unless 3 or 4 octal digits (an optional `0o`)
    /// that grant the owner read and write (OrderFlow reads its outputs back to compare a rerun's)
    /// and nothing beyond 0777 (no setuid, setgid or sticky bit on a data file).
    static func fileMode(_ text: String) -> mode_t? {
        let digits = text.hasPrefix("0o") ? Substring(text.dropFirst(2)) : Substring(text)
        guard (3...4).contains(digits.count), digits.allSatisfy({ ("0"..."7").contains($0) }),
            let mode = mode_t(digits, radix: 8), mode & ~0o777 == 0, mode & 0o600 == 0o600
        else { return nil }
        return mode
    }

    /// `500ms`, `2s`, `1m`, `1h`, `0s` in milliseconds; nil for a negative, unitless or
    /// otherwise malformed duration.
    static func milliseconds(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            let digits = text.dropLast(unit.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        return nil
    }

    /// `1GiB`, `512MiB`, `10KiB`, `1GB`, `500MB`, `10KB`, `1000` (bytes) in bytes; nil otherwise.
    static func bytes(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
            ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000), ("B", 1), ("", 1),
        ]
        for (unit, factor) in units where text.hasSuffix(unit) {
            let digits = text.dropLast(unit.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) else { continue }
            let (product, overflow) = value.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        return nil
    }

    /// True for `postgres://[user[:password]@]host[:port]/database` (or `postgresql://`).
    static func isPostgresURL(_ text: String) -> Bool {
        guard let scheme = ["postgres://", "postgresql://"].first(where: { text.hasPrefix($0) }) else { return false }
        let rest = text.dropFirst(scheme.count)
        guard let slash = rest.firstIndex(of: "/") else { return false }
        let authority = rest[..<slash]
        let database = rest[rest.index(after: slash)...].prefix { $0 != "?" }
        guard !database.isEmpty, !database.contains("/") else { return false }
        let hostPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        if authority.contains("@"), authority.split(separator: "@", omittingEmptySubsequences: false).first?.isEmpty ?? true {
            return false
        }
        let host: Substring
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {  // [IPv6]
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            guard after.isEmpty || (after.hasPrefix(":") && isPort(after.dropFirst())) else { return false }
        } else {
            let parts = hostPort.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return false }
            host = parts[0]
            if parts.count == 2 && !isPort(parts[1]) { return false }
        }
        return !host.isEmpty && !host.contains(where: { $0.isWhitespace })
    }

    private static func isPort(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(text) else { return false }
        return (1...65535).contains(port)
    }

    /// The known key closest to `key` (edit distance, case ignored), if it is close enough to
    /// be a typo.
    static func closest(to key: String, among known: [String]) -> String? {
        let lowered = Array(key.lowercased())
        let scored = known.map { ($0, editDistance(lowered, Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, best.0.count / 3) ? best.0 : nil
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
