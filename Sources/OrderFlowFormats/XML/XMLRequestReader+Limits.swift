import OrderFlowCore

extension XMLRequestReader {
    /// Runs ``XMLLimitScan`` over the whole document before libxml2 reads it (DropFiles.md,
    /// "Limits"), and refuses an empty document with words that say so.
    ///
    /// - Returns: the bytes examined (the scan's work, linear in the file's size).
    /// - Throws: ``FileError`` (`VALUE_TOO_LONG`, `LIMIT_EXCEEDED`, `XML_MALFORMED`) or ``CSVReadIOError``.
    @discardableResult
    func checkLimits() throws -> Int {
        var scan = XMLLimitScan()
        do {
            try forEachChunk(upTo: Int.max) { chunk in try scan.scan(chunk) }
        } catch let violation as XMLLimitScan.Violation {
            throw FileError(violation.code, field: violation.field, violation.message, at: try location(of: violation.offset))
        }
        if scan.isEmpty {
            throw FileError(
                .xmlMalformed, "the file is empty: an XML drop needs an <orderBatch> element",
                at: SourceLocation(line: 1, column: 1))
        }
        return scan.examined
    }

    /// The line and column (1-based, in bytes) of a byte of the document.
    private func location(of offset: Int) throws -> SourceLocation {
        var line = 1
        var lineStart = 0
        var position = 0
        try forEachChunk(upTo: offset) { chunk in
            for index in chunk.indices where chunk[index] == 0x0A {
                line += 1
                lineStart = position + index + 1
            }
            position += chunk.count
        }
        return SourceLocation(line: line, column: offset - lineStart + 1)
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
