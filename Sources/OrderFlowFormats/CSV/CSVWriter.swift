/// Writes RFC 4180 CSV for OrderFlow's outputs (`results.csv`, `payments.csv`, `errors.csv`, …).
///
/// - A cell is quoted only when it holds a comma, a quote, CR or LF; a quote inside is doubled.
/// - Every line ends with LF (`\n`), not RFC 4180's CRLF: outputs are rendered byte for byte
///   the same on every platform, diff and `grep` cleanly, and every CSV reader (OrderFlow's
///   own, spreadsheets, Python's `csv`) accepts LF. CR and LF inside a cell are kept as they are
///   (the cell is then quoted).
/// - Spreadsheet safety (Outputs.md, every CSV output except `rejected.csv`): a cell that starts
///   with `=`, `+`, `-`, `@`, tab or CR and is not a number is written with a leading `'`, so a
///   spreadsheet shows it as text instead of running it as a formula (`-5.00` stays,
///   `=SUM(A1)` becomes `'=SUM(A1)`).
public struct CSVWriter: Sendable {
    /// The CSV written so far, UTF-8.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// The CSV written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends one row; `spreadsheetSafe` escapes formula-like cells (false only for `rejected.csv`).
    public mutating func writeRow(_ cells: [String], spreadsheetSafe: Bool) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            writeCell(cell, spreadsheetSafe: spreadsheetSafe)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    private mutating func writeCell(_ cell: String, spreadsheetSafe: Bool) {
        let utf8 = cell.utf8
        let guarded = spreadsheetSafe && Self.needsFormulaGuard(cell)
        let quoted = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
        if quoted { bytes.append(UInt8(ascii: "\"")) }
        if guarded { bytes.append(UInt8(ascii: "'")) }
        if quoted {
            for byte in utf8 {
                bytes.append(byte)
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            }
            bytes.append(UInt8(ascii: "\""))
        } else {
            bytes.append(contentsOf: utf8)
        }
    }

    /// True for a cell a spreadsheet could take for a formula: it starts with `=`, `+`, `-`, `@`,
    /// tab or CR and is not a number.
    public static func needsFormulaGuard(_ cell: String) -> Bool {
        guard let first = cell.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D:
            return !isNumber(cell)
        default:
            return false
        }
    }

    /// A plain decimal number: an optional sign, digits, and an optional fraction
    /// (`-5.00`, `+3`, `0.5`, `.5`); no exponent, no thousands separator, no spaces.
    public static func isNumber(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        var integerDigits = 0
        while let byte = bytes.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            integerDigits += 1
            bytes = bytes.dropFirst()
        }
        var fractionDigits = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            while let byte = bytes.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                fractionDigits += 1
                bytes = bytes.dropFirst()
            }
        }
        return bytes.isEmpty && integerDigits + fractionDigits > 0
    }
}
