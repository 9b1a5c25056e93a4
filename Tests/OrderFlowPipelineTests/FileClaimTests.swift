import OrderFlowCore
import OrderFlowPipeline
import Testing

@Suite struct FileClaimTests {
    @Test func processingNameKeepsTheInboxName() {
        let claim = FileClaim(
            claimId: "c0ffee", reseller: "R-ACME", fileName: "ACME-20261122-01.xml",
            asOf: CalendarDate(iso: "2026-11-22")!, claimedAt: 0)
        #expect(claim.processingName == "c0ffee--ACME-20261122-01.xml")
    }
}
