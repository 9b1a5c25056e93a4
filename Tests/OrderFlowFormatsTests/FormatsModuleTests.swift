import Testing
@testable import OrderFlowFormats

@Suite struct FormatsModuleTests {
    @Test func moduleLoads() {
        #expect(String(describing: OrderFlowFormats.self) == "OrderFlowFormats")
    }
}
