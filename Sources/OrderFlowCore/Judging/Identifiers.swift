/// The kinds of ids the ledger allocates from platform-wide sequences (StatesAndIds.md).
public enum IdKind: String, Sendable, CaseIterable {
    case account = "ACC"
    case salesOrder = "SO"
    case subscription = "SUB"
    case payment = "PAY"

    /// The number of an id of this kind (`PAY-12` → 12); nil for anything else.
    public func number(of id: String) -> Int64? {
        guard id.hasPrefix(rawValue + "-") else { return nil }
        let digits = id.utf8.dropFirst(rawValue.utf8.count + 1)
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int64(Substring(digits))
    }
}

/// Allocates ids and invoice numbers in request order, inside the batch transaction.
///
/// The import job serves it from its ledger; `quote` uses ``NoIdentifiers``, which leaves
/// every id empty, as `quote` prints them (PipelineFiles.md, `quote`).
public protocol IdentifierSource {
    mutating func nextId(_ kind: IdKind) -> String?
    /// The next number of the gapless invoice/credit-note series of the reseller's printed
    /// prefix and `year`.
    mutating func nextDocumentNumber(reseller: Reseller, year: Int) -> String?
}

public struct NoIdentifiers: IdentifierSource {
    public init() {}
    public mutating func nextId(_ kind: IdKind) -> String? { nil }
    public mutating func nextDocumentNumber(reseller: Reseller, year: Int) -> String? { nil }
}

/// Counting ids from given starting points, for tests and in-memory runs.
public struct SequentialIdentifiers: IdentifierSource {
    public var next: [IdKind: Int]
    public var documents: [String: Int]

    public init(startingAt start: Int = 1) {
        next = Dictionary(uniqueKeysWithValues: IdKind.allCases.map { ($0, start) })
        documents = [:]
    }

    public mutating func nextId(_ kind: IdKind) -> String? {
        let value = next[kind, default: 1]
        next[kind] = value + 1
        return "\(kind.rawValue)-\(value)"
    }

    public mutating func nextDocumentNumber(reseller: Reseller, year: Int) -> String? {
        let key = "\(reseller.invoicePrefix)-\(year)"
        let value = documents[key, default: 0] + 1
        documents[key] = value
        return DocumentNumber.format(prefix: reseller.invoicePrefix, year: year, sequence: value)
    }
}

public enum DocumentNumber {
    /// A series: the numbers printed with one prefix in one year.
    public struct Series: Sendable, Hashable {
        public var prefix: String
        public var year: Int

        public init(prefix: String, year: Int) {
            self.prefix = prefix
            self.year = year
        }
    }

    /// `<invoicePrefix>-<year>-<6 digits>` (StatesAndIds.md).
    public static func format(prefix: String, year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        return "\(prefix)-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// The series and sequence of a number ``format(prefix:year:sequence:)`` printed; nil for any
    /// other text. The prefix may itself hold `-`: the year and sequence are the last two parts.
    /// Whether `number` is the one after `previous` in the same series: same prefix and year,
    /// sequence one more (`ACME-2026-999999` → `ACME-2026-1000000` too).
    public static func follows(_ number: String, _ previous: String) -> Bool {
        guard let current = parse(number), let before = parse(previous) else { return false }
        return current.series == before.series && current.sequence == before.sequence + 1
    }

    public static func parse(_ number: String) -> (series: Series, sequence: Int)? {
        let parts = number.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let sequence = digits(parts[parts.count - 1]), let year = digits(parts[parts.count - 2])
        else { return nil }
        let prefix = parts.dropLast(2).joined(separator: "-")
        guard !prefix.isEmpty else { return nil }
        return (Series(prefix: prefix, year: year), sequence)
    }

    /// 1 to 18 ASCII digits as an integer (no sign: `Int("+1")` would accept one).
    private static func digits(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }
}

/// ISO 11649 creditor references (StatesAndIds.md): `RF`, two check digits, then 1–21 letters or
/// digits; moved to the end with letters as numbers (A = 10 … Z = 35), the whole is 1 mod 97.
public enum CreditorReference {
    /// The reference of a payment id without its hyphen: `PAY-1234` → `RF55PAY1234`.
    public static func make(paymentId: String) -> String {
        let body = String(paymentId.filter { $0 != "-" }).uppercased()
        // Check digits = 98 − (body + "RF00" mod 97).
        let check = 98 - (remainder(body + "RF00") ?? 0)
        return "RF" + (check < 10 ? "0" : "") + String(check) + body
    }

    /// True for a reference written without spaces, in upper case, whose check digits hold.
    public static func isValid(_ reference: String) -> Bool {
        let bytes = Array(reference.utf8)
        guard bytes.count >= 5, bytes.count <= 25, bytes[0] == UInt8(ascii: "R"), bytes[1] == UInt8(ascii: "F"),
            bytes[2...3].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return false }
        let moved = String(decoding: bytes[4...] + bytes[0..<4], as: UTF8.self)
        return remainder(moved) == 1
    }

    /// The number `text` spells (digits as themselves, A–Z as 10–35) mod 97; nil for any other character.
    static func remainder(_ text: String) -> Int? {
        var remainder = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): remainder = (remainder * 10 + Int(byte - UInt8(ascii: "0"))) % 97
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): remainder = (remainder * 100 + Int(byte) - 55) % 97
            default: return nil
            }
        }
        return remainder
    }
}

/// ISO 13616 IBANs: two letters of a country, two check digits, then up to 30 letters or digits;
/// moved and spelled as a ``CreditorReference``, the whole is 1 mod 97.
public enum IBAN {
    /// True when `text` looks like an IBAN (starts with two letters and two digits): only then is
    /// it checked, since an account outside IBAN countries has another form.
    public static func looksLikeOne(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 4 else { return false }
        return bytes[0...1].allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
            && bytes[2...3].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// True for an IBAN written without spaces, in upper case, 15 to 34 characters, whose check
    /// digits hold.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard looksLikeOne(text), bytes.count >= 15, bytes.count <= 34 else { return false }
        return CreditorReference.remainder(String(decoding: bytes[4...] + bytes[0..<4], as: UTF8.self)) == 1
    }
}
