import Foundation

/// What `orderflow-bench billing` reads back before it prints a figure: the usage drop stored every
/// row, and the month billed every subscription, each with its payment, e-invoice and page.
/// Anything else throws, with the run's standard error.
struct BillingCheck {
    let run: Benchmark.Measurement

    /// The usage drop's `receipt.json`: `rows` rows, every one `accepted`.
    func usage(_ batch: URL, rows: Int) throws {
        let receipt = try self.receipt(batch)
        let outcomes = receipt["outcomes"] as? [String: Int] ?? [:]
        guard receipt["rows"] as? Int == rows, outcomes["accepted"] == rows, outcomes["rejected"] ?? 0 == 0 else {
            throw failure(
                "the usage drop's receipt.json shows \(receipt["rows"].map { "\($0)" } ?? "no") rows (\(Self.counts(outcomes))), "
                    + "not \(rows) accepted")
        }
    }

    /// The month's folder: `subscriptions` rows in `results.csv`, each `billed`, and as many in
    /// `receipt.json`, `payments.csv`, `invoices/*.xml` and `invoices/*.html`.
    func month(_ folder: URL, subscriptions: Int) throws {
        let results = try lines(folder.appendingPathComponent("results.csv"))
        // subscription_id, account_id, month, outcome, …: ids and a month, no quoted commas before it.
        let isBilled = { (row: Substring) in
            row.split(separator: ",", maxSplits: 4, omittingEmptySubsequences: false).dropFirst(3).first == "billed"
        }
        let billed = results.filter(isBilled).count
        guard results.count == subscriptions, billed == subscriptions else {
            throw failure(
                "results.csv has \(results.count) rows, \(billed) billed, not \(subscriptions) billed"
                    + (results.first { !isBilled($0) }.map { "; first other: \($0)" } ?? ""))
        }
        let receipt = try self.receipt(folder)
        let outcomes = receipt["outcomes"] as? [String: Int] ?? [:]
        guard receipt["subscriptions"] as? Int == subscriptions, outcomes["billed"] == subscriptions else {
            throw failure("receipt.json shows \(receipt["subscriptions"].map { "\($0)" } ?? "no") subscriptions (\(Self.counts(outcomes)))")
        }
        let payments = try lines(folder.appendingPathComponent("payments.csv")).count
        let documents = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("invoices").path)) ?? []
        let invoices = documents.filter { $0.hasSuffix(".xml") }.count
        let pages = documents.filter { $0.hasSuffix(".html") }.count
        guard payments == subscriptions, invoices == subscriptions, pages == subscriptions else {
            throw failure(
                "\(payments) rows in payments.csv, \(invoices) e-invoices and \(pages) pages in invoices/, "
                    + "not \(subscriptions) each")
        }
    }

    /// A CSV output's rows after its header (generated rows hold no line breaks).
    private func lines(_ url: URL) throws -> [Substring] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw failure("it published no readable \(url.lastPathComponent) in \(url.deletingLastPathComponent().path)")
        }
        return Array(text.split(separator: "\n").dropFirst())
    }

    private func receipt(_ folder: URL) throws -> [String: Any] {
        let url = folder.appendingPathComponent("receipt.json")
        guard let data = try? Data(contentsOf: url),
            let receipt = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { throw failure("it published no readable \(url.path)") }
        return receipt
    }

    private static func counts(_ outcomes: [String: Int]) -> String {
        outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    private func failure(_ what: String) -> BenchFailure {
        BenchFailure(
            "\(run.name) exited \(run.status) but \(what): nothing was measured. Its standard error:\n"
                + (run.errors.isEmpty ? "(empty)" : run.errors))
    }
}
