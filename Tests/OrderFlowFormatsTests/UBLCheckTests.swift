import OrderFlowCore
import Testing

@testable import OrderFlowFormats

/// EInvoiceCheck: each rule fires on the document broken for it, and on nothing else.
@Suite struct UBLCheckTests {
    static func rules(_ invoice: EInvoice) -> [String] { EInvoiceCheck.findings(invoice).map(\.rule) }

    static func rules(_ change: (inout EInvoice) -> Void, from base: EInvoice = UBLCases.domestic) -> [String] {
        var invoice = base
        change(&invoice)
        return rules(invoice)
    }

    @Test func theHandWorkedCasesAndTheGeneratedOnesPass() {
        for (name, invoice) in UBLCases.all { #expect(Self.rules(invoice) == [], "\(name)") }
        var generator = UBLGenerator(seed: 20_261_101)
        for index in 0..<500 {
            let invoice = generator.document(index)
            #expect(Self.rules(invoice) == [], "generated #\(index): \(EInvoiceCheck.findings(invoice))")
        }
    }

    /// BR-CO-10 … BR-CO-16: each total against what it sums.
    @Test func totals() {
        #expect(Self.rules { $0.totals.lineNet += 1 } == ["BR-CO-10", "BR-CO-13"])
        #expect(Self.rules { $0.totals.allowances += 1 } == ["BR-CO-11", "BR-CO-13"])
        #expect(Self.rules { $0.totals.taxExclusive += 1 } == ["BR-CO-13", "BR-CO-15"])
        #expect(Self.rules { $0.totals.tax += 1 } == ["BR-CO-14", "BR-CO-15"])
        #expect(Self.rules { $0.totals.taxInclusive += 1 } == ["BR-CO-15", "BR-CO-16"])
        #expect(Self.rules { $0.totals.payable -= 1 } == ["BR-CO-16"])
        // A payment already made is subtracted from what is due.
        #expect(
            Self.rules {
                $0.totals.paid = 100_00
                $0.totals.payable -= 100_00
            } == [])
    }

    /// BR-CO-17 and BR-S-08: the breakdown against its lines and its rate.
    @Test func vatBreakdown() {
        // The taxable amount must be the lines less the allowances, to the cent.
        #expect(Self.rules { $0.vatBreakdown[0].taxable += 1 } == ["BR-S-08"])
        // One cent off the rounded tax: OrderFlow's bound (CEN tolerates up to one euro).
        #expect(
            Self.rules {
                $0.vatBreakdown[0].amount += 1
                $0.totals.tax += 1
                $0.totals.taxInclusive += 1
                $0.totals.payable += 1
            }
                == ["OF-TAX-ROUNDING"])
        // A whole euro off: CEN's BR-CO-17 too.
        #expect(
            Self.rules {
                $0.vatBreakdown[0].amount += 100
                $0.totals.tax += 100
                $0.totals.taxInclusive += 100
                $0.totals.payable += 100
            }
                == ["BR-CO-17"])
        // A line at a rate with no breakdown entry.
        #expect(
            Self.rules { $0.lines[1].tax = EInvoice.TaxCategory(.standard, rate: UBLCases.rate("0.07")) }
                == ["BR-S-08", "BR-S-01"])
        // Two entries for one category and rate.
        #expect(Self.rules { $0.vatBreakdown.append($0.vatBreakdown[0]) }.contains("OF-VAT-UNIQUE"))
    }

    /// Quebec: the combined entry is exactly its taxes, within k/2 of the combined rate.
    @Test func combinedTaxes() {
        let base = UBLCases.quebec
        #expect(Self.rules({ $0.vatBreakdown[0].components[1].amount += 1 }, from: base) == ["OF-TAX-COMPONENTS"])
        #expect(
            Self.rules({ $0.vatBreakdown[0].components[1].rate = UBLCases.rate("0.0998") }, from: base) == [
                "OF-TAX-COMPONENTS"
            ])
        // Without its two components the entry may be only half a cent off: 187.21 is 0.75 cent off.
        #expect(Self.rules({ $0.vatBreakdown[0].components = [] }, from: base) == ["OF-TAX-ROUNDING"])
    }

    @Test func lines() {
        #expect(
            Self.rules {
                $0.lines[0].netAmount += 1
                $0.totals.lineNet += 1
                $0.totals.taxExclusive += 1
            }
            .contains("OF-LINE-NET"))
        #expect(Self.rules { $0.lines[2].price = EInvoice.UnitPrice(amount: 92) } == ["OF-LINE-NET"])
        #expect(Self.rules { $0.lines[2].price = EInvoice.UnitPrice(amount: 921, baseQuantity: 7) } == ["OF-LINE-NET"])
        // 10 % of 92.15 is 9.215: 9.21 or 9.22 as the rounding mode says, never 9.20.
        let halfEven = Self.rules {
            $0.lines[0].allowance?.amount = 9_21
            $0.lines[0].netAmount = 82_94
        }
        #expect(!halfEven.contains("OF-LINE-ALLOWANCE"))
        let offByOne = Self.rules {
            $0.lines[0].allowance?.amount = 9_20
            $0.lines[0].netAmount = 82_95
        }
        #expect(offByOne.contains("OF-LINE-ALLOWANCE"))
        // Not the line's amount, and 9.22 is not 10 % of 92.14 either.
        #expect(Self.rules { $0.lines[0].allowance?.baseAmount = 92_14 } == ["OF-LINE-ALLOWANCE", "OF-LINE-ALLOWANCE"])
        #expect(Self.rules { $0.lines[1].id = "1" } == ["OF-LINE-ID"])
        #expect(Self.rules { $0.lines[1].name = "" } == ["BR-25"])
        #expect(
            Self.rules {
                $0.lines = []
                $0.totals = EInvoice.Totals(
                    lineNet: 0, allowances: 5_00, taxExclusive: -5_00, tax: 57_88, taxInclusive: 52_88, payable: 52_88)
            }
            .starts(with: ["BR-16"]))
    }

    /// The category rules CEN checks on parties and breakdowns.
    @Test func categories() {
        let reverse = UBLCases.reverseChargeCreditNote
        #expect(
            Self.rules(
                {
                    $0.buyer.vatId = nil
                    $0.buyer.companyId = nil
                }, from: reverse) == ["BR-AE-02"])
        #expect(
            Self.rules(
                {
                    $0.vatBreakdown[0].exemptionReason = nil
                    $0.vatBreakdown[0].exemptionReasonCode = nil
                }, from: reverse)
                == ["BR-AE-10"])
        #expect(
            Self.rules({ $0.vatBreakdown[0].exemptionReasonCode = "VATEX-EU-AE" }, from: UBLCases.domestic) == [
                "BR-S-10"
            ])
        #expect(Self.rules { $0.seller.vatId = nil } == ["BR-S-02"])
        #expect(
            Self.rules {
                $0.seller.vatId = nil
                $0.seller.companyId = nil
            } == ["BR-S-02", "BR-CO-26"])
        #expect(Self.rules { $0.buyer.vatId = "123456789" } == ["BR-CO-09"])
        #expect(
            Self.rules(
                {
                    $0.vatBreakdown[0].tax.rate = UBLCases.rate("0.19")
                    $0.lines = $0.lines.map {
                        var line = $0
                        line.tax.rate = UBLCases.rate("0.19")
                        return line
                    }
                }, from: reverse
            )
            .contains("BR-AE-05"))
        // Not subject: no VAT id anywhere, and no other category beside it.
        var notSubject = UBLCases.reverseChargeCreditNote
        notSubject.lines = notSubject.lines.map {
            var line = $0
            line.tax = EInvoice.TaxCategory(.notSubject)
            return line
        }
        notSubject.vatBreakdown = [.untaxed(.notSubject, taxable: 49_00)]
        #expect(Self.rules(notSubject) == ["BR-O-02"])
        notSubject.seller.vatId = nil
        notSubject.buyer.vatId = nil
        #expect(Self.rules(notSubject) == [])
        notSubject.lines[0].tax = EInvoice.TaxCategory(.zeroRated)
        notSubject.vatBreakdown = [.untaxed(.notSubject, taxable: 40_00), .untaxed(.zeroRated, taxable: 9_00)]
        #expect(Self.rules(notSubject).contains("BR-O-11"))
    }

    /// Goods to another member state (`K`): both VAT ids, and the period as the delivery date.
    @Test func intraCommunitySupply() throws {
        var goods = UBLCases.reverseChargeCreditNote
        goods.lines = goods.lines.map { var line = $0; line.tax = EInvoice.TaxCategory(.intraCommunity); return line }
        goods.vatBreakdown = [.untaxed(.intraCommunity, taxable: 49_00)]
        #expect(Self.rules(goods) == [])
        let text = String(decoding: try UBLWriter().render(goods), as: UTF8.self)
        #expect(text.contains("<cac:Delivery><cac:DeliveryLocation><cac:Address><cac:Country>"
            + "<cbc:IdentificationCode>FR</cbc:IdentificationCode>"))
        #expect(Self.rules({ $0.period = nil }, from: goods) == ["BR-IC-11"])
        #expect(Self.rules({ $0.buyer.vatId = nil }, from: goods) == ["BR-IC-02"])
    }

    @Test func documentAndPayment() {
        #expect(Self.rules { $0.number = "" } == ["BR-02"])
        #expect(Self.rules { $0.buyer.address.country = "XX" } == ["BR-11"])
        #expect(
            Self.rules {
                $0.period = EInvoice.Period(start: UBLCases.date("2026-11-02"), end: UBLCases.date("2026-11-01"))
            }
                == ["BR-29"])
        #expect(Self.rules { $0.paymentMeans?.payeeAccount = nil } == ["BR-61"])
        #expect(
            Self.rules { $0.paymentMeans = EInvoice.PaymentMeans(code: .notDefined, remittanceReference: "RF32PAY1") }
                == [])
        #expect(Self.rules { $0.paymentMeans?.remittanceReference = "RF33PAY1" } == ["OF-RF"])
        #expect(
            Self.rules({ $0.precedingInvoice = nil }, from: UBLCases.reverseChargeCreditNote) == ["OF-CREDIT-REFERENCE"]
        )
        #expect(
            Self.rules({ $0.dueDate = UBLCases.date("2026-11-24") }, from: UBLCases.reverseChargeCreditNote) == [
                "OF-CREDIT-DUE"
            ])
        #expect(Self.rules { $0.buyer.taxRegistrationId = "X" } == ["OF-BUYER-TAX-REGISTRATION"])
        #expect(Self.rules({ $0.taxCurrency?.currency = UBLCases.jpy }, from: UBLCases.yen) == ["OF-TAX-CURRENCY"])
    }

    /// EN 16931 allows two decimals in an amount: a dinar amount with a third is reported.
    @Test func threeDecimals() {
        #expect(Set(Self.rules { $0.currency = UBLCases.bhd }) == ["BR-DEC"])
        var dinar = UBLCases.dinar
        dinar.lines[1].price = EInvoice.UnitPrice(amount: 805)  // 3 × 0.805 = 2.415
        dinar.lines[1].netAmount = 2_415
        dinar.vatBreakdown[0].taxable = 27_915
        dinar.vatBreakdown[0].amount = 2_792  // 2.7915 → 2.792
        dinar.totals = EInvoice.Totals(
            lineNet: 27_915, allowances: 0, taxExclusive: 27_915, tax: 2_792, taxInclusive: 30_707, payable: 30_707)
        #expect(Self.rules(dinar) == Array(repeating: "BR-DEC", count: 8))
    }
}
