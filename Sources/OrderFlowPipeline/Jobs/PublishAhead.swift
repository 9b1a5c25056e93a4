import Dispatch
import Foundation
import Synchronization

/// One committed file being published on a second thread while the job goes on to commit the
/// next file, of the same reseller or the next one (Operations.md, claiming and leases).
///
/// Publishing is mostly the kernel creating and writing two files per invoiced order, and the
/// commit mostly judging and storing: on two cores they overlap (BENCHMARKS.md, step 5).
/// At most one publish is ahead: the job waits for it (``wait()``) before it starts the next one,
/// before a run by date publishes into the same outbox, and at the end of every pass, and it
/// closes the claim itself afterwards, so the ledger's record of what is done never runs ahead of
/// the files. A crash meanwhile leaves what a crash after the commit leaves: the claim open and
/// the batch committed, published again (byte for byte the same) by the next run. On a ledger
/// that cannot read beside a commit (``Ledger/readsBesideCommits``) the job waits at once.
final class PublishAhead: Sendable {
    let claim: FileClaim
    /// The lease as renewed just before the publish started (the fence), for closing the claim.
    let lease: ResellerLease
    /// The commit's times; the publish's is added when it ends.
    let times: StageTimes
    private let outcome = Mutex<Result<(BatchProcessor.Published, publishTime: UInt64), any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(claim: FileClaim, batchKey: Int64, lease: ResellerLease, times: StageTimes, processor: BatchProcessor) {
        self.claim = claim
        self.lease = lease
        self.times = times
        let thread = Thread { [self] in
            let result = Result { try processor.publish(claim, batchKey: batchKey) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        // As the job's own thread had: rendering nests (the documents, their XML).
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits until the publish ended: what it published and its wall time, or its error.
    func wait() -> Result<(published: BatchProcessor.Published, publishTime: UInt64), any Error> {
        done.wait()
        // Later waits return at once too.
        done.signal()
        return outcome.withLock { result in
            guard let result else { preconditionFailure("a finished publish has its outcome") }
            return result.map { (published: $0.0, publishTime: $0.publishTime) }
        }
    }
}
