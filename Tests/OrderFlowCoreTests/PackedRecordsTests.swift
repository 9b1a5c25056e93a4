import Testing
@testable import OrderFlowCore

/// ``PackedRecords``: every record the batch history keeps comes back field for field, with each
/// optional present and absent, and ``BatchHistory`` answers from its packed records as it did
/// from values.
@Suite struct PackedRecordsTests {
    static let eur = Currency(code: "EUR", minorUnits: 2)
    static let bhd = Currency(code: "BHD", minorUnits: 3)

    static var fullResult: RequestResult {
        var result = RequestResult(ref: "A-1001", line: 1_234_567, action: "order", outcome: .accepted)
        result.accountId = "ACC-000123"
        result.salesOrderId = "SO-2026-00000042"
        result.salesOrderStatus = .completed
        result.subscriptionId = "SUB-000000042"
        result.subscriptionStatus = .active
        result.currency = "EUR"
        result.net = "1234.50"
        result.tax = "234.56"
        result.total = "1469.06"
        result.paymentId = "PAY-42"
        result.invoiceNumber = "INV-2026-000042"
        result.errorCode = .unknownAccount
        result.errorField = "account"
        result.errorMessage = "Ünïcödé: the account is not known — check it 🙂"
        return result
    }

    static var fullOrder: OrderRecord {
        var order = OrderRecord(
            ref: "A-1001", reseller: "R-ACME", salesOrderId: "SO-1", status: .canceled, accountId: "ACC-1",
            subscriptionId: "SUB-1", subscriptionStatus: .canceled, productId: "P-CLOUD",
            net: Money(minorUnits: -123_456_789_012, currency: eur), tax: Money(minorUnits: 0, currency: eur),
            total: Money(minorUnits: Int64.max, currency: eur),
            payment: PaymentRecord(
                id: "PAY-1", kind: .refund, status: .voided, amount: Money(minorUnits: Int64.min, currency: bhd),
                dueDate: CalendarDate(iso: "9999-12-31")!, postponed: true, paid: -5),
            provisioningDate: CalendarDate(iso: "0001-01-01")!, activationDate: CalendarDate(iso: "2026-02-28")!,
            invoiceNumber: "INV-1", domain: "example.com")
        order.balanceDrawn = Money(minorUnits: 1, currency: bhd)
        return order
    }

    static var fullAccount: AccountRecord {
        AccountRecord(
            id: "ACC-1", reseller: "R-ACME", accountType: "company", registration: .short, companyName: "Müller & Söhne GmbH",
            vatId: "DE123456789", contactName: "Jürgen Müller", contactEmail: "j@example.de", country: "DE",
            region: "BY", city: "München", postalCode: "80331", addressLine1: String(repeating: "Straße 1 ", count: 200))
    }

    static var fullSubscription: SubscriptionRecord {
        SubscriptionRecord(
            id: "SUB-1", reseller: "R-ACME", accountId: "ACC-1", productId: "P-CLOUD", planId: "PL-1", periodId: "P1M",
            resources: [ResourceQuantity(id: "cpu", amount: 4), ResourceQuantity(id: "disk", amount: -1)],
            currentPeriodStart: CalendarDate(iso: "2026-11-01")!, currentPeriodEnd: CalendarDate(iso: "2026-12-01")!,
            currency: bhd, paymentModel: .postpay, status: .stopped, blockingThreshold: Money(minorUnits: 5, currency: bhd),
            domain: "shop.example")
    }

    /// The names of a value's stored properties that are nil: a fixture meant to set every field
    /// must have none, so a property added later without being packed fails these tests.
    static func nilProperties(of value: Any) -> [String] {
        Mirror(reflecting: value).children.compactMap { child in
            let inner = Mirror(reflecting: child.value)
            if inner.displayStyle == .optional && inner.children.isEmpty { return child.label ?? "?" }
            let nested = inner.displayStyle == .struct ? nilProperties(of: child.value) : []
            return nested.isEmpty ? nil : "\(child.label ?? "?").\(nested)"
        }
    }

    @Test func theFixturesSetEveryField() {
        #expect(Self.nilProperties(of: Self.fullResult).isEmpty)
        #expect(Self.nilProperties(of: Self.fullOrder).isEmpty)
        #expect(Self.nilProperties(of: Self.fullOrder.payment!).isEmpty)
        #expect(Self.nilProperties(of: Self.fullAccount).isEmpty)
        #expect(Self.nilProperties(of: Self.fullSubscription).isEmpty)
    }

    @Test func everyRecordComesBackWithEveryFieldSet() {
        var records = PackedRecords()
        let request = StoredRequest(ref: "A-1001", action: .upgrade, contentDigest: String(repeating: "ab", count: 32), result: Self.fullResult)
        let positions = (
            records.append { $0.request(request) }, records.append { $0.order(Self.fullOrder) },
            records.append { $0.account(Self.fullAccount) }, records.append { $0.subscription(Self.fullSubscription) }
        )
        #expect(records.read(at: positions.0) { $0.request() } == request)
        #expect(records.read(at: positions.1) { $0.order() } == Self.fullOrder)
        #expect(records.read(at: positions.2) { $0.account() } == Self.fullAccount)
        #expect(records.read(at: positions.3) { $0.subscription() } == Self.fullSubscription)
    }

    @Test func everyRecordComesBackWithEveryOptionalAbsent() {
        var records = PackedRecords()
        let result = RequestResult(ref: "", line: 0, action: "", outcome: .duplicate)
        let request = StoredRequest(ref: "", action: .order, contentDigest: "", result: result)
        let order = OrderRecord(
            ref: "C-1", reseller: "R", salesOrderId: nil, status: .waitingForPayment, accountId: nil, subscriptionId: nil,
            subscriptionStatus: .waitingForPayment, productId: "P", net: .zero(Self.eur), tax: .zero(Self.eur), total: .zero(Self.eur),
            payment: nil, provisioningDate: CalendarDate(iso: "2026-01-31")!, activationDate: nil, invoiceNumber: nil,
            domain: nil)
        let account = AccountRecord(id: "A", reseller: "R", accountType: "person", registration: .full, country: "FR")
        var subscription = Self.fullSubscription
        subscription.resources = []
        subscription.blockingThreshold = nil
        subscription.domain = nil
        let positions = (
            records.append { $0.request(request) }, records.append { $0.order(order) },
            records.append { $0.account(account) }, records.append { $0.subscription(subscription) }
        )
        #expect(records.read(at: positions.0) { $0.request() } == request)
        #expect(records.read(at: positions.1) { $0.order() } == order)
        #expect(records.read(at: positions.2) { $0.account() } == account)
        #expect(records.read(at: positions.3) { $0.subscription() } == subscription)
    }

    /// Past the first block (1 MiB), and with a record longer than a block: each still reads back.
    @Test func recordsAcrossBlocksAndLongerThanOne() {
        var records = PackedRecords()
        var account = Self.fullAccount
        var written: [(PackedRecords.Position, AccountRecord)] = []
        for index in 0..<3_000 {
            account.id = "ACC-\(index)"
            account.addressLine1 = String(repeating: "x", count: index % 1_000 == 500 ? 1_500_000 : 900)
            written.append((records.append { $0.account(account) }, account))
        }
        for (position, expected) in written {
            #expect(records.read(at: position) { $0.account() } == expected)
        }
    }

    /// The overlay without a ledger: what it records is what it answers, the latest write winning.
    @Test func theBatchHistoryAnswersFromItsPackedRecords() {
        var history = BatchHistory(base: EmptyHistory())
        let request = StoredRequest(ref: "A-1001", action: .order, contentDigest: "d", result: Self.fullResult)
        history.record(accepted: request)
        history.record(order: Self.fullOrder)
        history.record(account: Self.fullAccount)
        history.record(subscription: Self.fullSubscription)
        var renewal = Self.fullOrder
        renewal.ref = "R-1"
        renewal.subscriptionStatus = .active
        history.record(renewalOrUpgrade: renewal)
        var upgrade = renewal
        upgrade.ref = "U-1"
        history.record(renewalOrUpgrade: upgrade)
        renewal.subscriptionStatus = .canceled
        history.record(renewalOrUpgrade: renewal)
        var canceled = Self.fullOrder
        canceled.status = .canceled
        history.record(order: canceled)

        #expect(history.acceptedRequest(ref: "A-1001", reseller: "R-ACME") == request)
        #expect(history.order(ref: "A-1001", reseller: "R-ACME") == canceled)
        #expect(history.account(id: "ACC-1", reseller: "R-ACME") == Self.fullAccount)
        #expect(history.account(id: "ACC-1", reseller: "R-OTHER") == nil)
        #expect(history.subscription(id: "SUB-1", reseller: "R-ACME") == Self.fullSubscription)
        #expect(history.subscription(id: "SUB-1", reseller: "R-OTHER") == nil)
        #expect(history.renewalsAndUpgrades(subscription: "SUB-1", reseller: "R-ACME") == [renewal, upgrade])
        #expect(history.renewalsAndUpgrades(subscription: "SUB-1", reseller: "R-OTHER").isEmpty)
        #expect(history.order(ref: "A-1002", reseller: "R-ACME") == nil)
    }
}
