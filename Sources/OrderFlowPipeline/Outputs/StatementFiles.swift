import OrderFlowCore

/// `reconciliation.csv` (Reconciliation.md): one row per statement line in file order, then one
/// per overdue payment; spreadsheet-safe.
public enum ReconciliationFile {
    public static let name = "reconciliation.csv"
    public static let columns = [
        "line", "booking_date", "amount", "currency", "reference", "payer", "bank_reference", "outcome", "payment_id",
        "sales_order_id", "account_id", "amount_applied", "balance_credited", "payment_status", "due_date", "message",
    ]

    public static var header: [UInt8] { csvRow(columns) }

    public static func row(_ row: ReconciliationRow) -> [UInt8] {
        let digits = row.minorUnits ?? 0
        func amount(_ value: Int64?) -> String { value.map { Money.format($0, minorUnits: digits) } ?? "" }
        return csvRow([
            row.line.map(String.init) ?? "", row.bookingDate?.description ?? "", amount(row.amount), row.currency ?? "",
            row.reference ?? "", row.payer ?? "", row.bankReference ?? "", row.outcome.rawValue, row.paymentId ?? "",
            row.salesOrderId ?? "", row.accountId ?? "", amount(row.amountApplied), amount(row.balanceCredited),
            row.paymentStatus?.rawValue ?? "", row.dueDate?.description ?? "", row.message,
        ])
    }
}

/// `activations.csv`: the orders and subscriptions a batch moved on.
public enum ActivationsFile {
    public static let name = "activations.csv"
    public static let columns = [
        "sales_order_id", "subscription_id", "sales_order_status", "subscription_status", "service_start", "service_end",
    ]

    public static var header: [UInt8] { csvRow(columns) }

    public static func row(_ row: ActivationRow) -> [UInt8] {
        csvRow([
            row.salesOrderId, row.subscriptionId ?? "", row.salesOrderStatus.rawValue,
            row.subscriptionStatus?.rawValue ?? "", row.serviceStart?.description ?? "",
            row.serviceEnd?.description ?? "",
        ])
    }
}

/// `charges.csv`: the service periods a batch started, with their sales orders' amounts.
public enum ChargesFile {
    public static let name = "charges.csv"
    public static let columns = [
        "subscription_id", "sales_order_id", "service_start", "service_end", "currency", "net", "tax", "total",
    ]

    public static var header: [UInt8] { csvRow(columns) }

    public static func row(_ row: ChargeRow) -> [UInt8] {
        csvRow([
            row.subscriptionId, row.salesOrderId, row.serviceStart.description, row.serviceEnd.description,
            row.total.currency.code, row.net.text, row.tax.text, row.total.text,
        ])
    }
}

/// `provisioning.csv`: the events the service side consumes (never a password).
public enum ProvisioningFile {
    public static let name = "provisioning.csv"
    public static let columns = [
        "event", "sales_order_id", "subscription_id", "account_id", "product", "plan", "domain", "data_location",
        "admin_user", "send_credentials", "unit_parameters",
    ]

    public static var header: [UInt8] { csvRow(columns) }

    public static func row(_ row: ProvisioningRow) -> [UInt8] {
        csvRow([
            row.event.rawValue, row.salesOrderId ?? "", row.subscriptionId, row.accountId ?? "", row.product, row.plan,
            row.domain ?? "",
        ] + ServiceSetup.columns(ofLedgerText: row.setup))
    }
}
