import ArgumentParser
import Foundation
import OrderFlowCore
import OrderFlowPipeline

/// `orderflow ledger show REF --reseller R --pipeline P [--json]`.
struct LedgerShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show everything the ledger holds about one request, by its ref.",
        discussion: """
            Opens the pipeline's ledger read-only (a snapshot: a running import is never held up) and \
            prints the request's stored result (its results.csv row, with batch id and file), every \
            other request that named the ref (duplicates, cancels, rejected attempts), its sales order, \
            account, subscription, the renewals and upgrades of that subscription, their payments, and \
            every state change with its run date and wall-clock time (UTC), in the order recorded. \
            --json prints the same as one JSON object, keys sorted, for scripts.

            Exit codes: 0 shown; 66 no request of this reseller has this ref (the thing named does \
            not exist, like a missing FILE argument; 65 stays for rejected data); 75 the ledger is \
            busy; 78 a problem with the pipeline file or its ledger.
            """)

    @Argument(help: "The reseller's ref of the request (an order, cancel, renewal, upgrade or imported subscription).")
    var ref: String
    @Option(help: "The reseller id (for example R-ACME).") var reseller: String
    @Option(help: "The pipeline file (YAML) whose ledger to read.") var pipeline: String
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func run() throws {
        let setup = try PipelineSetup.open(pipeline, readOnly: true)
        let entry: LedgerEntry?
        do {
            entry = try setup.ledger.entry(ref: ref, reseller: reseller)
        } catch {
            throw ExitStatus.forRunFailure(error, pipeline: pipeline)
        }
        guard let entry else {
            let known = setup.catalog.reseller(id: reseller) == nil ? " (the catalog has no reseller \(reseller))" : ""
            Stderr.print("\(pipeline): no request of reseller \(reseller) has ref \(ref) in the ledger\(known).")
            throw ExitStatus.noInput
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            Stdout.write(Array(try encoder.encode(entry)) + [0x0A])
        } else {
            Stdout.write(Array(LedgerEntryText.render(entry).utf8))
        }
    }
}

/// `ledger show`'s text: sections of `name: value` lines, for a person.
enum LedgerEntryText {
    static func render(_ entry: LedgerEntry) -> String {
        var out = "Ref \(entry.ref) of \(entry.reseller)\n"
        func line(_ label: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            out += "  " + label.padding(toLength: 22, withPad: " ", startingAt: 0) + value + "\n"
        }
        func section(_ title: String) { out += "\n" + title + "\n" }
        func result(_ stored: StoredResult) {
            let row = stored.row
            line("batch", "\(stored.batchId) (\(stored.batchKind), file \(stored.fileName), as of \(stored.asOf))")
            line("line", String(row.line))
            line("action", row.action)
            line("outcome", row.outcome.rawValue)
            line("account", row.accountId)
            line("sales order", join(row.salesOrderId, row.salesOrderStatus?.rawValue))
            line("subscription", join(row.subscriptionId, row.subscriptionStatus?.rawValue))
            if row.net != nil || row.total != nil {
                line("amounts", "net \(row.net ?? "") tax \(row.tax ?? "") total \(row.total ?? "") \(row.currency ?? "")")
            } else {
                line("currency", row.currency)
            }
            line("payment", row.paymentId)
            line("invoice", row.invoiceNumber)
            if let code = row.errorCode {
                line("error", "[\(code.rawValue)] \(row.errorField.map { $0.isEmpty ? "" : $0 + ": " } ?? "")\(row.errorMessage ?? "")")
            }
        }
        section("Result")
        result(entry.result)
        let others = entry.requests.filter { $0 != entry.result }
        if !others.isEmpty {
            section("Other requests with this ref")
            for other in others {
                out += "  - \(other.row.action) \(other.row.outcome.rawValue) in batch \(other.batchId), line \(other.row.line)"
                if let code = other.row.errorCode { out += ": \(code.rawValue)" }
                out += "\n"
            }
        }
        func order(_ order: SalesOrderEntry) {
            line("id", "\(order.id) (\(order.action), ref \(order.ref))")
            line("status", order.status)
            line("product / plan", "\(order.productId) / \(order.planId), period \(order.periodId)")
            line("amounts", "net \(order.net) tax \(order.tax) total \(order.total) \(order.currency)")
            line("VAT category", order.vatCategory)
            if let rate = order.exchangeRate {
                line("exchange rate", rate + (order.rateEffective.map { " effective \($0)" } ?? " (same currency)"))
            }
            line("payment", order.paymentId)
            line("invoice", order.invoiceNumber)
            line("credit note", order.creditNoteNumber)
            line("provisioning date", order.provisioningDate)
            line("activation date", order.activationDate)
            line("domain", order.domain)
            line("batch", order.batchId)
        }
        if let salesOrder = entry.salesOrder {
            section("Sales order")
            order(salesOrder)
        }
        if let account = entry.account {
            section("Account")
            line("id", account.id)
            line("type", "\(account.accountType), \(account.registration.rawValue) registration")
            line("company", account.companyName)
            line("VAT id", account.vatId)
            line("contact", join(account.contactName, account.contactEmail.map { "<\($0)>" }, separator: " "))
            line("address", [account.addressLine1, account.postalCode, account.city, account.region, account.country]
                .compactMap { $0 }.joined(separator: ", "))
        }
        if let subscription = entry.subscription {
            section("Subscription")
            line("id", subscription.id)
            line("status", subscription.status)
            line("product / plan", "\(subscription.productId) / \(subscription.planId), period \(subscription.periodId)")
            line("current period", "\(subscription.periodStart) to \(subscription.periodEnd) (end not included)")
            line("resources", subscription.resources.map { "\($0.id) \($0.amount)" }.joined(separator: ", "))
            line("billing currency", subscription.currency)
            line("payment model", subscription.paymentModel)
            line("blocking threshold", subscription.blockingThreshold.map { "\($0) \(subscription.currency)" })
            line("domain", subscription.domain)
            line("activation date", subscription.activationDate)
            line("account", subscription.accountId)
            line("batch", subscription.batchId)
        }
        if !entry.relatedOrders.isEmpty {
            section("Renewals and upgrades of the subscription")
            for related in entry.relatedOrders {
                out += "  - \(related.id) \(related.action) ref \(related.ref): \(related.status), period "
                    + "\(related.periodId), total \(related.total) \(related.currency)"
                    + (related.paymentId.map { ", payment \($0)" } ?? "")
                    + (related.invoiceNumber.map { ", invoice \($0)" } ?? "")
                    + (related.creditNoteNumber.map { ", credit note \($0)" } ?? "") + " (batch \(related.batchId))\n"
            }
        }
        if !entry.payments.isEmpty {
            section("Payments")
            for payment in entry.payments {
                out += "  - \(payment.id) \(payment.kind) \(payment.amount) \(payment.currency) \(payment.status), due "
                    + "\(payment.dueDate), reference \(payment.remittanceReference), paid \(payment.paid)"
                    + (payment.paidOn.map { " on \($0)" } ?? "")
                    + (payment.salesOrderId.map { ", for \($0)" } ?? "") + (payment.postponed ? ", postponed" : "") + "\n"
            }
        }
        if !entry.balances.isEmpty {
            section("Account balance")
            for balance in entry.balances { out += "  \(balance.amount) \(balance.currency)\n" }
        }
        if !entry.stateChanges.isEmpty {
            section("State changes")
            for change in entry.stateChanges {
                out += "  \(change.asOf)  \(change.recordedAt)  \(change.entityKind) \(change.entityId): "
                    + "\(change.from ?? "(new)") -> \(change.to)" + (change.batchId.map { "  [\($0)]" } ?? "") + "\n"
            }
        }
        return out
    }

    private static func join(_ first: String?, _ second: String?, separator: String = ", ") -> String? {
        guard let first else { return second }
        guard let second else { return first }
        return first + separator + second
    }
}
