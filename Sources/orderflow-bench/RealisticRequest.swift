/// One request of ``RealisticBatches``, with its XML element and its CSV row (the same request in
/// either format).
struct RealisticRequest {
    enum Kind { case order, rejected, cancel, duplicate }

    var kind: Kind
    var reseller: String
    var ref: String
    var channel = "customer"
    var accountType = "company"
    var company = ""
    var vatId = ""
    var email = ""
    var country = ""
    var region = ""
    var city = ""
    var product = ""
    var plan = ""
    var period = ""
    var paymentModel = ""
    var postponed = false
    var domain = ""
    var promo = ""
    var termsVersion = ""
    var mailboxes = 0, storage = 0, seats = 0

    static func ref(_ number: Int) -> String { "N-\(number)" }

    static func cancel(ref: String, reseller: String) -> RealisticRequest {
        RealisticRequest(kind: .cancel, reseller: reseller, ref: ref)
    }

    /// Request `number` when it is not a cancel or a duplicate: a new order, or (the hash's last
    /// two digits below 30) a request rejected for one reason.
    static func order(number: Int, reseller: String, hash: UInt64) -> RealisticRequest {
        var request = RealisticRequest(kind: .order, reseller: reseller, ref: ref(number))
        let variant = Int((hash >> 16) % 1000)
        request.company = "Company \(number) GmbH"
        request.email = "n\(number)@example.com"
        switch reseller {
        case "R-MAPLE":
            (request.region, request.city) = [("QC", "Québec"), ("ON", "Toronto"), ("AB", "Calgary")][variant % 3]
            request.country = "CA"
            request.termsVersion = "2026-03"
            // Half choose prepay through a manager; the rest keep the reseller's postpay.
            if variant % 2 == 0 {
                request.channel = "manager"
                request.paymentModel = "prepay"
            }
        case "R-NIPPON":
            (request.country, request.city) = ("JP", "Osaka")
            request.accountType = variant % 2 == 0 ? "company" : "individual"
            request.promo = variant % 4 == 0 ? "YEN500" : ""
        default:
            let places = [("DE", "BE", "Berlin", ""), ("FR", "IDF", "Paris", "FR40303265045"), ("US", "CA", "San Francisco", ""),
                          ("PT", "30", "Funchal", ""), ("DE", "BY", "München", "")]
            (request.country, request.region, request.city, request.vatId) = places[variant % places.count]
            request.termsVersion = "2026-01"
            request.promo = ["", "", "", "FIVEOFF", "FREESETUP", "USD15"][variant % 6]
            request.postponed = variant % 7 == 0
        }
        switch variant % 10 {
        case 0..<5:
            (request.product, request.plan) = ("PRD-MAIL", "PLN-MAIL-STD")
            request.domain = "n\(number).example"
            request.mailboxes = 5 + variant % 40
            request.storage = variant % 30
        case 5..<9:
            (request.product, request.plan) = ("PRD-CRM", "PLN-CRM-TEAM")
            request.seats = 1 + variant % 9
        default:
            (request.product, request.plan) = ("PRD-CRM", "PLN-CRM-FREE")
            request.seats = 1
            request.promo = ""
        }
        request.period = request.plan == "PLN-CRM-FREE" || (hash >> 40) % 3 != 0 ? "1M" : "1Y"
        if reseller == "R-NIPPON", request.product != "PRD-MAIL" { request.promo = "" }
        let roll = Int(hash % 100)
        guard roll < 30 else { return request }
        request.kind = .rejected
        switch roll {
        case 0..<8: (request.product, request.plan) = ("PRD-GONE", "PLN-GONE")
        case 8..<14: request.period = "5Y"
        case 14..<20: request.promo = "NOSUCHPROMO"
        case 20..<25:
            (request.product, request.plan, request.period) = ("PRD-MAIL", "PLN-MAIL-STD", "1M")
            request.domain = "n\(number).example"
            (request.mailboxes, request.storage, request.seats) = (9_999, 0, 0)
        default:
            return RealisticRequest(kind: .rejected, reseller: reseller, ref: "X-\(number)", channel: "")
        }
        return request
    }

    // MARK: Rendering

    static let csvHeader =
        "reseller,ref,action,channel,account,registration,account_type,company_name,vat_id,contact_name,contact_email,"
        + "country,region,city,postal_code,address_line1,product,plan,period,payment_model,provisioning_date,currency,"
        + "data_location,domain,admin_user,send_credentials,postponed_billing,blocking_threshold,promo_code,"
        + "terms_accepted,terms_version,subscription,resource:MAILBOX,resource:STORAGE,resource:SEATS\n"

    private var isCancel: Bool { kind == .cancel || channel.isEmpty }

    var csvRow: String {
        if isCancel { return "\(reseller),\(ref),cancel" + String(repeating: ",", count: 32) + "\n" }
        let mail = product == "PRD-MAIL" || mailboxes > 0
        let cells = [
            reseller, ref, "order", channel, "", "full", accountType, company, vatId, "Contact \(ref)", email, country,
            region, city, "10115", "Street \(ref)", product, plan, period, paymentModel, "", "",
            mail ? "eu-central" : "", domain, "", "", postponed ? "true" : "", "", promo,
            termsVersion.isEmpty ? "" : "true", termsVersion, "", mail ? String(mailboxes) : "",
            mail ? String(storage) : "", seats > 0 ? String(seats) : "",
        ]
        return cells.joined(separator: ",") + "\n"
    }

    var xml: String {
        if isCancel { return "  <cancel ref=\"\(ref)\"/>\n" }
        let mail = product == "PRD-MAIL" || mailboxes > 0
        var text = "  <order ref=\"\(ref)\" channel=\"\(channel)\">\n    <customer registration=\"full\">\n"
        text += "      <company accountType=\"\(accountType)\" name=\"\(company)\""
        text += vatId.isEmpty ? ">\n" : " vatId=\"\(vatId)\">\n"
        text += "        <contact name=\"Contact \(ref)\" email=\"\(email)\"/>\n"
        text += "        <address country=\"\(country)\"" + (region.isEmpty ? "" : " region=\"\(region)\"")
        text += " city=\"\(city)\" postalCode=\"10115\" line1=\"Street \(ref)\"/>\n      </company>\n    </customer>\n"
        text += "    <subscription product=\"\(product)\" plan=\"\(plan)\" period=\"\(period)\""
        if !paymentModel.isEmpty { text += " paymentModel=\"\(paymentModel)\"" }
        if postponed { text += " postponedBilling=\"true\"" }
        if mail { text += " domain=\"\(domain)\" dataLocation=\"eu-central\"" }
        text += ">\n"
        if mail {
            text += "      <resource id=\"MAILBOX\" amount=\"\(mailboxes)\"/>\n"
            text += "      <resource id=\"STORAGE\" amount=\"\(storage)\"/>\n"
        }
        if seats > 0 { text += "      <resource id=\"SEATS\" amount=\"\(seats)\"/>\n" }
        text += "    </subscription>\n"
        if !promo.isEmpty { text += "    <promoCode>\(promo)</promoCode>\n" }
        if !termsVersion.isEmpty { text += "    <terms accepted=\"true\" version=\"\(termsVersion)\"/>\n" }
        return text + "  </order>\n"
    }
}
