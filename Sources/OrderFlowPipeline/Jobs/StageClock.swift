import Glibc
import Synchronization

/// Where a batch's time went, for the `seconds` of its `batch published` log line (Operations.md,
/// logging): reading the file (CPU time of the reading thread), judging and storing its requests
/// (the commit thread's time in the judge and in the store's writes), the whole commit (wall
/// time, waiting for the reader and the ledger's COMMIT included) and publishing (wall time).
///
/// The judge and the reader add their time here once per batch, from inside the ledger's commit;
/// ``BatchProcessor`` takes the difference around each commit. A process commits one batch at a
/// time, so the differences are that batch's.
enum StageClock {
    static let read = Atomic<UInt64>(0)
    static let judge = Atomic<UInt64>(0)
    static let store = Atomic<UInt64>(0)

    /// Nanoseconds of the monotonic clock (a vDSO call: cheap enough for twice a request).
    @inline(__always)
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// CPU nanoseconds the calling thread has used.
    static func threadCPU() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// The three totals so far.
    static func snapshot() -> (read: UInt64, judge: UInt64, store: UInt64) {
        (read.load(ordering: .relaxed), judge.load(ordering: .relaxed), store.load(ordering: .relaxed))
    }
}

/// One batch's times (``StageClock``), as its log line shows them.
struct StageTimes: Sendable, Equatable {
    var read: UInt64 = 0
    var judge: UInt64 = 0
    var store: UInt64 = 0
    var commit: UInt64 = 0
    var publish: UInt64 = 0

    /// `read 1.23 judge 2.34 store 3.45 commit 7.80 publish 0.56`, seconds; the stages a job does
    /// not time itself (nothing read or judged: a statement's lines, a usage drop) are left out.
    var logValue: String {
        var parts: [String] = []
        if read > 0 { parts.append("read " + Self.seconds(read)) }
        if judge > 0 || store > 0 { parts += ["judge " + Self.seconds(judge), "store " + Self.seconds(store)] }
        parts += ["commit " + Self.seconds(commit), "publish " + Self.seconds(publish)]
        return parts.joined(separator: " ")
    }

    /// Nanoseconds as seconds with two decimals, rounded half up.
    static func seconds(_ nanoseconds: UInt64) -> String {
        let hundredths = (nanoseconds + 5_000_000) / 10_000_000
        let cents = hundredths % 100
        return "\(hundredths / 100)." + (cents < 10 ? "0" : "") + "\(cents)"
    }
}
