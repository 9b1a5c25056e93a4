/// Sales order states (StatesAndIds.md).
public enum SalesOrderStatus: String, Sendable, Codable, CaseIterable {
    case waitingForPayment = "WaitingForPayment"
    case waitingForProvisioning = "WaitingForProvisioning"
    case provisioning = "Provisioning"
    case installing = "Installing"
    case completed = "Completed"
    case canceled = "Canceled"
}

/// Subscription states (StatesAndIds.md).
public enum SubscriptionStatus: String, Sendable, Codable, CaseIterable {
    case waitingForPayment = "WaitingForPayment"
    case waitingForProvisioning = "WaitingForProvisioning"
    case installing = "Installing"
    case active = "Active"
    case stopped = "Stopped"
    case canceled = "Canceled"
}

public enum PaymentStatus: String, Sendable, Codable, CaseIterable {
    case waitingForPayment = "WaitingForPayment"
    case partiallyPaid = "PartiallyPaid"
    case paid = "Paid"
    case voided = "Voided"
}

public enum PaymentKind: String, Sendable, Codable, CaseIterable {
    case order
    case topup
    /// Paid at once, to the account balance.
    case refund
    /// A month's bill of a postpaid subscription (Billing.md).
    case postpaid
    /// A month's bill drawn from the account's balance, `Paid` at once (prepay pay-as-you-go).
    case balance
}

/// A request's outcome in `results.csv`.
public enum RequestOutcomeKind: String, Sendable, Codable {
    case accepted
    case rejected
    /// The same ref with identical content was accepted before: its stored result is repeated.
    case duplicate
}
