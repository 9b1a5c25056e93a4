// Hand-written (not generated): EU membership changes by treaty, not with ISO releases.

extension ISO3166 {
    /// The 27 member states of the European Union (since 1 February 2020), by ISO 3166-1 alpha-2
    /// code. Territories that are outside the EU VAT area keep their own codes (`GF`, `RE`, `AX` …)
    /// and are not listed; Northern Ireland's `XI` VAT prefix is not an ISO country code.
    private static let euMembers: Set<String> = [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    ]

    /// Whether `alpha2` is one of the 27 EU member states.
    public static func isEUMember(_ alpha2: String) -> Bool {
        euMembers.contains(alpha2)
    }

    /// The prefix of an EU VAT identification number issued by `alpha2`: the country code itself,
    /// except `EL` for Greece (`GR`). Nil for a country outside the EU.
    public static func vatPrefix(of alpha2: String) -> String? {
        guard isEUMember(alpha2) else { return nil }
        return alpha2 == "GR" ? "EL" : alpha2
    }
}
