/// Closed vocabularies of the catalog and of requests. Raw values are the words of the
/// documentation (CatalogFormat.md, DropFiles.md).
public enum PaymentModel: String, Sendable, Codable, CaseIterable {
    case prepay
    case postpay
}

public enum ServiceKind: String, Sendable, Codable, CaseIterable {
    case cloud
    case saas
    case onPremise = "on-premise"
}

public enum BillingKind: String, Sendable, Codable {
    case standard
    /// Pay-as-you-go: no period or setup fees; a resource's `recurringFee` is per unit consumed per month.
    case payg
}

public enum TaxMode: String, Sendable, Codable {
    /// Catalog prices exclude tax: taxes are added to the net.
    case exclusive
    /// Catalog prices include tax: taxes are extracted from the gross.
    case inclusive
}

public enum Registration: String, Sendable, Codable {
    case full
    case short
}

public enum Channel: String, Sendable, Codable {
    case customer
    case manager
}

public enum PromoScope: String, Sendable, Codable {
    case all
    case recurring
    case setup
}
