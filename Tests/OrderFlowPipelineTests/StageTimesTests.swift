@testable import OrderFlowPipeline
import Testing

/// The `seconds` of a `batch published` log line (Operations.md, logging).
@Suite struct StageTimesTests {
    @Test func secondsAreRoundedHalfUpToHundredths() {
        #expect(StageTimes.seconds(0) == "0.00")
        #expect(StageTimes.seconds(4_999_999) == "0.00")
        #expect(StageTimes.seconds(5_000_000) == "0.01")
        #expect(StageTimes.seconds(1_094_999_999) == "1.09")
        #expect(StageTimes.seconds(1_095_000_000) == "1.10")
        #expect(StageTimes.seconds(61_000_000_000) == "61.00")
    }

    @Test func aBatchWithoutRequestsReportsItsCommitAndPublishOnly() {
        #expect(StageTimes(commit: 2_500_000_000, publish: 10_000_000).logValue == "commit 2.50 publish 0.01")
        let imported = StageTimes(read: 1_000_000_000, judge: 2_000_000_000, store: 0, commit: 3_000_000_000, publish: 0)
        #expect(imported.logValue == "read 1.00 judge 2.00 store 0.00 commit 3.00 publish 0.00")
    }
}
