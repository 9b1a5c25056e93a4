#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import OrderFlowCore

/// Reads a CSV drop file (DropFiles.md: CSV, reading rules) one row at a time and hands each row
/// to the caller as a ``RawRequest``, after the ``BatchHeader``.
///
/// The file is read in chunks of ``chunkSize`` bytes; only the row being parsed (and the rest of
/// its chunk) is held in memory, whatever the file's size.
///
/// Rules: UTF-8 (a leading BOM is skipped; a NUL byte counts as invalid encoding), RFC 4180
/// quoting (quoted cells may hold commas, `""` and line breaks), LF or CRLF row endings, a header
/// row, columns in any order, blank lines skipped, values never trimmed.
///
/// Errors:
/// - Whole-file problems throw ``FileError``: an empty file, invalid UTF-8, an unbalanced quote,
///   and every header problem at once (duplicate name: `CSV_MALFORMED`; no `reseller`/`ref`
///   column: `MISSING_FIELD`; unknown column: `UNKNOWN_COLUMN`), and a row that names another
///   reseller (`RESELLER_MISMATCH`). Because rows are streamed, a ``FileError`` found on a later
///   row is thrown after the earlier requests were delivered: the file then fails whole and what
///   was delivered must be discarded.
/// - Limits (DropFiles.md, "Limits"): a cell over ``DropLimits/maxValueBytes`` is a
///   `VALUE_TOO_LONG` of its row (its bytes beyond the bound are dropped as they are read, and the
///   row's ``RawRequest/source`` holds the cell cut); a row over ``DropLimits/maxRowBytes`` or a
///   file over ``DropLimits/maxRequests`` requests throws `LIMIT_EXCEEDED`.
/// - A row with the wrong number of cells, or with a stray quote (a quote inside an unquoted
///   cell, or text after a closing quote), is delivered with a `CSV_MALFORMED` in
///   ``RawRequest/readerErrors``.
/// - A failing `read(2)` or `open(2)` throws ``CSVReadIOError`` (an operational problem, not a
///   problem of the file's content).
public struct CSVRequestReader: DropRequestReader {
    /// Bytes asked of the file per `read(2)`.
    public static let chunkSize = 64 * 1024
    /// A header with more columns than this is `CSV_MALFORMED` (hostile input: each column costs memory).
    public static let maxColumns = 10_000
    /// At most this many header problems are listed; a last diagnostic counts the rest.
    static let maxHeaderDiagnostics = 1_000

    enum Input: Sendable {
        case bytes([UInt8])
        case file(OpenFile)
    }

    let input: Input
    /// Bytes per `read(2)`; smaller only in tests, to put chunk boundaries everywhere.
    var readSize = CSVRequestReader.chunkSize
    /// The batch id the caller derived from the file name; carried into the ``BatchHeader``.
    public let batchId: String?
    /// The reseller that owns the inbox folder, when known: every row must name it (or none).
    public let expectedReseller: String?

    /// Opens the file at `path` (never following a symbolic link; a symlink or any file that is
    /// not a regular file is `UNSAFE_FILE`). The file stays open while the reader exists.
    ///
    /// - Throws: ``FileError`` (`UNSAFE_FILE`) or ``CSVReadIOError``.
    public init(path: String, batchId: String?, expectedReseller: String?) throws {
        self.input = .file(try OpenFile(path: path))
        self.batchId = batchId
        self.expectedReseller = expectedReseller
    }

    /// Reads from a file descriptor the caller opened (and keeps: it is not closed here). Reading
    /// uses `pread` from offset 0, so the descriptor's position does not matter.
    public init(fileDescriptor: Int32, path: String = "", batchId: String?, expectedReseller: String?) {
        self.input = .file(OpenFile(descriptor: fileDescriptor, path: path, owned: false))
        self.batchId = batchId
        self.expectedReseller = expectedReseller
    }

    /// Reads a file already in memory (small inputs, tests).
    public init(bytes: [UInt8], batchId: String?, expectedReseller: String?) {
        self.input = .bytes(bytes)
        self.batchId = batchId
        self.expectedReseller = expectedReseller
    }

    /// Reads text already in memory (small inputs, tests).
    public init(text: String, batchId: String?, expectedReseller: String?) {
        self.init(bytes: Array(text.utf8), batchId: batchId, expectedReseller: expectedReseller)
    }

    /// Reads the file: `header` is called once, first, then `request` for each row in file order.
    ///
    /// Each call reads the file from its start again.
    ///
    /// - Throws: ``FileError`` (the file fails whole), ``CSVReadIOError``, or what a closure throws.
    public func read(header: (BatchHeader) throws -> Void, request: (RawRequest) throws -> Void) throws {
        var parser = CSVParser(input: input, readSize: readSize)
        try parser.skipBOM()
        guard try parser.nextRow() else {
            throw FileError(
                .csvMalformed,
                "The file is empty: a CSV drop needs a header row (with at least the columns reseller and ref) and one row per request.",
                at: SourceLocation(line: parser.line, column: 1))
        }
        let headerLine = parser.line
        let headerSource = parser.rowText()
        let columns = try parser.parseHeader()
        parser.consumeRow()
        parser.cellCap = columns.count

        var reference = expectedReseller
        var batchHeader = BatchHeader(
            format: .csv, reseller: expectedReseller, batchId: batchId,
            location: SourceLocation(line: headerLine, column: 1))
        batchHeader.headerSource = headerSource
        guard try parser.nextRow() else {
            try header(batchHeader)
            return
        }
        let first = parser.makeRequest(columns: columns)
        parser.consumeRow()
        if let named = first[.reseller] {
            batchHeader.reseller = named
            if reference == nil { reference = named }
        }
        try check(first, against: reference)
        try header(batchHeader)
        try request(first)

        var requests = 1
        while try parser.nextRow() {
            requests += 1
            if requests > DropLimits.maxRequests {
                throw FileError(
                    .limitExceeded,
                    "The file holds more than \(DropLimits.maxRequests) requests, the most OrderFlow reads from one file: split it into several files.",
                    at: SourceLocation(line: parser.line, column: 1))
            }
            let next = parser.makeRequest(columns: columns)
            parser.consumeRow()
            if reference == nil { reference = next[.reseller] }
            try check(next, against: reference)
            try request(next)
        }
    }

    private func check(_ request: RawRequest, against reference: String?) throws(FileError) {
        guard let named = request[.reseller], let reference, named != reference else { return }
        let message: String
        if let expectedReseller, reference == expectedReseller {
            message = "This row names reseller \"\(named)\", but the file was dropped in the folder of reseller \"\(expectedReseller)\": a file may only hold that reseller's requests."
        } else {
            message = "This row names reseller \"\(named)\", but the file's first row names \"\(reference)\": a file holds the requests of one reseller."
        }
        throw FileError(.resellerMismatch, field: RequestField.reseller.name, message, at: request.location(of: .reseller))
    }
}

/// `open(2)`/`read(2)` failed: the file could not be read (not a problem of its content).
public struct CSVReadIOError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// The call that failed: `open`, `fstat` or `read`.
    public var operation: String
    public var errorNumber: Int32

    public init(path: String, operation: String, errorNumber: Int32) {
        self.path = path
        self.operation = operation
        self.errorNumber = errorNumber
    }

    public var description: String {
        "cannot \(operation) \(path.isEmpty ? "the file" : path): \(String(cString: strerror(errorNumber)))"
    }
}

/// An open file; closed when the last reader holding it goes away (when owned).
final class OpenFile: Sendable {
    let descriptor: Int32
    let path: String
    let owned: Bool

    init(descriptor: Int32, path: String, owned: Bool) {
        self.descriptor = descriptor
        self.path = path
        self.owned = owned
    }

    init(path: String) throws {
        // O_NONBLOCK: opening a named pipe must not wait for a writer (it is refused below).
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            let error = errno
            if error == ELOOP || error == EMLINK {
                throw FileError(.unsafeFile, "The file is a symbolic link; OrderFlow never follows links in drop folders.")
            }
            throw CSVReadIOError(path: path, operation: "open", errorNumber: error)
        }
        var info = stat()
        if fstat(fd, &info) != 0 {
            let error = errno
            close(fd)
            throw CSVReadIOError(path: path, operation: "fstat", errorNumber: error)
        }
        if (info.st_mode & S_IFMT) != S_IFREG {
            close(fd)
            throw FileError(.unsafeFile, "This is not a regular file (a pipe, device, socket or folder); OrderFlow only reads regular files.")
        }
        self.descriptor = fd
        self.path = path
        self.owned = true
    }

    deinit {
        if owned { close(descriptor) }
    }

    /// Reads up to `count` bytes at `offset`; 0 at the end of the file.
    func read(into pointer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws -> Int {
        while true {
            let n = pread(descriptor, pointer, count, off_t(offset))
            if n >= 0 { return n }
            let error = errno
            if error == EINTR { continue }
            throw CSVReadIOError(path: path, operation: "read", errorNumber: error)
        }
    }
}
