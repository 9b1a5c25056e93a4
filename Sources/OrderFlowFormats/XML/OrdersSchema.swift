/// The order requests' XML Schema (DropFiles.md), namespace `urn:orderflow:orders:1`.
///
/// `orderflow schema orders` prints it, and ``XMLRequestReader`` validates every drop against it
/// while streaming. It describes the structure only: which elements, nested how and in the order
/// the example in DropFiles.md shows, with which attribute names. Every attribute is optional and a plain
/// `xs:string`, and every element that may be left out has `minOccurs="0"`, so a missing or
/// malformed value reaches the request decoder (`MISSING_FIELD`, `INVALID_VALUE`), exactly as the
/// same value written in CSV would. `SCHEMA_INVALID` is left for unknown, repeated or misplaced
/// elements and attributes.
///
/// Elements that may repeat: the four requests inside `orderBatch` (any order, any number: a
/// repeated `xs:sequence` around a single `xs:choice`, the same language as a repeated choice, because
/// libxml2 validates a repeated choice with a counter and keeps state for every repetition, so its
/// memory would grow with the number of requests in the file),
/// `resource` (in `subscription` and `upgrade`), `unitParameters` (one per ordered unit) and
/// `value` (one per parameter). Every other element appears at most once per parent.
public enum OrdersSchema {
    public static let namespace = "urn:orderflow:orders:1"

    /// The file name the schema is known by (`xmllint --schema orders.xsd`, messages).
    public static let fileName = "orders.xsd"

    public static let xsd: String = #"""
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
                   xmlns:o="urn:orderflow:orders:1"
                   targetNamespace="urn:orderflow:orders:1"
                   elementFormDefault="qualified"
                   attributeFormDefault="unqualified">

          <xs:annotation>
            <xs:documentation>
              OrderFlow order requests, version 1. Structure only: which elements, nested
              how and in which order, with which attribute names. No attribute is required and every value
              is a plain xs:string, so that a missing value is MISSING_FIELD and a malformed one
              INVALID_VALUE (OrderFlow's own checks), in XML exactly as in CSV. May repeat: the children of
              orderBatch (any of the four requests, in any order and number), resource (in subscription
              and upgrade), unitParameters (in order) and value (in unitParameters). Every other element
              appears at most once, in the order shown. Each attribute's documentation names the CSV column
              it maps to; error_field always uses that column name.
            </xs:documentation>
          </xs:annotation>

          <xs:element name="orderBatch">
            <xs:annotation><xs:documentation>
              The root element: one batch of one reseller's requests (order, cancel, renewal, upgrade),
              in any order and number, judged in file order. A wrong root, namespace or attribute here,
              or text or an unknown element between the requests, fails the whole file (SCHEMA_INVALID).
            </xs:documentation></xs:annotation>
            <xs:complexType>
              <xs:sequence minOccurs="0" maxOccurs="unbounded">
                <xs:choice>
                  <xs:element name="order" type="o:Order">
                    <xs:annotation><xs:documentation>
                      A new subscription for a new company or an existing account (CSV action order).
                    </xs:documentation></xs:annotation>
                  </xs:element>
                  <xs:element name="cancel" type="o:Cancel">
                    <xs:annotation><xs:documentation>
                      Cancels an earlier accepted order of this reseller, named by its ref (CSV action cancel).
                    </xs:documentation></xs:annotation>
                  </xs:element>
                  <xs:element name="renewal" type="o:Renewal">
                    <xs:annotation><xs:documentation>
                      Renews an Active subscription for one more period, starting when the current one ends
                      (CSV action renewal).
                    </xs:documentation></xs:annotation>
                  </xs:element>
                  <xs:element name="upgrade" type="o:Upgrade">
                    <xs:annotation><xs:documentation>
                      Raises resource amounts of an Active subscription to the new totals given in its resource
                      children (CSV action upgrade).
                    </xs:documentation></xs:annotation>
                  </xs:element>
                </xs:choice>
              </xs:sequence>
              <xs:attribute name="reseller" type="xs:string">
                <xs:annotation><xs:documentation>
                  The reseller id as in the catalog, case-sensitive (CSV column reseller, given to every
                  request). It must be the reseller whose inbox folder holds the file (else RESELLER_MISMATCH);
                  without it every request is MISSING_FIELD.
                </xs:documentation></xs:annotation>
              </xs:attribute>
              <xs:attribute name="batchId" type="xs:string">
                <xs:annotation><xs:documentation>
                  The batch id, required: 1 to 100 of A-Z a-z 0-9 . _ - not starting with a dot; it names
                  the batch's outbox folder. Absent: MISSING_FIELD; malformed: INVALID_VALUE (field batchId);
                  already used by this reseller for other content: BATCH_ID_REUSED.
                </xs:documentation></xs:annotation>
              </xs:attribute>
            </xs:complexType>
          </xs:element>

          <xs:complexType name="Order">
            <xs:sequence>
              <xs:element name="customer" type="o:Customer" minOccurs="0">
                <xs:annotation><xs:documentation>
                  Who pays: an existing account (attribute account, no company) or a new company (a company
                  child).
                </xs:documentation></xs:annotation>
              </xs:element>
              <xs:element name="subscription" type="o:Subscription" minOccurs="0">
                <xs:annotation><xs:documentation>
                  What is ordered: plan, period, options and resource amounts.
                </xs:documentation></xs:annotation>
              </xs:element>
              <xs:element name="promoCode" type="xs:string" minOccurs="0">
                <xs:annotation><xs:documentation>
                  A promo code of the catalog as text, case-sensitive (CSV promo_code); the white space
                  around it is removed. Absent or empty: no promo.
                </xs:documentation></xs:annotation>
              </xs:element>
              <xs:element name="terms" type="o:Terms" minOccurs="0">
                <xs:annotation><xs:documentation>
                  The reseller's terms and conditions accepted with this order. Needed on every order when
                  the reseller requires terms (else TERMS_NOT_ACCEPTED); ignored otherwise.
                </xs:documentation></xs:annotation>
              </xs:element>
              <xs:element name="unitParameters" type="o:UnitParameters" minOccurs="0" maxOccurs="unbounded">
                <xs:annotation><xs:documentation>
                  Manual-approval products only: the parameter values of one ordered unit of a resource that
                  declares parameters; one element per unit, included units counted. XML only (no CSV column).
                </xs:documentation></xs:annotation>
              </xs:element>
            </xs:sequence>
            <xs:attribute name="ref" type="xs:string">
              <xs:annotation><xs:documentation>
                The reseller's own id for this order, required (CSV ref): unique per reseller across orders,
                renewals and upgrades. The same ref with the same content again is a duplicate; with other
                content DUPLICATE_REF_CONFLICT.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="channel" type="xs:string">
              <xs:annotation><xs:documentation>
                customer or manager (CSV channel); default customer. Only a manager order may choose a
                payment model other than the reseller's default, and only when the reseller allows it.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="Customer">
            <xs:sequence>
              <xs:element name="company" type="o:Company" minOccurs="0">
                <xs:annotation><xs:documentation>
                  The details of a new company, registered with this order. Leave it out when account is given.
                </xs:documentation></xs:annotation>
              </xs:element>
            </xs:sequence>
            <xs:attribute name="registration" type="xs:string">
              <xs:annotation><xs:documentation>
                full or short (CSV registration); default full. short needs only accountType and the
                contact's email, and is allowed only on a trial period marked registration="short".
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="account" type="xs:string">
              <xs:annotation><xs:documentation>
                An existing account of this reseller, as results.csv gave it (ACC-12) (CSV account). Given
                together with company details: INVALID_VALUE; unknown: UNKNOWN_ACCOUNT.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="Company">
            <xs:sequence>
              <xs:element name="contact" type="o:Contact" minOccurs="0">
                <xs:annotation><xs:documentation>
                  The company's contact person.
                </xs:documentation></xs:annotation>
              </xs:element>
              <xs:element name="address" type="o:Address" minOccurs="0">
                <xs:annotation><xs:documentation>
                  The company's address: taxes and regional restrictions are decided by it.
                </xs:documentation></xs:annotation>
              </xs:element>
            </xs:sequence>
            <xs:attribute name="accountType" type="xs:string">
              <xs:annotation><xs:documentation>
                The account type, free text such as company or individual (CSV account_type); required for
                a new company, and checked against the plan's accountTypes.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="name" type="xs:string">
              <xs:annotation><xs:documentation>
                The company's name (CSV company_name); required for full registration.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="vatId" type="xs:string">
              <xs:annotation><xs:documentation>
                The company's VAT id, optional (CSV vat_id). In an EU country it starts with that country's
                VAT prefix (DE, FR, EL for Greece); a company with one may be invoiced without VAT (reverse charge).
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="Contact">
            <xs:attribute name="name" type="xs:string">
              <xs:annotation><xs:documentation>
                The contact person's name (CSV contact_name); required for full registration.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="email" type="xs:string">
              <xs:annotation><xs:documentation>
                The contact's email address: one @ with text on both sides (CSV contact_email); required for
                full and for short registration.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="phone" type="xs:string">
              <xs:annotation><xs:documentation>
                The contact's phone number, optional free text. XML only: there is no CSV column; not checked.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="Address">
            <xs:attribute name="country" type="xs:string">
              <xs:annotation><xs:documentation>
                ISO 3166-1 alpha-2 country code in capitals, such as DE (CSV country); required for full
                registration. Absent (short registration): the reseller's country.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="region" type="xs:string">
              <xs:annotation><xs:documentation>
                ISO 3166-2 subdivision code of the country without its prefix, such as BE for DE-BE (CSV
                region); optional, but needed where the catalog forbids a region of that country.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="city" type="xs:string">
              <xs:annotation><xs:documentation>
                The city (CSV city); required for full registration.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="postalCode" type="xs:string">
              <xs:annotation><xs:documentation>
                The postal code, free text (CSV postal_code); required for full registration.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="line1" type="xs:string">
              <xs:annotation><xs:documentation>
                The first address line, street and number (CSV address_line1); required for full registration.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="line2" type="xs:string">
              <xs:annotation><xs:documentation>
                A second address line, optional free text. XML only: there is no CSV column; not checked.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="Subscription">
            <xs:sequence>
              <xs:element name="resource" type="o:Resource" minOccurs="0" maxOccurs="unbounded">
                <xs:annotation><xs:documentation>
                  The total amount ordered of one resource of the plan, included units counted (CSV column
                  resource:ID). A resource left out gets its included amount. Each resource at most once.
                </xs:documentation></xs:annotation>
              </xs:element>
            </xs:sequence>
            <xs:attribute name="product" type="xs:string">
              <xs:annotation><xs:documentation>
                The product's id or exact name (CSV product); optional: without it the plan is looked up
                across all products.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="plan" type="xs:string">
              <xs:annotation><xs:documentation>
                The plan's id or exact name, required (CSV plan); an id wins over a name, and a name that
                matches several plans is AMBIGUOUS_PLAN.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="period" type="xs:string">
              <xs:annotation><xs:documentation>
                The id of one of the plan's periods, such as 1M, 1Y or TRIAL30, required (CSV period).
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="paymentModel" type="xs:string">
              <xs:annotation><xs:documentation>
                prepay or postpay (CSV payment_model); default the reseller's defaultPaymentModel. Another
                model needs channel="manager" and a reseller that lets managers choose.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="provisioningDate" type="xs:string">
              <xs:annotation><xs:documentation>
                The day the service starts, YYYY-MM-DD (CSV provisioning_date), from the run's date to 15
                days after it; default the run's date.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="currency" type="xs:string">
              <xs:annotation><xs:documentation>
                The ISO 4217 billing currency, such as EUR (CSV currency); default the reseller's currency.
                Only SaaS products may be billed in another one.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="postponedBilling" type="xs:string">
              <xs:annotation><xs:documentation>
                true, false, 1 or 0 (CSV postponed_billing); default false. Prepay only: the subscription
                starts at once and the payment is due one month after the provisioning date.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="blockingThreshold" type="xs:string">
              <xs:annotation><xs:documentation>
                Postpaid only: the debt at which the subscription is stopped, in the billing currency, digits
                with at most the currency's decimals such as 300.00 (CSV blocking_threshold); default the
                plan's threshold, converted.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="domain" type="xs:string">
              <xs:annotation><xs:documentation>
                A host name such as example.com (CSV domain); required when the product requires a domain,
                checked whenever given. Compared without regard to case; one live subscription per product holds it.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="adminUser" type="xs:string">
              <xs:annotation><xs:documentation>
                The name of the service's first administrator, optional free text (CSV admin_user); not checked.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="dataLocation" type="xs:string">
              <xs:annotation><xs:documentation>
                One of the product's dataLocations, exactly as the catalog writes it (CSV data_location);
                required when the product lists any, not allowed when it lists none.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="sendCredentials" type="xs:string">
              <xs:annotation><xs:documentation>
                true, false, 1 or 0 (CSV send_credentials): whether the customer is sent the login
                credentials; optional, checked for its form only.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="Resource">
            <xs:attribute name="id" type="xs:string">
              <xs:annotation><xs:documentation>
                The resource's id in the plan, exact (the ID of CSV column resource:ID); an id the plan
                lacks is UNKNOWN_RESOURCE.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="amount" type="xs:string">
              <xs:annotation><xs:documentation>
                The total number of units, included units counted: digits only, such as 20 (the cell of
                resource:ID). Absent or empty: the resource is left out.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="Terms">
            <xs:attribute name="accepted" type="xs:string">
              <xs:annotation><xs:documentation>
                true, false, 1 or 0 (CSV terms_accepted): the customer accepted the reseller's terms. Must be
                true when the reseller requires terms.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="version" type="xs:string">
              <xs:annotation><xs:documentation>
                The version of the terms accepted (CSV terms_version); must equal the reseller's termsVersion,
                such as 2026-01, when the reseller requires terms.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="UnitParameters">
            <xs:sequence>
              <xs:element name="value" type="o:Value" minOccurs="0" maxOccurs="unbounded">
                <xs:annotation><xs:documentation>
                  One parameter's value for this unit, as text (not trimmed); every parameter the resource
                  declares needs a non-empty value.
                </xs:documentation></xs:annotation>
              </xs:element>
            </xs:sequence>
            <xs:attribute name="resource" type="xs:string">
              <xs:annotation><xs:documentation>
                The id of the plan's resource this unit belongs to, such as USERS.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="Value">
            <xs:simpleContent>
              <xs:extension base="xs:string">
                <xs:attribute name="name" type="xs:string">
                  <xs:annotation><xs:documentation>
                    The parameter's name as the catalog declares it on the resource, such as username.
                  </xs:documentation></xs:annotation>
                </xs:attribute>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>

          <xs:complexType name="Cancel">
            <xs:attribute name="ref" type="xs:string">
              <xs:annotation><xs:documentation>
                The ref of the earlier accepted order to cancel, required (CSV ref, with action cancel). A
                cancel carries nothing else.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:attributeGroup name="SubscriptionChange">
            <xs:attribute name="ref" type="xs:string">
              <xs:annotation><xs:documentation>
                The reseller's own id for this renewal or upgrade, required and unique like an order's (CSV ref).
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="subscription" type="xs:string">
              <xs:annotation><xs:documentation>
                The subscription to renew or upgrade, as results.csv gave it (SUB-7), required (CSV subscription).
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="account" type="xs:string">
              <xs:annotation><xs:documentation>
                Optional (CSV account): when given, the account that must own the subscription.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:attributeGroup>

          <xs:complexType name="Renewal">
            <xs:attribute name="period" type="xs:string">
              <xs:annotation><xs:documentation>
                The id of a paid (not trial) period of the subscription's plan (CSV period); default the
                subscription's current period.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attributeGroup ref="o:SubscriptionChange"/>
          </xs:complexType>

          <xs:complexType name="Upgrade">
            <xs:sequence>
              <xs:element name="resource" type="o:Resource" minOccurs="0" maxOccurs="unbounded">
                <xs:annotation><xs:documentation>
                  A resource's new total amount, included units counted (CSV column resource:ID); never lower
                  than now. At least one is required; resources left out keep their amount.
                </xs:documentation></xs:annotation>
              </xs:element>
            </xs:sequence>
            <xs:attributeGroup ref="o:SubscriptionChange"/>
          </xs:complexType>
        </xs:schema>
        """#
}
