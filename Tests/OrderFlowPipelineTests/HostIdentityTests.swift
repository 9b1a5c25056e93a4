import Glibc
@testable import OrderFlowPipeline
import Testing

/// The host a lease owner runs on: name, boot and PID namespace, and which owners' processes this
/// one may check (Operations.md, workers on several hosts).
@Suite struct HostIdentityTests {
    @Test func theIdentityIsTheNameTheBootAndThePIDNamespace() throws {
        let identity = try HostIdentity.current.get()
        let parts = identity.split(separator: "/", omittingEmptySubsequences: false)
        #expect(parts.count == 3, "\(identity)")
        // This test process runs without ORDERFLOW_HOST_ID (CI never sets it): the host name.
        if getenv(HostIdentity.variable) == nil { #expect(parts[0] == ProcessIdentity.hostName()) }
        let bootId = try #require(ProcessIdentity.readSmallFile("/proc/sys/kernel/random/boot_id"))
        #expect(parts[1] + "\n" == bootId)
        #expect(parts[2] == HostIdentity.pidNamespace().map { Substring($0) })
        #expect(ProcessIdentity.current.host == identity)
    }

    @Test func aNameFromTheEnvironmentWinsAndMustBeAHostName() throws {
        #expect(try HostIdentity.make(name: "worker-2.eu", hostName: "box", bootId: "b", pidNamespace: "4") == "worker-2.eu/b/4")
        #expect(try HostIdentity.make(name: nil, hostName: "box", bootId: nil, pidNamespace: nil) == "box/-/-")
        #expect(try HostIdentity.make(name: nil, hostName: "a/b", bootId: "b", pidNamespace: "4") == "a_b/b/4")
        for bad in ["", "two words", "a/b", String(repeating: "x", count: 65), "tab\there", "ünï"] {
            #expect(throws: HostIdentity.InvalidName.self, "\(bad.debugDescription)") {
                try HostIdentity.make(name: bad, hostName: "box", bootId: "b", pidNamespace: "4")
            }
        }
        let error = try #require(throws: HostIdentity.InvalidName.self) {
            try HostIdentity.make(name: "two words", hostName: "box", bootId: "b", pidNamespace: "4")
        }
        #expect(error.description.contains("ORDERFLOW_HOST_ID=\"two words\" is not a host name: use 1 to 64 letters"))
    }

    /// The same host name in another container or on another machine (another PID namespace or
    /// boot), or another ORDERFLOW_HOST_ID: the pid there means nothing here, so a gone pid is not
    /// a gone owner.
    @Test func anOwnerThatDiffersInAnyPartIsNeverJudgedGone() throws {
        let me = ProcessIdentity.current
        var gone = me
        gone.pid = Int32.max - 1  // above any pid_max
        #expect(ProcessIdentity.isGone(gone))
        let parts = me.host.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for index in parts.indices {
            var other = parts
            other[index] += "x"
            var elsewhere = gone
            elsewhere.host = other.joined(separator: "/")
            #expect(!ProcessIdentity.isGone(elsewhere), "\(elsewhere.host)")
        }
        var nameOnly = gone
        nameOnly.host = ProcessIdentity.hostName()
        #expect(!ProcessIdentity.isGone(nameOnly), "a lease of an earlier version (host name only) waits for its expiry")
    }
}
