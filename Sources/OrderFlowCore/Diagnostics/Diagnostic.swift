/// A place in an input file: 1-based line, and the 1-based column (XML) or cell (CSV); 0 when unknown.
public struct SourceLocation: Sendable, Hashable, Codable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int = 0) {
        self.line = line
        self.column = column
    }

    public static let unknown = SourceLocation(line: 0, column: 0)
}

/// One problem found in an input, as a value: collected, sorted and reported together.
///
/// Printed like a compiler diagnostic, `file:line:col: error: [CODE] field: message`, so editors
/// and CI jump to it. `message` says what is wrong and how to fix it, for a reseller.
public struct Diagnostic: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Codable {
        case error
        /// A check that could not be made (no ledger): reported, not counted as an error.
        case note
    }

    public var code: ErrorCode
    /// The field, by its CSV column name (`account_type`, `resource:MAILBOX`), or "" for none.
    public var field: String
    public var message: String
    public var location: SourceLocation
    public var severity: Severity

    public init(
        _ code: ErrorCode, field: String = "", _ message: String, at location: SourceLocation = .unknown,
        severity: Severity = .error
    ) {
        self.code = code
        self.field = field
        self.message = message
        self.location = location
        self.severity = severity
    }

    /// `file:line:col: error: [CODE] field: message`.
    public func formatted(file: String) -> String {
        let fieldPart = field.isEmpty ? "" : "\(field): "
        return "\(file):\(location.line):\(location.column): \(severity.rawValue): [\(code.rawValue)] \(fieldPart)\(message)"
    }
}

extension Array where Element == Diagnostic {
    /// The errors in the order of ErrorCodes.md, Which error wins (stable: equal ranks keep the
    /// order they were found in).
    public func sortedByPrecedence() -> [Diagnostic] {
        enumerated().sorted { lhs, rhs in
            lhs.element.code.rank != rhs.element.code.rank
                ? lhs.element.code.rank < rhs.element.code.rank : lhs.offset < rhs.offset
        }.map(\.element)
    }

    public var errors: [Diagnostic] { filter { $0.severity == .error } }
}

/// A problem that stops a whole file (ErrorCodes.md, file errors): thrown, not collected.
public struct FileError: Error, Sendable, Hashable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public init(_ code: ErrorCode, field: String = "", _ message: String, at location: SourceLocation = .unknown) {
        self.diagnostics = [Diagnostic(code, field: field, message, at: location)]
    }
}
