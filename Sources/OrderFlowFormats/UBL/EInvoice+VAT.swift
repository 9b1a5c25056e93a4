import OrderFlowCore

extension EInvoice {
    /// BT-118 / BT-151 / BT-95: the EN 16931 VAT category (UNCL 5305 subset). Raw values are the codes
    /// the catalog's `<tax category>` and pricing use (Pricing.md, taxes).
    public enum VATCategory: String, Sendable, Hashable, Codable, CaseIterable {
        /// Standard rate: the tax the catalog's rules charge.
        case standard = "S"
        /// Zero rated: taxable at 0 %.
        case zeroRated = "Z"
        /// Exempt: needs the exemption reason (BR-E-10).
        case exempt = "E"
        /// Reverse charge: EU B2B between two member states; the buyer accounts for the VAT.
        case reverseCharge = "AE"
        /// Intra-community supply of goods.
        case intraCommunity = "K"
        /// Export outside the EU.
        case export = "G"
        /// Not subject to VAT: no rule applied. Must be the document's only category (BR-O-11) and
        /// the document must carry no VAT id (BR-O-02).
        case notSubject = "O"
        /// Canary Islands IGIC.
        case canaryIslands = "L"
        /// Ceuta and Melilla IPSI.
        case ceutaMelilla = "M"

        /// Whether the rate is written (BT-119, BT-152); `O` has none (BR-O-05).
        public var hasRate: Bool { self != .notSubject }

        /// Whether tax is charged at all; the others have rate 0 and tax 0.
        public var charges: Bool { self == .standard || self == .canaryIslands || self == .ceutaMelilla }

        /// Whether the breakdown must say why no VAT is charged (BT-120 or BT-121: BR-E-10, BR-AE-10,
        /// BR-IC-10, BR-G-10, BR-O-10), or must not (`S`, `Z`, `L`, `M`: BR-S-10, BR-Z-10, …).
        public var needsExemptionReason: Bool {
            switch self {
            case .exempt, .reverseCharge, .intraCommunity, .export, .notSubject: return true
            case .standard, .zeroRated, .canaryIslands, .ceutaMelilla: return false
            }
        }

        /// The VATEX code and text a breakdown of this category states when the caller has no more
        /// precise one; nil for `E`, whose reason is an article of law only the seller knows.
        public var defaultExemption: (code: String, reason: String)? {
            switch self {
            case .reverseCharge: return ("VATEX-EU-AE", "Reverse charge")
            case .intraCommunity: return ("VATEX-EU-IC", "Intra-Community supply")
            case .export: return ("VATEX-EU-G", "Export outside the EU")
            case .notSubject: return ("VATEX-EU-O", "Not subject to VAT")
            case .standard, .zeroRated, .exempt, .canaryIslands, .ceutaMelilla: return nil
            }
        }
    }

    /// A VAT category with its rate: what a line, an allowance and a breakdown entry are grouped by.
    public struct TaxCategory: Sendable, Hashable, Codable {
        public var category: VATCategory
        /// A fraction, like the catalog's rates: 19 % is `0.19` (scale 6). Zero for every category
        /// that charges no tax.
        public var rate: ScaledDecimal

        public init(_ category: VATCategory, rate: ScaledDecimal = .zero(scale: ScaledDecimal.Scale.rate)) {
            self.category = category
            self.rate = rate
        }

        /// Same category and the same rate, whatever the scale the rates are written at.
        public func matches(_ other: TaxCategory) -> Bool {
            category == other.category && ScaledRate.compare(rate, other.rate) == 0
        }
    }

    /// BG-23: the VAT of one category and rate.
    ///
    /// A region with two taxes on the same base (Canada, Quebec: GST 5 % and QST 9.975 %) is one
    /// entry of category `S` at the sum of the rates, 14.975 %, with each tax in ``components``:
    /// EN 16931 gives an invoice line exactly one VAT category and rate (BR-CO-04, UBL-SR-48) and
    /// requires each breakdown's taxable amount to be the sum of the lines at its rate (BR-S-08), so
    /// two entries at 5 % and 9.975 % over the same lines cannot both hold. The QST is a value-added
    /// tax levied on the same base as the GST (not on the GST), so the combined rate is exact and the
    /// document's tax total (BT-110) is the order's. The split is kept where EN 16931 lets text go:
    /// a note (BT-22) names each tax and its amount (Invoices.md, "Two taxes on one base").
    public struct VATBreakdown: Sendable, Hashable, Codable {
        /// BT-118 and BT-119.
        public var tax: TaxCategory
        /// BT-116: Σ line nets − Σ allowances of this category and rate.
        public var taxable: Int64
        /// BT-117.
        public var amount: Int64
        /// BT-120; required for `E`, `AE`, `K`, `G`, `O` unless ``exemptionReasonCode`` is given.
        public var exemptionReason: String?
        /// BT-121, a VATEX code (`VATEX-EU-AE`).
        public var exemptionReasonCode: String?
        /// The taxes this entry adds up, when there is more than one (GST and QST); empty otherwise.
        public var components: [TaxComponent]

        public init(
            tax: TaxCategory, taxable: Int64, amount: Int64, exemptionReason: String? = nil,
            exemptionReasonCode: String? = nil, components: [TaxComponent] = []
        ) {
            self.tax = tax
            self.taxable = taxable
            self.amount = amount
            self.exemptionReason = exemptionReason
            self.exemptionReasonCode = exemptionReasonCode
            self.components = components
        }

        /// An entry for a category that charges nothing, with the category's standard exemption
        /// (``VATCategory/defaultExemption``).
        public static func untaxed(_ category: VATCategory, taxable: Int64) -> VATBreakdown {
            let exemption = category.defaultExemption
            return VATBreakdown(
                tax: TaxCategory(category), taxable: taxable, amount: 0, exemptionReason: exemption?.reason,
                exemptionReasonCode: exemption?.code)
        }
    }

    /// One named tax inside a combined breakdown entry, as pricing computed it (a `TaxLine`).
    public struct TaxComponent: Sendable, Hashable, Codable {
        /// The catalog's tax name (`GST`, `QST`).
        public var name: String
        /// A fraction (`0.09975`).
        public var rate: ScaledDecimal
        /// Minor units.
        public var amount: Int64

        public init(name: String, rate: ScaledDecimal, amount: Int64) {
            self.name = name
            self.rate = rate
            self.amount = amount
        }
    }
}

/// Exact comparisons and sums of ``ScaledDecimal`` rates written at different scales.
enum ScaledRate {
    /// The value at `scale` (≥ its own), exactly, in a wide integer.
    static func units(_ value: ScaledDecimal, at scale: Int) -> Int128 {
        Int128(value.units) * ExactDivision.pow10(max(scale - value.scale, 0))
    }

    /// −1, 0 or 1.
    static func compare(_ lhs: ScaledDecimal, _ rhs: ScaledDecimal) -> Int {
        let scale = max(lhs.scale, rhs.scale)
        let left = units(lhs, at: scale)
        let right = units(rhs, at: scale)
        return left < right ? -1 : (left == right ? 0 : 1)
    }

    /// The exact sum, at the larger scale; nil when it does not fit a ``ScaledDecimal``.
    static func sum(_ values: [ScaledDecimal]) -> ScaledDecimal? {
        let scale = values.map(\.scale).max() ?? ScaledDecimal.Scale.rate
        var total: Int128 = 0
        for value in values { total += units(value, at: scale) }
        guard let units = Int64(exactly: total) else { return nil }
        return ScaledDecimal(units: units, scale: scale)
    }
}
