/// What one bank statement may hold (hostile input: a file's cost stays linear in its size and
/// the memory a reader holds stays bounded, whatever the file holds).
///
/// Statements are larger than order requests (an entry may batch thousands of transactions, and
/// banks add elements of their own), so they are bounded differently from ``DropLimits``: the
/// markup that costs libxml2 more than linear time is bounded before it parses
/// (``StatementMarkupScan``), and what the reader keeps is bounded while it reads.
public enum StatementLimits {
    /// Attributes (namespace declarations included) on one element: libxml2 compares each with
    /// those before it. camt.053 elements carry at most a few.
    public static let maxAttributes = DropLimits.maxAttributes
    /// Bytes of one element or attribute name.
    public static let maxNameBytes = DropLimits.maxNameBytes
    /// Nesting of elements. The ISO schemas nest at most 15 deep (camt.053.001.08).
    public static let maxDepth = 64
    /// Bytes kept of one value the reader uses (an amount, a reference, a name). A longer amount,
    /// currency, date or indicator makes its line unreadable (`VALUE_TOO_LONG`); a longer optional
    /// value (a reference, a name, a bank reference) is not used.
    public static let maxValueBytes = DropLimits.maxValueBytes
    /// Transactions of one entry held until the entry ends (so that an entry's own fields may come
    /// after its transactions). Past it the entry's transactions are delivered as they end, and an
    /// entry field that would change them, coming later, fails the file (`LIMIT_EXCEEDED`).
    public static let maxHeldTransactions = 1_000
    /// Lines of one file (statement lines, or CSV rows).
    public static let maxLines = DropLimits.maxRequests
}
