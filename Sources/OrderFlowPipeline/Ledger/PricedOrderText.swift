import OrderFlowCore

/// The priced order of an invoiced sales order as the ledger keeps it (`sales_orders.priced`),
/// so that its invoice, and a credit note later, are rendered from the ledger with the lines the
/// customer was charged (Invoices.md).
///
/// A compact text rather than JSON: it is written for each invoiced order inside the batch
/// commit, and JSON encoding cost more than the rest of the row. Earlier versions wrote JSON
/// (`{…}`), which ``decode(_:)`` still reads. Version 1, one record per line, fields split by
/// tabs, text with `\`, tab and line feed escaped; an absent value is an empty field:
///
/// ```
/// 1
/// O <currency> <minor digits> <rate units> <rate scale> <rate effective> <document discount>
///   <discount total> <promo code> <promo used 0|1> <vat category> <net> <tax> <total>
/// L <r|s> <resource id> <quantity> <amount> <discount> <description>
/// T <category> <rate units> <rate scale> <taxable> <amount> <name>
/// P <service period start> <service period end, excluded>
/// ```
enum PricedOrderText {
    /// What an invoice is rendered from: the priced order and the period it charges, [start, end).
    struct Stored: Sendable, Hashable {
        var priced: PricedOrder
        var servicePeriod: ServicePeriod?
    }

    static func encode(_ order: PricedOrder, servicePeriod: ServicePeriod?) -> String {
        var text = "1\nO"
        for field in [
            order.currency.code, String(order.currency.minorUnits), String(order.exchangeRate.units),
            String(order.exchangeRate.scale), order.rateEffective?.description ?? "", String(order.documentDiscount),
            String(order.discountTotal), escaped(order.promoCode ?? ""), order.promoUsed ? "1" : "0", order.vatCategory,
            String(order.net), String(order.tax), String(order.total),
        ] {
            text += "\t" + field
        }
        for line in order.lines {
            text += "\nL\t" + (line.kind == .recurring ? "r" : "s") + "\t" + escaped(line.resourceId ?? "") + "\t"
                + String(line.quantity) + "\t" + String(line.amount) + "\t" + String(line.discount) + "\t"
                + escaped(line.description)
        }
        for tax in order.taxes {
            text += "\nT\t" + tax.category + "\t" + String(tax.rate.units) + "\t" + String(tax.rate.scale) + "\t"
                + String(tax.taxable) + "\t" + String(tax.amount) + "\t" + escaped(tax.name)
        }
        if let servicePeriod { text += "\nP\t" + servicePeriod.start.description + "\t" + servicePeriod.end.description }
        return text
    }

    struct DecodeError: Error, CustomStringConvertible {
        var description: String
    }

    /// The priced order `text` holds, in this form or as earlier versions' JSON (which has no
    /// service period).
    static func decode(_ text: String) throws -> Stored {
        if text.hasPrefix("{") {
            do {
                return Stored(priced: try LedgerColumns.decode(PricedOrder.self, json: text))
            } catch {
                throw DecodeError(description: "a priced order written as JSON cannot be read: \(error)")
            }
        }
        let records = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard records.first == "1", records.count >= 2 else { throw DecodeError(description: "unknown priced order form") }
        let head = fields(records[1])
        guard head.count == 14, head[0] == "O", let digits = Int(head[2]), let rateUnits = Int64(head[3]),
              let rateScale = Int(head[4]), let documentDiscount = Int64(head[6]), let discountTotal = Int64(head[7]),
              let net = Int64(head[11]), let tax = Int64(head[12]), let total = Int64(head[13])
        else { throw DecodeError(description: "a priced order's head cannot be read: \(records[1])") }
        var order = PricedOrder(
            currency: Currency(code: head[1], minorUnits: digits), exchangeRate: ScaledDecimal(units: rateUnits, scale: rateScale),
            rateEffective: head[5].isEmpty ? nil : CalendarDate(iso: head[5]), lines: [], documentDiscount: documentDiscount,
            discountTotal: discountTotal, promoCode: head[8].isEmpty ? nil : head[8], promoUsed: head[9] == "1", taxes: [],
            vatCategory: head[10], net: net, tax: tax, total: total)
        var servicePeriod: ServicePeriod?
        for record in records.dropFirst(2) {
            let parts = fields(record)
            if parts.count == 7, parts[0] == "L", let quantity = Int64(parts[3]), let amount = Int64(parts[4]),
               let discount = Int64(parts[5])
            {
                order.lines.append(
                    PricedLine(
                        kind: parts[1] == "r" ? .recurring : .setup, description: parts[6],
                        resourceId: parts[2].isEmpty ? nil : parts[2], quantity: quantity, amount: amount, discount: discount))
            } else if parts.count == 7, parts[0] == "T", let rateUnits = Int64(parts[2]), let rateScale = Int(parts[3]),
                      let taxable = Int64(parts[4]), let amount = Int64(parts[5])
            {
                order.taxes.append(
                    TaxLine(
                        name: parts[6], rate: ScaledDecimal(units: rateUnits, scale: rateScale), category: parts[1],
                        taxable: taxable, amount: amount))
            } else if parts.count == 3, parts[0] == "P", let start = CalendarDate(iso: parts[1]), let end = CalendarDate(iso: parts[2]) {
                servicePeriod = ServicePeriod(start: start, end: end)
            } else {
                throw DecodeError(description: "a priced order's line cannot be read: \(record)")
            }
        }
        return Stored(priced: order, servicePeriod: servicePeriod)
    }

    private static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A }) else { return text }
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }

    /// The fields of one record, unescaped.
    private static func fields(_ record: Substring) -> [String] {
        record.split(separator: "\t", omittingEmptySubsequences: false).map { field in
            guard field.contains("\\") else { return String(field) }
            var result = "", escaping = false
            for character in field {
                if escaping {
                    result.append(character == "t" ? "\t" : character == "n" ? "\n" : character)
                    escaping = false
                } else if character == "\\" {
                    escaping = true
                } else {
                    result.append(character)
                }
            }
            return result
        }
    }
}
