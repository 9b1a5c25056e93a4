import Foundation
import OrderFlowCore
import OrderFlowFormats

/// `rejected.xml` / `rejected.csv` (SPEC §8): only the rejected requests, as they were written,
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
        switch outputs.batch.batch.format {
        case .xml: return ("rejected.xml", Array(xml(outputs).utf8))
        case .csv: return ("rejected.csv", Array(csv(outputs).utf8))
        }
    }

    /// `ACME-01` → `ACME-01-R1`; `ACME-01-R1` → `ACME-01-R2`.
    public static func resubmissionBatchId(of batchId: String) -> String {
        if let range = batchId.range(of: "-R", options: .backwards),
            let number = Int(batchId[range.upperBound...]), number > 0,
            batchId[range.upperBound...].allSatisfy(\.isASCII)
        {
            return String(batchId[..<range.lowerBound]) + "-R\(number + 1)"
        }
        return batchId + "-R1"
    }

    static func xml(_ outputs: BatchOutputs) -> String {
        let batch = outputs.batch.batch
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<orderBatch xmlns=\"urn:orderflow:orders:1\" reseller=\"\(escapeAttribute(batch.reseller))\" "
        text += "batchId=\"\(escapeAttribute(resubmissionBatchId(of: batch.batchId)))\">\n"
        for request in outputs.rejected {
            text += "  <!-- line \(request.line) of \(commentSafe(batch.fileName)):\n"
            for diagnostic in request.diagnostics {
                text += "       " + commentSafe(describe(diagnostic)) + "\n"
            }
            text += "  -->\n  " + request.source + "\n"
        }
        text += "</orderBatch>\n"
        return text
    }

    static func csv(_ outputs: BatchOutputs) -> String {
        let header = outputs.batch.batch.headerSource ?? ""
        let headerCells = CSVRow.cells(of: header)
        let codeIndex = headerCells.firstIndex { $0.text == "error_code" }
        let messageIndex = headerCells.firstIndex { $0.text == "error_message" }
        var text = header
        if codeIndex == nil { text += ",error_code" }
        if messageIndex == nil { text += ",error_message" }
        text += "\n"
        for request in outputs.rejected {
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
            text += row + appended + "\n"
        }
        return text
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
