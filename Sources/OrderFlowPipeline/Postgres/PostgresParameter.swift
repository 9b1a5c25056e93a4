/// One value bound to `$1`, `$2`, … of a statement, or one field of a COPY row, in PostgreSQL's text
/// format: the server converts it to the column's type, so an `Int64` amount arrives as a `bigint`
/// exactly, with no floating point on the way (money stays integer minor units, STYLE.md).
///
/// Literals read naturally: `["R-ACME", 1250, nil]`.
struct PostgresParameter: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByNilLiteral, ExpressibleByBooleanLiteral
{
    /// The text sent, nil for SQL NULL.
    var text: String?

    init(text: String?) { self.text = text }
    init(stringLiteral value: String) { text = value }
    init(integerLiteral value: Int64) { text = String(value) }
    init(nilLiteral: ()) { text = nil }
    init(booleanLiteral value: Bool) { text = value ? "t" : "f" }

    static let null = PostgresParameter(text: nil)
    static func string(_ value: String?) -> PostgresParameter { PostgresParameter(text: value) }
    static func int(_ value: Int64?) -> PostgresParameter { PostgresParameter(text: value.map { String($0) }) }
    static func int(_ value: Int) -> PostgresParameter { .int(Int64(value)) }
    static func bool(_ value: Bool?) -> PostgresParameter { PostgresParameter(text: value.map { $0 ? "t" : "f" }) }

    /// PostgreSQL's text cannot hold a NUL character, and libpq would cut the value at the first one
    /// without a word: refuse it instead.
    func checked(_ operation: String) throws(PostgresError) -> String? {
        guard let text, text.utf8.contains(0) else { return text }
        throw PostgresError(
            .refused, operation: operation,
            message: "a text value contains a NUL character, which PostgreSQL cannot store")
    }
}
