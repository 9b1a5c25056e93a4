import Foundation
import GRDB
import OrderFlowCore

/// How the core's values are stored in ledger columns, and read back.
enum LedgerColumns {
    /// A value the ledger wrote that it can no longer read: the file was edited by hand or is damaged.
    struct CorruptValue: Error, CustomStringConvertible {
        var column: String
        var value: String
        var description: String { "the ledger holds '\(value)' in \(column), which is not a valid value there" }
    }

    static func date(_ text: String) throws -> CalendarDate {
        guard let date = CalendarDate(iso: text) else { throw CorruptValue(column: "a date column", value: text) }
        return date
    }

    static func date(_ text: String?) throws -> CalendarDate? {
        try text.map { try date($0) }
    }

    /// A currency by its ISO 4217 code, with OrderFlow's own minor units.
    static func currency(_ code: String) throws -> Currency {
        guard let currency = Currency(code: code) else { throw CorruptValue(column: "a currency column", value: code) }
        return currency
    }

    static func money(_ minorUnits: Int64, _ code: String) throws -> Money {
        Money(minorUnits: minorUnits, currency: try currency(code))
    }

    static func status<S: RawRepresentable<String>>(_ text: String, _ column: String) throws -> S {
        guard let value = S(rawValue: text) else { throw CorruptValue(column: column, value: text) }
        return value
    }

    /// `12.30` → 1230: the text ``Money/text`` wrote for a currency with `minorDigits` decimals,
    /// read back as minor units.
    ///
    /// Exactly that form: an optional `-`, at least one digit, then (when the currency has
    /// decimals) one `.` and exactly `minorDigits` digits. Anything else is nil, as is an overflow:
    /// skipping points would read `1.2.3` as 123 and EUR `12.3` as 0.123. Three amounts per result
    /// row, so no Foundation here (its `replacingOccurrences` was 4 % of an import).
    static func minorUnits(ofText text: String?, minorDigits: Int?) -> Int64? {
        guard let text, let minorDigits else { return nil }
        var value: Int64 = 0
        var negative = false
        var wholeDigits = 0
        var fractionDigits: Int?  // nil until the point
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where index == 0: negative = true
            case UInt8(ascii: ".") where fractionDigits == nil && wholeDigits > 0: fractionDigits = 0
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int64(byte - UInt8(ascii: "0"))
                let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (next, overflow2) = negative
                    ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
                guard !overflow1, !overflow2 else { return nil }
                value = next
                if let digits = fractionDigits { fractionDigits = digits + 1 } else { wholeDigits += 1 }
            default: return nil
            }
        }
        guard wholeDigits > 0, minorDigits == 0 ? fractionDigits == nil : fractionDigits == minorDigits else { return nil }
        return value
    }

    static func moneyText(_ minorUnits: Int64?, currency code: String?) throws -> String? {
        guard let minorUnits, let code else { return nil }
        return try money(minorUnits, code).text
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }
}

/// A `results` row ⇄ ``RequestResult``.
extension RequestResult {
    /// The columns after `batch_key, seq`, in the order ``storedValues`` gives them.
    static let storedColumns = storedColumnNames.joined(separator: ", ")

    /// ``storedColumns`` of the table aliased `alias` in a join.
    static func storedColumns(of alias: String) -> String {
        storedColumnNames.map { alias + "." + $0 }.joined(separator: ", ")
    }

    private static let storedColumnNames = [
        "ref", "line", "action", "outcome", "account_id", "sales_order_id", "sales_order_status", "subscription_id",
        "subscription_status", "currency", "net", "tax", "total", "payment_id", "invoice_number", "error_code",
        "error_field", "error_message",
    ]

    /// The decimals of ``currency``, which ``net``, ``tax`` and ``total`` are written with.
    private var amountDigits: Int? { currency.flatMap { ISO4217.minorUnits(of: $0) } }

    /// ``storedColumns``' values, for inserts made through GRDB's arguments (subscription imports).
    var storedValues: [(any DatabaseValueConvertible)?] {
        [
            ref, line, action, outcome.rawValue, accountId, salesOrderId, salesOrderStatus?.rawValue, subscriptionId,
            subscriptionStatus?.rawValue, currency, LedgerColumns.minorUnits(ofText: net, minorDigits: amountDigits),
            LedgerColumns.minorUnits(ofText: tax, minorDigits: amountDigits),
            LedgerColumns.minorUnits(ofText: total, minorDigits: amountDigits), paymentId, invoiceNumber,
            errorCode?.rawValue, errorField, errorMessage,
        ]
    }

    /// Inserts the row through `statement`: `batch_key, seq`, ``storedColumns`` in order, then
    /// `diagnostics, content_digest, source`.
    func store(
        with statement: Statement, batchKey: Int64, seq: Int64, diagnostics: String, contentDigest: String,
        source: String?
    ) throws {
        let digits = amountDigits
        try statement.run(
            batchKey, seq, ref, line, action, outcome.rawValue, accountId, salesOrderId, salesOrderStatus?.rawValue,
            subscriptionId, subscriptionStatus?.rawValue, currency, LedgerColumns.minorUnits(ofText: net, minorDigits: digits),
            LedgerColumns.minorUnits(ofText: tax, minorDigits: digits),
            LedgerColumns.minorUnits(ofText: total, minorDigits: digits), paymentId, invoiceNumber,
            errorCode?.rawValue, errorField, errorMessage, diagnostics, contentDigest, source)
    }

    init(stored row: Row) throws {
        self.init(
            ref: row["ref"], line: row["line"], action: row["action"],
            outcome: try LedgerColumns.status(row["outcome"], "results.outcome"))
        accountId = row["account_id"]
        salesOrderId = row["sales_order_id"]
        salesOrderStatus = try (row["sales_order_status"] as String?).map {
            try LedgerColumns.status($0, "results.sales_order_status")
        }
        subscriptionId = row["subscription_id"]
        subscriptionStatus = try (row["subscription_status"] as String?).map {
            try LedgerColumns.status($0, "results.subscription_status")
        }
        currency = row["currency"]
        net = try LedgerColumns.moneyText(row["net"], currency: currency)
        tax = try LedgerColumns.moneyText(row["tax"], currency: currency)
        total = try LedgerColumns.moneyText(row["total"], currency: currency)
        paymentId = row["payment_id"]
        invoiceNumber = row["invoice_number"]
        errorCode = try (row["error_code"] as String?).map { try LedgerColumns.status($0, "results.error_code") }
        errorField = row["error_field"]
        errorMessage = row["error_message"]
    }
}
