import OrderFlowCore
import OrderFlowPipeline
import Testing

@Suite struct OutputRenderTests {
    static let eur = Currency(code: "EUR")!
    static let jpy = Currency(code: "JPY")!

    func outputs(format: BatchHeader.Format, header: String? = nil, rejected: [RejectedRequest] = [],
                 results: [RequestResult] = [], payments: [PaymentRow] = [], batchId: String = "ACME-01") -> BatchOutputs {
        BatchOutputs(
            batch: BatchRecord(
                key: 1,
                batch: NewBatch(
                    reseller: "R-ACME", batchId: batchId, fileName: "\(batchId).\(format.rawValue)", format: format,
                    sha256: "ab", asOf: CalendarDate(iso: "2026-11-22")!, policy: .rejectOrder, headerSource: header)),
            results: results, rejected: rejected, payments: payments, documentNumbers: [])
    }

    @Test func resubmissionBatchIdsCount() {
        #expect(RejectedFile.resubmissionBatchId(of: "ACME-01") == "ACME-01-R1")
        #expect(RejectedFile.resubmissionBatchId(of: "ACME-01-R1") == "ACME-01-R2")
        #expect(RejectedFile.resubmissionBatchId(of: "ACME-01-R9") == "ACME-01-R10")
        #expect(RejectedFile.resubmissionBatchId(of: "ACME-R") == "ACME-R-R1")
        // Only a suffix OrderFlow writes counts on; anything else is part of the id.
        #expect(RejectedFile.resubmissionBatchId(of: "ACME-R01") == "ACME-R01-R1")
        #expect(RejectedFile.resubmissionBatchId(of: "ACME-R0") == "ACME-R0-R1")
        #expect(RejectedFile.resubmissionBatchId(of: "ACME-R999999998") == "ACME-R999999999")
        // Past the last round, and for numbers no integer holds, a new suffix starts (never a trap).
        #expect(RejectedFile.resubmissionBatchId(of: "ACME-R999999999") == "ACME-R999999999-R1")
        #expect(RejectedFile.resubmissionBatchId(of: "ACME-R9223372036854775807") == "ACME-R9223372036854775807-R1")
    }

    @Test func rejectedCSVAppendsErrorCellsAndKeepsRowsByteForByte() throws {
        let errors = [
            Diagnostic(.domainInvalid, field: "domain", "bad, very bad", at: SourceLocation(line: 2, column: 5)),
            Diagnostic(.termsNotAccepted, field: "terms_accepted", "say \"true\"", at: SourceLocation(line: 2, column: 7)),
        ]
        let row = #"R-ACME,A-1,"=cmd",gamma..example"#
        let rendered = try #require(RejectedFile.render(outputs(
            format: .csv, header: "reseller,ref,company_name,domain",
            rejected: [RejectedRequest(line: 2, source: row, diagnostics: errors)])))
        #expect(rendered.name == "rejected.csv")
        #expect(String(decoding: rendered.bytes, as: UTF8.self) == #"""
            reseller,ref,company_name,domain,error_code,error_message
            R-ACME,A-1,"=cmd",gamma..example,DOMAIN_INVALID;TERMS_NOT_ACCEPTED,"domain: bad, very bad | terms_accepted: say ""true"""

            """#)
    }

    @Test func rejectedCSVReplacesExistingErrorCellsOnly() throws {
        let errors = [Diagnostic(.unknownPlan, field: "plan", "no plan X", at: SourceLocation(line: 2, column: 3))]
        let row = #"R-ACME,"A,1",OLD_CODE,"old, message",X"#
        let rendered = try #require(RejectedFile.render(outputs(
            format: .csv, header: "reseller,ref,error_code,error_message,plan",
            rejected: [RejectedRequest(line: 2, source: row, diagnostics: errors)])))
        #expect(String(decoding: rendered.bytes, as: UTF8.self) == #"""
            reseller,ref,error_code,error_message,plan
            R-ACME,"A,1",UNKNOWN_PLAN,plan: no plan X,X

            """#)
    }

    @Test func rejectedXMLCarriesCommentsWithEscapedDashesAndANewBatchId() throws {
        let errors = [Diagnostic(.domainInvalid, field: "domain", "'a--b' is not a domain", at: SourceLocation(line: 3, column: 5))]
        let rendered = try #require(RejectedFile.render(outputs(
            format: .xml, rejected: [RejectedRequest(line: 3, source: #"<cancel ref="A-1"/>"#, diagnostics: errors)],
            batchId: "ACME-01-R1")))
        #expect(rendered.name == "rejected.xml")
        #expect(String(decoding: rendered.bytes, as: UTF8.self) == #"""
            <?xml version="1.0" encoding="UTF-8"?>
            <orderBatch xmlns="urn:orderflow:orders:1" reseller="R-ACME" batchId="ACME-01-R2">
              <!-- line 3 of ACME-01-R1.xml:
                   [DOMAIN_INVALID] domain: 'a- -b' is not a domain
              -->
              <cancel ref="A-1"/>
            </orderBatch>

            """#)
    }

    @Test func nothingRejectedMeansNoRejectedFile() {
        #expect(RejectedFile.render(outputs(format: .csv, header: "reseller,ref")) == nil)
    }

    @Test func receiptSumsAcceptedOrdersPerCurrencyAndCountsTheRest() {
        var order = RequestResult(ref: "A-1", line: 2, action: "order", outcome: .accepted)
        (order.currency, order.net, order.tax, order.total) = ("EUR", "453.56", "86.18", "539.74")
        var second = RequestResult(ref: "A-2", line: 3, action: "order", outcome: .accepted)
        (second.currency, second.net, second.tax, second.total) = ("EUR", "0.44", "0.09", "0.53")
        var yen = RequestResult(ref: "A-3", line: 4, action: "renewal", outcome: .accepted)
        (yen.currency, yen.net, yen.tax, yen.total) = ("JPY", "1000", "100", "1100")
        var cancel = RequestResult(ref: "A-0", line: 5, action: "cancel", outcome: .accepted)
        (cancel.currency, cancel.net, cancel.tax, cancel.total) = ("EUR", "10.00", "1.90", "11.90")
        let rejected = RequestResult(ref: "A-4", line: 6, action: "order", outcome: .rejected)
        let payments = [
            PaymentRow(paymentId: "PAY-1", kind: .order, salesOrderId: "SO-1", accountId: "ACC-1",
                       amount: Money(minorUnits: 53974, currency: Self.eur), status: .waitingForPayment,
                       dueDate: CalendarDate(iso: "2026-12-06"), remittanceReference: "RF32PAY1"),
            PaymentRow(paymentId: "PAY-2", kind: .order, salesOrderId: "SO-2", accountId: "ACC-2",
                       amount: Money(minorUnits: 53, currency: Self.eur), status: .waitingForPayment,
                       dueDate: nil, remittanceReference: "RF05PAY2"),
        ]
        let text = String(decoding: ReceiptFile.render(outputs(
            format: .xml, results: [order, second, yen, cancel, rejected], payments: payments)), as: UTF8.self)
        #expect(text == #"""
            {
              "batchId": "ACME-01",
              "reseller": "R-ACME",
              "fileName": "ACME-01.xml",
              "sha256": "ab",
              "asOf": "2026-11-22",
              "onInvalidOrder": "reject-order",
              "requests": 5,
              "counts": {
                "cancel": {
                  "accepted": 1,
                  "rejected": 0,
                  "duplicate": 0
                },
                "order": {
                  "accepted": 2,
                  "rejected": 1,
                  "duplicate": 0
                },
                "renewal": {
                  "accepted": 1,
                  "rejected": 0,
                  "duplicate": 0
                }
              },
              "totals": [
                {
                  "currency": "EUR",
                  "net": "454.00",
                  "tax": "86.27",
                  "total": "540.27"
                },
                {
                  "currency": "JPY",
                  "net": "1000",
                  "tax": "100",
                  "total": "1100"
                }
              ],
              "payments": [
                {
                  "kind": "order",
                  "status": "WaitingForPayment",
                  "currency": "EUR",
                  "count": 2,
                  "amount": "540.27"
                }
              ],
              "documents": []
            }

            """#)
    }

    /// Two totals of the largest amount a request can have (Int64.max minor units) sum beyond
    /// Int64: the receipt prints the exact sum instead of trapping after the commit.
    @Test func receiptSumsBeyondInt64AreExact() throws {
        var first = RequestResult(ref: "A-1", line: 2, action: "order", outcome: .accepted)
        (first.currency, first.net, first.tax, first.total) =
            ("EUR", "92233720368547758.07", "0.00", "92233720368547758.07")
        var second = first
        second.ref = "A-2"
        second.line = 3
        let payments = [1, 2].map { id in
            PaymentRow(paymentId: "PAY-\(id)", kind: .order, salesOrderId: "SO-\(id)", accountId: "ACC-1",
                       amount: Money(minorUnits: Int64.max, currency: Self.eur), status: .waitingForPayment,
                       dueDate: nil, remittanceReference: "")
        }
        let text = String(decoding: ReceiptFile.render(outputs(
            format: .xml, results: [first, second], payments: payments)), as: UTF8.self)
        // 2 × 9,223,372,036,854,775,807 cents = 18,446,744,073,709,551,614 cents.
        #expect(text.contains(#""net": "184467440737095516.14""#), "\(text)")
        #expect(text.contains(#""total": "184467440737095516.14""#))
        #expect(text.contains(#""amount": "184467440737095516.14""#))
        #expect(Money.format(Int128(-5), minorUnits: 2) == "-0.05")
        #expect(Money.format(Int128(1234), minorUnits: 0) == "1234")
    }

    /// A payment voided in the batch that created it is no money asked for: the receipt keeps it
    /// apart from the open ones (Outputs.md, `receipt.json`), one entry per kind, status and currency.
    @Test func receiptCountsAndSumsPaymentsByKindStatusAndCurrency() throws {
        func payment(_ id: Int, _ kind: PaymentKind, _ minorUnits: Int64, _ currency: Currency, _ status: PaymentStatus)
            -> PaymentRow
        {
            PaymentRow(
                paymentId: "PAY-\(id)", kind: kind, salesOrderId: "SO-\(id)", accountId: "ACC-\(id)",
                amount: Money(minorUnits: minorUnits, currency: currency), status: status, dueDate: nil,
                remittanceReference: "")
        }
        let payments = [
            payment(1, .order, 53974, Self.eur, .waitingForPayment),
            payment(2, .refund, 1250, Self.eur, .paid),
            payment(3, .order, 1097, Self.eur, .voided),
            payment(4, .topup, 4608, Self.eur, .waitingForPayment),
            payment(5, .order, 502, Self.eur, .waitingForPayment),
            payment(6, .order, 1114, Self.jpy, .waitingForPayment),
            payment(7, .order, 34986, Self.eur, .voided),
        ]
        let text = String(decoding: ReceiptFile.render(outputs(format: .xml, payments: payments)), as: UTF8.self)
        let payload = try #require(text.range(of: "\"payments\": ["))
        // Open order payments 539.74 + 5.02 = 544.76 EUR; voided 10.97 + 349.86 = 360.83 EUR.
        #expect(text[payload.lowerBound...] == #"""
            "payments": [
                {
                  "kind": "order",
                  "status": "WaitingForPayment",
                  "currency": "EUR",
                  "count": 2,
                  "amount": "544.76"
                },
                {
                  "kind": "order",
                  "status": "WaitingForPayment",
                  "currency": "JPY",
                  "count": 1,
                  "amount": "1114"
                },
                {
                  "kind": "order",
                  "status": "Voided",
                  "currency": "EUR",
                  "count": 2,
                  "amount": "360.83"
                },
                {
                  "kind": "topup",
                  "status": "WaitingForPayment",
                  "currency": "EUR",
                  "count": 1,
                  "amount": "46.08"
                },
                {
                  "kind": "refund",
                  "status": "Paid",
                  "currency": "EUR",
                  "count": 1,
                  "amount": "12.50"
                }
              ],
              "documents": []
            }

            """#)
    }

    @Test func paymentsAndResultsAreSpreadsheetSafe() {
        let payment = PaymentRow(
            paymentId: "PAY-7", kind: .refund, salesOrderId: "SO-3", accountId: "=ACC",
            amount: Money(minorUnits: -1250, currency: Self.eur), status: .paid, dueDate: nil,
            remittanceReference: "RF64PAY7")
        #expect(String(decoding: PaymentsFile.render([payment]), as: UTF8.self) == #"""
            payment_id,kind,sales_order_id,account_id,amount,currency,status,due_date,remittance_reference
            PAY-7,refund,SO-3,'=ACC,-12.50,EUR,Paid,,RF64PAY7

            """#)
        var result = RequestResult(ref: "+cmd", line: 2, action: "order", outcome: .rejected)
        result.errorMessage = "@home"
        let text = String(decoding: ResultsFile.render([result]), as: UTF8.self)
        #expect(text.hasSuffix("'+cmd,2,order,rejected,,,,,,,,,,,,,,'@home\n"))
    }
}
