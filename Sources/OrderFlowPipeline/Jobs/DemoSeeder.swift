import Foundation
import Logging
import OrderFlowCore

/// `seedFrom` (demo pipelines only): copies `<folder>/<reseller>/<file>` drops into the inbox the
/// way an uploader should (a hidden `.part` name, then a rename), so that `orderflow run
/// pipelines/demo.yaml` imports the sample drops on a fresh clone without ever moving the
/// committed Fixtures. A drop already imported (its SHA-256 is in the ledger), waiting in the
/// inbox, claimed or failed is not copied again, so a second demo run imports nothing twice.
struct DemoSeeder {
    let source: String
    let folders: PipelineFolders
    let ledger: any Ledger
    let logger: Logger

    func seed() throws {
        let files = FileManager.default
        for reseller in try files.contentsOfDirectory(atPath: source).sorted()
        where !reseller.hasPrefix(".") && SafeName.isPlain(reseller) {
            let folder = source + "/" + reseller
            guard let names = try? files.contentsOfDirectory(atPath: folder) else { continue }
            for name in names.sorted() where !name.hasPrefix(".") && SafeName.isPlain(name) {
                try seed(folder + "/" + name, reseller: reseller, name: name)
            }
        }
    }

    private func seed(_ path: String, reseller: String, name: String) throws {
        guard (try? FileFacts.size(ofRegularFile: path)) != nil else { return }
        let inbox = folders.inbox + "/" + reseller
        let files = FileManager.default
        let processing = (try? files.contentsOfDirectory(atPath: folders.processing + "/" + reseller)) ?? []
        if files.fileExists(atPath: inbox + "/" + name) || files.fileExists(atPath: folders.failed + "/" + reseller + "/" + name)
            || processing.contains(where: { $0.hasSuffix("--" + name) })
        {
            return
        }
        if try ledger.committedBatch(reseller: reseller, sha256: try FileFacts.sha256(ofRegularFile: path)) != nil { return }
        try files.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let part = inbox + "/." + name + ".part"
        try? files.removeItem(atPath: part)
        try files.copyItem(atPath: path, toPath: part)
        guard rename(part, inbox + "/" + name) == 0 else {
            throw FileFactsError(path: inbox + "/" + name, operation: "rename", code: errno)
        }
        logger.info("demo drop copied into the inbox", metadata: ["reseller": "\(reseller)", "file": "\(name)"])
    }
}
