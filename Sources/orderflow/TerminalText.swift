/// Text from a drop file made safe to print (DropFiles.md, "Checking a file before dropping it").
///
/// `validate` and `quote` echo cells an outsider wrote; a raw ESC could clear the screen, retitle
/// the window or forge lines, and a right-to-left override could make a value read as another.
/// So C0 controls (tab and newline too: one finding stays one line) and DEL print as `\xNN`,
/// C1 controls and the bidirectional embedding, override and isolate characters as `\u{XXXX}`.
/// Every other character, backslashes included, prints as it is.
enum TerminalText {
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var shown = ""
        shown.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                shown += "\\x" + hex(scalar.value, digits: 2)
            } else if needsEscape(scalar) {
                shown += "\\u{" + hex(scalar.value, digits: 4) + "}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
