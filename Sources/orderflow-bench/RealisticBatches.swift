import Foundation

/// The nightly drops `orderflow-bench table` measures: N requests of the demo catalog's three
/// resellers (R-ACME half, R-MAPLE three tenths, R-NIPPON a fifth) in several files each, as XML
/// and as the equivalent CSV, deterministic for a seed (the same N, files and seed give the same
/// bytes). Every tax mode is in them: exclusive EUR with domestic VAT, EU reverse charge, a
/// customer outside every tax rule and a Portuguese region; tax-inclusive CAD with Quebec's GST +
/// QST, Ontario's HST and Alberta's GST; JPY without decimals. Of every 100 requests, by a hash
/// of the seed and the request's number:
///
/// - 30 are rejected: an unknown product (8), an unknown period (6), an unknown promo code (6),
///   too many mailboxes (5), a cancel of an order nobody made (5);
/// - 5 cancel an order of an earlier file still waiting for its payment, 5 send an order of an
///   earlier file again unchanged (a duplicate), when the reseller has such an order (else they
///   are new orders);
/// - the rest are new orders: mail and CRM subscriptions, monthly and yearly, some with a promo,
///   some billing postponed, some on the free plan, prepay and (R-MAPLE) postpay.
///
/// ``expected`` says per file how many requests are accepted, rejected and duplicates, so a run
/// that did other work fails the benchmark instead of printing a rate.
struct RealisticBatches {
    var requests: Int
    var filesPerReseller: Int
    var seed: UInt64

    struct Reseller {
        var id: String
        var prefix: String
        /// Tenths of the requests.
        var share: Int
    }

    static let resellers = [
        Reseller(id: "R-ACME", prefix: "ACME", share: 5), Reseller(id: "R-MAPLE", prefix: "MAPLE", share: 3),
        Reseller(id: "R-NIPPON", prefix: "NIPPON", share: 2),
    ]

    /// One generated file: where it is and what its run must report.
    struct File {
        var reseller: String
        var batchId: String
        var xmlPath: String
        var csvPath: String
        var expected: Tally
    }

    struct Tally: Equatable, CustomStringConvertible {
        var accepted = 0, rejected = 0, duplicate = 0
        var total: Int { accepted + rejected + duplicate }
        var description: String { "\(accepted) accepted, \(rejected) rejected, \(duplicate) duplicates" }

        static func += (lhs: inout Tally, rhs: Tally) {
            lhs.accepted += rhs.accepted
            lhs.rejected += rhs.rejected
            lhs.duplicate += rhs.duplicate
        }
    }

    /// Writes every file under `folder/xml/<reseller>/` and `folder/csv/<reseller>/`, streamed in
    /// blocks, in the order a run takes them (oldest first).
    func write(into folder: URL) throws -> [File] {
        var files: [File] = []
        var first = 0
        for reseller in Self.resellers {
            let count = requests * reseller.share / 10 + (reseller.id == "R-ACME" ? requests % 10 : 0)
            var state = ResellerState(reseller: reseller, seed: seed, firstNumber: first)
            for file in 0..<filesPerReseller {
                let range = (count * file / filesPerReseller)..<(count * (file + 1) / filesPerReseller)
                let batchId = String(format: "%@-N%03d", reseller.prefix, file + 1)
                let xmlPath = folder.appendingPathComponent("xml/\(reseller.id)/\(batchId).xml").path
                let csvPath = folder.appendingPathComponent("csv/\(reseller.id)/\(batchId).csv").path
                for path in [xmlPath, csvPath] {
                    try FileManager.default.createDirectory(
                        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                }
                let expected = try state.writeFile(
                    numbers: (first + range.lowerBound)..<(first + range.upperBound), batchId: batchId,
                    xmlPath: xmlPath, csvPath: csvPath)
                files.append(File(reseller: reseller.id, batchId: batchId, xmlPath: xmlPath, csvPath: csvPath, expected: expected))
            }
            first += count
        }
        return files
    }
}

/// What one reseller's earlier files hold that a later request may name: the orders a cancel
/// or a duplicate can pick (numbers below `closed`, the first number of the file being written).
struct ResellerState {
    let reseller: RealisticBatches.Reseller
    let seed: UInt64
    let firstNumber: Int
    /// Requests numbered below this were written in earlier files.
    private var closed: Int
    /// Orders canceled already (each is canceled once).
    private var canceled: Set<Int> = []

    init(reseller: RealisticBatches.Reseller, seed: UInt64, firstNumber: Int) {
        self.reseller = reseller
        self.seed = seed
        self.firstNumber = firstNumber
        self.closed = firstNumber
    }

    mutating func writeFile(numbers: Range<Int>, batchId: String, xmlPath: String, csvPath: String) throws
        -> RealisticBatches.Tally
    {
        let xml = try BlockWriter(path: xmlPath)
        let csv = try BlockWriter(path: csvPath)
        xml.write(DropGenerator.xmlHeader(reseller: reseller.id, batchId: batchId))
        csv.write(RealisticRequest.csvHeader)
        var tally = RealisticBatches.Tally()
        for number in numbers {
            let request = self.request(number)
            switch request.kind {
            case .rejected: tally.rejected += 1
            case .duplicate: tally.duplicate += 1
            case .order, .cancel: tally.accepted += 1
            }
            xml.write(request.xml)
            csv.write(request.csvRow)
        }
        xml.write("</orderBatch>\n")
        try xml.close()
        try csv.close()
        closed = numbers.upperBound
        return tally
    }

    /// Request `number`: its kind by the hash's last two digits, then its content.
    private mutating func request(_ number: Int) -> RealisticRequest {
        let hash = Self.mix(seed &+ UInt64(number))
        let roll = Int(hash % 100)
        switch roll {
        case 30..<35:
            if let target = pick(hash, where: { $0 % 2 == 0 && Self.cancelable(RealisticRequest.order(number: $0, reseller: reseller.id, hash: mix($0))) }) {
                canceled.insert(target)
                return .cancel(ref: RealisticRequest.ref(target), reseller: reseller.id)
            }
        case 35..<40:
            if let target = pick(hash, where: { $0 % 2 == 1 && RealisticRequest.order(number: $0, reseller: reseller.id, hash: mix($0)).kind == .order }) {
                var again = RealisticRequest.order(number: target, reseller: reseller.id, hash: mix(target))
                again.kind = .duplicate
                return again
            }
        default:
            break
        }
        return RealisticRequest.order(number: number, reseller: reseller.id, hash: hash)
    }

    private func mix(_ number: Int) -> UInt64 { Self.mix(seed &+ UInt64(number)) }

    /// An earlier order matching `test`, not canceled yet: from a hash-chosen start, the next
    /// one up, trying at most 64.
    private func pick(_ hash: UInt64, where test: (Int) -> Bool) -> Int? {
        let earlier = closed - firstNumber
        guard earlier > 0 else { return nil }
        var candidate = firstNumber + Int((hash >> 8) % UInt64(earlier))
        for _ in 0..<64 {
            if !canceled.contains(candidate), Self.mix(seed &+ UInt64(candidate)) % 100 >= 40, test(candidate) {
                return candidate
            }
            candidate += 1
            if candidate >= closed { candidate = firstNumber }
        }
        return nil
    }

    /// Waits for its payment after the run, so a cancel is accepted: prepay, not postponed, not free.
    private static func cancelable(_ order: RealisticRequest) -> Bool {
        order.kind == .order && order.paymentModel != "postpay" && !order.postponed && order.plan != "PLN-CRM-FREE"
    }

    /// SplitMix64's finalizer: the request's own pseudo-random bits.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
