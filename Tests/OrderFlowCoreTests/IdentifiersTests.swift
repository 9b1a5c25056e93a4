import OrderFlowCore
import Testing

@Suite struct IdentifiersTests {
    /// The number of a ledger id orders a batch's payments (Outputs.md, payments.csv): `PAY-2`
    /// before `PAY-10`, which text order would reverse.
    @Test(arguments: [
        ("PAY-2", Int64(2)), ("PAY-10", 10), ("PAY-9223372036854775807", Int64.max),
        ("PAY-", nil), ("PAY-1a", nil), ("PAY--1", nil), ("SO-3", nil), ("PAY-+1", nil), ("PAY-99999999999999999999", nil),
    ] as [(String, Int64?)])
    func paymentNumbers(id: String, number: Int64?) {
        #expect(IdKind.payment.number(of: id) == number, "\(id)")
    }
}
