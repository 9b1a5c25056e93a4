import OrderFlowCore

/// One `reconciliation.csv` row (Reconciliation.md): a statement line, or an overdue payment.
public struct ReconciliationRow: Sendable, Hashable {
    public var line: Int?
    public var bookingDate: CalendarDate?
    /// Minor units of ``currency``, printed with ``minorUnits`` decimals; negative for a debit.
    public var amount: Int64?
    public var currency: String?
    public var minorUnits: Int?
    public var reference: String?
    public var payer: String?
    public var bankReference: String?
    public var outcome: ReconcileOutcome
    public var paymentId: String?
    public var salesOrderId: String?
    public var accountId: String?
    /// In the payment's currency (the same as ``currency`` unless the outcome is `currency_mismatch`).
    public var amountApplied: Int64?
    /// In ``currency``.
    public var balanceCredited: Int64?
    public var paymentStatus: PaymentStatus?
    public var dueDate: CalendarDate?
    public var message: String

    public init(outcome: ReconcileOutcome, message: String) {
        self.outcome = outcome
        self.message = message
    }
}

/// One `activations.csv` row: an order or subscription a job moved on.
public struct ActivationRow: Sendable, Hashable {
    public var salesOrderId: String
    public var subscriptionId: String?
    public var salesOrderStatus: SalesOrderStatus
    public var subscriptionStatus: SubscriptionStatus?
    public var serviceStart: CalendarDate?
    /// The last day of the service period started (inclusive).
    public var serviceEnd: CalendarDate?

    public init(
        salesOrderId: String, subscriptionId: String?, salesOrderStatus: SalesOrderStatus,
        subscriptionStatus: SubscriptionStatus?, serviceStart: CalendarDate?, serviceEnd: CalendarDate?
    ) {
        self.salesOrderId = salesOrderId
        self.subscriptionId = subscriptionId
        self.salesOrderStatus = salesOrderStatus
        self.subscriptionStatus = subscriptionStatus
        self.serviceStart = serviceStart
        self.serviceEnd = serviceEnd
    }
}

/// One `charges.csv` row: a service period a job started, with its sales order's amounts.
public struct ChargeRow: Sendable, Hashable {
    public var subscriptionId: String
    public var salesOrderId: String
    public var serviceStart: CalendarDate
    /// The last day of the period (inclusive).
    public var serviceEnd: CalendarDate
    public var net: Money
    public var tax: Money
    public var total: Money

    public init(
        subscriptionId: String, salesOrderId: String, serviceStart: CalendarDate, serviceEnd: CalendarDate, net: Money,
        tax: Money, total: Money
    ) {
        self.subscriptionId = subscriptionId
        self.salesOrderId = salesOrderId
        self.serviceStart = serviceStart
        self.serviceEnd = serviceEnd
        self.net = net
        self.tax = tax
        self.total = total
    }
}

/// One `provisioning.csv` row: what the service side must do.
public struct ProvisioningRow: Sendable, Hashable {
    public enum Event: String, Sendable, Hashable, CaseIterable {
        case activate, install, convert, suspend, resume, cancel, expire
    }

    public var event: Event
    public var salesOrderId: String?
    public var subscriptionId: String
    public var accountId: String?
    public var product: String
    public var plan: String
    public var domain: String?
    /// ``ServiceSetup/ledgerText`` of the subscription.
    public var setup: String?

    public init(
        event: Event, salesOrderId: String?, subscriptionId: String, accountId: String?, product: String, plan: String,
        domain: String?, setup: String? = nil
    ) {
        self.setup = setup
        self.event = event
        self.salesOrderId = salesOrderId
        self.subscriptionId = subscriptionId
        self.accountId = accountId
        self.product = product
        self.plan = plan
        self.domain = domain
    }
}

/// One `expired.csv` row: a trial a provisioning run ended, or converted (`convertedTo`: the
/// subscription it goes on as).
public struct TrialEndRow: Sendable, Hashable {
    public var subscriptionId: String
    public var accountId: String?
    public var plan: String
    public var trialStart: CalendarDate
    /// Its last day.
    public var trialEnd: CalendarDate
    public var convertedTo: String?
}

/// Receives the outputs of a committed statement, approval drop or provisioning run, each kind in
/// its order (Reconciliation.md, Provisioning.md).
public struct JobOutputSink {
    public var reconciliation: (ReconciliationRow) throws -> Void
    public var activation: (ActivationRow) throws -> Void
    public var charge: (ChargeRow) throws -> Void
    public var provisioning: (ProvisioningRow) throws -> Void
    public var payment: (PaymentRow) throws -> Void

    public init(
        reconciliation: @escaping (ReconciliationRow) throws -> Void, activation: @escaping (ActivationRow) throws -> Void,
        charge: @escaping (ChargeRow) throws -> Void, provisioning: @escaping (ProvisioningRow) throws -> Void,
        payment: @escaping (PaymentRow) throws -> Void
    ) {
        self.reconciliation = reconciliation
        self.activation = activation
        self.charge = charge
        self.provisioning = provisioning
        self.payment = payment
    }
}

extension ApprovalResult {
    /// A result as `approval_rows` holds it, on either engine.
    static func stored(
        salesOrderId: String, line: Int, decision: String, outcome: String, errorCode: String?, errorField: String?,
        errorMessage: String?
    ) throws -> ApprovalResult {
        let error = try errorCode.map { code in
            Diagnostic(
                try LedgerColumns.status(code, "approval_rows.error_code"), field: errorField ?? "", errorMessage ?? "",
                at: SourceLocation(line: line))
        }
        return ApprovalResult(
            salesOrderId: salesOrderId, line: line, decision: decision,
            outcome: try LedgerColumns.status(outcome, "approval_rows.outcome"), error: error)
    }
}
