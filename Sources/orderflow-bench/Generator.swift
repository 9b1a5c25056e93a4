import Foundation

/// Writes a drop of `orders` orders, about ten fields each, as XML and as the equivalent CSV,
/// streamed to disk in blocks (never held in memory whole).
enum DropGenerator {
    static func write(orders: Int, xmlPath: String, csvPath: String) throws {
        let xml = try BlockWriter(path: xmlPath)
        let csv = try BlockWriter(path: csvPath)
        xml.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        xml.write("<orderBatch xmlns=\"urn:orderflow:orders:1\" reseller=\"R-ACME\" batchId=\"bench\">\n")
        csv.write("reseller,ref,action,channel,registration,account_type,company_name,contact_name,contact_email,country,city,postal_code,address_line1,product,plan,period,domain,data_location,terms_accepted,terms_version,resource:MAILBOX\n")
        for index in 0..<orders {
            let ref = "B-\(index)"
            xml.write("""
                  <order ref="\(ref)" channel="customer">
                    <customer registration="full">
                      <company accountType="company" name="Company \(index) GmbH">
                        <contact name="Contact \(index)" email="c\(index)@example.com"/>
                        <address country="DE" city="Berlin" postalCode="10115" line1="Street \(index)"/>
                      </company>
                    </customer>
                    <subscription product="PRD-MAIL" plan="PLN-MAIL-STD" period="1M" domain="d\(index).example" dataLocation="eu-central">
                      <resource id="MAILBOX" amount="\(5 + index % 50)"/>
                    </subscription>
                    <terms accepted="true" version="2026-01"/>
                  </order>

                """)
            csv.write("R-ACME,\(ref),order,customer,full,company,Company \(index) GmbH,Contact \(index),c\(index)@example.com,DE,Berlin,10115,Street \(index),PRD-MAIL,PLN-MAIL-STD,1M,d\(index).example,eu-central,true,2026-01,\(5 + index % 50)\n")
        }
        xml.write("</orderBatch>\n")
        try xml.close()
        try csv.close()
    }
}

/// Appends text to a file through a 1 MB buffer.
final class BlockWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        try handle.close()
    }
}
