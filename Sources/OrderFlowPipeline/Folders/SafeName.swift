/// Checks and cleans single path components taken from outsiders (inbox names, reseller
/// folders, names given to the publisher), so that no name reaches a path outside the
/// pipeline's folders or hides what it is in a listing (Operations.md, hostile input).
public enum SafeName {
    /// True for a name that can be used as one path component as it is: valid UTF-8, 1 to 255
    /// bytes, not `.` or `..`, no `/`, no NUL, no control character (C0, DEL, C1) and no
    /// bidirectional override (which makes `cod.exe` look like `exe.doc` in a listing).
    public static func isPlain(_ name: String) -> Bool {
        isPlain(bytes: Array(name.utf8))
    }

    /// ``isPlain(_:)`` for a name as the directory holds it (it may not be UTF-8 at all).
    public static func isPlain(bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 255, bytes != [0x2E], bytes != [0x2E, 0x2E] else { return false }
        guard let text = String(validating: bytes, as: UTF8.self) else { return false }
        return !text.unicodeScalars.contains(where: isUnsafeScalar)
    }

    /// A plain name for `bytes`: every byte of invalid UTF-8 and every unsafe character becomes
    /// `_`, `/` too; `.` or `..` or nothing becomes `_`; cut to at most 200 bytes so that a
    /// numeric suffix and `.errors.csv` still fit in 255.
    public static func sanitized(bytes: [UInt8]) -> String {
        let decoded = String(decoding: bytes, as: UTF8.self)
        var scalars = String.UnicodeScalarView()
        for scalar in decoded.unicodeScalars {
            let replace = isUnsafeScalar(scalar) || scalar == "/" || scalar == "\u{FFFD}"
            scalars.append(replace ? "_" : scalar)
        }
        var name = String(scalars)
        while name.utf8.count > 200 { name.removeLast() }
        if name.isEmpty || name == "." || name == ".." { return "_" }
        return name
    }

    public static func sanitized(_ name: String) -> String { sanitized(bytes: Array(name.utf8)) }

    private static func isUnsafeScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0, DEL, C1 controls
        case 0x2F: true  // '/'
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidi marks and overrides
        default: false
        }
    }
}
