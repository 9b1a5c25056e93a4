import OrderFlowCore

/// What `report.html` shows for one batch (``BatchReportPage``, Outputs.md): a value the pipeline
/// fills from the ledger at publish, like `receipt.json`.
///
/// Its size does not grow with the batch. A batch may hold 100,000 requests and produce as many
/// documents, so ``Documents`` and ``Rejections`` are filled one item at a time and keep counts,
/// the numbers' unbroken ranges and only the first and last few items; `results.csv`,
/// `rejected.*` and `invoices/` hold every one.
public struct BatchReport: Sendable, Hashable, Codable {
    /// The reseller's id (`R-ACME`).
    public var resellerId: String
    /// The reseller's name from the catalog.
    public var resellerName: String
    public var batchId: String
    /// The drop file's name as it was in the inbox.
    public var fileName: String
    /// The date the batch was judged and priced on.
    public var asOf: CalendarDate
    /// The SHA-256 of the file's bytes, lowercase hex.
    public var sha256: String
    /// `reject-order` or `reject-file`, when known.
    public var onInvalidOrder: String?
    /// Requests by action and outcome, in the order to show (``ActionCounts``).
    public var counts: [ActionCounts]
    /// The accepted orders', renewals' and upgrades' amounts per currency, by currency code.
    public var totals: [CurrencyTotals]
    /// The payments the batch created or changed, per kind, status and currency.
    public var payments: [PaymentTotals]
    public var documents: Documents
    public var rejections: Rejections
    /// `rejected.xml` or `rejected.csv`; nil when nothing was rejected.
    public var rejectedFile: String?

    public init(
        resellerId: String, resellerName: String, batchId: String, fileName: String, asOf: CalendarDate,
        sha256: String, onInvalidOrder: String? = nil, counts: [ActionCounts] = [], totals: [CurrencyTotals] = [],
        payments: [PaymentTotals] = [], documents: Documents = Documents(), rejections: Rejections = Rejections(),
        rejectedFile: String? = nil
    ) {
        self.resellerId = resellerId
        self.resellerName = resellerName
        self.batchId = batchId
        self.fileName = fileName
        self.asOf = asOf
        self.sha256 = sha256
        self.onInvalidOrder = onInvalidOrder
        self.counts = counts
        self.totals = totals
        self.payments = payments
        self.documents = documents
        self.rejections = rejections
        self.rejectedFile = rejectedFile
    }

    /// The requests of one action (`order`, `cancel`, …, or an invalid CSV action as written).
    public struct ActionCounts: Sendable, Hashable, Codable {
        public var action: String
        public var accepted: Int
        public var rejected: Int
        public var duplicate: Int

        public init(action: String, accepted: Int = 0, rejected: Int = 0, duplicate: Int = 0) {
            self.action = action
            self.accepted = accepted
            self.rejected = rejected
            self.duplicate = duplicate
        }

        public var total: Int { accepted + rejected + duplicate }
    }

    /// Net, tax and total of one currency, in its minor units (a sum may exceed `Int64`).
    public struct CurrencyTotals: Sendable, Hashable, Codable {
        public var currency: Currency
        public var net: Int128
        public var tax: Int128
        public var total: Int128

        public init(currency: Currency, net: Int128, tax: Int128, total: Int128) {
            self.currency = currency
            self.net = net
            self.tax = tax
            self.total = total
        }
    }

    /// The payments of one kind and status in one currency: how many, and their amounts' sum.
    public struct PaymentTotals: Sendable, Hashable, Codable {
        public var kind: PaymentKind
        public var status: PaymentStatus
        public var currency: Currency
        public var count: Int
        public var amount: Int128

        public init(kind: PaymentKind, status: PaymentStatus, currency: Currency, count: Int, amount: Int128) {
            self.kind = kind
            self.status = status
            self.currency = currency
            self.count = count
            self.amount = amount
        }
    }
}

extension BatchReport {
    /// The invoices and credit notes a batch produced, summarized as they are added.
    ///
    /// Numbers come from one gapless series per reseller and year, invoices and credit notes alike,
    /// so a batch's documents are usually one unbroken range however many there are. The page shows
    /// the counts, the ranges (the first ``rangeLimit``), every document when there are at most
    /// ``listLimit``, else the first and last ``edgeCount``, and the first ``listLimit`` credit
    /// notes: never more than a few hundred links.
    public struct Documents: Sendable, Hashable, Codable {
        public static let listLimit = 40
        public static let edgeCount = 10
        public static let rangeLimit = 20

        public struct Document: Sendable, Hashable, Codable {
            public var number: String
            public var kind: EInvoice.Kind

            public init(number: String, kind: EInvoice.Kind) {
                self.number = number
                self.kind = kind
            }
        }

        /// Numbers that follow each other in one series (`ACME-2026-000001` … `ACME-2026-100000`).
        public struct NumberRange: Sendable, Hashable, Codable {
            public var first: String
            public var last: String
            public var count: Int
        }

        public private(set) var invoices = 0
        public private(set) var creditNotes = 0
        /// The first ``rangeLimit`` ranges, in the order the numbers were added.
        public private(set) var ranges: [NumberRange] = []
        /// Ranges after the first ``rangeLimit``.
        public private(set) var rangesLeftOut = 0
        /// The first ``listLimit`` documents.
        public private(set) var head: [Document] = []
        /// The last ``edgeCount`` documents.
        public private(set) var tail: [Document] = []
        /// The first ``listLimit`` credit notes.
        public private(set) var creditNoteList: [Document] = []
        private var lastNumber: String?

        public init() {}

        public init(_ documents: [Document]) {
            self.init()
            for document in documents { add(document.number, kind: document.kind) }
        }

        public var count: Int { invoices + creditNotes }

        /// Adds the next document, in the order the batch allocated the numbers.
        public mutating func add(_ number: String, kind: EInvoice.Kind) {
            let document = Document(number: number, kind: kind)
            switch kind {
            case .invoice: invoices += 1
            case .creditNote:
                creditNotes += 1
                if creditNoteList.count < Self.listLimit { creditNoteList.append(document) }
            }
            if head.count < Self.listLimit { head.append(document) }
            tail.append(document)
            if tail.count > Self.edgeCount { tail.removeFirst() }
            let follows = lastNumber.map { DocumentNumber.follows(number, $0) } ?? false
            lastNumber = number
            if follows {
                // The range in progress is the last one kept, unless ranges are being left out.
                if rangesLeftOut == 0, !ranges.isEmpty {
                    ranges[ranges.count - 1].last = number
                    ranges[ranges.count - 1].count += 1
                }
            } else if ranges.count < Self.rangeLimit {
                ranges.append(NumberRange(first: number, last: number, count: 1))
            } else {
                rangesLeftOut += 1
            }
        }
    }

    /// The rejected requests: all counted by error code, the first ``shownLimit`` kept whole.
    public struct Rejections: Sendable, Hashable, Codable {
        public static let shownLimit = 100

        public struct Rejection: Sendable, Hashable, Codable {
            /// The request's ref as written; empty when it has none.
            public var ref: String
            /// The line the request starts on.
            public var line: Int
            /// Every error, in the order of ErrorCodes.md, Which error wins.
            public var errors: [Diagnostic]

            public init(ref: String, line: Int, errors: [Diagnostic]) {
                self.ref = ref
                self.line = line
                self.errors = errors
            }
        }

        /// How many requests were rejected.
        public private(set) var count = 0
        /// The first ``shownLimit`` of them.
        public private(set) var shown: [Rejection] = []
        /// Rejected requests per error code: a request counts once under each code it has.
        public private(set) var requestsByCode: [ErrorCode: Int] = [:]

        public init() {}

        public init(_ rejections: [Rejection]) {
            self.init()
            for rejection in rejections { add(rejection) }
        }

        public mutating func add(_ rejection: Rejection) {
            count += 1
            if shown.count < Self.shownLimit { shown.append(rejection) }
            var seen: Set<ErrorCode> = []
            for error in rejection.errors where error.severity == .error && seen.insert(error.code).inserted {
                requestsByCode[error.code, default: 0] += 1
            }
        }

        /// The codes with their counts, most frequent first, then by code: the chart's bars.
        public var byCode: [(code: ErrorCode, requests: Int)] {
            requestsByCode.map { (code: $0.key, requests: $0.value) }.sorted {
                $0.requests != $1.requests ? $0.requests > $1.requests : $0.code.rawValue < $1.code.rawValue
            }
        }
    }
}
