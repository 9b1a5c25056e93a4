import OrderFlowCore

/// The `sales_orders.priced` column: a ``PricedOrder`` as JSON, written by hand.
///
/// Every accepted order stores one; Foundation's `JSONEncoder` (boxing every value, sorting
/// keys per object) was 14 % of an import. This writes the very bytes `JSONEncoder` with
/// `.sortedKeys` writes — keys in that order, nil optionals left out, `/` escaped as `\/`,
/// non-ASCII as is — so ledgers stay byte-identical (`PricedOrderJSONTests` compares the two).
enum PricedOrderJSON {
    static func text(_ order: PricedOrder) -> String {
        var out = JSONBytes()
        out.bytes.reserveCapacity(512 + 160 * order.lines.count + 128 * order.taxes.count)
        out.open()
        out.key("currency", first: true)
        out.open()
        out.key("code", first: true)
        out.string(order.currency.code)
        out.key("minorUnits")
        out.integer(Int64(order.currency.minorUnits))
        out.close()
        out.key("discountTotal")
        out.integer(order.discountTotal)
        out.key("documentDiscount")
        out.integer(order.documentDiscount)
        out.key("exchangeRate")
        out.scaled(order.exchangeRate)
        out.key("lines")
        out.array(order.lines) { out, line in
            out.open()
            out.key("amount", first: true)
            out.integer(line.amount)
            out.key("description")
            out.string(line.description)
            out.key("discount")
            out.integer(line.discount)
            out.key("kind")
            out.string(line.kind.rawValue)
            out.key("quantity")
            out.integer(line.quantity)
            if let resourceId = line.resourceId {
                out.key("resourceId")
                out.string(resourceId)
            }
            out.close()
        }
        out.key("net")
        out.integer(order.net)
        if let promoCode = order.promoCode {
            out.key("promoCode")
            out.string(promoCode)
        }
        out.key("promoUsed")
        out.raw(order.promoUsed ? "true" : "false")
        if let rateEffective = order.rateEffective {
            out.key("rateEffective")
            out.string(rateEffective.description)
        }
        out.key("tax")
        out.integer(order.tax)
        out.key("taxes")
        out.array(order.taxes) { out, tax in
            out.open()
            out.key("amount", first: true)
            out.integer(tax.amount)
            out.key("category")
            out.string(tax.category)
            out.key("name")
            out.string(tax.name)
            out.key("rate")
            out.scaled(tax.rate)
            out.key("taxable")
            out.integer(tax.taxable)
            out.close()
        }
        out.key("total")
        out.integer(order.total)
        out.key("vatCategory")
        out.string(order.vatCategory)
        out.close()
        return String(decoding: out.bytes, as: UTF8.self)
    }
}

/// A JSON text being appended to, byte by byte.
private struct JSONBytes {
    var bytes: [UInt8] = []

    mutating func open() { bytes.append(UInt8(ascii: "{")) }
    mutating func close() { bytes.append(UInt8(ascii: "}")) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// `"name":`, after a comma unless it is the object's first key.
    mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    mutating func scaled(_ value: ScaledDecimal) {
        open()
        key("scale", first: true)
        integer(Int64(value.scale))
        key("units")
        integer(value.units)
        close()
    }

    mutating func array<T>(_ values: [T], _ element: (inout JSONBytes, T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A JSON string as `JSONEncoder` escapes it: `"`, `\` and `/` with a backslash, the named
    /// control characters by name, the other control characters as `\u00xx`; everything else as is.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "/"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                raw("\\u00")
                let hex: StaticString = "0123456789abcdef"
                hex.withUTF8Buffer { digits in
                    bytes.append(digits[Int(byte >> 4)])
                    bytes.append(digits[Int(byte & 0xF)])
                }
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
