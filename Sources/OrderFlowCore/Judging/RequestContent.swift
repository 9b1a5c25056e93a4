/// The content of a request as written, for duplicate detection (Rules.md, refs).
///
/// Every field with its value, resources as a set (sorted by id), unit parameters in order;
/// no line numbers, no defaults, and the same for XML and CSV, so a request resubmitted in
/// either format is recognised.
public enum RequestContent {
    public static func canonicalText(of raw: RawRequest) -> String {
        var text = TextSink()
        write(raw, to: &text)
        return text.text
    }

    /// SHA-256 of ``canonicalText(of:)``, lowercase hex. The text's pieces go straight into the
    /// hash, never gathered into a string or a buffer: this runs once per request of every batch.
    public static func digest(of raw: RawRequest) -> String {
        var hash = HashSink()
        write(raw, to: &hash)
        return SHA256.hex(hash.hasher.finalize())
    }

    private static func write<Sink: CanonicalSink>(_ raw: RawRequest, to sink: inout Sink) {
        sink.add("action=")
        sink.add(raw.action?.rawValue ?? raw[.action] ?? "")
        sink.add("\n")
        for field in RequestField.allCases where field != .action {
            guard let value = raw[field] else { continue }
            sink.add(field.name)
            sink.add("=")
            sink.add(escape(value))
            sink.add("\n")
        }
        let resources = raw.resources.count < 2 ? raw.resources : raw.resources.sorted(by: { $0.id < $1.id })
        for resource in resources {
            sink.add(RequestField.resourceColumnPrefix)
            sink.add(escape(resource.id))
            sink.add("=")
            sink.add(escape(resource.amount))
            sink.add("\n")
        }
        for set in raw.unitParameters {
            sink.add("unitParameters:")
            sink.add(escape(set.resource))
            sink.add("=")
            for (index, value) in set.values.enumerated() {
                if index > 0 { sink.add(",") }
                sink.add(escape(value.name))
                sink.add(":")
                sink.add(escape(value.value))
            }
            sink.add("\n")
        }
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

/// Where ``RequestContent`` writes the canonical text, piece by piece.
private protocol CanonicalSink {
    mutating func add(_ piece: String)
}

private struct TextSink: CanonicalSink {
    var text = ""
    mutating func add(_ piece: String) { text += piece }
}

private struct HashSink: CanonicalSink {
    var hasher = SHA256()
    mutating func add(_ piece: String) {
        var piece = piece
        // A native string's UTF-8 is contiguous: hashed in place, no copy.
        piece.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
    }
}
