import Glibc

/// OrderFlow's own clock for judging stability (Operations.md, stability): monotonic milliseconds,
/// unaffected by wall-clock steps and by whatever mtime an uploader's copy kept.
/// Injectable so that tests can move time by hand.
public struct MonotonicClock: Sendable {
    private let read: @Sendable () -> Int64

    public init(_ read: @escaping @Sendable () -> Int64) { self.read = read }

    /// Milliseconds since an arbitrary fixed point (boot, for ``system``).
    public var milliseconds: Int64 { read() }

    public static let system = MonotonicClock {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
