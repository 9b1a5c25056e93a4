/// The content of a request as written, for duplicate detection (Rules.md, refs).
///
/// Every field with its value, resources as a set (sorted by id), unit parameters in order;
/// no line numbers, no defaults, and the same for XML and CSV, so a request resubmitted in
/// either format is recognised.
public enum RequestContent {
    public static func canonicalText(of raw: RawRequest) -> String {
        var text = "action=\(raw.action?.rawValue ?? raw[.action] ?? "")\n"
        for field in RequestField.allCases where field != .action {
            guard let value = raw[field] else { continue }
            text += field.name + "=" + escape(value) + "\n"
        }
        for resource in raw.resources.sorted(by: { $0.id < $1.id }) {
            text += RequestField.resourceColumnPrefix + escape(resource.id) + "=" + escape(resource.amount) + "\n"
        }
        for set in raw.unitParameters {
            text += "unitParameters:" + escape(set.resource) + "="
            text += set.values.map { escape($0.name) + ":" + escape($0.value) }.joined(separator: ",") + "\n"
        }
        return text
    }

    /// SHA-256 of ``canonicalText(of:)``, lowercase hex.
    public static func digest(of raw: RawRequest) -> String {
        SHA256.hexDigest(of: canonicalText(of: raw))
    }

    private static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x0A || $0 == 0x3D || $0 == 0x2C || $0 == 0x3A })
        else { return value }
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "=": out += "\\="
            case ",": out += "\\,"
            case ":": out += "\\:"
            default: out.append(character)
            }
        }
        return out
    }
}
