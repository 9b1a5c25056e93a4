import CLibPQ

/// The checks a ledger URL (`postgres://user@host:port/db`, PipelineConfig's `.postgres(url:)`)
/// passes before libpq connects with it.
enum PostgresURL {
    /// Refuses a URL that carries a password, in its user part or as `?password=`: the pipeline file
    /// is read by people and kept in version control, so the password comes from libpq's own places
    /// (PGPASSWORD, ~/.pgpass, a service file). The message never repeats the URL.
    static func refusePassword(_ url: String) throws(PostgresError) {
        if userPartHasPassword(url) { throw carriesPassword }
        // libpq's own parser finds every other spelling (`?password=`, percent-encoded keys).
        var parseError: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &parseError) else {
            let reason = parseError.map { PostgresConnection.oneLine(String(cString: $0)) } ?? "it cannot be read"
            PQfreemem(parseError)
            throw PostgresError(.refused, operation: "connect", message: "libpq cannot read the ledger URL: \(reason)")
        }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password", let value = option.pointee.val, value.pointee != 0 {
                throw carriesPassword
            }
            option += 1
        }
    }

    private static let carriesPassword = PostgresError(
        .refused, operation: "connect",
        message: "the ledger URL carries a password; write postgres://user@host:port/db and give the password "
            + "through PGPASSWORD or ~/.pgpass, never in the pipeline file")

    /// `scheme://user:password@host…`: a colon before the last `@` of the authority.
    private static func userPartHasPassword(_ url: String) -> Bool {
        guard let scheme = url.range(of: "://") else { return false }
        let authority = url[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@") else { return false }
        return authority[..<at].contains(":")
    }
}
