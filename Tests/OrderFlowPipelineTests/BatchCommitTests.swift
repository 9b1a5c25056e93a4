import Foundation
import GRDB
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowPipeline

@Suite struct BatchCommitTests {
    typealias H = LedgerHarness

    struct Interrupted: Error {}

    @Test func idsAndInvoiceNumbersRunOnGaplessAcrossBatchesAndRollbacks() throws {
        let harness = try H()
        let lease = try harness.lease()
        let first = try harness.commit("B1", [H.order("A-1", domain: "a.example"), H.order("A-2", domain: "b.example")], under: lease)
        #expect(first.results.map(\.salesOrderId) == ["SO-1", "SO-2"])
        #expect(first.results.map(\.accountId) == ["ACC-1", "ACC-2"])
        #expect(first.results.map(\.paymentId) == ["PAY-1", "PAY-2"])
        #expect(first.documentNumbers == ["ACME-2026-000001", "ACME-2026-000002"])
        #expect(first.results[0].total == "10.97" && first.results[0].currency == "EUR")

        // A commit that fails half-way gives back every id and number it took.
        let text = H.csv([H.order("A-3", domain: "c.example"), H.order("A-4", domain: "d.example")])
        let requests = try H.requests(text, batchId: "B2")
        try harness.ledger.recordClaim(
            FileClaim(claimId: "claim-B2", reseller: "R-ACME", fileName: "B2.csv", asOf: H.asOf, claimedAt: 2),
            under: lease)
        #expect(throws: Interrupted.self) {
            try harness.ledger.commitBatch(H.newBatch("B2", text: text), catalog: harness.catalog, claimId: "claim-B2", under: lease) { sink in
                try sink(requests[0])
                throw Interrupted()
            }
        }
        #expect(try harness.ledger.committedBatch(reseller: "R-ACME", batchId: "B2") == nil)
        #expect(try harness.count("sales_orders") == 2)

        let third = try harness.commit("B3", [H.order("A-3", domain: "c.example")], under: lease)
        #expect(third.results[0].salesOrderId == "SO-3")
        #expect(third.results[0].subscriptionId == "SUB-3")
        #expect(third.results[0].paymentId == "PAY-3")
        #expect(third.documentNumbers == ["ACME-2026-000003"])
        #expect(third.payments.map(\.remittanceReference) == [CreditorReference.make(paymentId: "PAY-3")])
    }

    @Test func duplicatesAndRefConflictsAcrossBatches() throws {
        let harness = try H()
        let lease = try harness.lease()
        let first = try harness.commit("B1", [H.order("A-1", domain: "globex.example")], under: lease)
        var changed = H.order("A-1", domain: "globex.example")
        changed["city"] = "Hamburg"
        let second = try harness.commit("B2", [H.order("A-1", domain: "globex.example"), changed], under: lease)
        #expect(second.results[0].outcome == .duplicate)
        var repeated = first.results[0]
        repeated.outcome = .duplicate
        #expect(second.results[0] == repeated)
        #expect(second.results[1].outcome == .rejected)
        // The conflict is listed; results.csv shows the first error by ErrorCodes.md, Which error
        // wins (the domain, held by A-1 itself).
        #expect(second.results[1].errorCode == .domainTaken)
        #expect(second.rejected.first?.diagnostics.map(\.code).contains(.duplicateRefConflict) == true)
        #expect(second.payments.isEmpty && second.documentNumbers.isEmpty)
        #expect(second.rejected.map(\.line) == [3])
        #expect(try harness.count("sales_orders") == 1)
    }

    @Test func aDomainIsTakenAcrossBatchesUntilItsOrderIsCanceled() throws {
        let harness = try H()
        let lease = try harness.lease()
        try harness.commit("B1", [H.order("A-1", domain: "globex.example")], under: lease)
        let taken = try harness.commit("B2", [H.order("A-2", domain: "GLOBEX.example")], under: lease)
        #expect(taken.results[0].errorCode == .domainTaken)

        let canceled = try harness.commit("B3", [H.cancel("A-1")], under: lease)
        #expect(canceled.results[0].outcome == .accepted)
        #expect(canceled.results[0].salesOrderStatus == .canceled)
        #expect(canceled.results[0].total == "10.97")
        // The unpaid prepay payment of batch B1 is voided and listed with the cancel's batch.
        #expect(canceled.payments.map(\.paymentId) == ["PAY-1"])
        #expect(canceled.payments[0].status == .voided)
        #expect(canceled.documentNumbers == ["ACME-2026-000002"])
        #expect(canceled.results[0].invoiceNumber == "ACME-2026-000002")

        let again = try harness.commit("B4", [H.order("A-2", domain: "GLOBEX.example"), H.cancel("A-1")], under: lease)
        #expect(again.results[0].outcome == .accepted)
        #expect(again.results[1].outcome == .duplicate)
        // The earlier batch's outputs are a snapshot: its payment still reads as created.
        let first = try harness.ledger.outputs(ofBatch: 1)
        #expect(first.payments.map(\.status) == [.waitingForPayment])
        let order = try harness.ledger.readHistory { $0.order(ref: "A-1", reseller: "R-ACME") }
        #expect(order?.status == .canceled && order?.subscriptionStatus == .canceled)
        #expect(order?.payment?.status == .voided)
    }

    @Test func aCancelInTheSameBatchListsItsPaymentOnceAsVoided() throws {
        let harness = try H()
        let lease = try harness.lease()
        let outputs = try harness.commit("B1", [H.order("A-1", domain: "globex.example"), H.cancel("A-1")], under: lease)
        #expect(outputs.results.map(\.outcome) == [.accepted, .accepted])
        #expect(outputs.payments.map(\.paymentId) == ["PAY-1"])
        #expect(outputs.payments.map(\.status) == [.voided])
        #expect(outputs.documentNumbers == ["ACME-2026-000001", "ACME-2026-000002"])
        #expect(try harness.ledger.readHistory { $0.isDomainHeld("globex.example", productId: "PRD-MAIL") } == false)
    }

    @Test func promoMaxUsesCountAcrossBatches() throws {
        let harness = try H()
        let lease = try harness.lease()
        let first = try harness.commit("B1", [H.order("A-1", domain: "a.example", promo: "ONCEONLY")], under: lease)
        #expect(first.results[0].outcome == .accepted)
        #expect(first.results[0].total != "10.97")
        let second = try harness.commit("B2", [H.order("A-2", domain: "b.example", promo: "ONCEONLY")], under: lease)
        #expect(second.results[0].errorCode == .promoExhausted)
        // A cancel gives no use back.
        try harness.commit("B3", [H.cancel("A-1")], under: lease)
        let third = try harness.commit("B4", [H.order("A-3", domain: "c.example", promo: "ONCEONLY")], under: lease)
        #expect(third.results[0].errorCode == .promoExhausted)
        #expect(try harness.ledger.readHistory { $0.promoUses(code: "ONCEONLY") } == 1)
    }

    @Test func rejectFileStoresOnlyResultRows() throws {
        let harness = try H()
        let lease = try harness.lease()
        try harness.commit("B1", [H.order("A-1", domain: "a.example")], under: lease)
        var invalid = H.order("A-3", domain: "c.example")
        invalid["period"] = "2Y"
        let outputs = try harness.commit(
            "B2",
            [H.order("A-1", domain: "a.example"), H.order("A-2", domain: "b.example"), invalid,
             H.order("A-4", domain: "d.example"), H.order("A-4", domain: "d.example")],
            policy: .rejectFile, under: lease)
        #expect(outputs.results.map(\.outcome) == [.duplicate, .rejected, .rejected, .rejected, .rejected])
        #expect(outputs.results.map(\.errorCode) == [nil, .batchRejected, .unknownPeriod, .batchRejected, .batchRejected])
        #expect(outputs.results[1].salesOrderId == nil && outputs.results[1].errorField == "")
        #expect(outputs.results[0].salesOrderId == "SO-1")
        #expect(outputs.rejected.map(\.line) == [3, 4, 5, 6])
        #expect(outputs.rejected[0].source.hasPrefix("R-ACME,A-2,order,"))
        #expect(outputs.payments.isEmpty && outputs.documentNumbers.isEmpty)
        #expect(try harness.count("sales_orders") == 1)
        #expect(try harness.count("accounts") == 1)
        #expect(try harness.count("accepted_requests") == 1)
        #expect(try harness.ledger.committedBatch(reseller: "R-ACME", batchId: "B2") != nil)

        // Nothing was allocated: the next batch goes on from SO-2 and invoice 2.
        let next = try harness.commit("B3", [H.order("A-2", domain: "b.example")], under: lease)
        #expect(next.results[0].salesOrderId == "SO-2")
        #expect(next.documentNumbers == ["ACME-2026-000002"])

        // reject-file with nothing rejected commits everything.
        let clean = try harness.commit("B4", [H.order("A-5", domain: "e.example")], policy: .rejectFile, under: lease)
        #expect(clean.results[0].salesOrderId == "SO-3")
    }

    @Test func outputsRoundTripWhatWasCommitted() throws {
        let harness = try H()
        let lease = try harness.lease()
        var invalid = H.order("A-2", domain: "bad_domain")
        invalid["terms_accepted"] = "false"
        let text = H.csv([H.order("A-1", domain: "globex.example"), invalid])
        let requests = try H.requests(text, batchId: "B1")
        try harness.ledger.recordClaim(
            FileClaim(claimId: "c1", reseller: "R-ACME", fileName: "B1.csv", asOf: H.asOf, claimedAt: 1), under: lease)
        var judge = BatchJudge(
            context: JudgeContext(catalog: harness.catalog, reseller: harness.catalog.reseller(id: "R-ACME")!, asOf: H.asOf),
            history: EmptyHistory())
        var ids = SequentialIdentifiers()
        let expected = requests.map { judge.judge($0, ids: &ids) }

        let batch = H.newBatch("B1", text: text)
        let record = try harness.ledger.commitBatch(batch, catalog: harness.catalog, claimId: "c1", under: lease) { sink in
            for request in requests { try sink(request) }
        }
        #expect(record.batch == batch)
        #expect(try harness.ledger.committedBatch(reseller: "R-ACME", sha256: batch.sha256) == record)
        #expect(try harness.ledger.committedBatch(reseller: "R-MAPLE", sha256: batch.sha256) == nil)
        #expect(try harness.ledger.fileClaims(reseller: "R-ACME").first?.batchKey == record.key)

        let outputs = try harness.ledger.outputs(ofBatch: record.key)
        #expect(outputs.batch == record)
        #expect(outputs.results == expected.map(\.result))
        #expect(outputs.rejected == [RejectedRequest(line: 3, source: requests[1].source, diagnostics: expected[1].diagnostics)])
        #expect(outputs.rejected[0].diagnostics.count >= 2)
        #expect(outputs.payments == [
            PaymentRow(
                paymentId: "PAY-1", kind: .order, salesOrderId: "SO-1", accountId: "ACC-1",
                amount: Money(minorUnits: 1097, currency: Currency(code: "EUR")!), status: .waitingForPayment,
                dueDate: H.asOf.adding(days: 14), remittanceReference: CreditorReference.make(paymentId: "PAY-1")),
        ])
        #expect(outputs.documentNumbers == ["ACME-2026-000001"])

        // The same file again, or the same batch id for other content, is refused inside the commit.
        #expect(throws: BatchCommitError.self) {
            try harness.ledger.commitBatch(batch, catalog: harness.catalog, claimId: "c1", under: lease) { _ in }
        }
    }

    @Test func readHistorySeesCommittedBatchesOnlyAndNeverWaitsForACommit() throws {
        let harness = try H()
        let lease = try harness.lease()
        let reader = try SQLiteLedger(readOnlyPath: harness.path)
        let text = H.csv([H.order("A-1", domain: "globex.example")])
        let requests = try H.requests(text, batchId: "B1")
        try harness.ledger.recordClaim(
            FileClaim(claimId: "c1", reseller: "R-ACME", fileName: "B1.csv", asOf: H.asOf, claimedAt: 1), under: lease)
        var seenDuringCommit: StoredRequest?? = .none
        _ = try harness.ledger.commitBatch(H.newBatch("B1", text: text), catalog: harness.catalog, claimId: "c1", under: lease) { sink in
            for request in requests { try sink(request) }
            // The write transaction is open and holds A-1: a reader neither waits nor sees it.
            seenDuringCommit = try reader.readHistory { $0.acceptedRequest(ref: "A-1", reseller: "R-ACME") }
        }
        #expect(seenDuringCommit == .some(nil))
        let stored = try reader.readHistory { $0.acceptedRequest(ref: "A-1", reseller: "R-ACME") }
        #expect(stored?.result.salesOrderId == "SO-1")
        #expect(try reader.readHistory { $0.account(id: "ACC-1", reseller: "R-ACME")?.companyName } == "Globex GmbH")
        #expect(try reader.readHistory { $0.account(id: "ACC-1", reseller: "R-MAPLE") } == nil)
        let subscription = try reader.readHistory { $0.subscription(id: "SUB-1", reseller: "R-ACME") }
        #expect(subscription?.resources.map(\.id) == ["MAILBOX", "STORAGE"])
        #expect(subscription?.status == .waitingForPayment)
        #expect(try reader.readHistory { $0.isDomainHeld("globex.example", productId: "PRD-MAIL") })
        #expect(try reader.readHistory { $0.hasLedger })
    }

    @Test func everyStateChangeIsRecordedWithTheCommitTime() throws {
        let harness = try H()
        let lease = try harness.lease()
        try harness.commit("B1", [H.order("A-1", domain: "globex.example"), H.cancel("A-1")], under: lease)
        let changes = try harness.ledger.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT entity_kind, entity_id, from_status, to_status, recorded_at, as_of FROM state_changes ORDER BY id")
        }
        let described = changes.map { "\($0["entity_kind"] as String) \($0["entity_id"] as String) \(($0["from_status"] as String?) ?? "-")→\($0["to_status"] as String)" }
        #expect(described == [
            "subscription SUB-1 -→WaitingForPayment", "payment PAY-1 -→WaitingForPayment",
            "sales_order SO-1 -→WaitingForPayment", "sales_order SO-1 WaitingForPayment→Canceled",
            "subscription SUB-1 WaitingForPayment→Canceled", "payment PAY-1 WaitingForPayment→Voided",
        ])
        #expect(changes.allSatisfy { ($0["recorded_at"] as Int64) == 1_800_000_000_000 && ($0["as_of"] as String) == "2026-11-22" })
    }
}
