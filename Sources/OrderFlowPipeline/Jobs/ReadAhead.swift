import Dispatch
import Foundation
import OrderFlowCore
import Synchronization

/// Reads a drop on a second thread while the caller's thread judges and stores what was read
/// (BENCHMARKS.md: parsing the XML is ~22 % of the import, judging and storing ~45 %; on two
/// cores they can overlap).
///
/// The reader hands requests over in chunks through a bounded queue (at most
/// `chunks × chunkSize` requests wait, so memory stays constant whatever the file's size);
/// chunks, not single requests, so the threads meet once per chunk instead of once per request.
/// The caller sees exactly what reading inline would give it: the same requests in file order,
/// then the reader's error (a `FileError` mid-file) after the requests read before it, so the
/// commit aborts as it would have. If the caller's `request` closure throws, the reader is told
/// to stop, and it is waited for before the error is rethrown: no thread outlives the call.
enum ReadAhead {
    static let chunkSize = 32
    static let chunks = 8

    /// Also used to render a batch's documents on one thread while the caller writes them
    /// (``DocumentsFolder``): any `Sendable` element is handed over the same way.
    static func run<Element: Sendable>(
        read: @escaping @Sendable (_ emit: (Element) throws -> Void) throws -> Void,
        request: (Element) throws -> Void
    ) throws {
        let queue = Queue<Element>(capacity: chunks)
        let reader = Thread {
            var pending: [Element] = []
            pending.reserveCapacity(chunkSize)
            do {
                try read { raw in
                    pending.append(raw)
                    if pending.count == chunkSize {
                        try queue.push(pending)
                        pending.removeAll(keepingCapacity: true)
                    }
                }
                if !pending.isEmpty { try queue.push(pending) }
                queue.finish(nil)
            } catch is Queue<Element>.Stopped {
                queue.finish(nil)
            } catch {
                // What was read before the error still goes first, as it would inline.
                if !pending.isEmpty { try? queue.push(pending) }
                queue.finish(error)
            }
        }
        // The stack the reading had on the caller's thread (libxml2 and its XSD validator recurse).
        reader.stackSize = 8 << 20
        reader.start()
        do {
            while let chunk = try queue.pop() {
                for raw in chunk { try request(raw) }
            }
        } catch {
            queue.stop()
            queue.waitUntilFinished()
            throw error
        }
        queue.waitUntilFinished()
    }

    /// The bounded hand-over between the reader thread and the caller: the chunks under a
    /// `Mutex`, and a counting semaphore per waiting side (`spaces` the reader waits on when the
    /// queue is full, `ready` the caller waits on when it is empty), so neither side spins and
    /// every lock sits at an address Swift keeps stable (a `pthread_mutex_t` property passed as
    /// `&mutex` may be a temporary copy).
    private final class Queue<Element: Sendable>: Sendable {
        struct Stopped: Error {}

        private struct State {
            var chunks: [[Element]] = []
            var head = 0
            var failure: (any Error)?
            var stopped = false
        }

        private let capacity: Int
        private let state = Mutex(State())
        /// One permit per free slot: a push takes one, a pop gives it back.
        private let spaces = DispatchSemaphore(value: 0)
        /// One permit per chunk waiting, and one more once the reader finished.
        private let ready = DispatchSemaphore(value: 0)
        /// Signalled once, when the reader finished.
        private let done = DispatchSemaphore(value: 0)

        init(capacity: Int) {
            self.capacity = capacity
            // Permits given, not a starting value: libdispatch traps when a semaphore is freed
            // holding fewer permits than it started with (a reader stopped with the queue full).
            for _ in 0..<capacity { spaces.signal() }
        }

        /// Reader side: waits while the queue is full; throws `Stopped` once the caller gave up.
        func push(_ chunk: [Element]) throws {
            spaces.wait()
            try state.withLock { state in
                if state.stopped { throw Stopped() }
                state.chunks.append(chunk)
            }
            ready.signal()
        }

        /// Reader side, last call: the end of the file, or the error that ended reading.
        func finish(_ error: (any Error)?) {
            state.withLock { $0.failure = error }
            ready.signal()
            done.signal()
        }

        /// Caller side: the next chunk in file order, nil at the end, or the reader's error
        /// once every chunk read before it was taken.
        func pop() throws -> [Element]? {
            ready.wait()
            let (chunk, failure) = state.withLock { state -> ([Element]?, (any Error)?) in
                guard state.head < state.chunks.count else { return (nil, state.failure) }
                let chunk = state.chunks[state.head]
                state.chunks[state.head] = []
                state.head += 1
                if state.head >= capacity {
                    state.chunks.removeFirst(state.head)
                    state.head = 0
                }
                return (chunk, nil)
            }
            guard let chunk else {
                // The end stays the end for a later call.
                ready.signal()
                if let failure { throw failure }
                return nil
            }
            spaces.signal()
            return chunk
        }

        /// Caller side: stop the reader at its next hand-over (waking it if it waits for space).
        func stop() {
            state.withLock { $0.stopped = true }
            spaces.signal()
        }

        func waitUntilFinished() {
            done.wait()
            // Later waits return at once too.
            done.signal()
        }
    }
}
