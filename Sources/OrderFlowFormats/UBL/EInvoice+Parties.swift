extension EInvoice {
    /// BG-4 (seller) or BG-7 (buyer).
    public struct Party: Sendable, Hashable, Codable {
        /// BT-27 / BT-44: the registered name.
        public var name: String
        /// BG-5 / BG-8.
        public var address: Address
        /// BT-31 / BT-48, with its country prefix (`DE811907980`, `EL…` for Greece). EN 16931 wants it
        /// for every category but `O` and forbids it there (BR-O-02): give it as the order's category
        /// needs, ``EInvoiceCheck`` says when it is wrong.
        public var vatId: String?
        /// BT-32, the seller's registration for another tax (the Quebec QST number); never a buyer's.
        public var taxRegistrationId: String?
        /// BT-30 / BT-47: the company register number; a seller without a VAT id (category `O`) needs
        /// it to be identified at all (BR-CO-26).
        public var companyId: String?
        /// BT-29 / BT-46: the id the platform knows the party by (the reseller's id, the account
        /// id). It identifies a seller that has neither a VAT id nor a register number (BR-CO-26).
        public var identifier: String?

        public init(
            name: String, address: Address, vatId: String? = nil, taxRegistrationId: String? = nil,
            companyId: String? = nil, identifier: String? = nil
        ) {
            self.name = name
            self.address = address
            self.vatId = vatId
            self.taxRegistrationId = taxRegistrationId
            self.companyId = companyId
            self.identifier = identifier
        }
    }

    /// BG-5 / BG-8: a postal address. Only the country is required by EN 16931.
    public struct Address: Sendable, Hashable, Codable {
        /// BT-35 / BT-50.
        public var street: String?
        /// BT-36 / BT-51.
        public var additionalStreet: String?
        /// BT-37 / BT-52.
        public var city: String?
        /// BT-38 / BT-53.
        public var postcode: String?
        /// BT-39 / BT-54: the ISO 3166-2 subdivision without the country prefix (`QC`).
        public var region: String?
        /// BT-40 / BT-55: ISO 3166-1 alpha-2.
        public var country: String

        public init(
            street: String? = nil, additionalStreet: String? = nil, city: String? = nil, postcode: String? = nil,
            region: String? = nil, country: String
        ) {
            self.street = street
            self.additionalStreet = additionalStreet
            self.city = city
            self.postcode = postcode
            self.region = region
            self.country = country
        }
    }

    /// BG-16 and BT-83: how and with which reference the buyer pays.
    public struct PaymentMeans: Sendable, Hashable, Codable {
        /// BT-81, UNCL 4461.
        public enum Code: String, Sendable, Hashable, Codable {
            /// SEPA credit transfer; needs ``PaymentMeans/payeeAccount`` (BR-61).
            case sepaCreditTransfer = "58"
            /// Credit transfer outside SEPA; needs ``PaymentMeans/payeeAccount`` (BR-61).
            case creditTransfer = "30"
            /// Instrument not defined: the remittance reference travels without an account, for a
            /// seller whose account is not on file.
            case notDefined = "1"
        }

        public var code: Code
        /// BT-83: the payment's ISO 11649 creditor reference (`RF55PAY1234`, StatesAndIds.md), which
        /// reconciliation matches the bank's statement on.
        public var remittanceReference: String?
        /// BG-17.
        public var payeeAccount: PayeeAccount?

        public init(code: Code, remittanceReference: String?, payeeAccount: PayeeAccount? = nil) {
            self.code = code
            self.remittanceReference = remittanceReference
            self.payeeAccount = payeeAccount
        }
    }

    /// BG-17: the account the buyer pays to.
    public struct PayeeAccount: Sendable, Hashable, Codable {
        /// BT-84: the IBAN (or another account number outside SEPA).
        public var id: String
        /// BT-85.
        public var name: String?
        /// BT-86: BIC.
        public var bic: String?

        public init(id: String, name: String? = nil, bic: String? = nil) {
            self.id = id
            self.name = name
            self.bic = bic
        }
    }
}
