import Foundation
import OrderFlowTestSupport
import Testing

/// A `pthread_mutex_t` (or condition, or read-write lock) kept in a Swift property and passed as
/// `&property` is undefined behaviour: Swift may hand the C function a temporary copy, so two
/// threads can lock two different mutexes. The sources use `Synchronization.Mutex`, `Atomic` or
/// semaphores instead; this keeps the C types from coming back.
@Suite struct LockPrimitivesTests {
    static let cTypes = ["pthread_mutex_t", "pthread_cond_t", "pthread_rwlock_t", "pthread_spinlock_t"]

    @Test func noSourceKeepsAPthreadLockInASwiftValue() throws {
        let sources = TestPaths.packageRoot.appendingPathComponent("Sources")
        var offenders: [String] = []
        let walker = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        for case let url as URL in walker where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.drop(while: { $0 == " " }).hasPrefix("//") && Self.cTypes.contains(where: { line.contains($0) }) {
                offenders.append("\(url.path.dropFirst(sources.path.count + 1)):\(number + 1): \(line)")
            }
        }
        #expect(offenders.isEmpty, "use Synchronization.Mutex / Atomic: \(offenders.joined(separator: "\n"))")
    }
}
