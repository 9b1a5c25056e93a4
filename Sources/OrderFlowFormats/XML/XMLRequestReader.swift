#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import OrderFlowCore

/// Reads an XML drop file (DropFiles.md: XML, reading rules) as a stream and hands each request to
/// the caller as a ``RawRequest``, after the ``BatchHeader``: the same values, field for field, that
/// ``CSVRequestReader`` gives for the same request written in CSV.
///
/// libxml2's `xmlTextReader` validates against ``OrdersSchema`` while it reads, so memory stays
/// constant whatever the file's size: one request is held at a time.
///
/// - Header: `orderBatch`'s `reseller` and `batchId`, delivered before the first request.
/// - Each request is delivered once its end tag (or empty element) has been read and every schema
///   problem up to the next request has been seen, so problems libxml2 reports at an end tag
///   belong to it. Its ``RawRequest/source`` is the element re-serialized (``XMLSourceWriter``).
/// - Locations: a request's is its start tag's line; a field's is the line of the element that
///   carries it. libxml2 records an element at the line on which its start tag *ends* and keeps no
///   column for it (its parser column runs ahead of the reader), so columns are 0 (unknown) except
///   on libxml2's own problems.
///
/// Errors:
/// - A schema problem inside a request is a `SCHEMA_INVALID` in its ``RawRequest/readerErrors``,
///   field named (the CSV column for a known attribute), with how to fix it.
/// - Whole-file problems throw ``FileError``: a DOCTYPE (`XML_MALFORMED`, before libxml2 sees the
///   document, so no entity is ever expanded), a limit of DropFiles.md ("Limits") broken
///   (`VALUE_TOO_LONG`, `LIMIT_EXCEEDED`), an empty or UTF-16 file (`XML_MALFORMED`), all three
///   found by ``XMLLimitScan`` before libxml2 reads anything, anything not well-formed or not UTF-8
///   (`XML_MALFORMED`, at its line), a wrong root or namespace, or a schema problem outside any
///   request (`SCHEMA_INVALID`), and a `reseller` other than `expectedReseller`
///   (`RESELLER_MISMATCH`, before any request). Because requests stream, a ``FileError`` found
///   late is thrown after earlier requests were delivered: the file then fails whole and what was
///   delivered must be discarded.
/// - A failing `open(2)` throws ``CSVReadIOError``; a `read(2)` failing later is libxml2's I/O
///   error, reported as `XML_MALFORMED` at the line reached.
public struct XMLRequestReader: DropRequestReader {
    enum Input: Sendable {
        case bytes([UInt8])
        case file(OpenFile)
    }

    let input: Input
    /// The name libxml2 knows the document by (its path, for a file).
    public let name: String
    /// The reseller that owns the inbox folder, when known: the file must name it.
    public let expectedReseller: String?

    /// Opens the file at `path` (never following a symbolic link; a symlink or any file that is
    /// not a regular file is `UNSAFE_FILE`). The file stays open while the reader exists.
    ///
    /// - Throws: ``FileError`` (`UNSAFE_FILE`) or ``CSVReadIOError``.
    public init(path: String, expectedReseller: String?) throws {
        self.input = .file(try OpenFile(path: path))
        self.name = path
        self.expectedReseller = expectedReseller
    }

    /// Reads a document already in memory (small inputs, tests).
    public init(bytes: [UInt8], name: String = "", expectedReseller: String?) {
        self.input = .bytes(bytes)
        self.name = name
        self.expectedReseller = expectedReseller
    }

    /// Reads the file: `header` is called once, first, then `request` for each request in file order.
    ///
    /// Each call reads the document from its start again.
    ///
    /// - Throws: ``FileError`` (the file fails whole), ``CSVReadIOError``, or what a closure throws.
    public func read(header: (BatchHeader) throws -> Void, request: (RawRequest) throws -> Void) throws {
        if let location = CatalogReader.doctypeLocation(in: try prolog()) {
            throw LibXML2.doctypeError(at: location)
        }
        try checkLimits()
        switch input {
        case .bytes(let bytes):
            guard bytes.count < Int(Int32.max) else {
                throw FileError(.fileTooLarge, "the document is too large to be read from memory (\(bytes.count) bytes)")
            }
            try bytes.withUnsafeBufferPointer { buffer in
                var stream = XMLRequestStream(expectedReseller: expectedReseller)
                try stream.run(source: .memory(buffer), name: name, header: header, request: request)
            }
        case .file(let file):
            // xmlReaderForFd reads from the descriptor's position; a second read starts over.
            if lseek(file.descriptor, 0, SEEK_SET) < 0 {
                throw CSVReadIOError(path: file.path, operation: "read", errorNumber: errno)
            }
            var stream = XMLRequestStream(expectedReseller: expectedReseller)
            try stream.run(source: .descriptor(file.descriptor), name: name, header: header, request: request)
        }
    }

    /// The document's first bytes, where a DOCTYPE would have to be (it precedes the root element).
    private func prolog() throws -> [UInt8] {
        let size = 64 * 1024
        switch input {
        case .bytes(let bytes): return Array(bytes.prefix(size))
        case .file(let file):
            var buffer = [UInt8](repeating: 0, count: size)
            var filled = 0
            while filled < size {
                let count = try buffer.withUnsafeMutableBytes { raw in
                    try file.read(into: raw.baseAddress! + filled, count: size - filled, at: filled)
                }
                if count == 0 { break }
                filled += count
            }
            return Array(buffer.prefix(filled))
        }
    }
}
