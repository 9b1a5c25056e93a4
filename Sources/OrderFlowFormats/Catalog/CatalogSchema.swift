/// The catalog's XML Schema (CatalogFormat.md), namespace `urn:orderflow:catalog:1`.
///
/// `orderflow schema catalog` prints it, and ``CatalogReader`` validates every catalog against it
/// before mapping it. It checks the structure and the form of every value an XSD can see:
/// required attributes, booleans, vocabularies, decimals with at most 4 (fees, percents) or 6
/// (rates) decimals, dates, ISO 8601 durations, currency, country and region shapes. What it
/// cannot see (unknown codes, duplicate ids, references between elements, fees on trials, …) is
/// ``CatalogReader``'s and `CatalogCheck`'s job, with messages that say how to fix it.
///
/// Typed values are restrictions of `xs:string` wherever possible, so white space is never
/// collapsed: the value the schema accepted is exactly the value the reader parses. Digits are
/// written `[0-9]`, because `\d` would also accept non-ASCII digits.
public enum CatalogSchema {
    public static let namespace = "urn:orderflow:catalog:1"

    public static let xsd: String = #"""
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
                   xmlns:c="urn:orderflow:catalog:1"
                   targetNamespace="urn:orderflow:catalog:1"
                   elementFormDefault="qualified"
                   attributeFormDefault="unqualified">

          <xs:annotation>
            <xs:documentation>
              OrderFlow catalog, version 1: resellers, exchange rates, taxes, forbidden regions,
              promos and products with their plans, periods and resources. The children of
              catalog may come in any order.
            </xs:documentation>
          </xs:annotation>

          <xs:element name="catalog">
            <xs:annotation><xs:documentation>
              The root element. Its children (resellers, exchange rates, taxes, forbidden regions, promos,
              products) may come in any order and number. Several resellers may share one catalog; products
              and plans are platform-wide.
            </xs:documentation></xs:annotation>
            <xs:complexType>
              <xs:choice minOccurs="0" maxOccurs="unbounded">
                <xs:element name="reseller" type="c:Reseller">
                  <xs:annotation><xs:documentation>
                    A reseller: the owner of one inbox folder, with its currency, country, time zone, tax
                    mode and ordering policy.
                  </xs:documentation></xs:annotation>
                </xs:element>
                <xs:element name="exchangeRate" type="c:ExchangeRate">
                  <xs:annotation><xs:documentation>
                    A conversion rate: one unit of the currency from is worth rate units of the currency to,
                    from the day effective on. The reverse direction is not implied.
                  </xs:documentation></xs:annotation>
                </xs:element>
                <xs:element name="tax" type="c:Tax">
                  <xs:annotation><xs:documentation>
                    A tax rule for a country, or for one region of it, charged by every reseller or only by
                    those listed in resellers.
                  </xs:documentation></xs:annotation>
                </xs:element>
                <xs:element name="forbiddenRegion" type="c:ForbiddenRegion">
                  <xs:annotation><xs:documentation>
                    An address no order may be paid from: a region of a country, or without region the whole
                    country (REGION_FORBIDDEN).
                  </xs:documentation></xs:annotation>
                </xs:element>
                <xs:element name="promo" type="c:Promo">
                  <xs:annotation><xs:documentation>
                    A promo code: a percentage (percent) or a fixed amount (amount) off the lines appliesTo
                    names.
                  </xs:documentation></xs:annotation>
                </xs:element>
                <xs:element name="product" type="c:Product">
                  <xs:annotation><xs:documentation>
                    A product sold on the platform, with its plans.
                  </xs:documentation></xs:annotation>
                </xs:element>
              </xs:choice>
            </xs:complexType>
          </xs:element>

          <!-- Elements -->

          <xs:complexType name="Reseller">
            <xs:attribute name="id" type="c:ResellerId" use="required">
              <xs:annotation><xs:documentation>
                The reseller's id, required: 1 to 100 letters, digits, '.', '_' or '-', not starting with
                '.'. It names the reseller's folders (inbox/ID/) and is what drop files give as reseller.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="name" type="c:Text" use="required">
              <xs:annotation><xs:documentation>
                The reseller's name, required and not empty.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="currency" type="c:CurrencyCode" use="required">
              <xs:annotation><xs:documentation>
                The ISO 4217 code of the currency the reseller bills in, such as EUR; required. The default
                billing currency of its orders.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="country" type="c:CountryCode" use="required">
              <xs:annotation><xs:documentation>
                The reseller's ISO 3166-1 alpha-2 country code, such as DE; required. Used for a customer
                who gives no country, and the only country allowed when countryLocked.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="vatId" type="c:Id">
              <xs:annotation><xs:documentation>
                The reseller's VAT id, without spaces; optional. In an EU country it starts with that
                country's VAT prefix.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="timeZone" type="c:Id" default="UTC">
              <xs:annotation><xs:documentation>
                An IANA time zone name such as Europe/Berlin; default UTC. The run's date is today in this
                zone.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="defaultPaymentModel" type="c:PaymentModel" default="prepay">
              <xs:annotation><xs:documentation>
                prepay or postpay; default prepay. The payment model of every order that gives none.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="managerMayOverridePaymentModel" type="c:Boolean" default="false">
              <xs:annotation><xs:documentation>
                true, false, 1 or 0; default false. When true, an order with channel manager may choose the
                other payment model.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="countryLocked" type="c:Boolean" default="false">
              <xs:annotation><xs:documentation>
                true, false, 1 or 0; default false. When true, a new company's country must be the
                reseller's (COUNTRY_LOCKED).
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="termsRequired" type="c:Boolean" default="false">
              <xs:annotation><xs:documentation>
                true, false, 1 or 0; default false. When true, every order must accept the terms of version
                termsVersion (TERMS_NOT_ACCEPTED).
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="termsVersion" type="c:Text">
              <xs:annotation><xs:documentation>
                The current version of the reseller's terms, such as 2026-01; required when termsRequired is
                true.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="rounding" type="c:Rounding" default="half-up">
              <xs:annotation><xs:documentation>
                half-up (halves away from zero) or half-even (halves to the even digit); default half-up.
                How amounts are rounded to the currency's minor units.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="taxMode" type="c:TaxMode" default="exclusive">
              <xs:annotation><xs:documentation>
                exclusive (taxes are added to catalog prices) or inclusive (catalog prices include taxes);
                default exclusive.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="invoicePrefix" type="c:InvoicePrefix" use="required">
              <xs:annotation><xs:documentation>
                Starts the reseller's invoice numbers (PREFIX-2026-000001): 1 to 30 letters, digits, '_' or
                '-', starting with a letter or digit; required, and no two resellers share one.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="paymentDueDays" type="c:Count" default="14">
              <xs:annotation><xs:documentation>
                Days a customer has to pay a prepaid order, digits only; default 14. The payment is due on
                the order date plus this many days.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="street" type="c:Text">
              <xs:annotation><xs:documentation>
                The reseller's street and number, as its invoices print it (the seller's address); optional.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="city" type="c:Text">
              <xs:annotation><xs:documentation>
                The reseller's city, as its invoices print it; optional.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="postalCode" type="c:Text">
              <xs:annotation><xs:documentation>
                The reseller's postal code, as its invoices print it; optional.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="region" type="c:Id">
              <xs:annotation><xs:documentation>
                The reseller's ISO 3166-2 subdivision without the country prefix, such as QC; optional.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="companyId" type="c:Text">
              <xs:annotation><xs:documentation>
                The reseller's company register number, such as HRB 12345; optional. Invoices name it as the
                seller's legal registration (EN 16931 BT-30); a reseller without a VAT id needs it there.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="taxRegistrationId" type="c:Id">
              <xs:annotation><xs:documentation>
                A second tax registration of the reseller, such as a Quebec QST number; optional. Invoices
                print it beside the VAT id (BT-32).
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="bankAccount" type="c:Id">
              <xs:annotation><xs:documentation>
                Where customers pay: an IBAN without spaces (its check digits are checked), or an account
                number outside IBAN countries; optional. Invoices give it with the payment's creditor
                reference; without it they name no account.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="bankId" type="c:Id">
              <xs:annotation><xs:documentation>
                The BIC of the bank of bankAccount; optional.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="ExchangeRate">
            <xs:attribute name="from" type="c:CurrencyCode" use="required">
              <xs:annotation><xs:documentation>
                The ISO 4217 code of the currency converted from, such as USD; required.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="to" type="c:CurrencyCode" use="required">
              <xs:annotation><xs:documentation>
                The ISO 4217 code of the currency converted to, such as EUR; required, and not the same as
                from.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="rate" type="c:Rate" use="required">
              <xs:annotation><xs:documentation>
                How many units of to one unit of from is worth: above 0, at most 6 decimals, such as
                0.921500; required.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="effective" type="c:Date" use="required">
              <xs:annotation><xs:documentation>
                The first day the rate applies, YYYY-MM-DD; required. An order uses the latest rate
                effective on or before its date.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="Tax">
            <xs:attribute name="country" type="c:CountryCode" use="required">
              <xs:annotation><xs:documentation>
                The ISO 3166-1 alpha-2 code of the country the tax applies in, such as DE; required.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="region" type="c:RegionCode">
              <xs:annotation><xs:documentation>
                An ISO 3166-2 subdivision code without the country prefix, such as QC; optional. With it the
                rule applies in that region only, and replaces the country's rule of the same name there.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="name" type="c:Text" use="required">
              <xs:annotation><xs:documentation>
                The tax's name as invoices show it, such as VAT or GST; required.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="rate" type="c:Rate" use="required">
              <xs:annotation><xs:documentation>
                The rate as a fraction from 0 to 1, at most 6 decimals (0.19 for 19 %); required.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="category" type="c:VatCategory" default="S">
              <xs:annotation><xs:documentation>
                The EN 16931 VAT category code: S, Z, E, AE, K, G, O, L or M; default S (standard rate).
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="resellers" type="c:IdList">
              <xs:annotation><xs:documentation>
                The ids of the resellers that charge this tax, separated by spaces; absent: every reseller.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="ForbiddenRegion">
            <xs:attribute name="country" type="c:CountryCode" use="required">
              <xs:annotation><xs:documentation>
                The ISO 3166-1 alpha-2 country code, such as UA; required.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="region" type="c:RegionCode">
              <xs:annotation><xs:documentation>
                An ISO 3166-2 subdivision code without the country prefix, such as 43 (Crimea); absent: the
                whole country is forbidden.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="Promo">
            <xs:attribute name="code" type="c:Id" use="required">
              <xs:annotation><xs:documentation>
                The code an order gives as its promo code, without spaces, case-sensitive; required and
                unique.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="percent" type="c:Fee">
              <xs:annotation><xs:documentation>
                A percentage off each eligible line, 0 to 100 with at most 4 decimals, such as 10. Give
                percent or amount, not both.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="amount" type="c:Fee">
              <xs:annotation><xs:documentation>
                A fixed amount off the eligible subtotal, at most 4 decimals, such as 5.00. Give amount or
                percent, not both.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="currency" type="c:CurrencyCode">
              <xs:annotation><xs:documentation>
                The ISO 4217 code of the currency of amount; absent: the order's billing currency. Not
                allowed with percent.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="appliesTo" type="c:PromoScope" default="all">
              <xs:annotation><xs:documentation>
                all, recurring or setup: the lines the discount applies to; default all.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="validFrom" type="c:Date">
              <xs:annotation><xs:documentation>
                The first day the code may be used, YYYY-MM-DD; absent: no first day.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="validTo" type="c:Date">
              <xs:annotation><xs:documentation>
                The last day the code may be used, YYYY-MM-DD; absent: no last day.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="plans" type="c:IdList">
              <xs:annotation><xs:documentation>
                The ids of the plans the code applies to, separated by spaces; absent: every plan.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="maxUses" type="c:Count">
              <xs:annotation><xs:documentation>
                How many accepted orders may use the code with a discount above zero, digits only; absent:
                no limit.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="Product">
            <xs:sequence>
              <xs:element name="plan" type="c:Plan" minOccurs="0" maxOccurs="unbounded">
                <xs:annotation><xs:documentation>
                  A plan of the product: its currency, who may buy it and how, and its periods and resources
                  (in any order).
                </xs:documentation></xs:annotation>
              </xs:element>
            </xs:sequence>
            <xs:attribute name="id" type="c:Id" use="required">
              <xs:annotation><xs:documentation>
                The product's id, without spaces and unique in the catalog; required. Orders may name the
                product by it.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="name" type="c:Text" use="required">
              <xs:annotation><xs:documentation>
                The product's name; required. Orders may name the product by it.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="service" type="c:Service" use="required">
              <xs:annotation><xs:documentation>
                cloud, saas or on-premise; required. Only saas orders may choose their billing currency; on-
                premise is not sold to new orders (renewals and upgrades only).
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="requiresDomain" type="c:Boolean" default="false">
              <xs:annotation><xs:documentation>
                true, false, 1 or 0; default false. When true, every order needs a domain (DOMAIN_REQUIRED).
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="cancellationWindowDays" type="c:Count">
              <xs:annotation><xs:documentation>
                Days after activation during which an active subscription may still be canceled, digits
                only; absent: never, once active.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="dataLocations" type="c:IdList">
              <xs:annotation><xs:documentation>
                The data locations an order may choose, separated by spaces (eu-central us-east); an order
                must give one of them. Absent: an order may give none.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="manualApproval" type="c:Boolean" default="false">
              <xs:annotation><xs:documentation>
                true, false, 1 or 0; default false. When true, a manager approves each subscription after
                payment (status Installing), and its resources may declare parameters.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="Plan">
            <xs:choice minOccurs="0" maxOccurs="unbounded">
              <xs:element name="period" type="c:Period">
                <xs:annotation><xs:documentation>
                  A subscription period of the plan with its fees, or a free trial. An order names it by id.
                </xs:documentation></xs:annotation>
              </xs:element>
              <xs:element name="resource" type="c:Resource">
                <xs:annotation><xs:documentation>
                  A resource of the plan (mailboxes, GB of storage): the units the plan includes, the limits
                  of an order and the fees per additional unit. Listed order is the order of pricing lines.
                </xs:documentation></xs:annotation>
              </xs:element>
            </xs:choice>
            <xs:attribute name="id" type="c:Id" use="required">
              <xs:annotation><xs:documentation>
                The plan's id, without spaces and unique across all products; required. Orders may name the
                plan by it.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="name" type="c:Text" use="required">
              <xs:annotation><xs:documentation>
                The plan's name; required. Orders may name the plan by it (a name two plans share is
                ambiguous).
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="currency" type="c:CurrencyCode" use="required">
              <xs:annotation><xs:documentation>
                The ISO 4217 code of the currency the plan's fees are in, such as USD; required.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="accountTypes" type="c:IdList">
              <xs:annotation><xs:documentation>
                The account types that may buy the plan, separated by spaces (company individual); absent:
                any.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="paymentModels" type="c:PaymentModelList">
              <xs:annotation><xs:documentation>
                prepay, postpay or both, separated by a space; absent: both.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="blockingThreshold" type="c:Fee">
              <xs:annotation><xs:documentation>
                The blocking threshold postpaid subscriptions get when the order gives none, in the plan
                currency, at most 4 decimals; absent: none.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="billing" type="c:Billing" default="standard">
              <xs:annotation><xs:documentation>
                standard or payg (pay-as-you-go: no period or setup fees, resources priced per unit consumed
                per month); default standard.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="topUp" type="c:TopUp">
              <xs:annotation><xs:documentation>
                The balance top-up of a prepaid pay-as-you-go order: fixed:AMOUNT (in the plan currency,
                such as fixed:50.00) or resources (one month of the additional units). Required on a payg
                plan that allows prepay, not allowed on other plans.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="Period">
            <xs:attribute name="id" type="c:Id" use="required">
              <xs:annotation><xs:documentation>
                The period's id, such as 1M or TRIAL30, without spaces and unique in the plan; required.
                Orders name the period by it.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="duration" type="c:Duration" use="required">
              <xs:annotation><xs:documentation>
                An ISO 8601 duration; required. Whole months or years (P1M, P3M, P1Y, P1Y6M); weeks and days
                (P30D, P2W) for trials only.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="fee" type="c:Fee">
              <xs:annotation><xs:documentation>
                The price of one period, in the plan currency, at most 4 decimals; absent: nothing. Not
                allowed (unless 0) on a trial or a pay-as-you-go plan.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="setupFee" type="c:Fee">
              <xs:annotation><xs:documentation>
                A one-time fee per subscription ordered with this period, in the plan currency, at most 4
                decimals; absent: none. Not allowed (unless 0) on a trial or a pay-as-you-go plan.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="trial" type="c:Boolean" default="false">
              <xs:annotation><xs:documentation>
                true, false, 1 or 0; default false. A trial is free, and its resource amounts are fixed at
                included.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="registration" type="c:Registration" default="full">
              <xs:annotation><xs:documentation>
                full or short; default full. short (account type and contact email only) is allowed on
                trials only.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="Resource">
            <xs:sequence>
              <xs:element name="parameter" type="c:Parameter" minOccurs="0" maxOccurs="unbounded">
                <xs:annotation><xs:documentation>
                  A value each ordered unit of the resource needs (such as username), on a manual-approval
                  product only; orders give it in unitParameters.
                </xs:documentation></xs:annotation>
              </xs:element>
            </xs:sequence>
            <xs:attribute name="id" type="c:Id" use="required">
              <xs:annotation><xs:documentation>
                The resource's id, without spaces and unique in the plan; required. Orders name the resource
                by it (resource:ID).
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="name" type="c:Text" use="required">
              <xs:annotation><xs:documentation>
                The resource's name as people read it; required.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="unit" type="c:Text" default="item">
              <xs:annotation><xs:documentation>
                The unit the amounts count, such as item or GB; default item.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="included" type="c:Count" default="0">
              <xs:annotation><xs:documentation>
                The units the plan's fees include, digits only. Default 0.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="min" type="c:Count" default="0">
              <xs:annotation><xs:documentation>
                The fewest units a subscription may have in total, included units counted, digits only.
                Default 0.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="max" type="c:Count">
              <xs:annotation><xs:documentation>
                The most units a subscription may have in total, included units counted, digits only.
                Absent: no upper limit.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="setupFee" type="c:Fee">
              <xs:annotation><xs:documentation>
                A one-time fee per additional unit (above included), in the plan currency, at most 4
                decimals; absent: none. Not allowed (unless 0) on a pay-as-you-go plan.
              </xs:documentation></xs:annotation>
            </xs:attribute>
            <xs:attribute name="recurringFee" type="c:Fee">
              <xs:annotation><xs:documentation>
                A fee per additional unit per month, in the plan currency, at most 4 decimals; absent: none.
                On a pay-as-you-go plan: the price per unit consumed per month.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <xs:complexType name="Parameter">
            <xs:attribute name="name" type="c:Id" use="required">
              <xs:annotation><xs:documentation>
                The parameter's name, such as username or email, without spaces and unique in the resource;
                required.
              </xs:documentation></xs:annotation>
            </xs:attribute>
          </xs:complexType>

          <!-- Values -->

          <xs:simpleType name="Text">
            <xs:restriction base="xs:string">
              <xs:minLength value="1"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Id">
            <xs:annotation><xs:documentation>Non-empty, without white space.</xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[^\s]+"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="IdList">
            <xs:restriction>
              <xs:simpleType><xs:list itemType="c:Id"/></xs:simpleType>
              <xs:minLength value="1"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="ResellerId">
            <xs:annotation><xs:documentation>
              Names the reseller's inbox, processing, outbox and failed folders: letters, digits,
              '.', '_' and '-', not starting with '.'.
            </xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[A-Za-z0-9_\-][A-Za-z0-9._\-]{0,99}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="InvoicePrefix">
            <xs:annotation><xs:documentation>
              Starts every invoice number (PREFIX-2026-000001) and invoice file name.
            </xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[A-Za-z0-9][A-Za-z0-9_\-]{0,29}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Boolean">
            <xs:restriction base="xs:string">
              <xs:enumeration value="true"/>
              <xs:enumeration value="false"/>
              <xs:enumeration value="1"/>
              <xs:enumeration value="0"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Count">
            <xs:restriction base="xs:string">
              <xs:pattern value="[0-9]+"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Fee">
            <xs:annotation><xs:documentation>A decimal with at most 4 decimals.</xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[0-9]+(\.[0-9]{1,4})?"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Rate">
            <xs:annotation><xs:documentation>A decimal with at most 6 decimals.</xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[0-9]+(\.[0-9]{1,6})?"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Date">
            <xs:annotation><xs:documentation>YYYY-MM-DD, a real calendar day.</xs:documentation></xs:annotation>
            <xs:restriction base="xs:date">
              <xs:pattern value="[0-9]{4}-[0-9]{2}-[0-9]{2}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Duration">
            <xs:annotation><xs:documentation>
              ISO 8601 calendar duration: years, months, weeks, days (P1M, P1Y6M, P30D, P2W).
            </xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="P([0-9]+Y([0-9]+M)?([0-9]+W)?([0-9]+D)?|[0-9]+M([0-9]+W)?([0-9]+D)?|[0-9]+W([0-9]+D)?|[0-9]+D)"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="CurrencyCode">
            <xs:annotation><xs:documentation>ISO 4217 alphabetic code.</xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[A-Z]{3}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="CountryCode">
            <xs:annotation><xs:documentation>ISO 3166-1 alpha-2 code.</xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[A-Z]{2}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="RegionCode">
            <xs:annotation><xs:documentation>
              ISO 3166-2 subdivision code without the country prefix (QC, BE, 43).
            </xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[A-Z0-9]{1,3}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="VatCategory">
            <xs:annotation><xs:documentation>EN 16931 VAT category code (UNTDID 5305 subset).</xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:enumeration value="S"/>
              <xs:enumeration value="Z"/>
              <xs:enumeration value="E"/>
              <xs:enumeration value="AE"/>
              <xs:enumeration value="K"/>
              <xs:enumeration value="G"/>
              <xs:enumeration value="O"/>
              <xs:enumeration value="L"/>
              <xs:enumeration value="M"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="PaymentModel">
            <xs:restriction base="xs:string">
              <xs:enumeration value="prepay"/>
              <xs:enumeration value="postpay"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="PaymentModelList">
            <xs:restriction>
              <xs:simpleType><xs:list itemType="c:PaymentModel"/></xs:simpleType>
              <xs:minLength value="1"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Rounding">
            <xs:restriction base="xs:string">
              <xs:enumeration value="half-up"/>
              <xs:enumeration value="half-even"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="TaxMode">
            <xs:restriction base="xs:string">
              <xs:enumeration value="exclusive"/>
              <xs:enumeration value="inclusive"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Service">
            <xs:restriction base="xs:string">
              <xs:enumeration value="cloud"/>
              <xs:enumeration value="saas"/>
              <xs:enumeration value="on-premise"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Billing">
            <xs:restriction base="xs:string">
              <xs:enumeration value="standard"/>
              <xs:enumeration value="payg"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="TopUp">
            <xs:annotation><xs:documentation>fixed:AMOUNT (plan currency) or resources.</xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="fixed:[0-9]+(\.[0-9]{1,4})?|resources"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Registration">
            <xs:restriction base="xs:string">
              <xs:enumeration value="full"/>
              <xs:enumeration value="short"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="PromoScope">
            <xs:restriction base="xs:string">
              <xs:enumeration value="all"/>
              <xs:enumeration value="recurring"/>
              <xs:enumeration value="setup"/>
            </xs:restriction>
          </xs:simpleType>
        </xs:schema>

        """#
}
