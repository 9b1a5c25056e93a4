import Foundation

/// What `orderflow-bench workers` imports on every engine and worker count: `orders` generated
/// orders (`DropGenerator`'s sequence) in `files` XML drops dealt round-robin to `resellers`
/// resellers, and a catalog that has them. Written once, untimed; each run gets its own copy.
struct WorkersFixture {
    var orders: Int
    var files: Int
    var resellers: Int

    /// `R-ACME`, then `R-ACME-2` … : the demo reseller and copies of it.
    func reseller(_ number: Int) -> String { number == 1 ? "R-ACME" : "R-ACME-\(number)" }

    /// The orders of file `file` (0-based): consecutive indexes, the remainder spread over the first files.
    func indexes(ofFile file: Int) -> Range<Int> {
        let start = file * orders / files
        return start..<((file + 1) * orders / files)
    }

    /// Writes `catalog.xml` and `drops/<reseller>/W-<n>.xml` under `folder`.
    func write(in folder: URL, demoCatalog: String) throws {
        try catalog(from: demoCatalog).write(
            to: folder.appendingPathComponent("catalog.xml"), atomically: true, encoding: .utf8)
        for file in 0..<files {
            let reseller = reseller(file % resellers + 1)
            let directory = folder.appendingPathComponent("drops/\(reseller)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let batchId = String(format: "W-%04d", file + 1)
            try DropGenerator.writeXML(
                indexes: indexes(ofFile: file), reseller: reseller, batchId: batchId,
                path: directory.appendingPathComponent("\(batchId).xml").path)
        }
    }

    /// The demo catalog with `R-ACME` copied as `R-ACME-2` … , each with its own invoice prefix
    /// (`ACME2` …: two resellers may not print the same numbers, CatalogFormat.md).
    func catalog(from path: String) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let start = text.range(of: "<reseller id=\"R-ACME\""),
            let end = text.range(of: "/>", range: start.upperBound..<text.endIndex)
        else {
            throw BenchFailure("\(path) has no <reseller id=\"R-ACME\" …/> to copy for \(resellers) resellers.")
        }
        let element = String(text[start.lowerBound..<end.upperBound])
        let copies = (1..<resellers).map { index in
            "\n  " + element
                .replacingOccurrences(of: "id=\"R-ACME\"", with: "id=\"\(reseller(index + 1))\"")
                .replacingOccurrences(of: "invoicePrefix=\"ACME\"", with: "invoicePrefix=\"ACME\(index + 1)\"")
        }
        return text.replacingCharacters(in: end.upperBound..<end.upperBound, with: copies.joined())
    }

    /// A fresh pipeline folder for one run: `workers.yaml` on `ledger`, its inbox still empty.
    func prepareRun(in run: URL, ledger: String) throws -> String {
        try FileManager.default.createDirectory(at: run.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        let pipeline = run.appendingPathComponent("workers.yaml").path
        try """
            kind: import
            catalog: \(run.deletingLastPathComponent().appendingPathComponent("catalog.xml").path)
            ledger: \(ledger)
            folders: {inbox: inbox, processing: processing, outbox: outbox, failed: failed}
            stableFor: 0s
            lease: 10m
            asOf: 2026-11-22
            """.write(toFile: pipeline, atomically: true, encoding: .utf8)
        return pipeline
    }

    /// Copies the drops written under `folder` into the run's inbox (never links them: a claim
    /// refuses a file with a second link).
    func fillInbox(of run: URL, from folder: URL) throws {
        for number in 1...resellers {
            try FileManager.default.copyItem(
                at: folder.appendingPathComponent("drops/\(reseller(number))"),
                to: run.appendingPathComponent("inbox/\(reseller(number))"))
        }
    }

    /// Every file published once with every order accepted, nothing left in `inbox/`,
    /// `processing/` or `failed/`; else why not.
    func check(run: URL) throws {
        for folder in ["inbox", "processing", "failed"] {
            let left = Self.regularFiles(under: run.appendingPathComponent(folder))
            guard left.isEmpty else {
                throw BenchFailure("\(left.count) file(s) left in \(folder)/, such as \(left[0]): nothing was measured.")
            }
        }
        var batches = 0
        var total = BatchTally()
        for file in 0..<files {
            let name = String(format: "W-%04d", file + 1)
            let batch = run.appendingPathComponent("outbox/\(reseller(file % resellers + 1))/\(name)")
            guard let tally = BatchTally(batch: batch) else { continue }
            let expected = indexes(ofFile: file).count
            guard tally.acceptedAll(expected) else { throw BenchFailure("\(name) \(tally.shortfall(expected)).") }
            batches += 1
            total.rows += tally.rows
            total.accepted += tally.accepted
            total.receiptAccepted = (total.receiptAccepted ?? 0) + (tally.receiptAccepted ?? 0)
        }
        guard batches == files, total.acceptedAll(orders) else {
            throw BenchFailure(
                "\(batches) of \(files) files published, \(total.shortfall(orders)): nothing was measured.")
        }
    }

    static func regularFiles(under folder: URL) -> [String] {
        guard let walk = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [String] = []
        while let path = walk.nextObject() as? String {
            if walk.fileAttributes?[.type] as? FileAttributeType != .typeDirectory { found.append(path) }
        }
        return found
    }
}
