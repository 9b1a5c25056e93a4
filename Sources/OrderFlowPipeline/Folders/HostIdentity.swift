import Glibc

/// Which host a lease owner runs on, as the ledger records it (Operations.md, "Workers on several
/// hosts"): `<name>/<boot id>/<pid namespace>`. The name is `ORDERFLOW_HOST_ID` when set, else the
/// host name. A process id means something only inside one PID namespace of one boot of one kernel,
/// so ``ProcessIdentity/isGone(_:)`` checks the process of an owner only when all three parts are
/// equal to its own: two machines or containers with the same host name are still other hosts,
/// whose leases must expire before they are taken over.
public enum HostIdentity {
    /// The environment variable that names this host in the ledger.
    public static let variable = "ORDERFLOW_HOST_ID"

    /// A name that cannot be used: the sentence says how to fix it.
    public struct InvalidName: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// This process's identity, or why `ORDERFLOW_HOST_ID` cannot be used (the command then exits
    /// 78 before it touches anything: `PipelineSetup`).
    public static let current: Result<String, InvalidName> = Result { () throws(InvalidName) in
        try make(
            name: getenv(variable).map { String(cString: $0) }, hostName: ProcessIdentity.hostName(),
            bootId: firstLine(of: "/proc/sys/kernel/random/boot_id"), pidNamespace: pidNamespace())
    }

    /// The identity from its parts; `name` (from `ORDERFLOW_HOST_ID`) wins over the host name when
    /// set. A part the system does not give is `-`, which only makes two processes look alike when
    /// the other parts are equal too.
    static func make(name: String?, hostName: String, bootId: String?, pidNamespace: String?) throws(InvalidName) -> String {
        let chosen: String
        if let name {
            guard (1...64).contains(name.utf8.count), name.utf8.allSatisfy(isNameByte) else {
                throw InvalidName(description:
                    "\(variable)=\(name.debugDescription) is not a host name: use 1 to 64 letters, digits, '.', '-' or '_', different on every host that runs workers of this pipeline.")
            }
            chosen = name
        } else {
            // A host name holds no '/' in practice; replacing it keeps the three parts apart.
            chosen = hostName.isEmpty ? "localhost" : hostName.replacing("/", with: "_")
        }
        return "\(chosen)/\(bootId ?? "-")/\(pidNamespace ?? "-")"
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// The inode of this process's PID namespace (`/proc/self/ns/pid` links to `pid:[<inode>]`).
    static func pidNamespace() -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        let n = readlink("/proc/self/ns/pid", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let link = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let open = link.firstIndex(of: "["), let close = link.lastIndex(of: "]"), open < close else { return nil }
        return String(link[link.index(after: open)..<close])
    }

    private static func firstLine(of path: String) -> String? {
        guard let text = ProcessIdentity.readSmallFile(path) else { return nil }
        let line = text.prefix { $0 != "\n" }
        return line.isEmpty ? nil : String(line)
    }
}
