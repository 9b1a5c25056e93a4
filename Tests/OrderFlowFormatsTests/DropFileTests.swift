import OrderFlowCore
import OrderFlowFormats
import Testing

/// A batch id's form (DropFiles.md, batch ids): 1–100 characters, a resubmission's `-R<n>` not counted.
@Suite struct DropFileTests {
    static let at = SourceLocation(line: 1, column: 1)
    /// 100 characters: the longest batch id.
    static let longest = String(repeating: "A", count: 95) + "-2026"

    static func code(_ batchId: String?) -> ErrorCode? { DropFile.batchIdProblem(batchId, at: at)?.code }

    @Test func theLimitLeavesTheResubmissionSuffixOut() {
        #expect(Self.longest.count == 100)
        #expect(Self.code(Self.longest) == nil)
        #expect(Self.code(Self.longest + "-R1") == nil)
        #expect(Self.code(Self.longest + "-R10") == nil)
        #expect(Self.code(Self.longest + "-R999999999") == nil)
        // One character more is too long, suffix or not.
        #expect(Self.code("B" + Self.longest) == .invalidValue)
        #expect(Self.code("B" + Self.longest + "-R1") == .invalidValue)
        // Only a suffix OrderFlow writes is left out: n from 1 to 999999999, no leading zero, capital R.
        for suffix in ["-R0", "-R01", "-R1000000000", "-r1", "-R", "-R1-"] {
            #expect(Self.code(Self.longest + suffix) == .invalidValue, "\(suffix)")
        }
        // A short id that looks like a suffix is an id like any other.
        #expect(Self.code("-R1") == nil)
        #expect(Self.code("") == .missingField)
        #expect(Self.code(nil) == .missingField)
        #expect(Self.code(".R1") == .invalidValue)
    }
}
