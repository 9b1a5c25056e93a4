import Glibc

/// Who this process is (a ``ClaimOwner``), and whether another owner on this host still runs:
/// a claim of a process that no longer exists has expired at once (Operations.md, claiming).
public enum ProcessIdentity {
    /// This process: its host (``HostIdentity``), pid, and its start time (which tells a reused pid
    /// apart). A command checks ``HostIdentity/current`` first and refuses an unusable
    /// `ORDERFLOW_HOST_ID`, so the fallback to the host name alone is never what a run records.
    public static let current: ClaimOwner = ClaimOwner(
        host: (try? HostIdentity.current.get()) ?? hostName(), pid: getpid(), startTime: startTime(of: getpid()) ?? 0)

    /// True when `owner` ran on this host (the same ``HostIdentity``: name, boot and PID namespace)
    /// and its pid no longer exists, or belongs to a process started at another time. An owner on
    /// another host is never judged gone from here (its lease expiry decides). Start times are compared within 2 s: `btime` in /proc/stat is
    /// recomputed from the wall clock and can read a second apart; a pid reused that fast is
    /// not a real risk, and the lease's fencing token guards every write anyway.
    public static func isGone(_ owner: ClaimOwner) -> Bool {
        guard owner.host == current.host else { return false }
        guard let started = startTime(of: owner.pid) else { return true }
        return abs(started - owner.startTime) > 2
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Seconds since the epoch at which `pid` started: `/proc/<pid>/stat` field 22 (clock ticks
    /// after boot) plus `btime` from `/proc/stat`. nil when the process does not exist.
    static func startTime(of pid: Int32) -> Int64? {
        guard let stat = readSmallFile("/proc/\(pid)/stat"), let bootTime = bootTime(),
              let ticks = startTicks(fromStat: stat) else { return nil }
        let perSecond = Int64(sysconf(Int32(_SC_CLK_TCK)))
        return bootTime + ticks / max(perSecond, 1)
    }

    /// Field 22 of a `/proc/<pid>/stat` line. The command name (field 2) is in parentheses and
    /// may itself hold spaces and parentheses, so fields are counted after the last `)`.
    static func startTicks(fromStat line: String) -> Int64? {
        guard let close = line.lastIndex(of: ")") else { return nil }
        let fields = line[line.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state), so field 22 is fields[19].
        guard fields.count > 19 else { return nil }
        return Int64(fields[19])
    }

    private static func bootTime() -> Int64? {
        guard let stat = readSmallFile("/proc/stat") else { return nil }
        for line in stat.split(separator: "\n") where line.hasPrefix("btime ") {
            return Int64(line.dropFirst("btime ".count).trimmingPrefix(" "))
        }
        return nil
    }

    static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
