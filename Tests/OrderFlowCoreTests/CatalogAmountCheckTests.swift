import Testing
@testable import OrderFlowCore

/// CatalogFormat.md, what catalog check reports: a catalog whose fees, limits and rates let an order
/// within its limits reach more than OrderFlow holds (`Int64` minor units, 92,233,720,368,547,758.07
/// of a 2-decimal currency) is refused, so that only a resource without max can make a request
/// `AMOUNT_TOO_LARGE`. PLN-MAIL-STD is in USD, billed at most at 1.38 (USD → CAD); VAT 19 % is
/// the largest tax of a country.
@Suite struct CatalogAmountCheckTests {
    typealias C = CatalogCheckTests

    static let idr = ExchangeRate(from: "USD", to: "IDR", rate: C.rate("16000"), effective: C.date("2026-11-01"), line: 30)

    static func expectOne(
        field: String, line: Int, mentioning text: String, sourceLocation: SourceLocation_ = #_sourceLocation,
        _ change: (inout C.Parts) -> Void
    ) {
        C.expectOne(field: field, line: line, mentioning: text, sourceLocation: sourceLocation, change)
        let found = C.problems(change)
        #expect(found.first?.message.contains("more than OrderFlow can hold exactly") == true, sourceLocation: sourceLocation)
    }

    typealias SourceLocation_ = Testing.SourceLocation

    /// MAILBOX at max 1,000,000,000,000: 999,999,999,995 × 100,000 USD × 12 months ≈ 1.2 × 10^18 USD,
    /// 1.66 × 10^18 CAD: the resource alone is beyond.
    @Test func aResourceAtItsMax() {
        Self.expectOne(field: "max", line: 17, mentioning: "lower max") {
            $0.products[0].plans[0].resources[0].max = 1_000_000_000_000
            $0.products[0].plans[0].resources[0].recurringFee = C.fee("100000")
        }
    }

    /// MAILBOX at max 5,130,000,000,005: 5.13 × 10^12 × 1,000 USD × 12 = 6.156 × 10^16 USD, 8.50 ×
    /// 10^16 CAD (fits); VAT 19 % takes it to 1.01 × 10^17 CAD: beyond, taxes included.
    @Test func aResourceAtItsMaxWithTaxes() {
        Self.expectOne(field: "max", line: 17, mentioning: "taxes included") {
            $0.products[0].plans[0].resources[0].max = 5_130_000_000_005
            $0.products[0].plans[0].resources[0].recurringFee = C.fee("1000")
        }
        // Without the tax it fits: 8.50 × 10^18 cents.
        #expect(C.problems {
            $0.products[0].plans[0].resources[0].max = 5_130_000_000_005
            $0.products[0].plans[0].resources[0].recurringFee = C.fee("1000")
            $0.taxes = []
        }.isEmpty)
    }

    /// MAILBOX and STORAGE each 3 × 10^12 additional units at 1,000 USD: 3.6 × 10^16 USD a year
    /// each, 4.97 × 10^16 CAD each (fits); the 1Y order with both is 9.94 × 10^16 CAD: the period is
    /// reported (1M, a twelfth of it, fits).
    @Test func everyResourceAtItsMaxTogether() {
        Self.expectOne(field: "fee", line: 15, mentioning: "every resource at its max") {
            $0.products[0].plans[0].resources[0].max = 3_000_000_000_005
            $0.products[0].plans[0].resources[0].recurringFee = C.fee("1000")
            $0.products[0].plans[0].resources[1].max = 3_000_000_000_010
            $0.products[0].plans[0].resources[1].recurringFee = C.fee("1000")
        }
    }

    /// A 1Y fee of 100,000,000,000,000 USD billed in IDR (SaaS may pick it) at 16,000: 1.6 × 10^18
    /// IDR, 1.6 × 10^20 minor units.
    @Test func aFeeInTheLargestBillingCurrency() {
        Self.expectOne(field: "fee", line: 15, mentioning: "IDR") {
            $0.rates.append(Self.idr)
            $0.products[0].plans[0].periods[1].fee = C.fee("100000000000000")
        }
    }

    @Test func thresholdsPromosAndTopUpsConverted() {
        Self.expectOne(field: "blockingThreshold", line: 13, mentioning: "IDR") {
            $0.rates.append(Self.idr)
            $0.products[0].plans[0].blockingThreshold = C.fee("922337203685477.5807")
        }
        Self.expectOne(field: "amount", line: 11, mentioning: "IDR") {
            $0.rates.append(ExchangeRate(from: "EUR", to: "IDR", rate: C.rate("17000"), effective: C.date("2026-11-01"), line: 30))
            $0.promos[1].discount = .amount(C.fee("922337203685477"), currency: "EUR")
        }
        Self.expectOne(field: "topUp", line: 20, mentioning: "IDR") {
            $0.rates.append(ExchangeRate(from: "EUR", to: "IDR", rate: C.rate("17000"), effective: C.date("2026-11-01"), line: 30))
            $0.products[1].plans[0].topUp = .fixed(C.fee("922337203685477"))
        }
    }

    /// A pay-as-you-go top-up of one month of every resource: CPU at max 10^15 × 100,000 EUR.
    @Test func topUpsFromResources() {
        Self.expectOne(field: "max", line: 22, mentioning: "lower max") {
            $0.products[1].plans[0].topUp = .resources
            $0.products[1].plans[0].resources[0].max = 1_000_000_000_000_000
            $0.products[1].plans[0].resources[0].recurringFee = C.fee("100000")
        }
    }

    /// Without max nothing bounds an order's amount: each request is judged when it comes
    /// (`AMOUNT_TOO_LARGE`), so the catalog is clean however large the fee.
    @Test func resourcesWithoutMaxAreJudgedPerRequest() {
        #expect(C.problems {
            $0.products[0].plans[0].resources[0].max = nil
            $0.products[0].plans[0].resources[0].recurringFee = C.fee("922337203685477.5807")
        }.isEmpty)
    }
}
