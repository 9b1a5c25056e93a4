import Foundation

@testable import OrderFlowPipeline

/// A pipeline's four folders under a test's temporary `root`, for the tests that run a job in
/// process (``RunDateTests``, ``PublishAheadTests``).
struct JobFolders {
    let root: URL
    let folders: PipelineFolders

    init(root: URL) throws {
        self.root = root
        func make(_ name: String) throws -> String {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url.path
        }
        folders = PipelineFolders(
            inbox: try make("inbox"), processing: try make("processing"), outbox: try make("outbox"),
            failed: try make("failed"))
    }

    /// `inbox/<reseller>/`, created.
    func inbox(_ reseller: String) throws -> String {
        let path = folders.inbox + "/" + reseller
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
