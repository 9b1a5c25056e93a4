import Glibc
import OrderFlowCore
import Yams

extension PipelineConfig {
    static let knownKeys = ["kind", "catalog", "ledger", "folders", "stableFor", "onInvalidOrder", "maxFileBytes", "lease", "pollInterval", "asOf", "seedFrom", "outputMode", "unpaidCancelDays", "usageGraceDays"]
    static let folderKeys = ["inbox", "processing", "outbox", "failed"]

    /// Reads a pipeline file (PipelineFiles.md). Relative paths are resolved against the folder that
    /// holds it; the four folders and the SQLite file's folder are created when missing, the
    /// catalog must exist. Every mistake is a ``PipelineConfigError`` naming its key.
    public static func load(path: String) throws(PipelineConfigError) -> PipelineConfig {
        var reader = PipelineFileReader(file: path)
        return try reader.read()
    }
}

/// Reads one pipeline file into a ``PipelineConfig``, one key at a time.
private struct PipelineFileReader {
    let file: String
    /// The folder relative paths are resolved against (absolute).
    var base = ""

    init(file: String) { self.file = file }

    func fail(_ key: String, _ message: String) -> PipelineConfigError {
        PipelineConfigError(file: file, key: key, message: message)
    }

    mutating func read() throws(PipelineConfigError) -> PipelineConfig {
        base = Posix.folder(of: Self.absolute(file, against: Self.currentDirectory()))
        let mapping = try pairs(of: try document(), key: "", known: PipelineConfig.knownKeys)

        guard let kindText = try scalar(mapping, "kind", required: true) else { throw fail("kind", "") }
        guard let kind = PipelineConfig.Kind(rawValue: kindText) else {
            let kinds = PipelineConfig.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail("kind", "'\(kindText)' is not a job: use one of \(kinds).")
        }
        let catalogPath = try catalog(mapping)
        let ledger = try ledger(mapping)
        let folders = try folders(mapping)
        var config = PipelineConfig(kind: kind, catalogPath: catalogPath, ledger: ledger, folders: folders)
        if let text = try scalar(mapping, "stableFor") { config.stableFor = try duration("stableFor", text) }
        if let text = try scalar(mapping, "lease") {
            config.lease = try duration("lease", text)
            if config.lease == 0 { throw fail("lease", "a lease of 0 expires at once: use a duration such as 60s.") }
        }
        if let text = try scalar(mapping, "pollInterval") {
            config.pollInterval = try duration("pollInterval", text)
            if config.pollInterval == 0 { throw fail("pollInterval", "polling every 0s would spin: use a duration such as 5s.") }
        }
        if let text = try scalar(mapping, "onInvalidOrder") {
            guard let policy = InvalidOrderPolicy(rawValue: text) else {
                throw fail("onInvalidOrder", "'\(text)' is not a policy: use reject-order or reject-file.")
            }
            config.onInvalidOrder = policy
        }
        if let text = try scalar(mapping, "maxFileBytes") {
            guard let bytes = ConfigValues.bytes(text), bytes > 0 else {
                throw fail("maxFileBytes", "'\(text)' is not a size: write bytes (1000) or a size such as 512MiB, 1GiB or 1GB.")
            }
            config.maxFileBytes = bytes
        }
        if let text = try scalar(mapping, "asOf") {
            guard let date = CalendarDate(iso: text) else {
                throw fail("asOf", "'\(text)' is not a date: write YYYY-MM-DD, or leave asOf out to use today in each reseller's time zone.")
            }
            config.asOf = date
        }
        if let text = try scalar(mapping, "unpaidCancelDays") {
            guard let days = Int(text), days >= 0, days <= 3650 else {
                throw fail("unpaidCancelDays", "'\(text)' is not a number of days: write a whole number from 0 to 3650, such as 30.")
            }
            config.unpaidCancelDays = days
        }
        if let text = try scalar(mapping, "usageGraceDays") {
            guard let days = Int(text), days >= 0, days <= 365 else {
                throw fail("usageGraceDays", "'\(text)' is not a number of days: write a whole number from 0 to 365, such as 3.")
            }
            config.usageGraceDays = days
        }
        if let text = try scalar(mapping, "seedFrom") {
            let path = Self.absolute(text, against: base)
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw fail("seedFrom", "\(path) is not a folder: give a folder of <reseller>/<drop file> to copy into the inbox.")
            }
            config.seedFrom = path
        }
        if let text = try scalar(mapping, "outputMode") {
            guard let mode = ConfigValues.fileMode(text) else {
                throw fail(
                    "outputMode",
                    "'\(text)' is not a file mode: write octal permission bits such as 0640, which must let OrderFlow read and write (at least 0600) and give nothing beyond 0777.")
            }
            config.outputMode = mode
        }
        try createFolders(config)
        return config
    }

    // MARK: The document

    private func document() throws(PipelineConfigError) -> Node {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw fail("", "cannot read the pipeline file (\(reason)): check the path.")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw fail("", "cannot read the pipeline file (\(String(cString: strerror(errno)))).") }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[..<n])
            if bytes.count > 1 << 20 { throw fail("", "is larger than 1 MiB: this is not a pipeline file.") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw fail("", "is not UTF-8 text: save the pipeline file as UTF-8.")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw fail("", "is not valid YAML: \(error)")
        }
        guard let node else { throw fail("", "is empty: write the keys kind, catalog, ledger and folders.") }
        return node
    }

    /// A mapping's entries by key, refusing unknown and repeated keys.
    private func pairs(of node: Node, key: String, known: [String]) throws(PipelineConfigError) -> [String: Node] {
        guard let mapping = node.mapping else {
            throw key.isEmpty
                ? fail("", "is not a YAML mapping: write one 'key: value' per line (kind, catalog, ledger, folders, …).")
                : fail(key, "must be a mapping of \(known.joined(separator: ", ")).")
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? ""
            let dotted = key.isEmpty ? name : key + "." + name
            guard known.contains(name) else {
                let hint = ConfigValues.closest(to: name, among: known).map { " Did you mean '\($0)'?" } ?? ""
                throw fail(dotted, "unknown key.\(hint) Known keys: \(known.joined(separator: ", ")).")
            }
            guard result[name] == nil else { throw fail(dotted, "is given twice: keep one.") }
            result[name] = value
        }
        return result
    }

    /// A key's text; nil when absent and not required.
    private func scalar(_ mapping: [String: Node], _ key: String, in parent: String = "", required: Bool = false)
        throws(PipelineConfigError) -> String?
    {
        let dotted = parent.isEmpty ? key : parent + "." + key
        guard let node = mapping[key] else {
            if required { throw fail(dotted, "is missing: \(Self.example(dotted)).") }
            return nil
        }
        guard let scalar = node.scalar, !scalar.string.isEmpty else {
            throw fail(dotted, "must be a single value: \(Self.example(dotted)).")
        }
        return scalar.string
    }

    private static func example(_ key: String) -> String {
        switch key {
        case "kind": "add 'kind: import' (import, reconcile, trials, billing or provision)"
        case "catalog": "add 'catalog: path/to/catalog.xml'"
        case "ledger": "add 'ledger: sqlite:path/to/ledger.sqlite' or 'ledger: postgres://user@host:5432/db'"
        case "folders": "add 'folders: {inbox: …, processing: …, outbox: …, failed: …}'"
        default: "write it as 'key: value'"
        }
    }

    private func duration(_ key: String, _ text: String) throws(PipelineConfigError) -> Int64 {
        guard let milliseconds = ConfigValues.milliseconds(text) else {
            throw fail(key, "'\(text)' is not a duration: write a whole number with a unit, such as 500ms, 2s, 1m or 1h.")
        }
        return milliseconds
    }

    // MARK: What the file names

    private func catalog(_ mapping: [String: Node]) throws(PipelineConfigError) -> String {
        guard let text = try scalar(mapping, "catalog", required: true) else { throw fail("catalog", "") }
        let path = Self.absolute(text, against: base)
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw fail("catalog", "\(path) does not exist (\(String(cString: strerror(errno)))): give the catalog XML file's path.")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw fail("catalog", "\(path) is not a file: give the catalog XML file's path.") }
        guard access(path, R_OK) == 0 else { throw fail("catalog", "\(path) cannot be read: check its permissions.") }
        return path
    }

    private func ledger(_ mapping: [String: Node]) throws(PipelineConfigError) -> PipelineConfig.LedgerLocation {
        guard let text = try scalar(mapping, "ledger", required: true) else { throw fail("ledger", "") }
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty, !path.hasPrefix("//"), !path.hasSuffix("/") else {
                throw fail("ledger", "'\(text)' names no SQLite file: write sqlite:relative/or/absolute.sqlite.")
            }
            return .sqlite(path: Self.absolute(path, against: base))
        }
        guard ConfigValues.isPostgresURL(text) else {
            throw fail("ledger", "'\(text)' is not a ledger URL: write sqlite:path/to/ledger.sqlite or postgres://user@host:5432/database.")
        }
        return .postgres(url: text)
    }

    private func folders(_ mapping: [String: Node]) throws(PipelineConfigError) -> PipelineFolders {
        guard let node = mapping["folders"] else { throw fail("folders", "is missing: \(Self.example("folders")).") }
        let entries = try pairs(of: node, key: "folders", known: PipelineConfig.folderKeys)
        var paths: [String] = []
        for key in PipelineConfig.folderKeys {
            guard let text = try scalar(entries, key, in: "folders", required: true) else { throw fail("folders." + key, "") }
            paths.append(Self.absolute(text, against: base))
        }
        for (index, path) in paths.enumerated() {
            for (other, otherPath) in paths.enumerated() where other != index {
                let key = "folders." + PipelineConfig.folderKeys[index], otherKey = "folders." + PipelineConfig.folderKeys[other]
                if other < index && path == otherPath {
                    throw fail(key, "\(path) is already \(otherKey): give each folder its own path.")
                }
                // The inbox scanner would take a folder inside the inbox for a reseller, and so on.
                if path.hasPrefix(otherPath == "/" ? "/" : otherPath + "/") {
                    throw fail(key, "\(path) is inside \(otherKey) (\(otherPath)): give each folder its own path, side by side.")
                }
            }
        }
        return PipelineFolders(inbox: paths[0], processing: paths[1], outbox: paths[2], failed: paths[3])
    }

    private func createFolders(_ config: PipelineConfig) throws(PipelineConfigError) {
        let folders = config.folders
        for (key, path) in zip(PipelineConfig.folderKeys, [folders.inbox, folders.processing, folders.outbox, folders.failed]) {
            do {
                try Posix.makeDirectories(path)
            } catch {
                throw fail("folders." + key, "\(path) cannot be created (\(error)): fix the path or its permissions.")
            }
        }
        // A rename or link is atomic only within one filesystem (Operations.md).
        let inboxDevice = Posix.statFollowing(folders.inbox)?.st_dev
        for (key, path) in zip(PipelineConfig.folderKeys, [folders.inbox, folders.processing, folders.outbox, folders.failed]).dropFirst() {
            guard let info = Posix.statFollowing(path) else {
                throw fail("folders." + key, "\(path) cannot be read (\(String(cString: strerror(errno)))): fix its permissions.")
            }
            if info.st_dev != inboxDevice {
                throw fail(
                    "folders." + key,
                    "\(path) is on another filesystem than folders.inbox (\(folders.inbox)): files are moved between the folders by link and rename, which are atomic only within one filesystem; put all four on one.")
            }
        }
        if case .sqlite(let path) = config.ledger {
            do {
                try Posix.makeDirectories(Posix.folder(of: path))
            } catch {
                throw fail("ledger", "the folder of \(path) cannot be created (\(error)): fix the path or its permissions.")
            }
        }
    }

    // MARK: Paths

    private static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path` made absolute against `base`, with `.` and `..` components resolved lexically
    /// (`../var/inbox` beside `pipelines/` is `var/inbox`, whether or not it exists yet).
    static func absolute(_ path: String, against base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        var components: [Substring] = []
        for component in joined.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }
}
