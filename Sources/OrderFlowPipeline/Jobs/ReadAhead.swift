#if canImport(Glibc)
import Glibc
#endif
import Foundation
import OrderFlowCore

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

    static func run(
        read: @escaping @Sendable (_ emit: (RawRequest) throws -> Void) throws -> Void,
        request: (RawRequest) throws -> Void
    ) throws {
        let queue = Queue(capacity: chunks)
        let reader = Thread {
            var pending: [RawRequest] = []
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
            } catch is Queue.Stopped {
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

    /// The bounded hand-over between the reader thread and the caller: a mutex and a condition
    /// (both sides wait on the same one; each change broadcasts).
    private final class Queue: @unchecked Sendable {
        struct Stopped: Error {}

        private let capacity: Int
        private var chunks: [[RawRequest]] = []
        private var head = 0
        private var finished = false
        private var failure: (any Error)?
        private var stopped = false
        private var mutex = pthread_mutex_t()
        private var changed = pthread_cond_t()

        init(capacity: Int) {
            self.capacity = capacity
            pthread_mutex_init(&mutex, nil)
            pthread_cond_init(&changed, nil)
        }

        deinit {
            pthread_cond_destroy(&changed)
            pthread_mutex_destroy(&mutex)
        }

        private func locked<T>(_ body: () throws -> T) rethrows -> T {
            pthread_mutex_lock(&mutex)
            defer { pthread_mutex_unlock(&mutex) }
            return try body()
        }

        /// Reader side: waits while the queue is full; throws `Stopped` once the caller gave up.
        func push(_ chunk: [RawRequest]) throws {
            try locked {
                while chunks.count - head >= capacity && !stopped { pthread_cond_wait(&changed, &mutex) }
                if stopped { throw Stopped() }
                chunks.append(chunk)
                pthread_cond_broadcast(&changed)
            }
        }

        /// Reader side, last call: the end of the file, or the error that ended reading.
        func finish(_ error: (any Error)?) {
            locked {
                failure = error
                finished = true
                pthread_cond_broadcast(&changed)
            }
        }

        /// Caller side: the next chunk in file order, nil at the end, or the reader's error
        /// once every chunk read before it was taken.
        func pop() throws -> [RawRequest]? {
            try locked {
                while head == chunks.count && !finished { pthread_cond_wait(&changed, &mutex) }
                if head < chunks.count {
                    let chunk = chunks[head]
                    chunks[head] = []
                    head += 1
                    if head >= capacity {
                        chunks.removeFirst(head)
                        head = 0
                    }
                    pthread_cond_broadcast(&changed)
                    return chunk
                }
                if let failure { throw failure }
                return nil
            }
        }

        /// Caller side: stop the reader at its next hand-over.
        func stop() {
            locked {
                stopped = true
                pthread_cond_broadcast(&changed)
            }
        }

        func waitUntilFinished() {
            locked {
                while !finished { pthread_cond_wait(&changed, &mutex) }
            }
        }
    }
}
