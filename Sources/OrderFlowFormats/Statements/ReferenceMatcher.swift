import OrderFlowCore

/// Reads an ISO 11649 creditor reference (`RF18 5390 0754 7034`) the way a payer typed it.
///
/// A reference is upper-cased and stripped of white space, then it either is a valid creditor
/// reference (``CreditorReference/isValid(_:)``: `RF`, two check digits, 1–21 letters or digits,
/// mod 97 = 1) or it is not: a reference that fails its check digits is never corrected, and no
/// reference is ever guessed from an amount or a name.
public enum ReferenceMatcher {
    /// `text` upper-cased (ASCII letters) with every white-space character removed (spaces, tabs,
    /// line breaks, no-break spaces), as people write and banks wrap references.
    public static func normalize(_ text: some StringProtocol) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isWhitespace(scalar) {
            if scalar.value >= 0x61 && scalar.value <= 0x7A {
                result.append(Unicode.Scalar(scalar.value - 0x20)!)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Unicode's White_Space, answered for ASCII without the property tables.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    /// The normalized reference when `text` is a valid creditor reference, else nil
    /// (a structured reference, `RmtInf/Strd/CdtrRefInf/Ref`).
    public static func creditorReference(_ text: some StringProtocol) -> String? {
        let normalized = normalize(text)
        return CreditorReference.isValid(normalized) ? normalized : nil
    }

    /// The first valid creditor reference in free text (`RmtInf/Ustrd`, a CSV `reference`): the
    /// whole text, then each of its white-space-separated words in order; nil when none is valid.
    public static func creditorReference(inUnstructured text: some StringProtocol) -> String? {
        if let whole = creditorReference(text) { return whole }
        var word = String.UnicodeScalarView()
        var words = 0
        for scalar in text.unicodeScalars {
            if isWhitespace(scalar) {
                if !word.isEmpty {
                    words += 1
                    if let found = creditorReference(String(word)) { return found }
                    word.removeAll()
                }
            } else {
                word.append(scalar)
            }
        }
        // One word is the whole text, already tried.
        if !word.isEmpty, words > 0, let found = creditorReference(String(word)) { return found }
        return nil
    }
}
