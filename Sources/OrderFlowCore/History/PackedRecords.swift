/// Records kept as bytes in fixed-size blocks: what ``BatchHistory`` remembers of a batch's own
/// requests when no ledger holds them (`quote` and `validate` without `--pipeline`).
///
/// A record as a Swift value costs about 1.7 KB once its strings, its optionals and its dictionary
/// slot are counted; packed, a few hundred bytes. Records are only read back when a later request
/// of the file names them (a duplicate, a cancel, an existing account), so writing is the hot path:
/// one append per field, no allocation per record. Blocks never move, so the store grows without
/// the copy (and the doubled peak) of one growing array.
struct PackedRecords {
    /// Where a record starts: its block and its offset in it.
    struct Position: Hashable {
        fileprivate var block: Int32
        fileprivate var offset: Int32
    }

    private static let blockSize = 1 << 20
    private var blocks: [[UInt8]] = []
    /// Reused for each record, so appending one allocates only when a block fills up.
    private var scratch = PackedWriter()

    /// Packs one record and returns where it starts.
    mutating func append(_ write: (inout PackedWriter) -> Void) -> Position {
        scratch.bytes.removeAll(keepingCapacity: true)
        write(&scratch)
        let count = scratch.bytes.count
        if blocks.isEmpty || blocks[blocks.count - 1].count + count > blocks[blocks.count - 1].capacity {
            // A record longer than a block gets a block of its own.
            var block: [UInt8] = []
            block.reserveCapacity(Swift.max(Self.blockSize, count))
            blocks.append(block)
        }
        let last = blocks.count - 1
        let position = Position(block: Int32(last), offset: Int32(blocks[last].count))
        blocks[last].append(contentsOf: scratch.bytes)
        return position
    }

    /// Unpacks the record at `position` with `read`, which must read the fields `append` wrote.
    func read<Record>(at position: Position, _ read: (inout PackedReader) -> Record) -> Record {
        var reader = PackedReader(bytes: blocks[Int(position.block)], index: Int(position.offset))
        return read(&reader)
    }
}

/// Appends fields: integers as LEB128 varints (signed ones zigzagged), strings as their length and
/// UTF-8 bytes, an optional with a leading presence varint.
struct PackedWriter {
    fileprivate(set) var bytes: [UInt8] = []

    mutating func unsigned(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func int(_ value: Int64) { unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func int(_ value: Int) { int(Int64(value)) }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// The presence of an optional value, then the value.
    mutating func optional<Value>(_ value: Value?, _ write: (inout PackedWriter, Value) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    mutating func optional(_ value: String?) { optional(value) { $0.string($1) } }

    mutating func word<Word: RawRepresentable<String>>(_ value: Word) { string(value.rawValue) }

    mutating func optional<Word: RawRepresentable<String>>(_ value: Word?) { optional(value) { $0.word($1) } }
}

/// Reads back what ``PackedWriter`` wrote, field for field in the same order.
struct PackedReader {
    fileprivate let bytes: [UInt8]
    fileprivate var index: Int

    mutating func unsigned() -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    mutating func int64() -> Int64 {
        let raw = unsigned()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func int() -> Int { Int(int64()) }

    mutating func bool() -> Bool {
        defer { index += 1 }
        return bytes[index] != 0
    }

    mutating func string() -> String {
        let count = Int(unsigned())
        defer { index += count }
        return String(decoding: bytes[index..<index + count], as: UTF8.self)
    }

    mutating func optional<Value>(_ read: (inout PackedReader) -> Value) -> Value? {
        bool() ? read(&self) : nil
    }

    mutating func optionalString() -> String? { optional { $0.string() } }

    /// A closed word written by ``PackedWriter/word(_:)``; only this process's own bytes are read,
    /// so a word that is not the type's is a broken invariant.
    mutating func word<Word: RawRepresentable<String>>(_: Word.Type = Word.self) -> Word {
        let text = string()
        guard let word = Word(rawValue: text) else { preconditionFailure("packed record holds no \(Word.self) \(text)") }
        return word
    }

    mutating func optionalWord<Word: RawRepresentable<String>>(_: Word.Type = Word.self) -> Word? {
        optional { $0.word() }
    }
}
