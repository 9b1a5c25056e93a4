import OrderFlowCore
import OrderFlowFormats

/// `results.csv` (Outputs.md): one row per request, in file order, spreadsheet-safe.
public enum ResultsFile {
    public static let name = "results.csv"

    public static var header: [UInt8] { csvRow(RequestResult.columns) }

    public static func row(_ result: RequestResult) -> [UInt8] { csvRow(result.cells) }

    public static func render(_ results: [RequestResult]) -> [UInt8] {
        results.reduce(into: header) { $0 += row($1) }
    }
}

/// `payments.csv` (Outputs.md): every payment the batch created or changed, spreadsheet-safe.
public enum PaymentsFile {
    public static let name = "payments.csv"
    public static let columns = [
        "payment_id", "kind", "sales_order_id", "account_id", "amount", "currency", "status", "due_date",
        "remittance_reference",
    ]

    public static var header: [UInt8] { csvRow(columns) }

    public static func row(_ payment: PaymentRow) -> [UInt8] {
        csvRow([
            payment.paymentId, payment.kind.rawValue, payment.salesOrderId ?? "", payment.accountId ?? "",
            payment.amount.text, payment.amount.currency.code, payment.status.rawValue,
            payment.dueDate?.description ?? "", payment.remittanceReference,
        ])
    }

    public static func render(_ payments: [PaymentRow]) -> [UInt8] {
        payments.reduce(into: header) { $0 += row($1) }
    }
}

/// One spreadsheet-safe CSV row (Outputs.md: every CSV output but `rejected.csv`).
func csvRow(_ cells: [String]) -> [UInt8] {
    var writer = CSVWriter()
    writer.writeRow(cells, spreadsheetSafe: true)
    return writer.bytes
}
