#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import OrderFlowCore

/// Reads an ISO 20022 camt.053 bank-to-customer statement as a stream, leniently, as banks write
/// them, and hands each statement's ``StatementHeader`` and then each of its lines to the caller.
///
/// ```
///  file bytes ──▶ StatementMarkupScan ──▶ libxml2 xmlTextReader ──▶ Camt053Stream ──▶ header(StatementHeader)
///                 (DOCTYPE, encoding,      (well-formedness,         (element roles,    line(StatementLine) …
///                  attributes, depth)       no DTD, no network)       entries held
///                                                                     until they end)
/// ```
///
/// - Versions: camt.053.001.02 to .08 are read by their element names, and so is any other
///   version or a bank's own namespace: only elements in the document's namespace (or in none)
///   count, so a bank's extension in a namespace of its own is skipped, as is `SplmtryData`.
/// - Lenient: elements may come in any order within their parent, unknown elements are skipped,
///   optional ids that are missing or malformed are left out. Nothing is validated against the
///   ISO schema; only what a line needs is read.
/// - Lines: each `TxDtls` of each `Ntry` is a line (an `Ntry` without one is one). Amount and
///   currency from `TxDtls/Amt`, else `TxDtls/AmtDtls/TxAmt/Amt`, else `Ntry/Amt` when the entry
///   holds at most one transaction; see ``StatementLine`` for every field. A line the reader
///   cannot read (amount, currency, booking date, direction, reversal indicator, status or
///   identity missing, malformed or given twice with different values) carries its reasons in
///   ``StatementLine/problems``; the other lines go on.
/// - Memory stays bounded whatever the file's size: one entry is held at a time, and at most
///   ``StatementLimits/maxHeldTransactions`` of its transactions (an entry's own fields may come
///   after its transactions; past that bound its transactions are delivered as they end).
///   A statement's header is delivered at its first `Ntry` (or its end): its `Id` and `Acct` must
///   come before its entries.
///
/// Errors:
/// - Whole-file problems throw ``FileError``: a DOCTYPE, a file that is empty, not UTF-8 or not
///   well-formed (`XML_MALFORMED`); a limit of ``StatementLimits`` broken (`LIMIT_EXCEEDED`,
///   `VALUE_TOO_LONG`), all found before libxml2 reads the document; no statement
///   (`MISSING_FIELD`, field `Stmt`); a statement whose `Id` or account comes only after its
///   entries (`INVALID_VALUE`); more than ``StatementLimits/maxLines`` lines, or an entry field that
///   would change transactions already delivered (`LIMIT_EXCEEDED`). A ``FileError`` found late
///   is thrown after earlier lines were delivered: the file then fails whole and what was
///   delivered must be discarded.
/// - A failing `open(2)` throws ``CSVReadIOError``; a `read(2)` failing later is libxml2's I/O
///   error, reported as `XML_MALFORMED` at the line reached.
public struct Camt053Reader: Sendable {
    let input: XMLRequestReader.Input
    /// The name libxml2 knows the document by (its path, for a file).
    public let name: String

    /// Opens the file at `path` (never following a symbolic link; a symlink or any file that is
    /// not a regular file is `UNSAFE_FILE`). The file stays open while the reader exists.
    ///
    /// - Throws: ``FileError`` (`UNSAFE_FILE`) or ``CSVReadIOError``.
    public init(path: String) throws {
        self.input = .file(try OpenFile(path: path))
        self.name = path
    }

    /// Reads a document already in memory (small inputs, tests).
    public init(bytes: [UInt8], name: String = "") {
        self.input = .bytes(bytes)
        self.name = name
    }

    /// Reads the file: for each statement, `header` first, then `line` for each of its lines, in
    /// file order. Each call reads the document from its start again.
    ///
    /// - Throws: ``FileError`` (the file fails whole), ``CSVReadIOError``, or what a closure throws.
    @discardableResult
    public func read(
        header: (StatementHeader) throws -> Void, line: (StatementLine) throws -> Void
    ) throws -> StatementReadSummary {
        try checkMarkup()
        return try withoutActuallyEscaping(header) { header in
            try withoutActuallyEscaping(line) { line in
                var stream = Camt053Stream(header: header, line: line)
                try run(&stream)
                return stream.summary
            }
        }
    }

    private func run(_ stream: inout Camt053Stream) throws {
        switch input {
        case .bytes(let bytes):
            guard bytes.count < Int(Int32.max) else {
                throw FileError(.fileTooLarge, "the document is too large to be read from memory (\(bytes.count) bytes)")
            }
            try bytes.withUnsafeBufferPointer { buffer in
                try stream.run(source: .memory(buffer), name: name)
            }
        case .file(let file):
            // xmlReaderForFd reads from the descriptor's position; a second read starts over.
            if lseek(file.descriptor, 0, SEEK_SET) < 0 {
                throw CSVReadIOError(path: file.path, operation: "read", errorNumber: errno)
            }
            try stream.run(source: .descriptor(file.descriptor), name: name)
        }
    }

    /// Every line at once, with the headers: for small inputs and tests (this holds every line in memory).
    public func readAll() throws -> (headers: [StatementHeader], lines: [StatementLine]) {
        var headers: [StatementHeader] = []
        var lines: [StatementLine] = []
        try read(header: { headers.append($0) }, line: { lines.append($0) })
        return (headers, lines)
    }

    // MARK: - The markup pass

    /// Runs ``StatementMarkupScan`` over the whole document before libxml2 reads it.
    ///
    /// - Returns: the bytes examined (linear in the file's size).
    @discardableResult
    func checkMarkup() throws -> Int {
        var scan = StatementMarkupScan()
        do {
            try forEachChunk(upTo: Int.max) { chunk in try scan.scan(chunk) }
        } catch let violation as StatementMarkupScan.Violation {
            if violation.isDoctype { throw LibXML2.doctypeError(at: violation.location) }
            throw FileError(violation.code, field: violation.field, violation.message, at: violation.location)
        }
        if scan.isEmpty {
            throw FileError(
                .xmlMalformed, "the file is empty: a camt.053 statement is a <Document> with a <BkToCstmrStmt>",
                at: SourceLocation(line: 1, column: 1))
        }
        return scan.offset
    }

    /// Calls `body` with the document's bytes, in order, up to `limit` bytes.
    private func forEachChunk(upTo limit: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        switch input {
        case .bytes(let bytes):
            try bytes.withUnsafeBufferPointer { buffer in
                try body(UnsafeBufferPointer(rebasing: buffer.prefix(Swift.min(limit, buffer.count))))
            }
        case .file(let file):
            let size = 256 * 1024
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size)
            defer { buffer.deallocate() }
            var offset = 0
            while offset < limit {
                let count = try file.read(into: buffer.baseAddress!, count: Swift.min(size, limit - offset), at: offset)
                if count == 0 { break }
                try body(UnsafeBufferPointer(rebasing: buffer[..<count]))
                offset += count
            }
        }
    }
}
