import Foundation
import Synchronization

/// `workers` worker processes started at once on one pipeline, as on several hosts: each runs
/// `orderflow run` again and again until `inbox/` and `processing/` are empty, because a run ends
/// as soon as every reseller with files left is leased by another worker (Operations.md, leases).
/// A worker whose run ended with files left waits ``pause`` before its next run, as a timer would,
/// rather than spin on the leases the others hold.
struct WorkerPool {
    var workers: Int
    var orderflow: String
    var pipeline: String
    /// The pipeline's folder (its `inbox/` and `processing/`).
    var folder: URL
    /// Names the children in a failure: `sqlite, 2 workers`.
    var label: String
    /// A worker that has run this often with files still left fails the benchmark.
    var maxRuns: Int
    /// Exit statuses of a run that did its work (`table`'s drops have rejected requests: 65).
    var succeeded: Set<Int32> = [0]
    static let pause: useconds_t = 200_000

    struct Outcome {
        /// From the start of the first worker to the end of the last.
        var seconds: Double
        /// Every `orderflow run` of every worker, each with its own `wait4` rusage.
        var runs: [Benchmark.Measurement]
    }

    private struct State {
        var runs: [Benchmark.Measurement] = []
        var failure: BenchFailure?
    }

    /// What the workers' threads share.
    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    func start(_ bench: Benchmark) throws -> Outcome {
        let shared = Shared()
        let group = DispatchGroup()
        let begin = DispatchTime.now()
        // Threads of their own, not concurrentPerform: that runs no more loops at once than there
        // are cores, and the point is N processes at once whatever the machine.
        for worker in 1...workers {
            group.enter()
            Thread { [self] in
                defer { group.leave() }
                loop(worker, bench: bench, state: shared.state)
            }.start()
        }
        group.wait()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - begin.uptimeNanoseconds) / 1e9
        return try shared.state.withLock { state in
            if let failure = state.failure { throw failure }
            return Outcome(seconds: seconds, runs: state.runs)
        }
    }

    private func loop(_ worker: Int, bench: Benchmark, state: borrowing Mutex<State>) {
        for run in 1...maxRuns {
            if state.withLock({ $0.failure != nil }) { return }
            let measured: Benchmark.Measurement
            do {
                measured = try bench.measureAlone(
                    "orderflow run (\(label): worker \(worker), run \(run))", orderflow, ["run", pipeline],
                    scratch: "worker-\(worker)")
            } catch {
                state.withLock { $0.failure = $0.failure ?? (error as? BenchFailure ?? BenchFailure("\(error)")) }
                return
            }
            let done = workLeft().isEmpty
            state.withLock { state in
                state.runs.append(measured)
                if !succeeded.contains(measured.status) { state.failure = state.failure ?? .child(measured) }
            }
            if done || !succeeded.contains(measured.status) { return }
            usleep(Self.pause)
        }
        state.withLock {
            $0.failure = $0.failure ?? BenchFailure(
                "\(label): worker \(worker) ran \(maxRuns) times and files were still left: \(workLeft().prefix(3))")
        }
    }

    /// The files still in `inbox/` or `processing/`.
    func workLeft() -> [String] {
        ["inbox", "processing"].flatMap { WorkersFixture.regularFiles(under: folder.appendingPathComponent($0)) }
    }
}
