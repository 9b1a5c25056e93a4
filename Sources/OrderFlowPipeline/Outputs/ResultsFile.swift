import OrderFlowCore
import OrderFlowFormats

/// `results.csv` (SPEC §8): one row per request, in file order, spreadsheet-safe.
public enum ResultsFile {
    public static let name = "results.csv"

    public static func render(_ results: [RequestResult]) -> [UInt8] {
        var writer = CSVWriter()
        writer.writeRow(RequestResult.columns, spreadsheetSafe: true)
        for result in results { writer.writeRow(result.cells, spreadsheetSafe: true) }
        return writer.bytes
    }
}

/// `payments.csv` (SPEC §8): every payment the batch created or changed, spreadsheet-safe.
public enum PaymentsFile {
    public static let name = "payments.csv"
    public static let columns = [
        "payment_id", "kind", "sales_order_id", "account_id", "amount", "currency", "status", "due_date",
        "remittance_reference",
    ]

    public static func render(_ payments: [PaymentRow]) -> [UInt8] {
        var writer = CSVWriter()
        writer.writeRow(columns, spreadsheetSafe: true)
        for payment in payments {
            writer.writeRow(
                [
                    payment.paymentId, payment.kind.rawValue, payment.salesOrderId ?? "", payment.accountId ?? "",
                    payment.amount.text, payment.amount.currency.code, payment.status.rawValue,
                    payment.dueDate?.description ?? "", payment.remittanceReference,
                ], spreadsheetSafe: true)
        }
        return writer.bytes
    }
}
