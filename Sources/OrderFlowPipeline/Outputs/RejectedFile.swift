import Foundation
import OrderFlowCore
import OrderFlowFormats

/// `rejected.xml` / `rejected.csv` (Outputs.md): only the rejected requests, as they were written,
/// each with every error, so the reseller can fix them and drop the file again.
///
/// - XML: a new `<orderBatch>` with the batch id `<batchId>-R1` (`-R<n+1>` for a resubmission
///   that was itself `-R<n>`), each request preceded by a comment listing its errors.
/// - CSV: the input's header and rows byte for byte (no spreadsheet escaping), with the cells
///   `error_code` (codes separated by `;`) and `error_message` (`field: message`, separated by
///   ` | `) appended, or replaced when the input already has those columns. Lines end with LF.
public enum RejectedFile {
    /// The file name and bytes, or nil when nothing was rejected.
    public static func render(_ outputs: BatchOutputs) -> (name: String, bytes: [UInt8])? {
        guard !outputs.rejected.isEmpty else { return nil }
        let stream = Stream(batch: outputs.batch.batch)
        var bytes = stream.head
        for request in outputs.rejected { bytes += stream.piece(request) }
        return (stream.name, bytes + stream.tail)
    }

    /// `ACME-01` → `ACME-01-R1`; `ACME-01-R1` → `ACME-01-R2` (``ResubmissionSuffix``).
    public static func resubmissionBatchId(of batchId: String) -> String {
        ResubmissionSuffix.next(after: batchId)
    }

    /// The file in pieces, so a batch's rejected requests are written as they are read.
    public struct Stream: Sendable {
        public let batch: NewBatch
        /// CSV: where `error_code` and `error_message` are in the input's header, if there.
        let codeIndex: Int?
        let messageIndex: Int?

        public init(batch: NewBatch) {
            self.batch = batch
            let cells = CSVRow.cells(of: batch.headerSource ?? "")
            codeIndex = cells.firstIndex { $0.text == "error_code" }
            messageIndex = cells.firstIndex { $0.text == "error_message" }
        }

        public var name: String { batch.format == .xml ? "rejected.xml" : "rejected.csv" }

        public var head: [UInt8] {
            switch batch.format {
            case .xml:
                return Array("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <orderBatch xmlns="urn:orderflow:orders:1" reseller="\(escapeAttribute(batch.reseller))" \
                    batchId="\(escapeAttribute(resubmissionBatchId(of: batch.batchId)))">

                    """.utf8)
            case .csv:
                var text = batch.headerSource ?? ""
                if codeIndex == nil { text += ",error_code" }
                if messageIndex == nil { text += ",error_message" }
                return Array((text + "\n").utf8)
            }
        }

        public func piece(_ request: RejectedRequest) -> [UInt8] {
            switch batch.format {
            case .xml:
                var text = "  <!-- line \(request.line) of \(commentSafe(batch.fileName)):\n"
                for diagnostic in request.diagnostics { text += "       " + commentSafe(describe(diagnostic)) + "\n" }
                return Array((text + "  -->\n  " + request.source + "\n").utf8)
            case .csv:
                return Array((csvRow(request) + "\n").utf8)
            }
        }

        public var tail: [UInt8] { batch.format == .xml ? Array("</orderBatch>\n".utf8) : [] }

        /// The row as written with its error cells appended, or replaced where the input has them.
        func csvRow(_ request: RejectedRequest) -> String {
            let codes = request.diagnostics.map(\.code.rawValue).joined(separator: ";")
            let messages = request.diagnostics.map { ($0.field.isEmpty ? "" : $0.field + ": ") + $0.message }
                .joined(separator: " | ")
            var replacements: [(range: Range<String.Index>, text: String)] = []
            var appended = ""
            let cells = CSVRow.cells(of: request.source)
            for (index, value) in [(codeIndex, codes), (messageIndex, messages)] {
                if let index {
                    if index < cells.count { replacements.append((cells[index].range, CSVRow.quoted(value))) }
                } else {
                    appended += "," + CSVRow.quoted(value)
                }
            }
            var row = request.source
            for replacement in replacements.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
                row.replaceSubrange(replacement.range, with: replacement.text)
            }
            return row + appended
        }
    }

    static func describe(_ diagnostic: Diagnostic) -> String {
        "[\(diagnostic.code.rawValue)] " + (diagnostic.field.isEmpty ? "" : diagnostic.field + ": ") + diagnostic.message
    }

    /// A comment may not contain `--` (nor end with `-`): `--` becomes `- -`.
    static func commentSafe(_ text: String) -> String {
        var result = text
        while result.contains("--") { result = result.replacingOccurrences(of: "--", with: "- -") }
        if result.hasSuffix("-") { result += " " }
        return result
    }

    static func escapeAttribute(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// The cells of one CSV row as written, with where each starts and ends in the row's text.
enum CSVRow {
    struct Cell {
        var range: Range<String.Index>
        /// The cell's value (quotes removed, `""` undone).
        var text: String
    }

    static func cells(of row: String) -> [Cell] {
        var cells: [Cell] = []
        var index = row.startIndex
        while true {
            let start = index
            var value = ""
            if index < row.endIndex, row[index] == "\"" {
                index = row.index(after: index)
                while index < row.endIndex {
                    if row[index] == "\"" {
                        let next = row.index(after: index)
                        if next < row.endIndex, row[next] == "\"" {
                            value.append("\"")
                            index = row.index(after: next)
                            continue
                        }
                        index = next
                        break
                    }
                    value.append(row[index])
                    index = row.index(after: index)
                }
            }
            while index < row.endIndex, row[index] != "," {
                value.append(row[index])
                index = row.index(after: index)
            }
            cells.append(Cell(range: start..<index, text: value))
            guard index < row.endIndex else { break }
            index = row.index(after: index)
        }
        return cells
    }

    /// RFC 4180 quoting when needed, no spreadsheet escaping (`rejected.csv` is data to resubmit).
    static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
