import Foundation
import OrderFlowCore
import Testing

@testable import OrderFlowFormats

/// ISO 11649 references as people type them: spaces and case do not matter, check digits do,
/// and nothing is ever guessed.
@Suite struct StatementReferenceMatcherTests {
    /// ISO 11649's own example.
    static let iso = "RF18539007547034"

    @Test func normalizingRemovesWhiteSpaceAndUpperCases() {
        #expect(ReferenceMatcher.normalize(" rf18 5390\t0754\n7034 ") == Self.iso)
        #expect(ReferenceMatcher.normalize("RF18\u{00A0}5390\u{2009}0754 7034") == Self.iso)
        // Only ASCII letters change case; other characters stay (and make the reference invalid).
        #expect(ReferenceMatcher.normalize("rf18-ß") == "RF18-ß")
    }

    @Test func aReferenceIsValidOnlyWhenItsCheckDigitsHold() {
        #expect(ReferenceMatcher.creditorReference("RF18 5390 0754 7034") == Self.iso)
        #expect(ReferenceMatcher.creditorReference("rf18539007547034") == Self.iso)
        // Each single-digit slip is caught.
        for (index, character) in Self.iso.enumerated() where character.isNumber {
            for replacement in "0123456789" where replacement != character {
                var typo = Array(Self.iso)
                typo[index] = replacement
                #expect(ReferenceMatcher.creditorReference(String(typo)) == nil, "\(String(typo))")
            }
        }
        // Two neighbours swapped, too (mod 97 catches every transposition).
        var swapped = Array(Self.iso)
        swapped.swapAt(6, 7)
        #expect(ReferenceMatcher.creditorReference(String(swapped)) == nil)
        for text in ["", "RF", "RF18", "RF1", "XX18539007547034", "RF18-5390-0754-7034", "RF18539007547034.",
                     "RF" + String(repeating: "1", count: 24)] {
            #expect(ReferenceMatcher.creditorReference(text) == nil, "\(text)")
        }
    }

    @Test func everyPaymentsReferenceIsFound() {
        for id in ["PAY-1", "PAY-1001", "PAY-99999999", "PAY-1234567890123456"] {
            let reference = CreditorReference.make(paymentId: id)
            #expect(ReferenceMatcher.creditorReference(reference.lowercased()) == reference)
            #expect(ReferenceMatcher.creditorReference(StatementFixtures.spaced(reference)) == reference)
        }
    }

    @Test func freeTextIsReadWholeThenWordByWord() {
        #expect(ReferenceMatcher.creditorReference(inUnstructured: "rf18 5390 0754 7034") == Self.iso)
        #expect(ReferenceMatcher.creditorReference(inUnstructured: "Invoice 7 RF18539007547034 thanks") == Self.iso)
        #expect(ReferenceMatcher.creditorReference(inUnstructured: "thanks\nRF18539007547034") == Self.iso)
        // The first valid word wins.
        let second = CreditorReference.make(paymentId: "PAY-7")
        #expect(ReferenceMatcher.creditorReference(inUnstructured: "\(second) \(Self.iso)") == second)
        // Spaced among other words it is not one word, and words are never joined: no guess.
        #expect(ReferenceMatcher.creditorReference(inUnstructured: "Invoice RF18 5390 0754 7034") == nil)
        #expect(ReferenceMatcher.creditorReference(inUnstructured: "RF18539007547034,") == nil)
        #expect(ReferenceMatcher.creditorReference(inUnstructured: "") == nil)
        #expect(ReferenceMatcher.creditorReference(inUnstructured: "   ") == nil)
    }
}

/// The values a statement line is made of: bank dates, identities, what a line is treated as.
@Suite struct StatementLineTests {
    @Test func bankDatesAreReadAsWritten() throws {
        let day = try #require(BankDate(iso: "2026-03-02"))
        #expect(day.secondsIntoDay == nil && day.utcOffsetSeconds == nil)
        #expect(BankDate(iso: "2026-03-02Z")?.date == day.date)
        #expect(BankDate(iso: "2026-03-02+01:00")?.date == day.date)
        let time = try #require(BankDate(iso: "2026-03-02T23:30:15.123+01:00"))
        #expect(time.secondsIntoDay == 23 * 3600 + 30 * 60 + 15 && time.utcOffsetSeconds == 3600)
        #expect(BankDate(iso: "2026-03-02T10:00Z")?.utcOffsetSeconds == 0)
        #expect(BankDate(iso: "2026-03-02T10:00:00")?.utcOffsetSeconds == nil)
        #expect(BankDate(iso: "2026-03-02T24:00:00")?.secondsIntoDay == 86_400)
        for text in ["2026-3-2", "2026-02-30", "2026-03-02T25:00:00", "2026-03-02T10:60:00", "2026-03-02T10:00:00+1",
                     "2026-03-02 10:00:00", "2026-03-02T", "2026-03-02T10:00:00.Z", "2026-03-02T10:00:00+15:00", "yesterday"] {
            #expect(BankDate(iso: text) == nil, "\(text)")
        }
    }

    @Test func aDateTimeIsTheDayItIsInAZone() throws {
        let zurich = try #require(TimeZone(identifier: "Europe/Zurich"))
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        let losAngeles = try #require(TimeZone(identifier: "America/Los_Angeles"))
        let lateUTC = try #require(BankDate(iso: "2026-03-02T23:30:00Z"))
        #expect(lateUTC.day(in: zurich) == CalendarDate(iso: "2026-03-03"))
        #expect(lateUTC.day(in: losAngeles) == CalendarDate(iso: "2026-03-02"))
        let earlyPlusOne = try #require(BankDate(iso: "2026-03-02T00:30:00+01:00"))
        #expect(earlyPlusOne.day(in: zurich) == CalendarDate(iso: "2026-03-02"))
        #expect(earlyPlusOne.day(in: losAngeles) == CalendarDate(iso: "2026-03-01"))
        #expect(earlyPlusOne.day(in: tokyo) == CalendarDate(iso: "2026-03-02"))
        // Summer time: 22:30 UTC on 31 July is the next day in Zurich (+02:00), not with +01:00.
        #expect(BankDate(iso: "2026-07-31T22:30:00Z")?.day(in: zurich) == CalendarDate(iso: "2026-08-01"))
        // A local time and a date stay the day written.
        #expect(BankDate(iso: "2026-03-02T23:59:59")?.day(in: tokyo) == CalendarDate(iso: "2026-03-02"))
        #expect(BankDate(iso: "1969-12-31T23:00:00Z")?.day(in: losAngeles) == CalendarDate(iso: "1969-12-31"))
    }

    @Test func identityKeysNeverCollide() {
        let keys = [
            StatementLineIdentity.transactionReference(account: "A|B", reference: "C"),
            .transactionReference(account: "A", reference: "B|C"),
            .transactionReference(account: "A%7CB", reference: "C"),
            .entryReference(account: "A", reference: "B", transaction: 1),
            .entryNumber(statementId: "A", entryReference: "B", transaction: 1),
            .position(statementId: "A", entry: 1, transaction: 1),
            .csvBankReference("A"),
            .csvRow(cells: ["A", "B"], occurrence: 0),
            .csvRow(cells: ["A|B"], occurrence: 0),
        ].map(\.key)
        #expect(Set(keys).count == keys.count, "\(keys)")
        #expect(StatementLineIdentity.transactionReference(account: "CH93", reference: "T-1").key == "tx|CH93|T-1")
    }
}
