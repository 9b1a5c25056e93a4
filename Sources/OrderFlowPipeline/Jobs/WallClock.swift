#if canImport(Glibc)
import Glibc
#endif

/// Milliseconds since the epoch: lease times are compared across processes and hosts, so they
/// use the wall clock (stability uses the monotonic ``MonotonicClock`` instead).
public struct WallClock: Sendable {
    let read: @Sendable () -> Int64

    public init(_ read: @escaping @Sendable () -> Int64) { self.read = read }

    public var milliseconds: Int64 { read() }

    public static let system = WallClock {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
