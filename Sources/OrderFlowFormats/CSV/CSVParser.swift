#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import OrderFlowCore

/// The bytes of a file being parsed: the unparsed rest of the current chunk, from the start of
/// the current row. Owned by a class so that the parser can use a raw pointer to it.
final class ByteStorage {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 16)
        self.base = .allocate(capacity: self.capacity)
    }

    /// Copies `bytes` into fresh storage.
    init(copying bytes: [UInt8]) {
        self.capacity = Swift.max(bytes.count, 16)
        self.base = .allocate(capacity: self.capacity)
        bytes.withUnsafeBufferPointer { source in
            if let address = source.baseAddress { base.update(from: address, count: source.count) }
        }
    }

    deinit { base.deallocate() }

    /// Moves `count` bytes from `offset` to the start.
    func compact(from offset: Int, count: Int) {
        guard offset > 0 else { return }
        if count > 0 { memmove(base, base + offset, count) }
    }

    /// Makes room for at least `needed` bytes, keeping the first `count`.
    func reserve(_ needed: Int, keeping count: Int) {
        guard needed > capacity else { return }
        let newCapacity = Swift.max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}

/// Where one cell lies in its row, relative to the row's first byte (quotes included).
struct CellSpan {
    var start: Int
    var end: Int
    var kind: CellKind
}

enum CellKind: UInt8 {
    /// Unquoted: the bytes are the value.
    case plain
    /// `"…"` without `""` inside: the value is the bytes between the quotes.
    case quoted
    /// `"…"` with `""` inside.
    case quotedEscaped
    /// A stray quote: inside an unquoted cell, or text after the closing quote (row is `CSV_MALFORMED`).
    case malformed
}

/// What a header column is.
enum CSVColumn {
    case field(RequestField)
    case resource(String)
    case ignored
}

/// The byte-level RFC 4180 scanner: finds one row at a time, refilling its buffer from the file
/// as needed. It can stop in the middle of a row when the buffer runs out and resume after the
/// next chunk arrived, so every byte is scanned once.
struct CSVParser {
    private enum Mode {
        case cellStart, unquoted, quoted, quotedSawQuote, afterQuote
    }

    private enum Scan {
        case needMore
        case row(contentEnd: Int, next: Int)
        case endOfInput
        case unbalancedQuote
    }

    private static let comma: UInt8 = 0x2C
    private static let quote: UInt8 = 0x22
    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D

    private let file: OpenFile?
    private let readSize: Int
    private let storage: ByteStorage
    /// The current row's first byte in `storage`.
    private var start = 0
    /// Bytes of `storage` that hold data.
    private var end = 0
    private var eof: Bool
    private var fileOffset = 0

    /// The line on which the current row starts (1-based).
    private(set) var line = 1

    // The current row, as scanned so far (offsets relative to `start`).
    private var pos = 0
    private var mode = Mode.cellStart
    private var cellStart = 0
    private var kind = CellKind.plain
    /// Line feeds inside the row so far (in quoted cells).
    private var innerLineFeeds = 0
    /// `innerLineFeeds` when the current quoted cell opened.
    private var quoteLineFeeds = 0
    private var sawNonASCII = false
    private var sawNUL = false
    /// 1-based index of the first cell with a stray quote, 0 when none.
    private(set) var malformedCell = 0
    /// 0-based indexes of the recorded cells longer than ``DropLimits/maxValueBytes``.
    private(set) var overlongCells: [Int] = []
    /// Bytes the row's ended cells count against ``DropLimits/maxRowBytes`` (an overlong cell
    /// counts only up to the bytes kept of it, so a file and the same bytes in memory agree).
    private var rowBytes = 0
    /// Cells in the row (all of them, also those beyond `cellCap`).
    private(set) var cellCount = 0
    /// Spans of the row's first `cellCap` cells.
    private(set) var cells: [CellSpan] = []
    /// Spans kept per row: the header's column count, once known.
    var cellCap = CSVRequestReader.maxColumns + 1
    /// The row found by the last ``nextRow()``.
    private var rowContentEnd = 0
    private var rowNext = 0
    /// Reused for cells that need unescaping.
    private var scratch: [UInt8] = []

    init(input: CSVRequestReader.Input, readSize: Int) {
        self.readSize = Swift.max(readSize, 1)
        switch input {
        case .bytes(let bytes):
            file = nil
            storage = ByteStorage(copying: bytes)
            end = bytes.count
            eof = true
        case .file(let openFile):
            file = openFile
            storage = ByteStorage(capacity: 2 * self.readSize)
            eof = false
        }
        cells.reserveCapacity(64)
    }

    // MARK: Reading

    /// Reads the next chunk after what the buffer holds; moves the current row to the buffer's start.
    private mutating func refill() throws {
        guard let file, !eof else {
            eof = true
            return
        }
        let kept = end - start
        storage.compact(from: start, count: kept)
        start = 0
        end = kept
        storage.reserve(end + readSize, keeping: end)
        let count = try file.read(into: storage.base + end, count: readSize, at: fileOffset)
        if count == 0 {
            eof = true
        } else {
            end += count
            fileOffset += count
        }
    }

    /// Skips a UTF-8 byte order mark at the start of the file.
    mutating func skipBOM() throws {
        while end - start < 3 && !eof { try refill() }
        if end - start >= 3, storage.base[start] == 0xEF, storage.base[start + 1] == 0xBB,
            storage.base[start + 2] == 0xBF
        {
            start += 3
        }
    }

    /// Finds the next row that is not blank; false at the end of the file.
    ///
    /// - Throws: ``FileError`` (`CSV_MALFORMED`) for an unbalanced quote or invalid UTF-8.
    mutating func nextRow() throws -> Bool {
        while true {
            switch scan() {
            case .needMore:
                dropOverlongCellTail()
                try checkRowLength(pos - cellStart)
                try refill()
            case .endOfInput:
                return false
            case .unbalancedQuote:
                throw FileError(
                    .csvMalformed,
                    "A quoted cell is never closed: a quote (\") opens it here and the file ends before the matching quote. Close the quote, and write a quote inside a quoted cell as two quotes (\"\").",
                    at: SourceLocation(line: line + quoteLineFeeds, column: cellCount + 1))
            case .row(let contentEnd, let next):
                try checkRowLength(0)
                rowContentEnd = contentEnd
                rowNext = next
                if contentEnd == 0 {
                    consumeRow()
                    continue
                }
                if sawNonASCII || sawNUL { try checkEncoding() }
                return true
            }
        }
    }

    /// Leaves the current row: the next ``nextRow()`` starts after it.
    mutating func consumeRow() {
        start += rowNext
        line += innerLineFeeds + 1
        pos = 0
        mode = .cellStart
        cellStart = 0
        kind = .plain
        innerLineFeeds = 0
        quoteLineFeeds = 0
        sawNonASCII = false
        sawNUL = false
        malformedCell = 0
        overlongCells.removeAll(keepingCapacity: true)
        rowBytes = 0
        cellCount = 0
        cells.removeAll(keepingCapacity: true)
        rowContentEnd = 0
        rowNext = 0
    }

    // MARK: Scanning

    private mutating func endCell(at position: Int) {
        let length = position - cellStart
        if length > DropLimits.maxValueBytes {
            // Quotes do not count; a quote written twice counts twice (DropFiles.md, "Limits").
            let quoted = kind != .plain && length >= 2 && storage.base[start + cellStart] == Self.quote
            if (quoted ? length - 2 : length) > DropLimits.maxValueBytes, cells.count < cellCap {
                overlongCells.append(cells.count)
            }
        }
        rowBytes += Swift.min(length, Self.keptCellBytes) + 1
        if cells.count < cellCap { cells.append(CellSpan(start: cellStart, end: position, kind: kind)) }
        cellCount += 1
    }

    // MARK: Limits

    /// Bytes the parser's buffer holds room for (what memory the reading costs).
    var bufferCapacity: Int { storage.capacity }

    /// Bytes kept of a cell longer than ``DropLimits/maxValueBytes`` (DropFiles.md, "Limits"):
    /// enough for its first ``DropLimits/maxValueBytes`` bytes of value even when every byte kept
    /// is a doubled quote. The rest is dropped as it is read, so a huge cell costs no memory.
    static let keptCellBytes = 2 * DropLimits.maxValueBytes + 8

    /// Removes the bytes of the current cell beyond ``keptCellBytes`` that are already scanned.
    /// The scanner's state carries what they meant (inside quotes or not, line feeds counted).
    private mutating func dropOverlongCellTail() {
        guard mode != .cellStart else { return }
        var cut = cellStart + Self.keptCellBytes
        guard pos > cut else { return }
        // Cut at a character's first byte, so what is kept stays UTF-8.
        while cut > cellStart, storage.base[start + cut] & 0xC0 == 0x80 { cut -= 1 }
        let tail = end - (start + pos)
        if tail > 0 { memmove(storage.base + start + cut, storage.base + start + pos, tail) }
        end -= pos - cut
        pos = cut
    }

    /// `LIMIT_EXCEEDED` for a row with more than ``DropLimits/maxRowBytes`` (its cells counted as kept).
    private func checkRowLength(_ open: Int) throws(FileError) {
        guard rowBytes + Swift.min(open, Self.keptCellBytes) > DropLimits.maxRowBytes else { return }
        throw FileError(
            .limitExceeded,
            "This row is longer than \(DropLimits.maxRowBytes) bytes, the most OrderFlow reads in one row (a request needs a few hundred): check the file's quotes and line endings, or split the row.",
            at: SourceLocation(line: line, column: 1))
    }

    /// The value of a cell cut to its first ``DropLimits/maxValueBytes`` bytes (at a character boundary).
    private mutating func clippedValue(of span: CellSpan) -> String {
        let value = value(of: span)
        guard value.utf8.count > DropLimits.maxValueBytes else { return value }
        let utf8 = value.utf8
        var end = utf8.index(utf8.startIndex, offsetBy: DropLimits.maxValueBytes)
        while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        return String(decoding: utf8[..<end], as: UTF8.self)
    }

    /// The value of the current row's cell `index` (0-based, one of ``cells``), unquoted and cut to
    /// its first ``DropLimits/maxValueBytes`` bytes; nil for an empty cell. Unlike the row's text,
    /// it is right also in a row with an overlong cell.
    mutating func cellValue(_ index: Int) -> String? {
        isEmpty(cells[index]) ? nil : clippedValue(of: cells[index])
    }

    private mutating func markMalformed() {
        kind = .malformed
        if malformedCell == 0 { malformedCell = cellCount + 1 }
    }

    /// Scans the current row from where the last call stopped.
    private mutating func scan() -> Scan {
        let p = UnsafePointer(storage.base + start)
        let available = end - start
        let comma = Self.comma, quote = Self.quote, lf = Self.lf, cr = Self.cr
        while true {
            if pos >= available {
                if !eof { return .needMore }
                switch mode {
                case .quoted:
                    return .unbalancedQuote
                case .cellStart where pos == 0:
                    return .endOfInput
                default:
                    endCell(at: pos)
                    return .row(contentEnd: pos, next: pos)
                }
            }
            switch mode {
            case .cellStart:
                if p[pos] == quote {
                    mode = .quoted
                    kind = .quoted
                    quoteLineFeeds = innerLineFeeds
                    pos += 1
                } else {
                    mode = .unquoted
                    kind = .plain
                }

            case .unquoted, .afterQuote:
                // Printable ASCII other than `"` and `,` needs no decision.
                while pos < available {
                    let byte = p[pos]
                    if byte > quote && byte < 0x80 && byte != comma {
                        pos += 1
                    } else {
                        break
                    }
                }
                if pos >= available { continue }
                let byte = p[pos]
                if byte == comma {
                    endCell(at: pos)
                    pos += 1
                    cellStart = pos
                    mode = .cellStart
                } else if byte == lf {
                    endCell(at: pos)
                    return .row(contentEnd: pos, next: pos + 1)
                } else if byte == cr {
                    if let ending = rowEnding(atCarriageReturn: p, available: available) { return ending }
                    pos += 1  // a lone CR is part of the cell
                } else {
                    if byte == quote {
                        if mode == .unquoted { markMalformed() }
                    } else if byte == 0 {
                        sawNUL = true
                    } else if byte >= 0x80 {
                        sawNonASCII = true
                    }
                    pos += 1
                }

            case .quoted:
                while pos < available {
                    let byte = p[pos]
                    if byte == quote { break }
                    if byte >= 0x80 {
                        sawNonASCII = true
                    } else if byte == lf {
                        innerLineFeeds += 1
                    } else if byte == 0 {
                        sawNUL = true
                    }
                    pos += 1
                }
                if pos < available {
                    mode = .quotedSawQuote
                    pos += 1
                }

            case .quotedSawQuote:
                let byte = p[pos]
                if byte == quote {
                    kind = .quotedEscaped
                    mode = .quoted
                    pos += 1
                } else if byte == comma {
                    endCell(at: pos)
                    pos += 1
                    cellStart = pos
                    mode = .cellStart
                } else if byte == lf {
                    endCell(at: pos)
                    return .row(contentEnd: pos, next: pos + 1)
                } else if byte == cr {
                    if let ending = rowEnding(atCarriageReturn: p, available: available) { return ending }
                    // A lone CR after the closing quote is text after it.
                    markMalformed()
                    mode = .afterQuote
                } else {
                    markMalformed()
                    mode = .afterQuote
                }
            }
        }
    }

    /// At a CR (`pos`): the row's end for CRLF, or for a CR that is the file's last byte; `.needMore`
    /// when the next byte is not read yet; nil for a lone CR, which the caller handles.
    private mutating func rowEnding(atCarriageReturn p: UnsafePointer<UInt8>, available: Int) -> Scan? {
        if pos + 1 < available {
            guard p[pos + 1] == Self.lf else { return nil }
            endCell(at: pos)
            return .row(contentEnd: pos, next: pos + 2)
        }
        guard eof else { return .needMore }
        endCell(at: pos)
        return .row(contentEnd: pos, next: pos + 1)
    }

    // MARK: Encoding

    /// Throws `CSV_MALFORMED` at the first byte of the row that is not UTF-8 text.
    private func checkEncoding() throws(FileError) {
        let row = UnsafeBufferPointer(start: UnsafePointer(storage.base + start), count: rowContentEnd)
        guard let offset = UTF8Check.firstInvalidByte(in: row) else { return }
        var lineFeeds = 0
        for index in 0..<offset where row[index] == Self.lf { lineFeeds += 1 }
        var column = 0
        for span in cells where span.start <= offset { column += 1 }
        let message =
            row[offset] == 0
            ? "The file holds a NUL byte, so it is not UTF-8 text (was it saved as UTF-16 or as a spreadsheet?). Save it as CSV in UTF-8."
            : "The file is not valid UTF-8 text here. Save it as CSV in UTF-8 (a byte order mark is allowed)."
        throw FileError(.csvMalformed, message, at: SourceLocation(line: line + lineFeeds, column: Swift.max(column, 1)))
    }

    // MARK: Values

    private func isEmpty(_ span: CellSpan) -> Bool {
        switch span.kind {
        case .plain: span.end == span.start
        case .quoted: span.end - span.start <= 2
        case .quotedEscaped, .malformed: false
        }
    }

    /// The value of a cell, unquoted and unescaped.
    private mutating func value(of span: CellSpan) -> String {
        let row = UnsafePointer(storage.base + start)
        switch span.kind {
        case .plain:
            return String(decoding: UnsafeBufferPointer(start: row + span.start, count: span.end - span.start), as: UTF8.self)
        case .quoted:
            let count = Swift.max(span.end - span.start - 2, 0)
            return String(decoding: UnsafeBufferPointer(start: row + span.start + 1, count: count), as: UTF8.self)
        case .quotedEscaped, .malformed:
            let raw = UnsafeBufferPointer(start: row + span.start, count: span.end - span.start)
            scratch.removeAll(keepingCapacity: true)
            var index = 0
            if raw.first == Self.quote {
                index = 1
                while index < raw.count {
                    let byte = raw[index]
                    index += 1
                    if byte == Self.quote {
                        if index < raw.count && raw[index] == Self.quote {
                            scratch.append(Self.quote)
                            index += 1
                        } else {
                            break
                        }
                    } else {
                        scratch.append(byte)
                    }
                }
            }
            if index < raw.count { scratch.append(contentsOf: raw[index...]) }
            return String(decoding: scratch, as: UTF8.self)
        }
    }

    /// The row's text as written, without its line ending; a cell longer than
    /// ``DropLimits/maxValueBytes`` is written as its first bytes of value, quoted (DropFiles.md,
    /// "Limits"), so the ledger and `rejected.csv` keep a bounded copy.
    mutating func rowText() -> String {
        let row = UnsafeBufferPointer(start: UnsafePointer(storage.base + start), count: rowContentEnd)
        guard !overlongCells.isEmpty else { return String(decoding: row, as: UTF8.self) }
        var text = ""
        var written = 0
        for index in overlongCells {
            let span = cells[index]
            text += String(decoding: row[written..<span.start], as: UTF8.self)
            text += "\"" + clippedValue(of: span).replacingOccurrences(of: "\"", with: "\"\"") + "\""
            written = span.end
        }
        return text + String(decoding: row[written...], as: UTF8.self)
    }

    // MARK: Header

    /// Reads the current row as the header: what each column is.
    ///
    /// - Throws: ``FileError`` with every problem of the header.
    mutating func parseHeader() throws(FileError) -> [CSVColumn] {
        let headerLocation = SourceLocation(line: line, column: 1)
        if cellCount > CSVRequestReader.maxColumns {
            throw FileError(
                .csvMalformed,
                "The header has \(cellCount) columns; a drop file may have at most \(CSVRequestReader.maxColumns).",
                at: headerLocation)
        }
        var problems: [Diagnostic] = []
        var overflow = 0
        func report(_ diagnostic: Diagnostic) {
            if problems.count < CSVRequestReader.maxHeaderDiagnostics {
                problems.append(diagnostic)
            } else {
                overflow += 1
            }
        }
        var columns: [CSVColumn] = []
        columns.reserveCapacity(cells.count)
        var seen: [String: Int] = [:]
        if let index = overlongCells.first {
            throw FileError(
                .valueTooLong,
                "Column \(index + 1) of the header is longer than \(DropLimits.maxValueBytes) bytes; no column name is. Check the file's quotes, or remove the column.",
                at: SourceLocation(line: line, column: index + 1))
        }
        for index in cells.indices {
            let name = value(of: cells[index])
            let location = SourceLocation(line: line, column: index + 1)
            if cells[index].kind == .malformed {
                report(Diagnostic(
                    .csvMalformed, field: name,
                    "Column \(index + 1) of the header has a stray quote (\"): quote the whole name, or leave the quotes out.",
                    at: location))
            }
            if let first = seen[name] {
                report(Diagnostic(
                    .csvMalformed, field: name,
                    "The column \"\(name)\" appears twice in the header (columns \(first) and \(index + 1)); each column may appear once.",
                    at: location))
                columns.append(.ignored)
                continue
            }
            seen[name] = index + 1
            if let field = RequestField(csvColumn: name) {
                columns.append(.field(field))
            } else if name.hasPrefix(RequestField.resourceColumnPrefix),
                name.utf8.count > RequestField.resourceColumnPrefix.utf8.count
            {
                columns.append(.resource(String(name.dropFirst(RequestField.resourceColumnPrefix.count))))
            } else if RequestField.ignoredCSVColumns.contains(name) {
                columns.append(.ignored)
            } else {
                let message =
                    name.isEmpty
                    ? "Column \(index + 1) of the header has no name; remove the column or name it."
                    : name == RequestField.resourceColumnPrefix
                        ? "The column \"\(name)\" names no resource: write resource:<ID>, for example resource:MAILBOX."
                        : "The column \"\(name)\" is not a column of OrderFlow drop files; remove it or fix its name (names are case-sensitive)."
                report(Diagnostic(.unknownColumn, field: name, message, at: location))
                columns.append(.ignored)
            }
        }
        for required in [RequestField.reseller, .ref] where seen[required.name] == nil {
            report(Diagnostic(
                .missingField, field: required.name,
                "The header has no \(required.name) column; every CSV drop file needs the columns reseller and ref.",
                at: headerLocation))
        }
        if overflow > 0 {
            problems.append(Diagnostic(
                .csvMalformed, "\(overflow) more problems in the header are not listed.", at: headerLocation))
        }
        if !problems.isEmpty { throw FileError(problems) }
        return columns
    }

    // MARK: Requests

    /// The current row as a request.
    mutating func makeRequest(columns: [CSVColumn]) -> RawRequest {
        let rowLine = line
        var request = RawRequest(action: .order, location: SourceLocation(line: rowLine, column: 1), source: rowText())
        let count = Swift.min(cells.count, columns.count)
        for index in 0..<count {
            let span = cells[index]
            let location = SourceLocation(line: rowLine, column: index + 1)
            switch columns[index] {
            case .field(let field):
                request.set(field, isEmpty(span) ? nil : clippedValue(of: span), at: location)
            case .resource(let id):
                if !isEmpty(span) {
                    let amount = clippedValue(of: span)
                    if !amount.isEmpty {
                        request.resources.append(ResourceAmount(id: id, amount: amount, location: location))
                    }
                }
            case .ignored:
                break
            }
        }
        if let action = request[.action] { request.action = RequestAction(rawValue: action) }

        func fieldName(_ column: CSVColumn) -> String {
            switch column {
            case .field(let known): known.name
            case .resource(let id): RequestField.resourceColumnPrefix + id
            case .ignored: ""
            }
        }
        for index in overlongCells where index < columns.count {
            request.readerErrors.append(Diagnostic(
                .valueTooLong, field: fieldName(columns[index]),
                "Cell \(index + 1) is longer than \(DropLimits.maxValueBytes) bytes, the most OrderFlow reads in one cell (no value of a request comes near it): shorten it, or check the file's quotes.",
                at: SourceLocation(line: rowLine, column: index + 1)))
        }
        if malformedCell > 0 && malformedCell <= columns.count {
            request.readerErrors.append(Diagnostic(
                .csvMalformed, field: fieldName(columns[malformedCell - 1]),
                "Cell \(malformedCell) has a stray quote (\"): a cell that holds a quote must be quoted as a whole, with the quote written twice (\"5\"\" disk\").",
                at: SourceLocation(line: rowLine, column: malformedCell)))
        }
        if cellCount != columns.count {
            let column = cellCount > columns.count ? columns.count + 1 : cellCount + 1
            request.readerErrors.append(Diagnostic(
                .csvMalformed,
                "This row has \(cellCount) \(cellCount == 1 ? "cell" : "cells") but the header has \(columns.count) columns; every row needs one cell per column (an empty cell for an absent value).",
                at: SourceLocation(line: rowLine, column: column)))
        }
        return request
    }
}
