import OrderFlowCore
import Testing

/// ISO 11649 creditor references, checked against numbers worked out by hand, not against the
/// code's own output. The rule: move `RF` and the two check digits to the end, letters to numbers
/// (A = 10 … Z = 35), and the whole number mod 97 is 1; the check digits are 98 − (body `RF00` mod 97).
@Suite struct CreditorReferenceTests {
    /// StatesAndIds.md's example, and ids of the demo run: `PAY1234RF00` → 25 10 34 1234 27 15 00,
    /// mod 97 = 43, 98 − 43 = 55.
    @Test(arguments: [
        ("PAY-1234", "RF55PAY1234"), ("PAY-1", "RF32PAY1"), ("PAY-2", "RF05PAY2"), ("PAY-17", "RF95PAY17"),
        // The body of ISO 11649's own example (RF18 5390 0754 7034).
        ("539007547034", "RF18539007547034"),
    ])
    func aPaymentIdGetsTheCheckDigitsWorkedOutByHand(id: String, reference: String) {
        #expect(CreditorReference.make(paymentId: id) == reference)
    }

    /// Published valid references: ISO 11649's example; 21 zeros (the longest body) with its check
    /// digits 04 (`000…0` `271504` mod 97 = 1).
    @Test(arguments: ["RF18539007547034", "RF55PAY1234", "RF04000000000000000000000", "RF32PAY1"])
    func valid(reference: String) {
        #expect(CreditorReference.isValid(reference))
    }

    @Test(arguments: [
        "RF19539007547034",  // one check digit wrong: mod 97 = 2
        "RF54PAY1234",  // wrong check digits
        "RF18000000000000000000000",  // RF18 with 21 zeros, as sometimes printed: mod 97 = 15
        "RF040000000000000000000000",  // 22 characters after the check digits: too long
        "RF18", "RF1", "",  // no body
        "RF18 5390 0754 7034",  // white space: a reader strips it first
        "rf18539007547034",  // lower case: a reader upper-cases first
        "RF18-539007547034", "RF18٥39007547034", "XX18539007547034",
    ])
    func invalid(reference: String) {
        #expect(!CreditorReference.isValid(reference))
    }
}
