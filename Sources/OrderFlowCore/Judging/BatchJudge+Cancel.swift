extension BatchJudge {
    enum CancelVerdict {
        /// The order is already canceled: nothing changes, the canceled order is reported.
        case duplicate(RequestResult)
        case accepted(RequestResult, AcceptedEffects)
        case rejected
    }

    /// `<cancel ref>` (Rules.md, cancel; Pricing.md, step 8): the ref names an accepted order of
    /// this reseller.
    mutating func judgeCancel(
        _ request: DecodedRequest, raw: RawRequest, findings: inout [Diagnostic], ids: inout some IdentifierSource
    ) -> CancelVerdict {
        guard let ref = request.ref else { return .rejected }
        let reseller = context.reseller
        let location = raw.location(of: .ref)
        guard let order = history.order(ref: ref, reseller: reseller.id) else {
            if let stored = history.acceptedRequest(ref: ref, reseller: reseller.id), stored.action != .order {
                findings.append(Diagnostic(
                    .cancelNotAllowed, field: RequestField.ref.name,
                    "\(ref) is a \(stored.action.rawValue), not an order: only orders can be canceled.", at: location))
            } else {
                findings.append(context.unresolved(
                    .unknownOrder, field: RequestField.ref.name,
                    "\(reseller.id) has no accepted order with ref \(ref): check the ref of the order to cancel.",
                    at: location))
            }
            return .rejected
        }
        if order.status == .canceled {
            return .duplicate(cancelRow(for: order, raw: raw, paymentId: order.payment?.id, creditNote: nil))
        }
        guard cancelAllowed(order) else {
            findings.append(Diagnostic(
                .cancelNotAllowed, field: RequestField.ref.name, cancelRefusal(order), at: location))
            return .rejected
        }
        guard findings.errors.isEmpty else { return .rejected }

        var effects = AcceptedEffects(action: .cancel)
        let cancel = CancelPlan.wholeOrder(order, history: history, context: context, ids: &ids)
        effects.cancel = cancel
        let own = cancel.order
        let row = cancelRow(
            for: order, raw: raw, paymentId: own.refund?.id ?? own.voidedPaymentId, creditNote: own.creditNoteNumber)
        return .accepted(row, effects)
    }

    /// True when a case of Pricing.md, step 8 allows the cancel: waiting for its payment, its
    /// postponed payment still open, delayed before its date, or active within the window.
    func cancelAllowed(_ order: OrderRecord) -> Bool {
        if order.status == .waitingForPayment { return true }
        if let payment = order.payment, payment.postponed,
            payment.status == .waitingForPayment || payment.status == .partiallyPaid
        {
            return true
        }
        if order.status == .waitingForProvisioning { return true }
        if order.subscriptionStatus == .active, let activated = order.activationDate,
            let product = context.catalog.product(id: order.productId), let window = product.cancellationWindowDays,
            context.asOf <= activated.adding(days: window)
        {
            return true
        }
        return false
    }

    private func cancelRefusal(_ order: OrderRecord) -> String {
        if order.subscriptionStatus == .active, let activated = order.activationDate {
            if let window = context.catalog.product(id: order.productId)?.cancellationWindowDays {
                return "Order \(order.ref) was activated on \(activated) and could be canceled until "
                    + "\(activated.adding(days: window)); stop the subscription through support instead."
            }
            return "Order \(order.ref) is active and its product cannot be canceled once active."
        }
        return "Order \(order.ref) is \(order.status.rawValue) and cannot be canceled now."
    }

    /// The accepted cancel's row: the canceled order's ids and amounts, as positive numbers.
    private func cancelRow(for order: OrderRecord, raw: RawRequest, paymentId: String?, creditNote: String?)
        -> RequestResult
    {
        var row = RequestResult(ref: order.ref, line: raw.location.line, action: "cancel", outcome: .accepted)
        row.accountId = order.accountId
        row.salesOrderId = order.salesOrderId
        row.salesOrderStatus = .canceled
        row.subscriptionId = order.subscriptionId
        row.subscriptionStatus = .canceled
        row.fill(amountsOf: order)
        row.paymentId = paymentId
        row.invoiceNumber = creditNote
        return row
    }
}
