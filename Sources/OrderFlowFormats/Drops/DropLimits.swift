/// The bounds on what one drop file may hold (DropFiles.md, "Limits"). No legitimate request comes
/// near them; they exist so that a file's cost (time, memory, ledger bytes) grows linearly with its
/// size and a hostile file cannot stall a run (Operations.md, hostile input).
public enum DropLimits {
    /// Bytes of one value: an XML attribute value, an element's text, a CSV cell (quotes excluded).
    public static let maxValueBytes = 4_096
    /// Bytes of one XML element or attribute name.
    public static let maxNameBytes = 1_024
    /// Bytes of one XML comment or processing instruction.
    public static let maxCommentBytes = 65_536
    /// Attributes (namespace declarations included) on one XML element.
    public static let maxAttributes = 64
    /// Nesting of XML elements, `<orderBatch>` being level 1 and a request level 2.
    public static let maxDepth = 16
    /// Elements of one XML request, the request element included.
    public static let maxElementsPerRequest = 1_000
    /// Requests in one file.
    public static let maxRequests = 1_000_000
    /// Bytes of one CSV row (its line ending excluded).
    public static let maxRowBytes = 1_048_576
}
