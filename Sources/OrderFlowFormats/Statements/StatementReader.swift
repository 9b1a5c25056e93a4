import OrderFlowCore

/// Reads a bank statement drop of either format, chosen by its file name: `.xml` is camt.053
/// (``Camt053Reader``), `.csv` a statement CSV (``StatementCSVReader``, its statement id the file
/// name without the extension, as ``DropFile/csvBatchId(fileName:)`` gives it).
public enum StatementReader {
    /// Streams the statement at `path`: each statement's header, then its lines.
    ///
    /// - Throws: ``FileError`` (`UNSUPPORTED_FORMAT` for another extension, or what the reader
    ///   throws), ``CSVReadIOError``, or what a closure throws.
    @discardableResult
    public static func read(
        path: String, fileName: String, header: (StatementHeader) throws -> Void, line: (StatementLine) throws -> Void
    ) throws -> StatementReadSummary {
        if fileName.hasSuffix(".xml") {
            return try Camt053Reader(path: path).read(header: header, line: line)
        }
        if fileName.hasSuffix(".csv") {
            return try StatementCSVReader(path: path, statementId: DropFile.csvBatchId(fileName: fileName))
                .read(header: header, line: line)
        }
        throw FileError(
            .unsupportedFormat,
            "\(fileName) is neither .xml nor .csv: drop bank statements as camt.053 XML (.xml) or as CSV (.csv).",
            at: SourceLocation(line: 1, column: 1))
    }
}
