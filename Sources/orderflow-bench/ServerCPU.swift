#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The CPU time a local PostgreSQL server has used so far, from `/proc` (Linux): its postmaster's
/// own and that of the backends it has reaped (`cutime`, `cstime`: one backend per connection,
/// gone when its `orderflow run` ends), plus its live children's (checkpointer, WAL writer, …).
/// The workers' own rusage never includes it, and with PostgreSQL it is a good part of the work.
struct ServerCPU {
    /// The postmaster: the `postgres` process listening on `-p port`.
    let pid: Int32

    init?(port: Int) {
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { Int32($0) } ?? []
        for pid in processes {
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { continue }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard arguments.first?.hasSuffix("/postgres") == true,
                let flag = arguments.firstIndex(of: "-p"), arguments.dropFirst(flag + 1).first == String(port)
            else { continue }
            self.pid = pid
            return
        }
        return nil
    }

    /// Seconds of CPU used by the server until now.
    func seconds() -> Double {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var total = 0
        for (pid, fields) in Self.stats() where pid == self.pid || Int32(fields[1]) == self.pid {
            // After `comm`: state, ppid, … utime (14th field of stat), stime, cutime, cstime.
            let own = (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
            let reaped = pid == self.pid ? (Int(fields[13]) ?? 0) + (Int(fields[14]) ?? 0) : 0
            total += own + reaped
        }
        return Double(total) / ticks
    }

    /// Every process's `/proc/<pid>/stat` fields after its `(comm)`, which may hold spaces.
    private static func stats() -> [(Int32, [Substring])] {
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { Int32($0) } ?? []
        return processes.compactMap { pid in
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = text.lastIndex(of: ")")
            else { return nil }
            return (pid, text[text.index(after: close)...].split(separator: " "))
        }
    }
}
