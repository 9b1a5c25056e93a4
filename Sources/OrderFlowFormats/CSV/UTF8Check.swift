/// UTF-8 validation that says where the first bad byte is (for a line number in the diagnostic).
enum UTF8Check {
    /// The offset of the first byte that does not belong to well-formed UTF-8 text, or nil.
    ///
    /// Well-formed as in Unicode §3.9 (no overlong forms, no surrogates, nothing above
    /// U+10FFFF, no truncated sequence). A NUL byte also counts as not text.
    static func firstInvalidByte(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                if lead == 0 { return index }
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF:
                length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF:
                length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3:
                length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default:
                return index
            }
            guard index + 1 < count, bytes[index + 1] >= low, bytes[index + 1] <= high else { return index }
            for continuation in 2..<length {
                guard index + continuation < count, bytes[index + continuation] & 0xC0 == 0x80 else { return index }
            }
            index += length
        }
        return nil
    }
}
