import OrderFlowCore

/// The ledger's values read from PostgreSQL rows, as LedgerColumns reads them from SQLite's:
/// a NOT NULL column that is NULL, or a value that is not the column's kind, is refused.
extension PostgresRow {
    /// A `boolean` column: PostgreSQL's text form is `t` or `f`.
    func requiredBool(_ column: String) throws -> Bool {
        switch try requiredString(column) {
        case "t": true
        case "f": false
        case let other: throw LedgerColumns.CorruptValue(column: column, value: other)
        }
    }

    func date(_ column: String) throws -> CalendarDate? {
        try LedgerColumns.date(try string(column))
    }

    func requiredDate(_ column: String) throws -> CalendarDate {
        try LedgerColumns.date(try requiredString(column))
    }

    func status<S: RawRepresentable<String>>(_ column: String, _ name: String) throws -> S {
        try LedgerColumns.status(try requiredString(column), name)
    }

    func optionalStatus<S: RawRepresentable<String>>(_ column: String, _ name: String) throws -> S? {
        try string(column).map { try LedgerColumns.status($0, name) }
    }

    func money(_ column: String, currency: String) throws -> Money {
        try LedgerColumns.money(try requiredInt64(column), currency)
    }

    func int(_ column: String) throws -> Int {
        try Self.exactly(try requiredInt64(column), column)
    }

    func optionalInt(_ column: String) throws -> Int? {
        try int64(column).map { try Self.exactly($0, column) }
    }

    private static func exactly(_ value: Int64, _ column: String) throws -> Int {
        guard let int = Int(exactly: value) else {
            throw LedgerColumns.CorruptValue(column: column, value: String(value))
        }
        return int
    }
}

extension RequestResult {
    /// A `results` row (``storedColumns``) read from PostgreSQL, as `init(stored:)` reads SQLite's.
    init(postgres row: PostgresRow) throws {
        self.init(
            ref: try row.requiredString("ref"), line: try row.int("line"), action: try row.requiredString("action"),
            outcome: try row.status("outcome", "results.outcome"))
        accountId = try row.string("account_id")
        salesOrderId = try row.string("sales_order_id")
        salesOrderStatus = try row.optionalStatus("sales_order_status", "results.sales_order_status")
        subscriptionId = try row.string("subscription_id")
        subscriptionStatus = try row.optionalStatus("subscription_status", "results.subscription_status")
        currency = try row.string("currency")
        net = try LedgerColumns.moneyText(try row.int64("net"), currency: currency)
        tax = try LedgerColumns.moneyText(try row.int64("tax"), currency: currency)
        total = try LedgerColumns.moneyText(try row.int64("total"), currency: currency)
        paymentId = try row.string("payment_id")
        invoiceNumber = try row.string("invoice_number")
        errorCode = try row.optionalStatus("error_code", "results.error_code")
        errorField = try row.string("error_field")
        errorMessage = try row.string("error_message")
    }

    /// ``storedColumns``' values as PostgreSQL parameters, in order.
    var postgresValues: [PostgresParameter] {
        let digits = currency.flatMap { ISO4217.minorUnits(of: $0) }
        return [
            .string(ref), .int(line), .string(action), .string(outcome.rawValue), .string(accountId),
            .string(salesOrderId), .string(salesOrderStatus?.rawValue), .string(subscriptionId),
            .string(subscriptionStatus?.rawValue), .string(currency),
            .int(LedgerColumns.minorUnits(ofText: net, minorDigits: digits)),
            .int(LedgerColumns.minorUnits(ofText: tax, minorDigits: digits)),
            .int(LedgerColumns.minorUnits(ofText: total, minorDigits: digits)), .string(paymentId),
            .string(invoiceNumber), .string(errorCode?.rawValue), .string(errorField), .string(errorMessage),
        ]
    }
}
