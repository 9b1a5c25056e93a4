import OrderFlowCore

/// The outputs of a `billing-<YYYY-MM>` batch (Billing.md): `results.csv` per subscription,
/// `suspensions.csv`, the payments, invoices and provisioning events it made, its receipt and page.
struct BillingMonthRenderer: BatchRenderer {
    let ledger: any Ledger
    let catalog: Catalog

    func render(_ record: BatchRecord, into files: StagedFiles) throws -> RenderedDrop {
        let outputs = JobOutputs(kind: .billingMonth, ledger: ledger, catalog: catalog)
        var tally = JobTally()
        try files.append(BillResultsFile.header, to: BillResultsFile.name)
        try ledger.streamBills(ofBatch: record.key) { bill in
            try files.append(BillResultsFile.row(bill), to: BillResultsFile.name)
            tally.add(bill)
        }
        try files.append(SuspensionsFile.header, to: SuspensionsFile.name)
        try ledger.streamSuspensions(ofBatch: record.key) { row in
            try files.append(SuspensionsFile.row(row), to: SuspensionsFile.name)
            tally.suspensions += 1
        }
        try outputs.writeMovedOn(record, into: files, tally: &tally)
        try outputs.finish(record, tally, into: files)
        return RenderedDrop(items: tally.lines, rejected: tally.rejectedBills)
    }
}

/// A billing batch's `results.csv` (Billing.md): one row per subscription and month considered.
enum BillResultsFile {
    static let name = "results.csv"
    static let columns = [
        "subscription_id", "account_id", "month", "outcome", "sales_order_id", "currency", "net", "tax", "total",
        "payment_id", "invoice_number", "error_code", "error_message",
    ]
    static var header: [UInt8] { csvRow(columns) }

    static func row(_ bill: BillRow) -> [UInt8] {
        let minor = bill.currency.flatMap { Currency(code: $0) }?.minorUnits ?? 0
        func amount(_ value: Int64?) -> String { value.map { Money.format($0, minorUnits: minor) } ?? "" }
        return csvRow([
            bill.subscriptionId, bill.accountId ?? "", bill.month.description, bill.outcome, bill.salesOrderId ?? "",
            bill.currency ?? "", amount(bill.net), amount(bill.tax), amount(bill.total), bill.paymentId ?? "",
            bill.invoiceNumber ?? "", bill.errorCode ?? "", bill.errorMessage ?? "",
        ])
    }
}

/// `suspensions.csv`: the subscriptions a billing run stopped, with the debt that stopped them.
enum SuspensionsFile {
    static let name = "suspensions.csv"
    static let columns = ["subscription_id", "account_id", "debt", "currency", "threshold"]
    static var header: [UInt8] { csvRow(columns) }

    static func row(_ row: SuspensionRow) -> [UInt8] {
        csvRow([
            row.subscriptionId, row.accountId ?? "", row.debt.text, row.debt.currency.code, row.threshold.text,
        ])
    }
}
