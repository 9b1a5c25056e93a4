/// What the service side needs to set a subscription up, as its order gave it (`provisioning.csv`,
/// Reconciliation.md): kept with the subscription for every later event.
public struct ServiceSetup: Sendable, Hashable {
    public var dataLocation: String?
    public var adminUser: String?
    public var sendCredentials: Bool?
    /// One set per ordered unit of a manual-approval product, in order.
    public var unitParameters: [UnitParameterSet]

    public init(dataLocation: String?, adminUser: String?, sendCredentials: Bool?, unitParameters: [UnitParameterSet]) {
        self.dataLocation = dataLocation
        self.adminUser = adminUser
        self.sendCredentials = sendCredentials
        self.unitParameters = unitParameters
    }

    public var isEmpty: Bool {
        dataLocation == nil && adminUser == nil && sendCredentials == nil && unitParameters.isEmpty
    }

    /// Names of unit parameters never written out: `provisioning.csv` carries no password.
    public static func isSecret(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["password", "passwd", "secret", "pin"].contains { lower.contains($0) }
    }

    /// `unit_parameters`: a JSON array with one object per unit, `resource` first, then each
    /// parameter in the order written; secrets left out. Empty text for none.
    public var unitParametersJSON: String {
        guard !unitParameters.isEmpty else { return "" }
        let units = unitParameters.map { set in
            let fields = [("resource", set.resource)] + set.values.filter { !Self.isSecret($0.name) }
            return "{" + fields.map { Self.quoted($0.0) + ":" + Self.quoted($0.1) }.joined(separator: ",") + "}"
        }
        return "[" + units.joined(separator: ",") + "]"
    }

    static func quoted(_ text: String) -> String { JSONString.quoted(text) }


    /// The ledger's text for it (`subscriptions.setup`): four tab-separated fields, the unit
    /// parameters as their JSON (secrets already left out); nil when there is nothing.
    public var ledgerText: String? {
        guard !isEmpty else { return nil }
        let credentials = sendCredentials.map { $0 ? "true" : "false" } ?? ""
        return [dataLocation ?? "", adminUser ?? "", credentials, unitParametersJSON]
            .map(Self.escaped).joined(separator: "\t")
    }

    /// The fields as `provisioning.csv` prints them, from ``ledgerText``.
    public static func columns(ofLedgerText text: String?) -> [String] {
        guard let text else { return ["", "", "", ""] }
        var fields = text.split(separator: "\t", omittingEmptySubsequences: false).map { unescaped(String($0)) }
        while fields.count < 4 { fields.append("") }
        return Array(fields.prefix(4))
    }

    private static func escaped(_ field: String) -> String {
        guard field.contains(where: { $0 == "\\" || $0 == "\t" }) else { return field }
        var out = ""
        for character in field {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            default: out.append(character)
            }
        }
        return out
    }

    private static func unescaped(_ field: String) -> String {
        guard field.contains("\\") else { return field }
        var out = ""
        var escaping = false
        for character in field {
            if escaping {
                out.append(character == "t" ? "\t" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
