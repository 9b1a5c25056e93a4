// The history's records in ``PackedRecords``: each writer method below writes every stored
// property of its record, and the reader method of the same name reads them back in the same
// order (`PackedRecordsTests` holds every record to a round trip with each optional set and absent).

extension PackedWriter {
    mutating func currency(_ value: Currency) {
        string(value.code)
        int(value.minorUnits)
    }

    mutating func money(_ value: Money) {
        int(value.minorUnits)
        currency(value.currency)
    }

    mutating func date(_ value: CalendarDate) { int(value.dayNumber) }

    mutating func request(_ value: StoredRequest) {
        string(value.ref)
        word(value.action)
        string(value.contentDigest)
        result(value.result)
    }

    mutating func result(_ value: RequestResult) {
        string(value.ref)
        int(value.line)
        string(value.action)
        word(value.outcome)
        optional(value.accountId)
        optional(value.salesOrderId)
        optional(value.salesOrderStatus)
        optional(value.subscriptionId)
        optional(value.subscriptionStatus)
        optional(value.currency)
        optional(value.net)
        optional(value.tax)
        optional(value.total)
        optional(value.paymentId)
        optional(value.invoiceNumber)
        optional(value.errorCode)
        optional(value.errorField)
        optional(value.errorMessage)
    }

    mutating func order(_ value: OrderRecord) {
        string(value.ref)
        string(value.reseller)
        optional(value.salesOrderId)
        word(value.status)
        optional(value.accountId)
        optional(value.subscriptionId)
        word(value.subscriptionStatus)
        string(value.productId)
        money(value.net)
        money(value.tax)
        money(value.total)
        optional(value.payment) { $0.payment($1) }
        date(value.provisioningDate)
        optional(value.activationDate) { $0.date($1) }
        optional(value.invoiceNumber)
        optional(value.domain)
        optional(value.balanceDrawn) { $0.money($1) }
    }

    mutating func payment(_ value: PaymentRecord) {
        optional(value.id)
        word(value.kind)
        word(value.status)
        money(value.amount)
        date(value.dueDate)
        bool(value.postponed)
        int(value.paid)
    }

    mutating func account(_ value: AccountRecord) {
        string(value.id)
        string(value.reseller)
        string(value.accountType)
        word(value.registration)
        optional(value.companyName)
        optional(value.vatId)
        optional(value.contactName)
        optional(value.contactEmail)
        string(value.country)
        optional(value.region)
        optional(value.city)
        optional(value.postalCode)
        optional(value.addressLine1)
    }

    mutating func subscription(_ value: SubscriptionRecord) {
        string(value.id)
        string(value.reseller)
        string(value.accountId)
        string(value.productId)
        string(value.planId)
        string(value.periodId)
        int(value.resources.count)
        for resource in value.resources {
            string(resource.id)
            int(resource.amount)
        }
        date(value.currentPeriodStart)
        date(value.currentPeriodEnd)
        currency(value.currency)
        word(value.paymentModel)
        word(value.status)
        optional(value.blockingThreshold) { $0.money($1) }
        optional(value.domain)
    }
}

extension PackedReader {
    mutating func currency() -> Currency { Currency(code: string(), minorUnits: int()) }

    mutating func money() -> Money { Money(minorUnits: int64(), currency: currency()) }

    mutating func date() -> CalendarDate { CalendarDate(dayNumber: int()) }

    mutating func request() -> StoredRequest {
        StoredRequest(ref: string(), action: word(), contentDigest: string(), result: result())
    }

    mutating func result() -> RequestResult {
        var result = RequestResult(ref: string(), line: int(), action: string(), outcome: word())
        result.accountId = optionalString()
        result.salesOrderId = optionalString()
        result.salesOrderStatus = optionalWord()
        result.subscriptionId = optionalString()
        result.subscriptionStatus = optionalWord()
        result.currency = optionalString()
        result.net = optionalString()
        result.tax = optionalString()
        result.total = optionalString()
        result.paymentId = optionalString()
        result.invoiceNumber = optionalString()
        result.errorCode = optionalWord()
        result.errorField = optionalString()
        result.errorMessage = optionalString()
        return result
    }

    mutating func order() -> OrderRecord {
        var order = OrderRecord(
            ref: string(), reseller: string(), salesOrderId: optionalString(), status: word(),
            accountId: optionalString(), subscriptionId: optionalString(), subscriptionStatus: word(),
            productId: string(), net: money(), tax: money(), total: money(), payment: optional { $0.payment() },
            provisioningDate: date(), activationDate: optional { $0.date() }, invoiceNumber: optionalString(),
            domain: optionalString())
        order.balanceDrawn = optional { $0.money() }
        return order
    }

    mutating func payment() -> PaymentRecord {
        PaymentRecord(
            id: optionalString(), kind: word(), status: word(), amount: money(), dueDate: date(), postponed: bool(),
            paid: int64())
    }

    mutating func account() -> AccountRecord {
        AccountRecord(
            id: string(), reseller: string(), accountType: string(), registration: word(),
            companyName: optionalString(), vatId: optionalString(), contactName: optionalString(),
            contactEmail: optionalString(), country: string(), region: optionalString(), city: optionalString(),
            postalCode: optionalString(), addressLine1: optionalString())
    }

    mutating func subscription() -> SubscriptionRecord {
        let id = string()
        let reseller = string()
        let accountId = string()
        let productId = string()
        let planId = string()
        let periodId = string()
        var resources: [ResourceQuantity] = []
        for _ in 0..<int() { resources.append(ResourceQuantity(id: string(), amount: int64())) }
        return SubscriptionRecord(
            id: id, reseller: reseller, accountId: accountId, productId: productId, planId: planId,
            periodId: periodId, resources: resources, currentPeriodStart: date(), currentPeriodEnd: date(),
            currency: currency(), paymentModel: word(), status: word(), blockingThreshold: optional { $0.money() },
            domain: optionalString())
    }
}
