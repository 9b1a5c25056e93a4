import OrderFlowCore

/// Writes a committed batch's outputs from the ledger into its staged folder; on a second thread
/// while the job commits the next file (``PublishAhead``), so it keeps no state between calls.
protocol BatchRenderer: Sendable {
    func render(_ record: BatchRecord, into files: StagedFiles) throws -> RenderedDrop
}

/// What one job does with a claimed drop between the steps every job shares (``BatchProcessor``:
/// claim, size, SHA-256, duplicate file, batch id reuse, publish, input moved, claim finished).
protocol DropHandler: BatchRenderer {
    /// The format the file's name gives, or `UNSUPPORTED_FORMAT` saying what this job takes.
    func format(ofFileNamed name: String) throws -> BatchHeader.Format

    /// The file's batch id, after reading what must be read before the commit (a header);
    /// `FileError` fails the file whole.
    func batchId(of claim: FileClaim, path: String) throws -> PreparedDrop

    /// Reads the file and commits it in ONE ledger transaction.
    func commit(_ batch: NewBatch, claim: FileClaim, path: String, lease: ResellerLease) throws -> BatchRecord
}

/// What the handler read before the commit.
struct PreparedDrop {
    var batchId: String
    /// Where the batch id was read (its header), for `BATCH_ID_REUSED`.
    var location: SourceLocation
    /// CSV: the header row as written (orders: for `rejected.csv`).
    var headerSource: String?
}

/// What a published batch held, for the run's summary and log.
struct RenderedDrop {
    /// Requests, or statement lines.
    var items = 0
    /// Requests rejected, or statement lines a person must look at (exit 65).
    var rejected = 0
}

extension DropHandler {
    /// Drops of one format only (`.csv`): anything else is `UNSUPPORTED_FORMAT` naming `what`.
    static func csvOnly(_ name: String, what: String) throws -> BatchHeader.Format {
        guard name.hasSuffix(".csv") else {
            throw FileError(
                .unsupportedFormat, "\(name) is not a .csv file: drop \(what) as CSV.", at: SourceLocation(line: 1, column: 1))
        }
        return .csv
    }
}
