import Foundation
import OrderFlowTestSupport
import Testing

/// A pipeline in a fresh temporary folder (the end-to-end import tests): `inbox/`, `processing/`,
/// `outbox/`, `failed/`, a SQLite ledger and `pipeline.yaml` with `stableFor: 0s`, `lease: 2s`
/// and `asOf: 2026-11-22`, priced against `Fixtures/catalog/demo.xml`.
struct PipelineSandbox {
    let root: URL
    var pipeline: URL { root.appendingPathComponent("pipeline.yaml") }
    var inbox: URL { root.appendingPathComponent("inbox") }
    var processing: URL { root.appendingPathComponent("processing") }
    var outbox: URL { root.appendingPathComponent("outbox") }
    var failed: URL { root.appendingPathComponent("failed") }

    static let catalog = TestPaths.fixtures.appendingPathComponent("catalog/demo.xml").path
    static func demoDrop(_ reseller: String, _ name: String) -> URL {
        TestPaths.fixtures.appendingPathComponent("drops/\(reseller)/\(name)")
    }

    /// The five demo drops of `Fixtures/drops`, in the order they are dropped.
    static let demoDrops: [(reseller: String, name: String)] = [
        ("R-ACME", "ACME-20261122-01.xml"), ("R-ACME", "ACME-20261122-02.csv"),
        ("R-MAPLE", "MAPLE-20261122-01.xml"), ("R-MAPLE", "MAPLE-20261122-02.csv"),
        ("R-NIPPON", "NIPPON-20261122-01.xml"),
    ]

    /// The settings after `stableFor: 0s` unless a test gives its own.
    static let defaultSettings = """
        lease: 2s
        onInvalidOrder: reject-order
        maxFileBytes: 1GiB
        asOf: 2026-11-22
        """

    /// A fresh sandbox; `settings` are the pipeline file's lines after `stableFor`; `ledger` the
    /// `ledger` key's value (a `postgres://` URL for the PostgreSQL runs).
    init(
        _ name: String = "orderflow-sandbox", settings: String = defaultSettings, catalog: String = catalog,
        stableFor: String = "0s", ledger: String = "sqlite:ledger.sqlite"
    ) throws {
        root = try TestPaths.temporaryFolder(name)
        for folder in [inbox, processing, outbox, failed] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let yaml = """
            kind: import
            catalog: \(catalog)
            ledger: \(ledger)
            folders: {inbox: inbox, processing: processing, outbox: outbox, failed: failed}
            stableFor: \(stableFor)
            \(settings)

            """
        try Data(yaml.utf8).write(to: pipeline)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Every drop gets an mtime `base + index` seconds, so "oldest mtime first" is defined.
    static let baseMtime = Date(timeIntervalSince1970: 1_795_000_000)

    /// Writes `bytes` as `inbox/<reseller>/<name>` the way an uploader should (a `.part` name, then
    /// a rename), with the given modification time.
    @discardableResult
    func drop(_ bytes: [UInt8], reseller: String, name: String, mtime: Date? = nil) throws -> URL {
        try drop(bytes, into: inbox, reseller: reseller, name: name, mtime: mtime)
    }

    /// The same into another pipeline's inbox of this sandbox (`statements/` of the reconcile
    /// pipeline, ReconcileSupport.swift).
    @discardableResult
    func drop(_ bytes: [UInt8], into inbox: URL, reseller: String, name: String, mtime: Date? = nil) throws -> URL {
        let folder = inbox.appendingPathComponent(reseller)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let part = folder.appendingPathComponent(".\(name).part")
        let target = folder.appendingPathComponent(name)
        try Data(bytes).write(to: part)
        if let mtime { try FileManager.default.setAttributes([.modificationDate: mtime], ofItemAtPath: part.path) }
        guard rename(part.path, target.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
        }
        return target
    }

    func drop(_ text: String, reseller: String, name: String, mtime: Date? = nil) throws {
        try drop(Array(text.utf8), reseller: reseller, name: name, mtime: mtime)
    }

    func dropFixture(_ reseller: String, _ name: String, mtime: Date? = nil) throws {
        try drop(Array(try Data(contentsOf: Self.demoDrop(reseller, name))), reseller: reseller, name: name, mtime: mtime)
    }

    /// Copies every regular file under `inbox/` of this sandbox into `other`'s inbox, keeping mtimes.
    func copyInbox(to other: PipelineSandbox) throws {
        for (relative, bytes) in try Self.files(under: inbox) {
            let source = inbox.appendingPathComponent(relative)
            let mtime = try FileManager.default.attributesOfItem(atPath: source.path)[.modificationDate] as? Date
            let parts = relative.split(separator: "/")
            try other.drop(bytes, reseller: String(parts[0]), name: String(parts[1]), mtime: mtime)
        }
    }

    /// `orderflow run <pipeline>` with extra environment variables.
    /// A run still going after `timeout` seconds is killed (``CLIResult/wasKilled``).
    func run(environment: [String: String] = [:], extraArguments: [String] = [], timeout: Double? = nil) throws -> CLIResult {
        try CLI.run(["run", pipeline.path] + extraArguments, currentDirectory: root, environment: environment, timeout: timeout)
    }

    /// `outbox/` and `failed/` as [relative path: bytes] ("outbox/R-ACME/…", "failed/R-ACME/…").
    func snapshot() throws -> [String: [UInt8]] {
        var all: [String: [UInt8]] = [:]
        for (name, folder) in [("outbox", outbox), ("failed", failed)] {
            for (relative, bytes) in try Self.files(under: folder) { all["\(name)/\(relative)"] = bytes }
        }
        return all
    }

    /// Regular files (and anything else that is not a folder) under `folder`, by relative path.
    static func files(under folder: URL) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        let base = folder.standardizedFileURL.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [:] }
        while let relative = walker.nextObject() as? String {
            let path = base + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            result[relative] = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        return result
    }

    /// Entries left anywhere under `folder` (files, not folders), for "nothing left" checks.
    /// Names only: other workers may move a file away between the listing and a read.
    func leftovers(in folder: URL) throws -> [String] {
        let base = folder.standardizedFileURL.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        var names: [String] = []
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                names.append(relative)
            }
        }
        return names.sorted()
    }

    // MARK: Reading outputs

    /// The rows of a CSV output (no quoted newlines in the fields read here), header first.
    static func csvRows(_ bytes: [UInt8]) -> [[String]] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { line in
            parseCSVLine(String(line.hasSuffix("\r") ? line.dropLast() : line))
        }
    }

    static func parseCSVLine(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(line)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
            i += 1
        }
        fields.append(field)
        return fields
    }

    /// A CSV output as dictionaries keyed by its header.
    static func csvRecords(_ bytes: [UInt8]) -> [[String: String]] {
        let rows = csvRows(bytes)
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { row in
            Dictionary(zip(header, row).map { ($0, $1) }, uniquingKeysWith: { first, _ in first })
        }
    }
}


/// What must hold of any finished import, crashed or not (Operations.md, StatesAndIds.md,
/// Outputs.md): every request once,
/// no payment created twice, gapless ids and invoice numbers, nothing left behind.
enum ImportInvariants {
    /// Checks a finished sandbox; `sourceLocation` points failures at the calling test.
    static func check(
        _ sandbox: PipelineSandbox, snapshot: [String: [UInt8]], context: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(try sandbox.leftovers(in: sandbox.processing) == [], "\(context): processing/ not empty", sourceLocation: sourceLocation)
        #expect(try sandbox.leftovers(in: sandbox.inbox) == [], "\(context): inbox not empty", sourceLocation: sourceLocation)

        // Every outbox batch has exactly one input and one results.csv.
        var batches: [String: [String]] = [:]
        for path in snapshot.keys where path.hasPrefix("outbox/") {
            let parts = path.split(separator: "/").map(String.init)
            guard parts.count >= 4 else { continue }
            batches["\(parts[1])/\(parts[2])", default: []].append(parts[3...].joined(separator: "/"))
        }
        for (batch, files) in batches {
            #expect(files.filter { $0.hasPrefix("input.") }.count == 1, "\(context): \(batch) inputs \(files)", sourceLocation: sourceLocation)
            #expect(files.contains("results.csv"), "\(context): \(batch) has no results.csv", sourceLocation: sourceLocation)
        }

        // Every request once: (reseller, ref, action) is accepted at most once (a rejected
        // request may be fixed and accepted later; a duplicate repeats a stored result).
        var requests: [String: Int] = [:]
        var invoices: [String: [Int]] = [:]  // "<prefix>-<year>" → numbers of non-duplicate rows
        var salesOrders: [String: Int] = [:]
        for (path, bytes) in snapshot where path.hasPrefix("outbox/") && path.hasSuffix("/results.csv") {
            let reseller = path.split(separator: "/")[1]
            for row in PipelineSandbox.csvRecords(bytes) where row["outcome"] != "duplicate" {
                if row["outcome"] == "accepted" {
                    requests["\(reseller) \(row["ref"] ?? "") \(row["action"] ?? "")", default: 0] += 1
                }
                if row["outcome"] == "accepted", row["action"] == "order", let so = row["sales_order_id"], !so.isEmpty {
                    salesOrders[so, default: 0] += 1
                }
                if let invoice = row["invoice_number"], !invoice.isEmpty {
                    let parts = invoice.split(separator: "-")
                    let series = parts.dropLast().joined(separator: "-")
                    invoices[series, default: []].append(Int(parts.last ?? "") ?? -1)
                }
            }
        }
        for (request, count) in requests where count != 1 {
            Issue.record("\(context): request \(request) appears \(count) times", sourceLocation: sourceLocation)
        }
        for (order, count) in salesOrders where count != 1 {
            Issue.record("\(context): sales order \(order) created \(count) times", sourceLocation: sourceLocation)
        }
        for (series, numbers) in invoices {
            #expect(numbers.sorted() == Array(1...numbers.count), "\(context): invoice series \(series) is not gapless: \(numbers.sorted())", sourceLocation: sourceLocation)
        }

        // Every number a batch allocated has exactly one document in that batch's invoices/, and
        // no document is there without its number (Invoices.md).
        var numbered = Set<String>(), documents = Set<String>()
        for (path, bytes) in snapshot where path.hasPrefix("outbox/") && path.hasSuffix("/results.csv") {
            let batch = path.dropLast("results.csv".count)
            for row in PipelineSandbox.csvRecords(bytes) where row["outcome"] != "duplicate" {
                if let number = row["invoice_number"], !number.isEmpty { numbered.insert("\(batch)invoices/\(number).xml") }
            }
        }
        for path in snapshot.keys where path.hasPrefix("outbox/") && path.contains("/invoices/") && path.hasSuffix(".xml") {
            documents.insert(path)
        }
        for document in documents {
            #expect(snapshot[String(document.dropLast(4)) + ".html"] != nil, "\(context): \(document) has no page", sourceLocation: sourceLocation)
        }
        #expect(numbered == documents, "\(context): numbers without a document \(numbered.subtracting(documents).sorted()), documents without a number \(documents.subtracting(numbered).sorted())", sourceLocation: sourceLocation)

        // Payments: never twice in one file, never the same (id, status) in two files, one id per
        // (sales order, kind), and ids PAY-1…PAY-n without gaps.
        var paymentStates: [String: Int] = [:]
        var paymentOf: [String: Set<String>] = [:]
        var paymentIds = Set<Int>()
        for (path, bytes) in snapshot where path.hasPrefix("outbox/") && path.hasSuffix("/payments.csv") {
            let rows = PipelineSandbox.csvRecords(bytes)
            let ids = rows.compactMap { $0["payment_id"] }
            #expect(Set(ids).count == ids.count, "\(context): \(path) lists a payment twice", sourceLocation: sourceLocation)
            for row in rows {
                let id = row["payment_id"] ?? ""
                paymentStates["\(id) \(row["status"] ?? "")", default: 0] += 1
                if row["kind"] != "refund" {
                    paymentOf["\(row["sales_order_id"] ?? "") \(row["kind"] ?? "")", default: []].insert(id)
                }
                if id.hasPrefix("PAY-"), let n = Int(id.dropFirst(4)) { paymentIds.insert(n) } else {
                    Issue.record("\(context): payment id \(id)", sourceLocation: sourceLocation)
                }
            }
        }
        for (state, count) in paymentStates where count != 1 {
            Issue.record("\(context): payment \(state) listed \(count) times", sourceLocation: sourceLocation)
        }
        for (order, ids) in paymentOf where ids.count != 1 {
            Issue.record("\(context): \(order) has payments \(ids.sorted())", sourceLocation: sourceLocation)
        }
        if !paymentIds.isEmpty {
            #expect(paymentIds == Set(1...paymentIds.count), "\(context): payment ids not gapless: \(paymentIds.sorted())", sourceLocation: sourceLocation)
        }
    }

    /// Lists the paths on which two snapshots differ (missing, extra, or other bytes).
    static func differences(_ actual: [String: [UInt8]], _ expected: [String: [UInt8]]) -> [String] {
        var diffs: [String] = []
        for path in Set(actual.keys).union(expected.keys).sorted() {
            switch (actual[path], expected[path]) {
            case (nil, _): diffs.append("missing \(path)")
            case (_, nil): diffs.append("extra \(path)")
            case let (a?, e?) where a != e:
                diffs.append("differs \(path):\n--- got\n\(String(decoding: a, as: UTF8.self))\n--- expected\n\(String(decoding: e, as: UTF8.self))")
            default: break
            }
        }
        return diffs
    }
}
