import OrderFlowCore

/// `receipt.json` (Outputs.md): what the batch was and did, with no wall-clock time, so a
/// re-render is byte-identical. Keys are written in a fixed order; amounts are decimal strings
/// in the currency's minor units (never binary floating point).
///
/// Totals (net, tax, total) are summed per currency over accepted orders, renewals and upgrades;
/// cancels and duplicates are counted, not summed. Payments are counted and summed per kind,
/// status and currency, so that a payment the batch voided (its own or an earlier batch's) is never
/// added to the money it asks for (Outputs.md, `receipt.json`).
public enum ReceiptFile {
    public static let name = "receipt.json"

    public static func render(_ outputs: BatchOutputs) -> [UInt8] {
        var tally = Tally()
        for result in outputs.results { tally.add(result) }
        for payment in outputs.payments { tally.add(payment) }
        return render(outputs.batch, tally)
    }

    /// What the receipt sums, gathered one row at a time while the outputs stream.
    public struct Tally: Sendable {
        var requests = 0
        /// Per action as written (`order`, `cancel`, … or an invalid action's text).
        var counts: [String: [RequestOutcomeKind: Int]] = [:]
        var totals: [String: (currency: Currency, sums: Sums)] = [:]
        var payments: [PaymentKey: (count: Int, amount: Int128)] = [:]
        /// The documents in allocation order, as runs of consecutive numbers of one kind.
        var documents: [DocumentRun] = []

        public init() {}

        /// One more document, in the order the batch allocated them.
        public mutating func add(document number: String, kind: DocumentSource.Kind) {
            if var last = documents.last, last.kind == kind, DocumentNumber.follows(number, last.last) {
                last.last = number
                last.count += 1
                documents[documents.count - 1] = last
            } else {
                documents.append(DocumentRun(kind: kind, first: number, last: number, count: 1))
            }
        }

        public mutating func add(_ result: RequestResult) {
            requests += 1
            counts[result.action.isEmpty ? "order" : result.action, default: [:]][result.outcome, default: 0] += 1
            guard result.outcome == .accepted, result.action != RequestAction.cancel.rawValue,
                let code = result.currency, let currency = Currency(code: code)
            else { return }
            var entry = totals[code] ?? (currency, Sums())
            // The ledger wrote these texts from minor units, with the currency's decimals.
            entry.sums.net += Int128(LedgerColumns.minorUnits(ofText: result.net, minorDigits: currency.minorUnits) ?? 0)
            entry.sums.tax += Int128(LedgerColumns.minorUnits(ofText: result.tax, minorDigits: currency.minorUnits) ?? 0)
            entry.sums.total += Int128(LedgerColumns.minorUnits(ofText: result.total, minorDigits: currency.minorUnits) ?? 0)
            totals[code] = entry
        }

        public mutating func add(_ payment: PaymentRow) {
            let key = PaymentKey(kind: payment.kind, status: payment.status, currency: payment.amount.currency)
            var entry = payments[key] ?? (0, 0)
            entry.count += 1
            entry.amount += Int128(payment.amount.minorUnits)
            payments[key] = entry
        }
    }

    public static func render(_ record: BatchRecord, _ tally: Tally) -> [UInt8] {
        let batch = record.batch
        var json = JSONText()
        json.open("{")
        json.field("batchId", string: batch.batchId)
        json.field("reseller", string: batch.reseller)
        json.field("fileName", string: batch.fileName)
        json.field("sha256", string: batch.sha256)
        json.field("asOf", string: batch.asOf.description)
        json.field("onInvalidOrder", string: batch.policy.rawValue)
        json.field("requests", number: tally.requests)

        json.key("counts")
        json.open("{")
        for action in tally.counts.keys.sorted() {
            json.key(action)
            json.open("{")
            for outcome in outcomes { json.field(outcome.rawValue, number: tally.counts[action]?[outcome] ?? 0) }
            json.close("}")
        }
        json.close("}")

        json.key("totals")
        json.open("[")
        for code in tally.totals.keys.sorted() {
            guard let (currency, sums) = tally.totals[code] else { continue }
            json.open("{")
            json.field("currency", string: currency.code)
            json.field("net", string: Money.format(sums.net, minorUnits: currency.minorUnits))
            json.field("tax", string: Money.format(sums.tax, minorUnits: currency.minorUnits))
            json.field("total", string: Money.format(sums.total, minorUnits: currency.minorUnits))
            json.close("}")
        }
        json.close("]")

        payments(tally, &json)

        documents(tally, &json)
        json.close("}")
        return Array((json.text + "\n").utf8)
    }

    /// `documents`: the tally's invoices and credit notes as runs of consecutive numbers.
    static func documents(_ tally: Tally, _ json: inout JSONText) {
        json.key("documents")
        json.open("[")
        for run in tally.documents {
            json.open("{")
            json.field("kind", string: run.kind.rawValue)
            json.field("first", string: run.first)
            json.field("last", string: run.last)
            json.field("count", number: run.count)
            json.close("}")
        }
        json.close("]")
    }

    /// `payments`: the tally's payments counted and summed per kind, status and currency.
    static func payments(_ tally: Tally, _ json: inout JSONText) {
        json.key("payments")
        json.open("[")
        for key in tally.payments.keys.sorted(by: PaymentKey.inReceiptOrder) {
            guard let sum = tally.payments[key] else { continue }
            json.open("{")
            json.field("kind", string: key.kind.rawValue)
            json.field("status", string: key.status.rawValue)
            json.field("currency", string: key.currency.code)
            json.field("count", number: sum.count)
            json.field("amount", string: Money.format(sum.amount, minorUnits: key.currency.minorUnits))
            json.close("}")
        }
        json.close("]")
    }

    /// Invoices or credit notes numbered one after the other (`ACME-2026-000007` to `-000011`):
    /// a batch's numbers are consecutive in its reseller's series, so a batch of 100,000 invoices
    /// names them in one run.
    struct DocumentRun: Sendable {
        var kind: DocumentSource.Kind
        var first: String
        var last: String
        var count: Int
    }

    static let outcomes: [RequestOutcomeKind] = [.accepted, .rejected, .duplicate]

    /// Each amount fits `Int64` minor units, their sum over a batch need not: `Int128` holds any
    /// batch exactly (2^63 amounts of the largest size), so a render never traps after the commit.
    struct Sums: Sendable { var net: Int128 = 0, tax: Int128 = 0, total: Int128 = 0 }

    struct PaymentKey: Hashable, Sendable {
        var kind: PaymentKind
        var status: PaymentStatus
        var currency: Currency

        /// Kinds and statuses in the order StatesAndIds.md lists them (a payment's life reads
        /// top to bottom), then currencies by code.
        static func inReceiptOrder(_ a: PaymentKey, _ b: PaymentKey) -> Bool {
            (rank(a.kind), rank(a.status), a.currency.code) < (rank(b.kind), rank(b.status), b.currency.code)
        }

        private static func rank<T: CaseIterable & Equatable>(_ value: T) -> Int where T.AllCases == [T] {
            T.allCases.firstIndex(of: value) ?? 0
        }
    }
}

/// A tiny pretty-printing JSON writer with keys in the order they are written.
struct JSONText {
    private(set) var text = ""
    private var depth = 0
    private var needsComma = false
    private var afterKey = false

    mutating func key(_ name: String) {
        separator()
        text += Self.quoted(name) + ": "
        afterKey = true
    }

    mutating func open(_ bracket: String) {
        separator()
        text += bracket
        depth += 1
        needsComma = false
    }

    mutating func close(_ bracket: String) {
        depth -= 1
        if needsComma { text += "\n" + String(repeating: "  ", count: depth) }
        text += bracket
        needsComma = true
    }

    mutating func field(_ name: String, string value: String) {
        key(name)
        literal(Self.quoted(value))
    }

    mutating func field(_ name: String, number value: Int) {
        key(name)
        literal(String(value))
    }

    private mutating func literal(_ literal: String) {
        separator()
        text += literal
        needsComma = true
    }

    private mutating func separator() {
        if afterKey {
            afterKey = false
            return
        }
        if needsComma { text += "," }
        if depth > 0 { text += "\n" + String(repeating: "  ", count: depth) }
        needsComma = false
    }

    static func quoted(_ value: String) -> String { JSONString.quoted(value) }
}
