/// A value from a drop file, shown inside a message: at most 40 characters, control characters as
/// `?`, so that a hostile cell (4,096 bytes, escape sequences) can neither fill nor drive the
/// terminal or page that shows the diagnostic.
public enum QuotedValue {
    public static let maxCharacters = 40

    public static func shown(_ text: String) -> String {
        let scalars = text.unicodeScalars.prefix(maxCharacters + 1).map {
            $0.properties.generalCategory == .control ? "?" : $0
        }
        guard scalars.count > maxCharacters else { return String(String.UnicodeScalarView(scalars)) }
        return String(String.UnicodeScalarView(scalars.prefix(maxCharacters - 3))) + "..."
    }
}
