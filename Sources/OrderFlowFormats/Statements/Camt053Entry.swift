import OrderFlowCore

/// One element's text as ``Camt053Stream`` read it, trimmed of XML white space.
struct CamtValue: Equatable {
    var text: String
    var location: SourceLocation
    /// The `Ccy` attribute, for an amount.
    var currency: String?
    /// More than ``StatementLimits/maxValueBytes`` bytes: only the first are in ``text``.
    var tooLong = false
}

/// Where one field of an entry or transaction is kept: its first value, and whether the field
/// came again with another value (then it cannot be read: which one the bank meant is not guessed).
struct CamtSlot: Equatable {
    var value: CamtValue?
    /// The first value that differs from ``value``.
    var conflict: CamtValue?

    mutating func record(_ new: CamtValue) {
        guard let value else {
            value = new
            return
        }
        if conflict == nil, new.text != value.text || new.currency != value.currency || new.tooLong != value.tooLong {
            conflict = new
        }
    }

    /// The value of an optional field, when it is there once, whole and not blank.
    var usable: String? {
        guard let value, conflict == nil, !value.tooLong, !value.text.isEmpty else { return nil }
        return value.text
    }
}

/// The references of one transaction (or of an entry without one), reduced as they are read so
/// that a transaction costs the same memory whatever its remittance information holds.
struct RemittanceState: Equatable {
    /// The first valid creditor reference among `Strd/CdtrRefInf/Ref`, and among `Ustrd`.
    var structuredMatch: String?
    var unstructuredMatch: String?
    /// The first of each, as written, to show when none is valid.
    var firstStructured: String?
    var firstUnstructured: String?

    mutating func addStructured(_ value: CamtValue) {
        guard !value.tooLong, !value.text.isEmpty else { return }
        if firstStructured == nil { firstStructured = value.text }
        if structuredMatch == nil { structuredMatch = ReferenceMatcher.creditorReference(value.text) }
    }

    mutating func addUnstructured(_ value: CamtValue) {
        guard !value.tooLong, !value.text.isEmpty else { return }
        if firstUnstructured == nil { firstUnstructured = value.text }
        if unstructuredMatch == nil { unstructuredMatch = ReferenceMatcher.creditorReference(inUnstructured: value.text) }
    }

    /// Every `Strd` reference before every `Ustrd` one.
    var creditorReference: String? { structuredMatch ?? unstructuredMatch }
    var shown: String? { creditorReference ?? firstStructured ?? firstUnstructured }
}

/// One `TxDtls` as read so far.
struct CamtTransaction: Equatable {
    var index: Int
    var location: SourceLocation
    var amount = CamtSlot()
    var detailAmount = CamtSlot()
    var creditDebit = CamtSlot()
    var bankReference = CamtSlot()
    var debtorName = CamtSlot()
    var remittance = RemittanceState()
}

/// The fields of an entry that its lines take (what must not change once a line is delivered).
struct CamtEntryFields: Equatable {
    var creditDebit = CamtSlot()
    var reversal = CamtSlot()
    var status = CamtSlot()
    var statusCode = CamtSlot()
    var bookingDay = CamtSlot()
    var bookingDateTime = CamtSlot()
    var bankReference = CamtSlot()
    var entryReference = CamtSlot()
}

/// One `Ntry` as read so far, with the transactions held until it ends.
struct CamtEntry {
    var index: Int
    var location: SourceLocation
    var fields = CamtEntryFields()
    var amount = CamtSlot()
    /// For an entry without `TxDtls` (not in the ISO schema, but read): `RltdPties` and `RmtInf`.
    var debtorName = CamtSlot()
    var remittance = RemittanceState()
    /// `TxDtls` started so far.
    var transactionCount = 0
    var held: [CamtTransaction] = []
    /// The fields its delivered lines took, once it delivers before its end (too many transactions).
    var delivered: CamtEntryFields?
}

/// What a statement's lines take from it.
struct CamtStatementContext {
    var statementId: String?
    var account: String?
}

/// Builds a ``StatementLine`` from a transaction (nil: the entry is its own line) and its entry.
enum CamtLineBuilder {
    static func line(
        _ transaction: CamtTransaction?, of entry: CamtEntry, in statement: CamtStatementContext
    ) -> StatementLine {
        var problems: [Diagnostic] = []
        let fields = entry.fields
        let transactionIndex = transaction?.index ?? 1
        var line = StatementLine(
            identity: nil, location: transaction?.location ?? entry.location, entryIndex: entry.index,
            transactionIndex: transactionIndex)

        // Amount and currency.
        if let transaction, transaction.amount.value != nil {
            line.amount = money(transaction.amount, field: "TxDtls/Amt", problems: &problems)
        } else if let transaction, transaction.detailAmount.value != nil {
            line.amount = money(transaction.detailAmount, field: "TxDtls/AmtDtls/TxAmt/Amt", problems: &problems)
        } else if entry.transactionCount <= 1, entry.amount.value != nil {
            line.amount = money(entry.amount, field: "Ntry/Amt", problems: &problems)
        } else if transaction != nil {
            problems.append(Diagnostic(
                .missingField, field: "TxDtls/Amt",
                entry.transactionCount > 1
                    ? "this transaction has no amount (no <Amt>, no <AmtDtls><TxAmt><Amt>), and its entry holds \(entry.transactionCount) transactions, so the entry's <Amt> is not its amount: reconcile it by hand, or ask the bank for a statement with the transactions' amounts"
                    : "this transaction has no amount (no <Amt>, no <AmtDtls><TxAmt><Amt>), nor has its entry (<Ntry><Amt>): reconcile it by hand, or ask the bank for a statement with the amount",
                at: line.location))
        } else {
            problems.append(Diagnostic(
                .missingField, field: "Ntry/Amt",
                "this entry has no amount (<Ntry><Amt Ccy=\"…\">): reconcile it by hand, or ask the bank for a statement with the amount",
                at: line.location))
        }

        // Direction: the transaction's, else the entry's.
        let ownDirection = transaction.map { $0.creditDebit.value != nil } ?? false
        let directionSlot = ownDirection ? transaction!.creditDebit : fields.creditDebit
        let directionField = ownDirection ? "TxDtls/CdtDbtInd" : "Ntry/CdtDbtInd"
        if directionSlot.value == nil {
            problems.append(Diagnostic(
                .missingField, field: "Ntry/CdtDbtInd",
                "this entry says neither CRDT nor DBIT (<CdtDbtInd>), so whether money came in is not known: reconcile it by hand",
                at: entry.location))
        } else if let text = needed(directionSlot, field: directionField, at: line.location, problems: &problems) {
            if let value = CreditDebit(rawValue: text.text) {
                line.creditDebit = value
            } else {
                problems.append(Diagnostic(
                    .invalidValue, field: directionField,
                    "'\(clip(text.text))' is not a credit/debit indicator: <CdtDbtInd> is CRDT (money in) or DBIT (money out)",
                    at: text.location))
            }
        }

        // Reversal: absent is false.
        if fields.reversal.value != nil,
            let text = needed(fields.reversal, field: "Ntry/RvslInd", at: line.location, problems: &problems)
        {
            switch text.text {
            case "true", "1": line.isReversal = true
            case "false", "0": line.isReversal = false
            default:
                problems.append(Diagnostic(
                    .invalidValue, field: "Ntry/RvslInd",
                    "'\(clip(text.text))' is not a reversal indicator: <RvslInd> is true or false",
                    at: text.location))
            }
        }

        // Status: `Sts/Cd` (or `Sts/Prtry`), else the text of `Sts`; none is not booked.
        let statusSlot = fields.statusCode.value != nil ? fields.statusCode : fields.status
        if statusSlot.value?.text.isEmpty == false || statusSlot.conflict != nil {
            line.status = needed(statusSlot, field: "Ntry/Sts", at: line.location, problems: &problems)?.text
        }

        // Booking date: `Dt`, else `DtTm`; both must name the same day.
        let day = fields.bookingDay.value == nil ? nil : needed(fields.bookingDay, field: "Ntry/BookgDt/Dt", at: line.location, problems: &problems)
        let dateTime = fields.bookingDateTime.value == nil ? nil : needed(fields.bookingDateTime, field: "Ntry/BookgDt/DtTm", at: line.location, problems: &problems)
        let parsedDay = day.flatMap { bankDate($0, field: "Ntry/BookgDt/Dt", problems: &problems) }
        let parsedDateTime = dateTime.flatMap { bankDate($0, field: "Ntry/BookgDt/DtTm", problems: &problems) }
        if let parsedDay, let parsedDateTime, parsedDay.date != parsedDateTime.date {
            problems.append(Diagnostic(
                .invalidValue, field: "Ntry/BookgDt",
                "the entry's booking date is given twice, as \(parsedDay.date) (<Dt>) and \(parsedDateTime.date) (<DtTm>): which one the bank meant is not known; reconcile it by hand",
                at: day?.location ?? line.location))
        } else {
            line.bookingDate = parsedDay ?? parsedDateTime
        }
        if fields.bookingDay.value == nil && fields.bookingDateTime.value == nil {
            problems.append(Diagnostic(
                .missingField, field: "Ntry/BookgDt",
                "this entry has no booking date (<BookgDt><Dt> or <DtTm>): reconcile it by hand",
                at: entry.location))
        }

        // References, identity, payer.
        line.entryReference = fields.entryReference.usable
        let transactionReference = transaction?.bankReference.usable
        line.bankReference = transactionReference ?? fields.bankReference.usable
        let account = statement.account ?? ""
        if let transactionReference {
            line.identity = .transactionReference(account: account, reference: transactionReference)
        } else if let reference = fields.bankReference.usable {
            line.identity = .entryReference(account: account, reference: reference, transaction: transactionIndex)
        } else if let statementId = statement.statementId {
            if let entryReference = line.entryReference {
                line.identity = .entryNumber(statementId: statementId, entryReference: entryReference, transaction: transactionIndex)
            } else {
                line.identity = .position(statementId: statementId, entry: entry.index, transaction: transactionIndex)
            }
        } else {
            problems.append(Diagnostic(
                .missingField, field: "Stmt/Id",
                "this line has no bank reference (<AcctSvcrRef>) and its statement no <Id>, so a second delivery of it could not be recognized: reconcile it by hand, or ask the bank for a statement with its <Id>",
                at: line.location))
        }
        let remittance = transaction?.remittance ?? entry.remittance
        line.creditorReference = remittance.creditorReference
        line.reference = remittance.shown
        line.debtorName = (transaction?.debtorName ?? entry.debtorName).usable
        line.problems = problems
        return line
    }

    // MARK: - Values

    /// The value of a field a line needs, or nil with a problem when it is given twice
    /// differently or is too long. Nil without a problem when it is absent.
    private static func needed(
        _ slot: CamtSlot, field: String, at location: SourceLocation, problems: inout [Diagnostic]
    ) -> CamtValue? {
        guard let value = slot.value else { return nil }
        if let conflict = slot.conflict {
            problems.append(Diagnostic(
                .invalidValue, field: field,
                "<\(field.split(separator: "/").last ?? "")> is given twice with different values ('\(clip(value.text))' on line \(value.location.line), '\(clip(conflict.text))' on line \(conflict.location.line)): which one the bank meant is not known; reconcile it by hand",
                at: conflict.location))
            return nil
        }
        if value.tooLong {
            problems.append(Diagnostic(
                .valueTooLong, field: field,
                "<\(field.split(separator: "/").last ?? "")> holds more than \(StatementLimits.maxValueBytes) bytes, more than any value of a statement: check the file",
                at: value.location))
            return nil
        }
        return value
    }

    /// An amount with its currency (`Ccy`) in minor units: an unsigned decimal with at most the
    /// currency's decimals (more are accepted when they are zeros: the value is the same).
    private static func money(_ slot: CamtSlot, field: String, problems: inout [Diagnostic]) -> Money? {
        guard let value = needed(slot, field: field, at: slot.value?.location ?? .unknown, problems: &problems) else {
            return nil
        }
        guard let code = value.currency, !code.isEmpty else {
            problems.append(Diagnostic(
                .missingField, field: field + "@Ccy",
                "the amount '\(clip(value.text))' has no currency: an amount is written <Amt Ccy=\"EUR\">12.50</Amt>",
                at: value.location))
            return nil
        }
        guard let currency = Currency(code: code) else {
            problems.append(Diagnostic(
                .invalidValue, field: field + "@Ccy",
                "'\(clip(code))' is not an ISO 4217 currency code OrderFlow knows (EUR, CHF, JPY, …)",
                at: value.location))
            return nil
        }
        switch StatementAmount.parse(value.text, currency: currency, allowSign: false) {
        case .success(let minorUnits):
            return Money(minorUnits: minorUnits, currency: currency)
        case .failure(let problem):
            problems.append(Diagnostic(problem.code, field: field, problem.message, at: value.location))
            return nil
        }
    }

    private static func bankDate(_ value: CamtValue, field: String, problems: inout [Diagnostic]) -> BankDate? {
        if let date = BankDate(iso: value.text) { return date }
        problems.append(Diagnostic(
            .invalidValue, field: field,
            "'\(clip(value.text))' is not a date: a booking date is written 2026-03-31 (<Dt>) or 2026-03-31T14:05:00+01:00 (<DtTm>)",
            at: value.location))
        return nil
    }

    /// A value shown in a message: at most 80 characters.
    static func clip(_ text: String) -> String {
        text.count <= 80 ? text : String(text.prefix(77)) + "..."
    }
}
