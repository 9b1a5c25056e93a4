import OrderFlowCore

/// A statement's amount text read exactly into minor units of its currency (``ScaledDecimal``,
/// never a binary floating-point number): digits, optionally a `.` and decimals.
enum StatementAmount {
    struct Problem: Error, Equatable {
        var code: ErrorCode
        var message: String
    }

    /// Minor units of `text` in `currency`.
    ///
    /// - Parameters:
    ///   - allowSign: a leading `-` is accepted (CSV); camt.053 amounts have none.
    ///   - zeroDecimalsBeyondCurrency: decimals past the currency's that are all zeros are accepted
    ///     (camt.053 allows 5 decimals in any currency: `12.50000` EUR is exactly 12.50); the CSV
    ///     rule allows at most the currency's decimals.
    static func parse(
        _ text: String, currency: Currency, allowSign: Bool, zeroDecimalsBeyondCurrency: Bool = true
    ) -> Result<Int64, Problem> {
        let bytes = Array(text.utf8)
        var index = 0
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let integerStart = index
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        let integerDigits = index - integerStart
        var decimals: ArraySlice<UInt8> = []
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            let start = index + 1
            index = start
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
            decimals = bytes[start..<index]
            if decimals.isEmpty { index = -1 }
        }
        guard integerDigits > 0, index == bytes.count else {
            return .failure(Problem(
                code: .invalidValue,
                message: "'\(CamtLineBuilder.clip(text))' is not an amount: write digits with a decimal point, such as "
                    + (allowSign ? "1234.50 or -12.00 (no spaces" : "1234.50 (no sign, spaces")
                    + ", thousands separators or currency)"))
        }
        if negative && !allowSign {
            return .failure(Problem(
                code: .invalidValue,
                message: "'\(CamtLineBuilder.clip(text))' is negative: a camt.053 amount has no sign, <CdtDbtInd> gives its direction"))
        }
        var kept = text
        if decimals.count > currency.minorUnits {
            let beyond = decimals.dropFirst(currency.minorUnits)
            guard zeroDecimalsBeyondCurrency, beyond.allSatisfy({ $0 == UInt8(ascii: "0") }) else {
                return .failure(Problem(
                    code: .invalidValue,
                    message: "'\(CamtLineBuilder.clip(text))' has \(decimals.count) decimals; \(currency.code) has \(currency.minorUnits): an amount in \(currency.code) has at most \(currency.minorUnits)"))
            }
            let cut = bytes.count - beyond.count - (currency.minorUnits == 0 ? 1 : 0)
            kept = String(decoding: bytes[..<cut], as: UTF8.self)
        }
        guard let value = ScaledDecimal.parse(kept, scale: currency.minorUnits, allowSign: allowSign) else {
            return .failure(Problem(
                code: .amountTooLarge,
                message: "'\(CamtLineBuilder.clip(text))' is larger than OrderFlow holds exactly (\(Int64.max) minor units of \(currency.code)): check the file"))
        }
        return .success(value.units)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
