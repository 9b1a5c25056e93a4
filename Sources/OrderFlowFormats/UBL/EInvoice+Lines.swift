import OrderFlowCore

extension EInvoice {
    /// BG-25: one priced line (Pricing.md, step 1: a period fee, a setup fee, a resource's setup or
    /// recurring charge).
    public struct Line: Sendable, Hashable, Codable {
        /// BT-126, unique in the document (`1`, `2`, …).
        public var id: String
        /// BT-153: what a person reads (`Mail Standard 1Y`, `Mailbox × 15`).
        public var name: String
        /// BT-155: the seller's id of what is sold (the resource id), when there is one.
        public var sellerItemId: String?
        /// BT-129.
        public var quantity: Int64
        /// BT-130: UN/ECE Recommendation 20 (`C62` one, `MON` month, `ANN` year).
        public var unitCode: String
        /// BT-146 and BT-149.
        public var price: UnitPrice
        /// BG-27: the percent promo on this line (Pricing.md, step 3).
        public var allowance: LineAllowance?
        /// BT-131: quantity × price − allowance, net of VAT.
        public var netAmount: Int64
        /// BT-151 and BT-152.
        public var tax: TaxCategory
        /// BG-26: the line's own period, when it differs from the document's.
        public var period: Period?

        public init(
            id: String, name: String, sellerItemId: String? = nil, quantity: Int64, unitCode: String = "C62",
            price: UnitPrice, allowance: LineAllowance? = nil, netAmount: Int64, tax: TaxCategory,
            period: Period? = nil
        ) {
            self.id = id
            self.name = name
            self.sellerItemId = sellerItemId
            self.quantity = quantity
            self.unitCode = unitCode
            self.price = price
            self.allowance = allowance
            self.netAmount = netAmount
            self.tax = tax
            self.period = period
        }
    }

    /// BT-146 per BT-149: `amount` minor units buy `baseQuantity` units.
    ///
    /// A line's amount is rounded once for the whole quantity (Pricing.md, step 2), so a price per
    /// single unit would often need more decimals than the currency has, and rounding it would break
    /// quantity × price = line amount. Stating the price per base quantity keeps it exact:
    /// ``init(lineAmount:quantity:)`` gives the whole line's price per `quantity` units whenever the
    /// line does not divide evenly.
    public struct UnitPrice: Sendable, Hashable, Codable {
        /// BT-146, minor units, net of VAT and of any line allowance.
        public var amount: Int64
        /// BT-149, at least 1.
        public var baseQuantity: Int64

        public init(amount: Int64, baseQuantity: Int64 = 1) {
            self.amount = amount
            self.baseQuantity = baseQuantity
        }

        /// The price of a line of `quantity` units costing `lineAmount` minor units before allowances:
        /// per unit when that is a whole number of minor units, else the whole line per `quantity`.
        public init(lineAmount: Int64, quantity: Int64) {
            if quantity > 0, lineAmount % quantity == 0 {
                self.init(amount: lineAmount / quantity)
            } else {
                self.init(amount: lineAmount, baseQuantity: max(quantity, 1))
            }
        }
    }

    /// BG-27: a percent promo on one line.
    public struct LineAllowance: Sendable, Hashable, Codable {
        /// BT-136, minor units.
        public var amount: Int64
        /// BT-137: what the percentage was taken of (the line before the promo).
        public var baseAmount: Int64?
        /// BT-138: `10` for 10 %.
        public var percent: ScaledDecimal?
        /// BT-139 (`Promo WELCOME10`).
        public var reason: String
        /// BT-140, UNCL 5189; `95` is "Discount".
        public var reasonCode: String

        public init(
            amount: Int64, baseAmount: Int64? = nil, percent: ScaledDecimal? = nil, reason: String,
            reasonCode: String = "95"
        ) {
            self.amount = amount
            self.baseAmount = baseAmount
            self.percent = percent
            self.reason = reason
            self.reasonCode = reasonCode
        }
    }

    /// BG-20: a fixed-amount promo on the whole document.
    public struct DocumentAllowance: Sendable, Hashable, Codable {
        /// BT-92, minor units.
        public var amount: Int64
        /// BT-97 (`Promo FIVEOFF`).
        public var reason: String
        /// BT-98, UNCL 5189.
        public var reasonCode: String
        /// BT-95 and BT-96: the VAT category and rate of the lines it reduces.
        public var tax: TaxCategory

        public init(amount: Int64, reason: String, reasonCode: String = "95", tax: TaxCategory) {
            self.amount = amount
            self.reason = reason
            self.reasonCode = reasonCode
            self.tax = tax
        }
    }
}
