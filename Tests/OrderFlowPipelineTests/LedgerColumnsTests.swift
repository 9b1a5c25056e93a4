import Testing

@testable import OrderFlowPipeline

/// The amount columns of `results` read `Money.text` back as minor units; the hand-written
/// parser must agree with what `Int64(text without ".")` gave before.
@Suite struct LedgerColumnsTests {
    @Test(arguments: [
        "12.30", "0.00", "-0.50", "1234", "1.250", "-1234", "", ".", "-", "+5", "+.5", "-.5", ".-5", "1-2", "1 2",
        "12,30", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "92233720368547758.07", "٣", "1e3",
    ])
    func minorUnitsMatchesInt64OfTheDigits(text: String) {
        #expect(LedgerColumns.minorUnits(ofText: text) == Int64(text.filter { $0 != "." }))
    }

    @Test func nilStaysNil() {
        #expect(LedgerColumns.minorUnits(ofText: nil) == nil)
    }
}
