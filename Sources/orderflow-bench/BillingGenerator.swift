/// The billing benchmark's fixtures (BENCHMARKS.md, "The billing job"): R-ACME's postpaid Cloud
/// Servers orders, dropped on a few days of November, and a usage drop for most of the
/// subscriptions they create. Everything follows from an order's index `i`, so the same N gives
/// the same bytes.
enum ServerOrdersGenerator {
    /// The days of November 2026 the orders are imported on (one drop each): half of them on the
    /// 1st (billed for the whole month), the rest from the 9th, 16th and 24th (prorated by day).
    static let startDays = [1, 9, 16, 24]

    static func startDay(_ index: Int) -> Int {
        switch index % 8 {
        case 0...3: return 1
        case 4, 5: return 9
        case 6: return 16
        default: return 24
        }
    }

    /// The ordered vCPUs (2–17; 2 are included in the plan) and memory (4–32 GB; 4 included).
    static func vcpu(_ index: Int) -> Int { 2 + index % 16 }
    static func ram(_ index: Int) -> Int { 4 * (1 + index % 8) }

    /// Writes the drop of every order `0..<count` that starts on `day`: each a new company's
    /// PRD-VM / PLN-VM-BIZ / 1M postpay order (ref `V-i`) through the manager channel. Returns how
    /// many it wrote.
    static func write(count: Int, day: Int, batchId: String, path: String) throws -> Int {
        let xml = try BlockWriter(path: path)
        xml.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        xml.write("<orderBatch xmlns=\"urn:orderflow:orders:1\" reseller=\"R-ACME\" batchId=\"\(batchId)\">\n")
        var written = 0
        for index in 0..<count where startDay(index) == day {
            written += 1
            xml.write("""
                  <order ref="V-\(index)" channel="manager">
                    <customer registration="full">
                      <company accountType="company" name="Server \(index) GmbH">
                        <contact name="Contact \(index)" email="v\(index)@example.com"/>
                        <address country="DE" region="BE" city="Berlin" postalCode="10115" line1="Street \(index)"/>
                      </company>
                    </customer>
                    <subscription product="PRD-VM" plan="PLN-VM-BIZ" period="1M" paymentModel="postpay" dataLocation="eu-central">
                      <resource id="VCPU" amount="\(vcpu(index))"/>
                      <resource id="RAM" amount="\(ram(index))"/>
                    </subscription>
                    <terms accepted="true" version="2026-01"/>
                  </order>

                """)
        }
        xml.write("</orderBatch>\n")
        try xml.close()
        return written
    }
}

/// The usage drop: rows for three in five subscriptions, written as the imports name their
/// subscriptions (`UsageGenerator.rows`), every row valid (so every one is stored).
enum UsageGenerator {
    static let header = "subscription,date,resource,quantity\n"

    /// The rows for order `index`, whose subscription is `subscription`: none for two in five;
    /// otherwise a vCPU reading on a day from its start to the 30th, above or below what was
    /// ordered; one in five also a memory reading, one in five a second vCPU reading on the 1st
    /// (before its start for those that start later: stored, not counted).
    static func rows(index: Int, subscription: String) -> [String] {
        guard index % 5 < 3 else { return [] }
        let start = ServerOrdersGenerator.startDay(index)
        let day = start + index % (31 - start)
        var rows = ["\(subscription),\(date(day)),VCPU,\(ServerOrdersGenerator.vcpu(index) + index % 7 - 2)"]
        if index % 5 == 0 { rows.append("\(subscription),\(date(30)),RAM,\(ServerOrdersGenerator.ram(index) + 4 * (index % 3))") }
        if index % 5 == 1 { rows.append("\(subscription),\(date(1)),VCPU,\(1 + index % 40)") }
        return rows
    }

    static func date(_ day: Int) -> String { day < 10 ? "2026-11-0\(day)" : "2026-11-\(day)" }
}
