/// Pricing.md, step 8, as a plan: what canceling an order, or one renewal's or upgrade's own sales
/// order, ends. The judge uses it for a `cancel` request; the `provision` job for the cancels it
/// decides by date (an unpaid order, an unpaid postponed payment, a rejected approval).
public enum CancelPlan {
    /// The order with its subscription's renewals and upgrades not yet canceled, oldest first. Ids
    /// in order: each sales order's refund, then its credit note, the order's first.
    public static func wholeOrder(
        _ order: OrderRecord, history: any OrderHistory, context: JudgeContext, ids: inout some IdentifierSource
    ) -> CancelEffect {
        let own = charge(order, context: context, ids: &ids)
        var renewalsAndUpgrades: [CanceledCharge] = []
        if let subscription = order.subscriptionId {
            for change in history.renewalsAndUpgrades(subscription: subscription, reseller: context.reseller.id)
            where change.status != .canceled {
                renewalsAndUpgrades.append(charge(change, context: context, ids: &ids))
            }
        }
        return CancelEffect(order: own, renewalsAndUpgrades: renewalsAndUpgrades, releasedDomain: order.domain)
    }

    /// One sales order the cancel ends: an open payment is voided, what was received is refunded
    /// to the account balance (not a top-up's: it is on the balance already), and an invoiced
    /// sales order gets a credit note.
    public static func charge(_ order: OrderRecord, context: JudgeContext, ids: inout some IdentifierSource) -> CanceledCharge {
        var charge = CanceledCharge(salesOrder: order)
        var received: Money?
        if let payment = order.payment, payment.status != .voided {
            if payment.status == .waitingForPayment || payment.status == .partiallyPaid {
                charge.voidedPaymentId = payment.id
            }
            // A top-up's money went to the account's balance when it was paid (Reconciliation.md):
            // it is there already, so refunding it would credit it twice.
            let paid = payment.kind == .topup ? 0 : payment.status == .paid ? payment.amount.minorUnits : payment.paid
            received = Money(minorUnits: paid, currency: payment.amount.currency)
        }
        // A bill drawn partly from the balance beside its postpaid payment gives that part back too.
        if let drawn = order.balanceDrawn {
            received = Money(minorUnits: (received?.minorUnits ?? 0) + drawn.minorUnits, currency: drawn.currency)
        }
        if let received, received.minorUnits > 0 {
            charge.refund = PaymentRecord(
                id: ids.nextId(.payment), kind: .refund, status: .paid, amount: received, dueDate: context.asOf)
        }
        if order.invoiceNumber != nil {
            charge.creditNoteNumber = ids.nextDocumentNumber(reseller: context.reseller, year: context.asOf.year)
        }
        return charge
    }
}
