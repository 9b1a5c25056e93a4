import Testing
@testable import OrderFlowCore

/// Rules.md's inclusive bounds and fail-closed restrictions, each at its edge.
@Suite struct OrderRuleBoundaryTests {
    static func judge(_ changes: [(RequestField, String?)], asOf: String = "2026-11-22") -> JudgedRequest {
        let context = JudgeContext(
            catalog: SpecCatalog.catalog, reseller: SpecCatalog.acme, asOf: CalendarDate(iso: asOf)!)
        var judge = BatchJudge(context: context, history: EmptyHistory())
        var ids = NoIdentifiers()
        var raw = SpecCatalog.globexOrder()
        raw.set(.provisioningDate, asOf, at: raw.location)
        for (field, value) in changes { raw.set(field, value, at: raw.location) }
        return judge.judge(raw, ids: &ids)
    }

    @Test func provisioningDateFromTheRunsDateToFifteenDaysLaterBothIncluded() {
        #expect(Self.judge([(.provisioningDate, "2026-12-07")]).errors.isEmpty)
        #expect(Self.judge([(.provisioningDate, "2026-12-08")]).result.errorCode == .provisioningDateTooLate)
        #expect(Self.judge([(.provisioningDate, "2026-11-21")]).result.errorCode == .provisioningDatePast)
        #expect(Self.judge([(.provisioningDate, "2026-11-31")]).result.errorCode == .invalidValue)
    }

    @Test func promoValidOnItsLastDayAndExpiredTheDayAfter() {
        #expect(Self.judge([], asOf: "2026-12-31").errors.isEmpty)
        let expired = Self.judge([], asOf: "2027-01-01")
        #expect(expired.result.errorCode == .promoExpired)
        #expect(expired.result.errorField == "promo_code")
    }

    @Test func restrictionsFailClosed() {
        let noRegion = Self.judge([(.country, "UA"), (.region, nil)])
        #expect(noRegion.result.errorCode == .restrictionCheckFailed)
        #expect(noRegion.result.errorField == "region")
        let forbidden = Self.judge([(.country, "UA"), (.region, "43")])
        #expect(forbidden.result.errorCode == .regionForbidden)
        #expect(forbidden.result.errorField == "region")
        #expect(Self.judge([(.country, "UA"), (.region, "30")]).errors.isEmpty)
    }

    @Test func customerChannelTakesOnlyTheResellersModelAndThresholdNeedsPostpay() {
        let customer = Self.judge([(.paymentModel, "postpay")])
        #expect(customer.result.errorCode == .paymentModelNotAllowed)
        #expect(customer.result.errorField == "payment_model")
        #expect(Self.judge([(.channel, "manager"), (.paymentModel, "postpay"), (.blockingThreshold, "300.00")])
            .errors.isEmpty)
        let prepaid = Self.judge([(.blockingThreshold, "300.00")])
        #expect(prepaid.result.errorCode == .thresholdNotPostpaid)
        #expect(prepaid.result.errorField == "blocking_threshold")
    }

    /// DropFiles.md's value forms: a malformed value is INVALID_VALUE on its own column, with a fix
    /// in the message.
    @Test func malformedFormsNameTheirColumn() {
        let cases: [(RequestField, String, String)] = [
            (.sendCredentials, "yes", "send_credentials"), (.channel, "phone", "channel"),
            (.paymentModel, "Prepay", "payment_model"), (.blockingThreshold, "-1", "blocking_threshold"),
            (.blockingThreshold, "1e3", "blocking_threshold"), (.provisioningDate, "2026-2-1", "provisioning_date"),
        ]
        for (field, value, column) in cases {
            let judged = Self.judge([(field, value)])
            #expect(judged.result.errorCode == .invalidValue, "\(column)=\(value)")
            #expect(judged.result.errorField == column, "\(column)=\(value)")
            #expect(judged.result.errorMessage?.contains("write") == true, "\(column)=\(value)")
        }
    }
}
