/// Anything wrong with a pipeline file or what it names (catalog, folders, ledger URL): the
/// CLI exits 78 (PipelineFiles.md, exit codes). The message says how to fix it.
public struct PipelineConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The pipeline file, as given.
    public var file: String
    /// The key at fault, dotted for nested keys (`folders.inbox`); "" for the file as a whole.
    public var key: String
    public var message: String

    public init(file: String, key: String, message: String) {
        self.file = file
        self.key = key
        self.message = message
    }

    /// `<file>: <key>: <message>` (`<file>: <message>` when the file as a whole is at fault).
    public var description: String {
        key.isEmpty ? "\(file): \(message)" : "\(file): \(key): \(message)"
    }
}
