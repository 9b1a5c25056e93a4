import Testing

@testable import OrderFlowPipeline

/// The amount columns of `results` read `Money.text` back as minor units: an optional `-`,
/// digits, and exactly the currency's decimals after one `.` (none for JPY). Anything else is not
/// an amount the ledger wrote, and reading it as digits would change its value.
@Suite struct LedgerColumnsTests {
    @Test(arguments: [
        ("12.30", 2, 1230), ("0.00", 2, 0), ("-0.50", 2, -50), ("1234", 0, 1234), ("-1234", 0, -1234),
        ("1.250", 3, 1250), ("0", 0, 0), ("92233720368547758.07", 2, Int64.max), ("-92233720368547758.08", 2, Int64.min),
    ] as [(String, Int, Int64)])
    func anAmountInTheCurrencysFormReadsAsItsMinorUnits(text: String, minorDigits: Int, expected: Int64) {
        #expect(LedgerColumns.minorUnits(ofText: text, minorDigits: minorDigits) == expected)
    }

    @Test(arguments: [
        ("1.2.3", 2), ("1.2.3", 0), ("1.2.3", 1),  // two points: once read as 123
        ("12.3", 2), ("12.300", 2), ("123", 2), ("12.30", 0), ("1.25", 3),  // not the currency's decimals
        ("", 2), (".", 2), ("-", 0), ("+5", 0), ("+5.00", 2), (".50", 2), ("-.50", 2), ("12.", 0), ("12.", 2),
        ("1-2", 0), ("--1", 0), ("1 2", 0), ("12,30", 2), ("٣", 0), ("1e3", 0),
        ("92233720368547758.08", 2), ("-92233720368547758.09", 2), ("9223372036854775808", 0),  // overflow
    ] as [(String, Int)])
    func anythingElseIsNotAnAmount(text: String, minorDigits: Int) {
        #expect(LedgerColumns.minorUnits(ofText: text, minorDigits: minorDigits) == nil)
    }

    @Test func noTextOrNoCurrencyIsNoAmount() {
        #expect(LedgerColumns.minorUnits(ofText: nil, minorDigits: 2) == nil)
        #expect(LedgerColumns.minorUnits(ofText: "12.30", minorDigits: nil) == nil)
    }
}
