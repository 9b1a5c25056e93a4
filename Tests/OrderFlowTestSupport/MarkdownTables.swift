import Foundation

/// A table of a Markdown document, as a person wrote it: the header's cells and each row's,
/// with surrounding spaces, backticks and emphasis stars taken off.
public struct MarkdownTable: Sendable {
    public var header: [String]
    public var rows: [[String]]

    /// The rows as dictionaries keyed by the header's cells.
    public var records: [[String: String]] {
        rows.map { Dictionary(zip(header, $0).map { ($0, $1) }, uniquingKeysWith: { first, _ in first }) }
    }

    /// Every table of `text` in order (a table: a `|` line, then a `|---|` line, then `|` lines).
    public static func all(in text: Substring) -> [MarkdownTable] {
        var tables: [MarkdownTable] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var index = 0
        while index + 1 < lines.count {
            guard lines[index].hasPrefix("|"), lines[index + 1].hasPrefix("|---") else {
                index += 1
                continue
            }
            var table = MarkdownTable(header: cells(lines[index]), rows: [])
            index += 2
            while index < lines.count, lines[index].hasPrefix("|") {
                table.rows.append(cells(lines[index]))
                index += 1
            }
            tables.append(table)
        }
        return tables
    }

    /// The text from the line `heading` to the next heading of its level or above.
    public static func section(_ heading: String, of text: String) -> Substring? {
        guard let start = text.range(of: "\n" + heading + "\n") else { return nil }
        let level = heading.prefix { $0 == "#" }
        var end = text.endIndex
        var searchFrom = start.upperBound
        while let next = text.range(of: "\n#", range: searchFrom..<text.endIndex) {
            let hashes = text[text.index(after: next.lowerBound)...].prefix { $0 == "#" }
            if hashes.count <= level.count, text[text.index(next.lowerBound, offsetBy: hashes.count + 1)...].hasPrefix(" ") {
                end = next.lowerBound
                break
            }
            searchFrom = next.upperBound
        }
        return text[start.upperBound..<end]
    }

    static func cells(_ line: Substring) -> [String] {
        var parts = line.split(separator: "|", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`*"))
        }
        if parts.first == "" { parts.removeFirst() }
        if parts.last == "" { parts.removeLast() }
        return parts
    }
}
