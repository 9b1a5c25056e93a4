/// SQLite's query text in PostgreSQL's spelling, so that a query both engines run is written once
/// (as SQLiteLedger and LedgerHistory run it) and cannot drift between them.
enum PostgresSpelling {
    /// `sql` with its `?` placeholders numbered `$1`, `$2`, … in order, and SQLite's `IS NOT` between
    /// two values (not `IS NOT NULL`) as PostgreSQL's `IS DISTINCT FROM`. For queries without `?` or
    /// `IS NOT` inside string literals, which the shared queries never have.
    static func of(_ sql: String) -> String {
        var spelled = ""
        spelled.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        for character in sql {
            if character == "?" {
                number += 1
                spelled += "$\(number)"
            } else {
                spelled.append(character)
            }
        }
        return spelled.replacing(/\bIS NOT\b(?!\s+NULL\b)/, with: "IS DISTINCT FROM")
    }
}
