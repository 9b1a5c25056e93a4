/// The bounds on what one usage drop may hold (Billing.md, "Limits"), so that a file's cost stays
/// linear in its size and what the reader holds stays bounded, whatever the file holds.
///
/// A usage row is a CSV row like a drop file's, so its cells and rows have the drop files' bounds
/// (``DropLimits``); only the number of rows is named here.
public enum UsageLimits {
    /// Bytes of one cell, quotes not counted: a longer one makes its row unreadable (`VALUE_TOO_LONG`).
    public static let maxValueBytes = DropLimits.maxValueBytes
    /// Bytes of one row, its line ending not counted: a longer one fails the file (`LIMIT_EXCEEDED`).
    public static let maxRowBytes = DropLimits.maxRowBytes
    /// Rows of one file, the header not counted: more fail the file (`LIMIT_EXCEEDED`).
    public static let maxRows = DropLimits.maxRequests
}
