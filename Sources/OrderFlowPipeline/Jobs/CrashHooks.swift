#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Test-only crash points (for `ImportCrashTests`): `ORDERFLOW_CRASH_AT=<point>:<n>` makes the
/// process kill itself with SIGKILL the n-th time it reaches `<point>` — no clean-up, no flush,
/// exactly like `kill -9`. Unset in production, where ``reach(_:)`` is one comparison.
public struct CrashHooks: Sendable {
    public enum Point: String, Sendable, CaseIterable {
        /// The file was linked into `processing/` and unlinked from the inbox; no claim row yet.
        case afterClaimMove
        /// The claim row was written.
        case afterClaimRecorded
        /// Header checked, transaction not yet begun.
        case beforeCommit
        /// Inside the batch transaction, after each request was judged and stored (after each step
        /// of a `provision` run for a date).
        case duringCommit
        /// The batch transaction committed.
        case afterCommit
        /// The batch's output files are in place; the input is still in `processing/`.
        case afterPublish
        /// Everything is in place; the claim is not yet closed.
        case beforeFinish
        /// A whole-file failure is about to be moved to `failed/`.
        case beforeFailedMove
    }

    let point: Point?
    let occurrence: Int
    private let counter = Counter()

    public init(environment: [String: String]) {
        guard let spec = environment["ORDERFLOW_CRASH_AT"], let colon = spec.lastIndex(of: ":"),
            let point = Point(rawValue: String(spec[..<colon])), let n = Int(spec[spec.index(after: colon)...])
        else {
            self.point = nil
            self.occurrence = 0
            return
        }
        self.point = point
        self.occurrence = n
    }

    public static let none = CrashHooks(environment: [:])

    public func reach(_ point: Point) {
        guard point == self.point else { return }
        if counter.increment() == occurrence { kill(getpid(), SIGKILL) }
    }

    /// An `Atomic` in a class: the count is shared by the copies of this struct, at one stable address.
    private final class Counter: Sendable {
        // One job thread reaches the hooks; the atomic keeps it correct if that ever changes.
        private let value = Atomic<Int>(0)
        func increment() -> Int { value.add(1, ordering: .relaxed).newValue }
    }
}
