/// The kinds of ids the ledger allocates from platform-wide sequences (StatesAndIds.md).
public enum IdKind: String, Sendable, CaseIterable {
    case account = "ACC"
    case salesOrder = "SO"
    case subscription = "SUB"
    case payment = "PAY"
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

/// ISO 11649 creditor reference of a payment id without its hyphen: `PAY-1234` → `RF55PAY1234`.
public enum CreditorReference {
    public static func make(paymentId: String) -> String {
        let body = String(paymentId.filter { $0 != "-" }).uppercased()
        // Move "RF00" to the end, letters to numbers (A=10 … Z=35), check = 98 − (n mod 97).
        var remainder = 0
        for character in body + "RF00" {
            if let digit = character.wholeNumberValue {
                remainder = (remainder * 10 + digit) % 97
            } else if let ascii = character.asciiValue {
                let value = Int(ascii) - 55
                remainder = (remainder * 100 + value) % 97
            }
        }
        let check = 98 - remainder
        return "RF" + (check < 10 ? "0" : "") + String(check) + body
    }
}
